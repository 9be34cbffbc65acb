"""No lost update: every edit of a record is saved from the version it was opened at.

Each editable row carries a `version`, bumped by every write. A form carries the version it was
opened at and the values it showed (`seen`). Its save is one conditional statement,

    UPDATE … SET …, version = version + 1 WHERE <row> AND version = <opened at>

so of any number of saves begun from one version exactly one wins. A save that lost is not
simply refused: the fields its user changed (what they sent against what they saw) and the
fields changed since (the row as it is now against what they saw) are compared. When the two do
not overlap, the user's changes are written on top of the row as it now is: a merge, and
nobody's change is lost. A field both changed, to different values, is a conflict: `StaleEdit`
carries the row as it now is, for the form to show the colleague's value beside the user's.

Nothing here knows a domain model: a service gives `save_edit` a way to read its row and a way
to write it conditionally (usually `update_if_current` or `insert_if_absent`).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

VERSION = "version"
# A merge re-reads the row and tries again when yet another save won in between; past this
# many rounds the save is refused rather than retried for ever.
MERGE_ATTEMPTS = 3

T = TypeVar("T")


def version_field() -> "models.PositiveIntegerField[int, int]":
    """A row's version: 1 when created, bumped by every UPDATE whatever its path (a trigger does
    it, see `bump_version_sql`), so an edit begun before any other write is known to be stale.

    No CHECK constraint of its own beyond the column's ">= 0": each one would cost full_clean()
    a query on every save, and only the trigger and `update_if_current` ever set it."""
    # The database default too: a row inserted by raw SQL starts at 1 like any other.
    return models.PositiveIntegerField(default=1, db_default=1, editable=False)


# Installed on each versioned table by its app's migration (`bump_version_sql`): a write that
# forgets the version (the admin, `queryset.update()`, raw SQL) still moves it on, so no open
# form can overwrite that write unseen.
BUMP_VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION retest_bump_version() RETURNS trigger AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def bump_version_sql(table: str) -> tuple[str, str]:
    """The forward and reverse SQL that make every UPDATE of `table` bump its version."""
    trigger = f"{table}_bump_version"
    forward = (
        BUMP_VERSION_FUNCTION
        + f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
        + "FOR EACH ROW EXECUTE FUNCTION retest_bump_version();"
    )
    return forward, f"DROP TRIGGER {trigger} ON {table};"


def plain(value: Any) -> Any:
    """A value as a comparison should see it: empty is empty whether None, "" or [], text
    compares without its surrounding blanks or CRLF line ends, a related row as its key."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return None
    if isinstance(value, list | tuple):
        return tuple(plain(item) for item in value)
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def same(a: Any, b: Any) -> bool:
    return plain(a) == plain(b)


@dataclass(frozen=True)
class Edit:
    """A save as a form sends it: the version it was opened at (0: the row did not exist yet),
    the values now in it (`mine`) and the values it showed when opened (`seen`).

    Without `seen` a lost save cannot tell which fields its user changed, so every field that
    differs from the row as it now is counts as a conflict.
    """

    version: int
    mine: Mapping[str, Any]
    seen: Mapping[str, Any] | None = None

    @property
    def changed(self) -> tuple[str, ...]:
        if self.seen is None:
            return tuple(self.mine)
        return tuple(name for name, value in self.mine.items() if not same(value, self.seen[name]))


@dataclass(frozen=True)
class Current:
    """A row as it is now: its version (0 when it does not exist), the edited fields' values
    and, when it exists, the row itself (to say who saved it, and when)."""

    version: int
    values: Mapping[str, Any]
    row: Any = None


@dataclass(frozen=True)
class Attempt:
    """One conditional write: set `changes` on the row if it is still at `version`. `values`
    is every edited field as the row will then be, for a write that must insert the row."""

    version: int
    changes: Mapping[str, Any]
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Merge:
    values: dict[str, Any]
    changes: dict[str, Any]
    conflicts: tuple[str, ...]
    # Fields a colleague changed and this user did not: kept as the colleague left them.
    kept: tuple[str, ...]


def merge(edit: Edit, current: Mapping[str, Any]) -> Merge:
    """The field-level merge of a save that lost against the row as it now is."""
    seen = edit.seen
    mine_changed = set(edit.changed)
    theirs_changed = {
        name for name in edit.mine if seen is None or not same(current[name], seen[name])
    }
    conflicts = tuple(
        name
        for name in edit.mine
        if name in mine_changed
        and name in theirs_changed
        and not same(edit.mine[name], current[name])
    )
    changes = {
        name: edit.mine[name]
        for name in edit.mine
        if name in mine_changed and not same(edit.mine[name], current[name])
    }
    kept = tuple(name for name in edit.mine if name in theirs_changed - mine_changed)
    return Merge(values={**current, **changes}, changes=changes, conflicts=conflicts, kept=kept)


class StaleEdit(Exception):
    """Someone saved the row after this edit began, and changed a field this edit changed too
    (`conflicts`); or kept saving faster than this edit could merge (no conflicts named).

    `kept` are the fields only they changed: a form shown again must show those as they are
    now, or saving it again would put back what the user saw when opening it.
    """

    def __init__(
        self, current: Current, conflicts: Sequence[str], kept: Sequence[str] = ()
    ) -> None:
        super().__init__(f"stale edit; conflicting fields: {', '.join(conflicts) or 'none'}")
        self.current = current
        self.conflicts = tuple(conflicts)
        self.kept = tuple(kept)


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a save wrote: the row, and the fields a colleague had changed meanwhile that were
    kept as they left them (empty unless the save was merged)."""

    row: T
    kept: tuple[str, ...] = field(default=())
    # The row as the merge found it, to say whose changes were kept.
    current: Current | None = None

    @property
    def merged(self) -> bool:
        return bool(self.kept)


def save_edit(
    edit: Edit,
    *,
    write: Callable[[Attempt], T | None],
    read: Callable[[], Current],
) -> Saved[T]:
    """Save `edit` with `write`, which returns the row it wrote or None when the row is no longer
    at the attempt's version; on a loss, merge against `read()` and write again.

    Raises StaleEdit when a field both changed differs, or when the merge keeps losing.
    """
    changes = {name: edit.mine[name] for name in edit.changed}
    row = write(Attempt(version=edit.version, changes=changes, values=dict(edit.mine)))
    if row is not None:
        return Saved(row)
    current = read()
    for _ in range(MERGE_ATTEMPTS):
        merged = merge(edit, current.values)
        if merged.conflicts:
            raise StaleEdit(current, merged.conflicts, merged.kept)
        attempt = Attempt(version=current.version, changes=merged.changes, values=merged.values)
        row = write(attempt)
        if row is not None:
            return Saved(row, kept=merged.kept, current=current)
        current = read()
    raise StaleEdit(current, (), merge(edit, current.values).kept)


# The conditional writes, as single statements built from the model's own fields, so that each
# returns the row's key and the caller learns in the same round trip whether it won.


def _column(model: type[Model], name: str) -> tuple[str, Any]:
    model_field: Any = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return connection.ops.quote_name(model_field.column), model_field


def _param(model_field: Any, value: Any) -> Any:
    if isinstance(value, Model):
        value = value.pk
    return model_field.get_db_prep_save(value, connection)


def _where(model: type[Model], where: Mapping[str, Any]) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for name, value in where.items():
        column, model_field = _column(model, name)
        if value is None:
            clauses.append(f"{column} IS NULL")
            continue
        clauses.append(f"{column} = %s")
        params.append(_param(model_field, value))
    return " AND ".join(clauses), params


def update_if_current(
    model: type[Model], *, where: Mapping[str, Any], version: int, changes: Mapping[str, Any]
) -> int | None:
    """UPDATE the row `where` names, setting `changes` (and any auto_now field) and bumping its
    version, if it is at `version`. Returns the row's key when this save won, else None."""
    sets, params = [], []
    values = dict(changes)
    for model_field in model._meta.concrete_fields:
        if getattr(model_field, "auto_now", False) and model_field.name not in values:
            values[model_field.name] = timezone.now()
    for name, value in values.items():
        column, model_field = _column(model, name)
        sets.append(f"{column} = %s")
        params.append(_param(model_field, value))
    version_column = connection.ops.quote_name(VERSION)
    sets.append(f"{version_column} = {version_column} + 1")
    condition, where_params = _where(model, where)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = (
        f"UPDATE {table} SET {', '.join(sets)} WHERE {condition} "  # noqa: S608 (columns from the model)
        f"AND {version_column} = %s RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params, version])
        found = cursor.fetchone()
    return None if found is None else found[0]


def insert_if_absent(obj: Model, *, unique: Iterable[str]) -> int | None:
    """INSERT `obj` unless a row with the same `unique` fields exists (or is being inserted by a
    transaction still open: PostgreSQL waits for it). Returns the new key, or None."""
    model = type(obj)
    columns, params = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        params.append(model_field.get_db_prep_save(model_field.pre_save(obj, add=True), connection))
    target = ", ".join(_column(model, name)[0] for name in unique)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    placeholders = ", ".join(["%s"] * len(params))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({target}) DO NOTHING RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    return None if found is None else found[0]
