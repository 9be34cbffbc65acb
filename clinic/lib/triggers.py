"""The database triggers that keep records: rows that are never deleted, and history that is
never changed.

Both are pgtrigger triggers, declared in a model's Meta and installed by its migrations.
"""

from typing import Any

import pgtrigger
from django.db import models
from pgtrigger import compiler

# pgtrigger's own template, less the check of the `pgtrigger.ignore` setting. Any role may set a
# custom setting in its session, so a trigger that honours it can be switched off by anyone
# who can run SQL; history must not be.
_STRICT_TEMPLATE = """
    CREATE OR REPLACE FUNCTION {pgid}()
    RETURNS TRIGGER AS $$
        {declare}
        BEGIN
            {func}
        END;
    $$ LANGUAGE plpgsql;

    DROP TRIGGER IF EXISTS {pgid} ON {table};
    CREATE {constraint} TRIGGER {pgid}
        {when} {operation} ON {table}
        {timing}
        {referencing}
        FOR EACH {level} {condition}
        EXECUTE PROCEDURE {execute};

    COMMENT ON TRIGGER {pgid} ON {table} IS '{hash}';
"""


class StrictTriggerSql(compiler.UpsertTriggerSql):
    """Installs a trigger that `pgtrigger.ignore` cannot switch off (migrations name this class:
    keep the template as it is, or add a new class for a new one)."""

    def get_template(self) -> str:
        return _STRICT_TEMPLATE


class StrictProtect(pgtrigger.Protect):
    """pgtrigger's Protect, installed so that no session can switch it off: only dropping or
    disabling the trigger, which needs the table's owner, gets past it."""

    def compile(self, model: models.Model) -> compiler.Trigger:
        compiled = super().compile(model)
        kwargs: dict[str, Any] = dict(compiled.sql.kwargs)
        return compiler.Trigger(name=compiled.name, sql=StrictTriggerSql(**kwargs))


class AppendOnly(StrictProtect):
    """Refuses every UPDATE and DELETE of the table's rows, for any role and any session."""

    def __init__(self) -> None:
        super().__init__(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


def keep_rows() -> StrictProtect:
    """Refuses DELETE: a clinical record is amended (cleared, removed, voided), never deleted,
    whichever path asks and whatever the session has set."""
    return StrictProtect(name="keep_rows", operation=pgtrigger.Delete)
