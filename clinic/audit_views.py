"""The owner's access audit: who opened which client's record, filtered by client or member."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic import audit
from clinic.audit_pages import csv_download, member_choices, member_or_404, newest_page
from clinic.forms import AccessFilterForm
from clinic.lib.spreadsheet import safe_cell
from clinic.models import AccessEvent, AccessKind, Client, Membership
from clinic.permissions import get_object_for_user, owner_membership_for
from clinic.selectors import access_list

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
    member = (
        member_or_404(membership.clinic, values["member"], AccessEvent)
        if values["member"]
        else None
    )
    audit.record_view(request, client, kind)
    rows = access_list(
        clinic=membership.clinic, client=client, user_id=member.pk if member else None
    )
    return membership, {"client": client, "member": member, "before": values["before"]}, rows


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    membership, filters, rows = _filtered(request, AccessKind.AUDIT_PAGE)
    page, older = newest_page(rows, filters["before"])
    context = {
        "rows": page,
        "older": older,
        "filters": filters,
        **member_choices(membership.clinic, filters["member"]),
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
    response, writer = csv_download("access-audit")
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
