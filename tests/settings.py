"""The suite runs on clinic.settings as production would, with these few test-only changes."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from clinic.settings import *  # noqa: F403
from clinic.settings import PASSWORD_HASHERS, STORAGES

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
