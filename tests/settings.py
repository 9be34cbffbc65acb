"""The suite runs on clinic.settings as production would, with these few test-only changes."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from clinic.settings import *  # noqa: F403
from clinic.settings import DATABASES, PASSWORD_HASHERS, STORAGES

# The suite connects as the owner role, as migrate does: it creates and empties the test database
# and writes each test's rows for any clinic. Every request it makes runs as the app role, with
# the app role's privileges and row-level security (see tests/database_roles.py).
if "OWNER" in DATABASES["default"]:
    DATABASES["default"].update(DATABASES["default"].pop("OWNER"))

# Argon2 is deliberately slow; tests that check hashing switch it back on.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
# The test client speaks plain HTTP; the redirect to HTTPS has its own test.
SECURE_SSL_REDIRECT = False
# Static files come straight from static/ and the apps, with no collectstatic step.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
