import datetime

from django.contrib.postgres.lookups import Unaccent
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def client_list(*, clients: QuerySet[Client], status: str, query: str = "") -> QuerySet[Client]:
    """Clients for the list page, most recently seen (or added) first.

    `clients` is already scoped to one clinic. `status` is active, discharged or archived;
    archived clients show only under "archived", whatever their status. Every word of `query`
    must occur in the name, ignoring case and accents: "chlo mar" finds "Chloé Martin".
    """
    if status == ARCHIVED:
        clients = clients.filter(archived_at__isnull=False)
    else:
        clients = clients.filter(archived_at__isnull=True, status=status)
    words = query.split()
    if words:
        clients = clients.alias(plain_name=Unaccent(Lower("name")))
        for word in words:
            clients = clients.filter(plain_name__contains=Unaccent(Lower(Value(word))))
    return clients.order_by(
        Coalesce("last_seen_at", "created_at").desc(), Lower("name"), "pk"
    ).only(*LIST_FIELDS)


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
