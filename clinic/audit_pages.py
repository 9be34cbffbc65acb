"""What the owner's two audit pages share: the member a filter names, the page of newest rows,
the members to choose from, and the CSV download."""

import csv
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone

from clinic.models import Clinic, Membership

PAGE_SIZE = 50


def member_or_404(clinic: Clinic, user_id: int, events: type[Model]) -> Any:
    """A user who is a member of the clinic, or was one and is named by one of its rows of
    `events` (their rows stay); else 404."""
    is_member = Membership.objects.filter(clinic=clinic, user_id=OuterRef("pk"))
    named = events._default_manager.filter(clinic=clinic, user_id=OuterRef("pk"))
    users = get_user_model().objects.filter(Q(Exists(is_member)) | Q(Exists(named)))
    try:
        return users.only("pk", "username").get(pk=user_id)
    except get_user_model().DoesNotExist:
        raise Http404 from None


def newest_page(rows: QuerySet, before: int | None) -> tuple[list, int | None]:
    """The page of rows older than `before` (newest first), and the id to ask for the next.

    One row more than a page says whether there is an older page, without counting them all.
    """
    if before:
        rows = rows.filter(pk__lt=before)
    page = list(rows[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    return page[:PAGE_SIZE], older


def member_choices(clinic: Clinic, chosen: Any) -> dict[str, Any]:
    """The clinic's members for the filter, and the chosen user when they are a former member
    (offered in the select too)."""
    members = list(
        Membership.objects.filter(clinic=clinic).select_related("user").order_by("user__username")
    )
    current = {m.user_id for m in members}
    return {
        "members": members,
        "former_member": chosen if chosen and chosen.pk not in current else None,
        "is_current_member": chosen is not None and chosen.pk in current,
    }


def csv_download(name: str) -> tuple[HttpResponse, Any]:
    """An attachment named retest-<name>-<today>.csv, and a writer into it."""
    day = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="retest-{name}-{day}.csv"'
    return response, csv.writer(response)
