"""Every change to a record, kept by database triggers: the event models of the clinic app, and
the one recipe every app's event models follow.

django-pghistory installs an AFTER trigger for INSERT, UPDATE and DELETE on each tracked table
that copies the row into its event table, so saves, queryset updates, bulk writes, raw SQL and
the admin all leave an event, whichever path made them. Each event carries the context of the
statement that made it (see clinic/lib/history_context.py): the user, the request id and the
URL of a request, or the name of a management command.

Event tables are append-only: `append_only = True` on the class (the database role setup
revokes UPDATE and DELETE on such tables) and a trigger that refuses both for any role.
"""

from typing import Any

import pghistory
from django.db import models
from pghistory.models import Event

from clinic.lib.triggers import AppendOnly
from clinic.models import Client, Membership

SAVE_BOOKKEEPING = ("version", "updated_by")


class HistoryEvent(Event):
    """What every event row shares: pgh_id, pgh_created_at, pgh_label ("insert", "update",
    "delete"), pgh_obj (the tracked row), pgh_context (who, which request) and pgh_context_id;
    then a copy of each field of the tracked row."""

    append_only = True

    class Meta:
        abstract = True


def event_model(tracked: type[models.Model], name: str, *, ignore: tuple[str, ...] = ()) -> Any:
    """The event model `name` of `tracked`: a snapshot of every field at each insert, update and
    delete, with the statement's context beside it. It belongs to the tracked model's app (and
    is put in that app's models module, where Django looks for models).

    An update that changes only `auto_now` fields, the row's version and last saver, or only
    the fields in `ignore`, leaves no event: such columns are bookkeeping (when the row was
    saved, by whom, when a client was last seen), and each is still in the snapshot of the next
    real change.
    """
    # Who saved a row last and its version (clinic/lib/versions.py) change with every real
    # change; alone, as when a trigger bumps the version of a row whose bookkeeping changed,
    # they are not one.
    own = {f.name for f in tracked._meta.concrete_fields}
    bookkeeping = [name for name in SAVE_BOOKKEEPING if name in own]
    changed = pghistory.AnyChange(exclude=[*ignore, *bookkeeping], exclude_auto=True)
    return pghistory.create_event_model(
        tracked,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=changed),
        pghistory.DeleteEvent(),
        model_name=name,
        abstract=False,
        base_model=HistoryEvent,
        # Events are read through their own models; the tracked rows need no reverse accessor.
        obj_field=pghistory.ObjForeignKey(related_name="+"),
        # The context is written into each event row, not shared in a table of contexts that
        # later statements update: every event row is complete, and none is ever changed.
        context_field=pghistory.ContextJSONField(),
        meta={"triggers": [AppendOnly()]},
        # A test runner must not mistake TestDefinitionEvent and its like for tests. Events
        # belong to the tracked row's clinic, for row-level security (clinic/lib/db_security.py).
        attrs={"__test__": False, **_tenancy_of(tracked)},
    )


def _tenancy_of(tracked: type[models.Model]) -> dict[str, Any]:
    """The tracked model's way to its clinic, which its events share: the event copies each of
    the row's foreign keys, so the same path leads from the event to the clinic."""
    attrs = {}
    for name in ("clinic_path", "shipped_rows"):
        if hasattr(tracked, name):
            attrs[name] = getattr(tracked, name)
    return attrs


ClientEvent = event_model(Client, "ClientEvent", ignore=("last_seen_at",))
MembershipEvent = event_model(Membership, "MembershipEvent")
