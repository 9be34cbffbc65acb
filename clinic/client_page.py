"""What the client page is made of, so that later apps can add to it without clinic importing them.

Apps register in their AppConfig.ready():
- a section (a template and the function that builds its context, in a fixed number of queries),
- a timeline source (the dated events it knows about for a client),
- an action (a button that starts part of the loop: new baseline, retest, treat),
- badges for the client list (a flag from the client's home logs).
The client page renders whatever is registered, ordered by `order`.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest

from clinic.models import Client


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    title: str
    detail: str = ""
    url: str = ""
    # A CSS hook and a word for screen readers: "record", "assessment", "programme", …
    kind: str = "record"


@dataclass(frozen=True)
class ClientSection:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[HttpRequest, Client], dict[str, object]]


@dataclass(frozen=True)
class ClientAction:
    label: str
    url: Callable[[Client], str]
    order: int
    primary: bool = False
    # Shown only to members who may write, and only while this holds for the client.
    available: Callable[[Client], bool] = field(default=lambda client: client.is_active)


@dataclass(frozen=True)
class ListBadge:
    """A word beside a client's name on the client list, with what it stands for."""

    text: str
    detail: str = ""
    # A CSS hook: badge-<kind>.
    kind: str = "note"


TimelineSource = Callable[[Client], Iterable[TimelineEntry]]
# Badges for a page of the client list, by client pk, in a fixed number of queries.
ListBadgeSource = Callable[[Sequence[Client]], Mapping[int, ListBadge]]

_sections: dict[str, ClientSection] = {}
_timeline_sources: dict[str, TimelineSource] = {}
_actions: dict[str, ClientAction] = {}
_list_badges: dict[str, ListBadgeSource] = {}


def register_section(section: ClientSection) -> None:
    _sections[section.key] = section


def register_timeline_source(key: str, source: TimelineSource) -> None:
    _timeline_sources[key] = source


def register_action(key: str, action: ClientAction) -> None:
    _actions[key] = action


def register_list_badges(key: str, source: ListBadgeSource) -> None:
    _list_badges[key] = source


def list_badges_for(clients: Sequence[Client]) -> dict[int, list[ListBadge]]:
    """Every registered source's badges for the listed clients, by client pk."""
    found: dict[int, list[ListBadge]] = {}
    if not clients:
        return found
    for source in _list_badges.values():
        for pk, badge in source(clients).items():
            found.setdefault(pk, []).append(badge)
    return found


def sections() -> list[ClientSection]:
    return sorted(_sections.values(), key=lambda s: s.order)


def actions_for(client: Client, *, can_write: bool) -> list[ClientAction]:
    if not can_write or client.is_archived:
        return []
    return [a for a in sorted(_actions.values(), key=lambda a: a.order) if a.available(client)]


def timeline_for(client: Client) -> list[TimelineEntry]:
    """Every registered source's events for the client, newest first."""
    entries = [entry for source in _timeline_sources.values() for entry in source(client)]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def record_events(client: Client) -> Iterable[TimelineEntry]:
    """The client record's own milestones."""
    yield TimelineEntry(at=client.created_at, title="Added to the clinic")
    if client.discharged_at:
        yield TimelineEntry(at=client.discharged_at, title="Discharged")
    if client.archived_at:
        yield TimelineEntry(at=client.archived_at, title="Archived")
