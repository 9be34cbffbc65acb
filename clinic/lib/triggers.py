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


class AppendOnly(pgtrigger.Protect):
    """Refuses every UPDATE and DELETE of the table's rows, for any role and any session.

    Only dropping or disabling the trigger (which needs the table's owner) gets past it.
    """

    def __init__(self) -> None:
        super().__init__(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)

    def compile(self, model: models.Model) -> compiler.Trigger:
        compiled = super().compile(model)
        kwargs: dict[str, Any] = dict(compiled.sql.kwargs)
        return compiler.Trigger(name=compiled.name, sql=StrictTriggerSql(**kwargs))


def keep_rows() -> pgtrigger.Protect:
    """Refuses DELETE: a clinical record is amended (cleared, removed, voided), never deleted.

    An ordinary pgtrigger trigger, so a test or a maintenance script can step past it on
    purpose with `pgtrigger.ignore("app.Model:keep_rows")`.
    """
    return pgtrigger.Protect(name="keep_rows", operation=pgtrigger.Delete)
