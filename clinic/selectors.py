import datetime

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.lib.name_search import close_to, every_word_in, plain, with_name_match
from clinic.lib.typed_dates import typed_date
from clinic.models import AccessEvent, AuthEvent, Client, ClientStatus, Clinic, Membership

ARCHIVED = "archived"
LIST_FIELDS = (
    "pk",
    "name",
    "date_of_birth",
    "presenting_complaint",
    "status",
    "last_seen_at",
    "created_at",
    "archived_at",
)
# Seen most recently first; clients not seen yet after all who were, the newest first. The
# index `client_list_order` walks it for one clinic's live clients under one status.
CLIENT_LIST_ORDER = (
    F("last_seen_at").desc(nulls_last=True),
    F("created_at").desc(),
    Lower("name"),
    "pk",
)
# pg_trgm's word similarity: a name a typo or two away scores well above this ("Chloe Martni"
# and "Chloé Martin" 0.77, "chloe matrin" 0.62), a different name sharing a few letters below
# ("martin" and "Marek Olsen" 0.43).
NAME_THRESHOLD = 0.5


def client_list(*, clients: QuerySet[Client], status: str, query: str = "") -> QuerySet[Client]:
    """Clients for the list page: seen most recently first, never-seen clients after.

    `clients` is already scoped to one clinic. `status` is active, discharged or archived;
    archived clients show only under "archived", whatever their status. A `query` that is a
    date ("12/03/1980") finds the clients born that day. Otherwise names holding every word of
    it, ignoring case and accents ("chlo mar" finds "Chloé Martin"), come first, then names
    close to it, a typo away ("Chloe Martni"), the closest first.
    """
    if status == ARCHIVED:
        clients = clients.filter(archived_at__isnull=False)
    else:
        clients = clients.filter(archived_at__isnull=True, status=status)
    clients = clients.only(*LIST_FIELDS)
    if not query.split():
        return clients.order_by(*CLIENT_LIST_ORDER)
    if (born := typed_date(query)) is not None:
        return clients.filter(date_of_birth=born).order_by(*CLIENT_LIST_ORDER)
    exact = every_word_in(query)
    return (
        with_name_match(clients.alias(plain_name=plain()), query=query)
        .filter(exact | close_to(NAME_THRESHOLD))
        # Names holding every word rank as one, in the list's order; close names follow.
        .alias(closeness=Case(When(exact, then=Value(1.0)), default=F("word_match")))
        .order_by(F("closeness").desc(), *CLIENT_LIST_ORDER)
    )


def client_status_counts(*, clients: QuerySet[Client]) -> dict[str, int]:
    """How many of the clinic's clients sit under each filter, in one query."""
    live = Q(archived_at__isnull=True)
    return clients.aggregate(
        active=Count("pk", filter=live & Q(status=ClientStatus.ACTIVE)),
        discharged=Count("pk", filter=live & Q(status=ClientStatus.DISCHARGED)),
        archived=Count("pk", filter=~live),
    )


def access_list(
    *, clinic: Clinic, client: Client | None = None, user_id: int | None = None
) -> QuerySet[AccessEvent]:
    """The clinic's access audit, newest first, with who and which client in the same query;
    each filter walks its own index (clinic, client or user, id)."""
    rows = AccessEvent.objects.filter(clinic=clinic)
    if client is not None:
        rows = rows.filter(client=client)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows.select_related("user", "client").order_by("-pk")


def auth_event_list(
    *,
    clinic: Clinic,
    user_id: int | None = None,
    kind: str | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[AuthEvent]:
    """The clinic's sign-in audit, newest first: the events about its members (a failure that
    named a member's address included) and those naming the clinic; never an identity with
    no account. Who and by whom come in the same query."""
    members = Membership.objects.filter(clinic=clinic).values("user_id")
    rows = AuthEvent.objects.filter(Q(clinic=clinic) | Q(user_id__in=members))
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if kind:
        rows = rows.filter(kind=kind)
    if since is not None:
        rows = rows.filter(at__gte=since)
    if until is not None:
        rows = rows.filter(at__lt=until)
    return rows.select_related("user", "actor").order_by("-pk")


def member_list(*, clinic: Clinic) -> QuerySet[Membership]:
    """The clinic's members for the owner's page, active ones first, then by login name; each
    with its user, who deactivated it and whether it has a second factor, in one query."""
    second_factor = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        Membership.objects.filter(clinic=clinic)
        .annotate(has_second_factor=Exists(second_factor))
        .select_related("user", "deactivated_by")
        .order_by(F("deactivated_at").asc(nulls_first=True), Lower("user__username"), "pk")
    )
