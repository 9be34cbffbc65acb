"""Whether a restored database's schema is the one this code expects (`migrate --check`)."""

from dataclasses import dataclass

from django.db.migrations.loader import MigrationLoader

from .connection import ProgramConnection


@dataclass(frozen=True)
class SchemaCheck:
    # Migrations of this code that the database has not had.
    unapplied: list[str]
    # Migrations the database has had that this code does not know (a backup of newer code).
    unknown: list[str]

    @property
    def matches(self) -> bool:
        return not self.unapplied and not self.unknown


def schema_check(target: ProgramConnection) -> SchemaCheck:
    """Compare the database's django_migrations with the migrations on disk.

    The same verdict as `migrate --check`, read over our own connection, so it needs no Django
    connection to the restored database: a migration counts as applied when it is recorded, and
    a squashed one when it or all the migrations it replaces are.
    """
    with target.connect() as conn:
        present = conn.execute("SELECT to_regclass('django_migrations') IS NOT NULL").fetchone()
        rows = (
            conn.execute("SELECT app, name FROM django_migrations").fetchall()
            if present and present[0]
            else []
        )
    applied = {(app, name) for app, name in rows}
    loader = MigrationLoader(None, ignore_no_migrations=True)

    def is_applied(key: tuple[str, str]) -> bool:
        replaces = loader.graph.nodes[key].replaces or []
        return key in applied or (bool(replaces) and all(tuple(r) in applied for r in replaces))

    unapplied = sorted(
        f"{app}.{name}" for app, name in loader.graph.nodes if not is_applied((app, name))
    )
    unknown = sorted(
        f"{app}.{name}"
        for app, name in applied
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    return SchemaCheck(unapplied=unapplied, unknown=unknown)
