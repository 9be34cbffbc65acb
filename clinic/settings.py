"""Retest's one settings module. Every deployment-specific value comes from the environment.

DEBUG is off unless DEBUG=1. With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set and the
transport settings are the strict production ones; `manage.py check --deploy` passes cleanly.
"""

from pathlib import Path
from typing import Any

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from clinic.lib.env import (
    env_bool,
    env_choice,
    env_int,
    env_json_object,
    env_list,
    env_origins,
    env_secret,
    env_str,
    owner_database_settings,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, with a site that spans clinics (clinic/admin_site.py).
    "clinic.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    # Before the apps whose models declare triggers: pgtrigger adds `triggers` to Meta.
    "pgtrigger",
    "pghistory",
    # The second factor: authenticator-app codes and single-use recovery codes (clinic/two_factor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic",
    "exercises",
    "assessments",
    "demo",
]

# Kept short on purpose: every entry runs on every request.
MIDDLEWARE = [
    "clinic.lib.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise so that static files get the same policy headers as pages.
    "clinic.middleware.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Malformed requests get a 400 here, before the session, CSRF or any view reads them.
    "clinic.lib.request_guard.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the user and the request in every history event the request's writes make.
    "clinic.lib.history_context.HistoryContextMiddleware",
    "clinic.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login check: a signed-in user passes the second factor before any other page.
    "clinic.two_factor.gate.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session past its idle or absolute limit before any view's login check runs.
    "clinic.sessions.SessionLimitsMiddleware",
    # Inside messages, outside the request's transaction (see the class).
    "clinic.middleware.ClinicChoiceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last but one, so that the view, its template and the clinic scope share one transaction.
    "clinic.lib.request_transaction.RequestTransactionMiddleware",
    # Innermost, so that a view whose access could not be recorded becomes a 503 first, and the
    # request's transaction then rolls back.
    "clinic.middleware.AuditFailureMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

# template_partials wraps these loaders in its own and in Django's cached loader, so templates
# are compiled once per process.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: DATABASE_URL when set, otherwise a PostgreSQL server of our own in var/postgres.
# Two roles (see clinic/lib/db_roles.py): the app connects as a role that owns nothing, and the
# commands that change the schema or load data switch to the role that owns the tables.
DATABASE_URL = env_str("DATABASE_URL")
DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL")
if DATABASE_URL:
    _database: dict[str, Any] = parse_database_url(DATABASE_URL)
    if DATABASE_OWNER_URL:
        _database.update(owner_database_settings(DATABASE_OWNER_URL, _database))
elif DATABASE_OWNER_URL:
    raise ImproperlyConfigured("DATABASE_OWNER_URL is set without DATABASE_URL.")
else:
    _database = {
        "ENGINE": "clinic.lib.embedded_postgres",
        "NAME": env_str("EMBEDDED_DATABASE_NAME", "retest"),
        "USER": "retest_app",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "DATA_DIR": env_str("EMBEDDED_POSTGRES_DIR", str(BASE_DIR / "var" / "postgres")),
        "OPTIONS": {},
        "APP_ROLE": "retest_app",
        "OWNER": {"USER": "retest_owner", "PASSWORD": ""},
    }
_database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0 if DEBUG else 600)
_database["CONN_HEALTH_CHECKS"] = True
for _entry in (_database, _database.get("OWNER", {})):
    _entry.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
DATABASES = {"default": _database}
# PostgreSQL's client programs for `manage.py backup` and `restore`: this folder when set, else
# the embedded wheel's (embedded server) or those on PATH (DATABASE_URL).
POSTGRES_BIN_DIR = env_str("POSTGRES_BIN_DIR")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are rewritten as Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's model backend, on the login name's one normalised spelling (clinic/auth.py).
AUTHENTICATION_BACKENDS = ["clinic.auth.IdentityBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Patterns the four above let through (clinic/password_validation.py).
    {"NAME": "clinic.password_validation.WhitespaceOnlyValidator"},
    {"NAME": "clinic.password_validation.RepeatedCharacterValidator"},
    {"NAME": "clinic.password_validation.ClinicAndNameValidator"},
]
# How long a password-reset link works (seconds); it also stops working once used.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60, minimum=60)
# Reset emails sent per address typed, and per client address, within the hour; more requests
# get the same answer and no email (clinic/password_views.py).
PASSWORD_RESET_PER_IDENTITY = env_int("PASSWORD_RESET_PER_IDENTITY", 3, minimum=1)
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 20, minimum=1)
# How many days an invitation link works before the owner has to send it again.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clinic:home"
LOGOUT_REDIRECT_URL = "login"

# Email (invitations, password resets). In development the messages are printed on the
# console; in production they go out over SMTP with the settings below, or through the backend
# EMAIL_BACKEND names.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
# STARTTLS on port 587 unless EMAIL_USE_SSL=1 asks for TLS from the start (port 465).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set one of EMAIL_USE_TLS and EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Retest <retest@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The second factor (clinic/two_factor/). A code is good for its 30-second step and one step either
# side, never twice; the window does not drift with the codes typed. Staff in the admin see
# no device's secret.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Retest")
OTP_TOTP_SYNC = False
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions live in the database and are written only when they change (login, logout, a
# message to show after a redirect, the activity stamp at most once a minute), never on every
# page view.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_SAVE_EVERY_REQUEST = False
# A login ends after this many seconds without the clinician's own activity, and this many
# seconds after it began whatever happens meanwhile (clinic/lib/session_limits.py).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60, minimum=60)
if SESSION_IDLE_TIMEOUT > SESSION_ABSOLUTE_LIFETIME:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT must not be longer than SESSION_ABSOLUTE_LIFETIME."
    )
# How long an untouched session row is kept; the two limits above end the login itself.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", SESSION_ABSOLUTE_LIFETIME, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Messages name clients ("Added Ana Souza."), so they stay on the server, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Transport. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto from it (only do this when the proxy overwrites that header).
_secure = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_secure)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
# The __Host- prefix pins cookies to this host over HTTPS; browsers refuse it over plain HTTP.
SESSION_COOKIE_NAME = "__Host-retest_session" if _secure else "retest_session"
CSRF_COOKIE_NAME = "__Host-retest_csrf" if _secure else "retest_csrf"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _secure else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' preload list binds every subdomain of the deployer's domain to HTTPS for
# months; only the deployer can promise that, so it is opt-in and its reminder (W021) is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For: the
# client's address is read that many entries from the right (clinic/lib/client_address.py).
# 0 (no proxy) uses the connection's own peer and ignores the header, which a client can set.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# A health app makes no third-party requests: everything is served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Static files, collected into var/static and served by whitenoise with hashed names.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (a clinic's exercise pictures) go through Django's storage API: a folder of the
# project's by default, or any storage backend (MEDIA_STORAGE_BACKEND, its options as a JSON
# object in MEDIA_STORAGE_OPTIONS). No route serves MEDIA_URL: each picture is served by a view
# that checks whose it is (exercises/picture_views.py).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if not DEBUG else 0

# History (django-pghistory): each event's time is the moment of its statement, not the start of
# its transaction, so the changes one request makes stay in the order it made them.
PGHISTORY_CREATED_AT_FUNCTION = "CLOCK_TIMESTAMP()"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-gb")
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Requests: no form comes near a megabyte; the largest (an admin list with every row selected)
# has a few hundred fields. Beyond these Django answers 400. One form takes a file (an exercise's
# picture): the request guard lets a file through to that view alone, with its own body limit
# (clinic/lib/request_guard.py `takes_upload`), and refuses one everywhere else.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# Logs go to standard output, one line per event (clinic/lib/logs.py): plain text, or JSON lines
# with LOG_FORMAT=json. A refused request (4xx) is one line without a traceback.
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), default="plain")
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "clinic.lib.request_id.RequestIdFilter"},
        "client_errors": {"()": "clinic.lib.logs.ClientErrorsWithoutTraceback"},
    },
    "formatters": {
        "plain": {"()": "clinic.lib.logs.PlainFormatter"},
        "json": {"()": "clinic.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
