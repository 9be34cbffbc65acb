"""The owner's sign-in audit: every login, logout, failure and lockout of the clinic's members
(and the account events naming the clinic), filtered by member, kind and days, with a CSV;
and the owner's way to lift a member's sign-in lock.

It shows no client's data, so it writes no access audit row of its own.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from clinic import login_throttle
from clinic.audit_pages import csv_download, member_choices, member_or_404, newest_page
from clinic.forms import LoginAuditFilterForm
from clinic.lib.spreadsheet import safe_cell
from clinic.models import AuthEvent, AuthEventKind, Membership
from clinic.permissions import owner_membership_for
from clinic.selectors import auth_event_list

CSV_HEADER = [
    "at_utc",
    "member",
    "what",
    "outcome",
    "by",
    "remote_addr",
    "user_agent",
    "detail",
    "request_id",
]


def _filtered(
    request: HttpRequest,
) -> tuple[Membership, LoginAuditFilterForm, dict[str, Any], QuerySet[AuthEvent]]:
    """The filters (the member as one of this clinic's, else 404) and the rows they select."""
    membership = owner_membership_for(request)
    form = LoginAuditFilterForm(request.GET)
    values = form.values
    member = (
        member_or_404(membership.clinic, values["member"], AuthEvent) if values["member"] else None
    )
    rows = auth_event_list(
        clinic=membership.clinic,
        user_id=member.pk if member else None,
        kind=values["kind"] or None,
        since=_start_of(values["since"]),
        until=_start_of(values["until"] + datetime.timedelta(days=1)) if values["until"] else None,
    )
    return membership, form, {**values, "member": member}, rows


def _start_of(day: datetime.date | None) -> datetime.datetime | None:
    # Days are the clinic's days (TIME_ZONE); the CSV gives each row's time in UTC.
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _query(filters: dict[str, Any]) -> str:
    """The filters as a query string for the CSV and paging links (ids and days only)."""
    parts = []
    if filters["member"]:
        parts.append(f"member={filters['member'].pk}")
    if filters["kind"]:
        parts.append(f"kind={filters['kind']}")
    for name in ("since", "until"):
        if filters[name]:
            parts.append(f"{name}={filters[name].isoformat()}")
    return "&".join(parts)


@require_GET
def audit_logins(request: HttpRequest) -> HttpResponse:
    membership, form, filters, rows = _filtered(request)
    page, older = newest_page(rows, filters["before"])
    choices = member_choices(membership.clinic, filters["member"])
    context = {
        "rows": page,
        "older": older,
        "filters": filters,
        "form": form,
        "errors": form.shown_errors,
        "kinds": AuthEventKind.choices,
        **choices,
        # A current member's audit offers to lift their lock (a former member has none to lift).
        "can_lift": choices["is_current_member"],
        "query": _query(filters),
    }
    return render(request, "clinic/audit_logins.html", context)


@require_GET
def audit_logins_csv(request: HttpRequest) -> HttpResponse:
    """Every row the filters select, newest first, times in UTC."""
    _, _, _, rows = _filtered(request)
    response, writer = csv_download("sign-in-audit")
    writer.writerow(CSV_HEADER)
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.at.astimezone(datetime.UTC).isoformat(),
                safe_cell(row.user.username if row.user else row.identity),
                row.kind,
                row.outcome,
                safe_cell(row.actor.username) if row.actor else "",
                row.remote_addr or "",
                safe_cell(row.user_agent),
                safe_cell(row.detail),
                row.request_id,
            ]
        )
    return response


LIFTED = "{member} can sign in again now, from any browser."


@require_POST
def audit_logins_lift(request: HttpRequest, user_id: int) -> HttpResponse:
    """The owner lets a member locked out by failed attempts sign in again at once."""
    membership = owner_membership_for(request)
    members = Membership.objects.filter(clinic=membership.clinic, user_id=user_id)
    member = get_object_or_404(members.select_related("user")).user
    login_throttle.lock_lift(request, owner=membership, user=member)
    messages.success(request, LIFTED.format(member=member.get_username()))
    return redirect(f"{reverse('clinic:audit-logins')}?member={member.pk}")
