from typing import Any

from django.conf import settings
from django.core import checks

SINGLE_ROLE = checks.Warning(
    "The app connects to PostgreSQL as the role that owns the tables (DATABASE_URL is set and "
    "DATABASE_OWNER_URL is not).",
    hint=(
        "As the owner it could disable the integrity triggers and alter history, and row-level "
        "security does not apply to it. Point DATABASE_URL at the app's role and "
        "DATABASE_OWNER_URL at the owner's; the README shows the SQL that creates them."
    ),
    id="clinic.W001",
)


@checks.register()
def two_database_roles(**kwargs: Any) -> list[checks.CheckMessage]:
    """The embedded server always has two roles; an external one needs DATABASE_OWNER_URL."""
    return [] if settings.DATABASES["default"].get("APP_ROLE") else [SINGLE_ROLE]
