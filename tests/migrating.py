"""Taking the test database back to an earlier migration and forward again.

A test that goes back must come forward to every app's latest migration, not only its own app's:
going back in one app also takes back the migrations of other apps that depend on it, and the
tests that follow need the schema whole.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinic.lib.db_security import apply_after_migrate


def migrate(targets, *, policies: bool = True):
    """Migrate to `targets` and return the apps as they stood there. With `policies`, as
    `manage.py migrate` does: the app role's grants and policies made again, from the models as
    they are now, so only once the schema is theirs again."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    if policies:
        apply_after_migrate()
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Every app at its latest migration, as `manage.py migrate` leaves the database."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
