"""The owner's access audit: who opened which client's record, filtered by client or member."""

import csv
import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic import audit
from clinic.forms import AccessFilterForm
from clinic.lib.spreadsheet import safe_cell
from clinic.models import AccessEvent, AccessKind, Client, Membership
from clinic.permissions import get_object_for_user, owner_membership_for
from clinic.selectors import access_list

PAGE_SIZE = 50
CSV_HEADER = [
    "at_utc",
    "member",
    "client_id",
    "client",
    "what",
    "page",
    "object_id",
    "request_id",
    "remote_addr",
]


def _filtered(
    request: HttpRequest, kind: AccessKind
) -> tuple[Membership, dict[str, Any], QuerySet[AccessEvent]]:
    """The filters (client and member as objects of this clinic, else 404) and their rows.

    The view is recorded before any row is read, with the client it is filtered on."""
    membership = owner_membership_for(request)
    values = AccessFilterForm(request.GET).values
    client = get_object_for_user(request, Client, pk=values["client"]) if values["client"] else None
    member = _member(membership, values["member"]) if values["member"] else None
    audit.record_view(request, client, kind)
    rows = access_list(
        clinic=membership.clinic, client=client, user_id=member.pk if member else None
    )
    return membership, {"client": client, "member": member, "before": values["before"]}, rows


def _member(membership: Membership, user_id: int) -> Any:
    """A user who is a member of the clinic, or has been (their rows stay); else 404."""
    clinic = membership.clinic
    worked_here = AccessEvent.objects.filter(clinic=clinic, user_id=OuterRef("pk"))
    users = get_user_model().objects.filter(Q(memberships__clinic=clinic) | Exists(worked_here))
    try:
        return users.only("pk", "username").get(pk=user_id)
    except get_user_model().DoesNotExist:
        raise Http404 from None


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    membership, filters, rows = _filtered(request, AccessKind.AUDIT_PAGE)
    if filters["before"]:
        rows = rows.filter(pk__lt=filters["before"])
    # One row more than a page says whether there is an older page, without counting them all.
    page = list(rows[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    members = list(
        Membership.objects.filter(clinic=membership.clinic)
        .select_related("user")
        .order_by("user__username")
    )
    member = filters["member"]
    context = {
        "rows": page[:PAGE_SIZE],
        "older": older,
        "filters": filters,
        "members": members,
        # A former member chosen from a row is offered in the select too.
        "former_member": member
        if member and member.pk not in {m.user_id for m in members}
        else None,
        "query": _query(filters),
    }
    return render(request, "clinic/audit_list.html", context)


def _query(filters: dict[str, Any]) -> str:
    """The filters as a query string for the CSV and paging links (ids only, never a name)."""
    parts = []
    if filters["client"]:
        parts.append(f"client={filters['client'].pk}")
    if filters["member"]:
        parts.append(f"member={filters['member'].pk}")
    return "&".join(parts)


@require_GET
def audit_csv(request: HttpRequest) -> HttpResponse:
    """Every row the filters select, newest first; written whole inside the view, so that it
    is read in the request's transaction like the page."""
    _, _, rows = _filtered(request, AccessKind.AUDIT_CSV)
    day = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="retest-access-audit-{day}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.at.astimezone(datetime.UTC).isoformat(),
                safe_cell(row.user.username),
                row.client_id or "",
                safe_cell(row.client.name) if row.client else "",
                row.kind,
                row.url_name,
                row.object_id or "",
                row.request_id,
                row.remote_addr or "",
            ]
        )
    return response
