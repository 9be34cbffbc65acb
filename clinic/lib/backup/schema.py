"""Whether a restored database's schema is the one this code expects (`migrate --check`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from .connection import SOURCE_ALIAS

CHECK_ALIAS = "backup_check"


@dataclass(frozen=True)
class SchemaCheck:
    # Migrations of this code that the database has not had.
    unapplied: list[str]
    # Migrations the database has had that this code does not know (a backup of newer code).
    unknown: list[str]

    @property
    def matches(self) -> bool:
        return not self.unapplied and not self.unknown


def schema_check(database: str) -> SchemaCheck:
    """Compare database's django_migrations with the migrations on disk, as `migrate --check`."""
    with _alias_for(database) as alias:
        executor = MigrationExecutor(connections[alias])
        loader = executor.loader
        plan = executor.migration_plan(loader.graph.leaf_nodes())
        unapplied = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
        unknown = sorted(
            f"{app}.{name}"
            for app, name in loader.applied_migrations or {}
            if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
        )
    return SchemaCheck(unapplied=unapplied, unknown=unknown)


@contextmanager
def _alias_for(database: str) -> Iterator[str]:
    """A short-lived Django connection alias: the source's settings with another database name."""
    connections.settings[CHECK_ALIAS] = {
        **connections[SOURCE_ALIAS].settings_dict,
        "NAME": database,
    }
    try:
        yield CHECK_ALIAS
    finally:
        connections[CHECK_ALIAS].close()
        del connections[CHECK_ALIAS]
        del connections.settings[CHECK_ALIAS]
