"""History in words: who changed which record, when, in which request, and each field from →
to, for a client's history page and for one record's.

Each app registers the event models of its client records in its AppConfig.ready() (a
`HistorySource`: how to reach the client, how to name the record, which fields to show and how),
as it does for the client page, so clinic shows the history of rounds and programmes without
importing the apps that hold them.

A page of history costs a fixed number of queries whatever the number of events: one to count
and one to pick the page's events across every source (a UNION), then one per source present on
the page for those events and the earlier snapshots they are compared with, and one for the
users named.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format

from clinic.history import ClientEvent
from clinic.lib.request_id import NO_REQUEST
from clinic.lib.units import plain_number

PAGE_SIZE = 25
EMPTY = "—"
ACTIONS = {"insert": "Added", "update": "Changed", "delete": "Deleted"}


def shown(value: object) -> str:
    """A stored value in words: a date in the clinic's time zone, a list joined, "—" for none."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class Field:
    """A field of a record shown in its history. `show` turns an event's value into words
    (with its unit); by default the field's choice label, or the value as `shown` prints it."""

    name: str
    label: str
    show: Callable[[Any], str] | None = None

    def text(self, event: models.Model) -> str:
        if self.show is not None:
            return self.show(event)
        choices = getattr(event._meta.get_field(self.name), "flatchoices", None)
        value = getattr(event, self.name)
        if choices and value not in (None, ""):
            value = dict(choices).get(value, value)
        return shown(value)


@dataclass(frozen=True)
class HistorySource:
    key: str
    # A HistoryEvent subclass made by clinic.history.event_model.
    model: Any
    # The lookup from an event to its client's id ("client_id", "assessment__client_id").
    client_lookup: str
    # The record an event belongs to, in words: "Baseline 3 Mar 2025, Glute bridge".
    record: Callable[[Any], str]
    fields: tuple[Field, ...]
    # Joined to each event: what `record` and the fields' words read.
    related: tuple[str, ...] = ()
    # A word for the event that says more than Added / Changed / Deleted ("Recorded",
    # "Cleared", "Voided"), from the event and the one before it (None for an insert), or None.
    action: Callable[[Any, Any], str | None] = lambda event, before: None


_sources: dict[str, HistorySource] = {}


def register_history_source(source: HistorySource) -> None:
    _sources[source.key] = source


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    kind: str  # "insert", "update" or "delete"
    action: str
    record: str
    who: str
    request_id: str
    changes: tuple[Change, ...] = ()


@dataclass
class HistoryPage:
    page: Page
    entries: list[HistoryEntry] = field(default_factory=list)


def client_events(client_id: int) -> dict[str, QuerySet]:
    """Every registered source's events about one client."""
    return {
        source.key: source.model.objects.filter(**{source.client_lookup: client_id})
        for source in _sources.values()
    }


def history_page(events: Mapping[str, QuerySet], number: int | str | None) -> HistoryPage:
    """One page of the events in `events` (source key → a queryset of its event model),
    newest first, in words."""
    keys = [
        qs.annotate(source=Value(key)).values("source", "pgh_id", "pgh_created_at")
        for key, qs in events.items()
    ]
    if not keys:
        return HistoryPage(Paginator([], PAGE_SIZE).get_page(1))
    union = keys[0].union(*keys[1:], all=True).order_by("-pgh_created_at", "-source", "-pgh_id")
    page = Paginator(union, PAGE_SIZE).get_page(number)
    rows = list(page.object_list)
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["source"], []).append(row["pgh_id"])
    loaded = {key: _with_earlier(_sources[key], ids) for key, ids in wanted.items()}
    users = _users(event for pairs in loaded.values() for event, _ in pairs.values())
    entries = []
    for row in rows:
        # Missing only if the row it joins to for its words was deleted behind the triggers.
        pair = loaded[row["source"]].get(row["pgh_id"])
        if pair is not None:
            entries.append(_entry(_sources[row["source"]], *pair, users))
    return HistoryPage(page, entries)


def _with_earlier(source: HistorySource, ids: Sequence[int]) -> dict[int, tuple[Any, Any]]:
    """The events `ids` of a source, each with the event before it for the same row (or None),
    in one query: the page's events and each one's predecessor."""
    model = source.model
    earlier = (
        model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
        .order_by("-pgh_id")
        .values("pgh_id")[:1]
    )
    previous_ids = model.objects.filter(pgh_id__in=ids).values(pgh_prev=Subquery(earlier))
    rows = model.objects.filter(Q(pgh_id__in=ids) | Q(pgh_id__in=previous_ids)).select_related(
        *source.related
    )
    by_row: dict[Any, list[Any]] = {}
    for event in sorted(rows, key=lambda e: e.pgh_id):
        by_row.setdefault(event.pgh_obj_id, []).append(event)
    wanted = set(ids)
    result = {}
    for chain in by_row.values():
        for before, event in zip([None, *chain], chain, strict=False):
            if event.pgh_id in wanted:
                result[event.pgh_id] = (event, before)
    return result


def _users(events: Iterable[Any]) -> dict[int, str]:
    ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    ids.discard(None)
    users = get_user_model().objects.filter(pk__in=ids)
    return {u.pk: person(u) for u in users}


def person(user: Any) -> str:
    """A user as history names them: "Alice Able (alice@northside.example)"."""
    if user is None:
        return ""
    name = user.get_full_name()
    email = user.email or user.get_username()
    return f"{name} ({email})" if name else email


def _who(context: dict | None, users: Mapping[int, str]) -> str:
    context = context or {}
    if context.get("user") is not None:
        return users.get(context["user"], f"user #{context['user']}")
    if context.get("command"):
        return f"manage.py {context['command']}"
    if context.get("url"):
        return "Not signed in"
    return "Outside the app (no request or command)"


def _entry(
    source: HistorySource, event: Any, before: Any, users: Mapping[int, str]
) -> HistoryEntry:
    kind = event.pgh_label
    action = source.action(event, before) or ACTIONS.get(kind, kind.capitalize())
    changes: list[Change] = []
    if kind == "update" and before is not None:
        for f in source.fields:
            was, now = f.text(before), f.text(event)
            if was != now:
                changes.append(Change(f.label, was or EMPTY, now or EMPTY))
    else:
        # An insert shows what the row began with; a delete, what it held last.
        for f in source.fields:
            text = f.text(event)
            if text:
                deleted = kind == "delete"
                changes.append(Change(f.label, text if deleted else "", "" if deleted else text))
    context = event.pgh_context or {}
    request_id = context.get("request_id") or ""
    return HistoryEntry(
        at=event.pgh_created_at,
        kind=kind,
        action=action,
        record=source.record(event),
        who=_who(context, users),
        request_id="" if request_id == NO_REQUEST else request_id,
        changes=tuple(changes),
    )


# The clinic's own record: the client's details.


def _client_action(event: Any, before: Any) -> str | None:
    if before is None:
        return "Added to the clinic"
    if event.archived_at and not before.archived_at:
        return "Archived"
    if before.archived_at and not event.archived_at:
        return "Restored"
    if event.status != before.status:
        return "Discharged" if event.discharged_at else "Reactivated"
    return None


CLIENT_SOURCE = HistorySource(
    key="client",
    model=ClientEvent,
    client_lookup="pgh_obj_id",
    record=lambda event: "Client details",
    fields=(
        Field("name", "Name"),
        Field("date_of_birth", "Date of birth"),
        Field("email", "Email"),
        Field("phone", "Phone"),
        Field("presenting_complaint", "Presenting complaint"),
        Field("notes", "Notes"),
        Field("status", "Status"),
        Field("discharged_at", "Discharged"),
        Field("archived_at", "Archived"),
    ),
    action=_client_action,
)
