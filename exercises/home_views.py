"""The programme between visits: the clinician issues and revokes a client's programme link,
and the client opens it on a phone, with no login, to see today's programme and log it.

The client's pages show the active programme and that client's own logs, nothing else: no
clinic navigation, no findings, no notes, the first name only. A wrong, revoked, expired or
throttled token, or one whose client is no longer active, is the same 404.
"""

import csv
import functools
import uuid
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import page_not_found

from clinic import audit
from clinic.lib.client_address import client_address
from clinic.lib.request_types import AnonymousHtmxRequest, AuthenticatedHttpRequest
from clinic.lib.spreadsheet import safe_cell
from clinic.models import AccessKind, Client
from clinic.permissions import get_object_for_user, get_rw_object_for_user
from exercises import selectors, services
from exercises.home_forms import SessionLogForm
from exercises.models import Prescription, ProgrammeLink, SessionLog
from exercises.views import picture_response

HOME_TEMPLATE = "exercises/home_programme.html"
HOME_EXERCISE_TEMPLATE = "exercises/_home_exercise.html"
WORKER_SCRIPT = "js/home-sw.js"
REVOKED = "The programme link is revoked: it no longer opens."
NO_LINK = "There was no live programme link to revoke."


def _link_qr(url: str) -> str:
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=4,
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title="QR code: your programme on your phone",
        dark="#000",
        light="#fff",
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


@require_POST
def programme_link_issue(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    """A new link (the old one stops working), answered with the handout that carries it: the
    token is shown this once, as the address and its QR code, and never stored."""
    client = get_rw_object_for_user(request, Client.objects.select_related("clinic"), pk=client_pk)
    try:
        issued = services.programme_link_issue(client=client, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exercises:programme-detail", client_pk=client.pk)
    audit.record_view(request, client, AccessKind.PROGRAMME_LINK)
    url = request.build_absolute_uri(reverse("exercises:home-programme", args=[issued.token]))
    context = {
        "client": client,
        "prescriptions": selectors.programme_active(client=client),
        "today": timezone.localdate(),
        "link": issued.link,
        "link_url": url,
        "link_qr": _link_qr(url),
    }
    return render(request, "exercises/programme_handout.html", context)


@require_POST
def programme_link_revoke(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    client = get_rw_object_for_user(request, Client, pk=client_pk)
    revoked = services.programme_link_revoke(client=client, by=request.user)
    messages.success(request, REVOKED) if revoked else messages.info(request, NO_LINK)
    return redirect("exercises:programme-detail", client_pk=client.pk)


LOGS_CSV_HEADER = [
    "performed_on",
    "logged_at",
    "exercise",
    "outcome",
    "sets_done",
    "pain_0_10",
    "effort_0_10",
    "comment",
]


@require_GET
def home_logs_csv(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Every session the client logged, oldest first, one row each."""
    client = get_object_for_user(request, Client, pk=client_pk)
    audit.record_view(request, client, AccessKind.HOME_LOGS_CSV)
    day = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="retest-home-logs-{client.pk}-{day}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(LOGS_CSV_HEADER)
    logs = selectors.session_logs(client=client)
    for log in logs.iterator(chunk_size=500):
        writer.writerow(
            [
                log.performed_on.isoformat(),
                timezone.localtime(log.logged_at).isoformat(timespec="seconds"),
                safe_cell(log.prescription.exercise.name),
                log.outcome,
                *("" if v is None else v for v in (log.sets_done, log.pain, log.effort)),
                safe_cell(log.comment),
            ]
        )
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """What the client's pages send: no search engine, no referrer, no copy kept."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store, private"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    # Returned, not raised: a raised 404 rolls the request back, and with it the recorded miss.
    return _private(page_not_found(request, Http404()))


def by_token(view):
    """Opens the link the URL's token names, or answers 404 (and counts the miss: a token never
    issued; an old handout's revoked or expired token is not a guess)."""

    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        address = client_address(request)
        if services.link_guessing_refused(address=address):
            return _not_found(request)
        link = services.programme_link_for_token(token)
        if link is None:
            if not services.token_was_issued(token):
                services.link_miss_record(address=address)
            return _not_found(request)
        return _private(view(request, link, token, **kwargs))

    return wrapper


@functools.cache
def _worker_script() -> bytes:
    path = finders.find(WORKER_SCRIPT)
    if not path or isinstance(path, list):
        raise ImproperlyConfigured(f"The static file {WORKER_SCRIPT} is missing.")
    return Path(path).read_bytes()


@login_not_required
@require_GET
def home_worker(request: HttpRequest) -> HttpResponse:
    """The client's pages' service worker, from our static files, at an address whose folder
    (/home/) is the scope it serves; checked for a new version on every opening."""
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@dataclass(frozen=True)
class HomeRow:
    """One exercise of the client's page: its prescription, its log form, today's logs."""

    prescription: Prescription
    form: SessionLogForm
    logged: list[SessionLog]


def _first_name(name: str) -> str:
    words = name.split()
    return words[0] if words else ""


def _rows(link: ProgrammeLink, failed: SessionLogForm | None) -> tuple[list[HomeRow], bool]:
    """Each active exercise with its log form (the refused one where it belongs) and today's
    logs; and whether the refused form found its exercise on the page."""
    prescriptions = list(selectors.programme_active_with_pictures(client=link.client))
    logged: dict[int, list[SessionLog]] = {}
    for log in selectors.session_logs_on(
        client=link.client, day=timezone.localdate(), prescriptions=prescriptions
    ):
        logged.setdefault(log.prescription_id, []).append(log)
    failed_pk = failed.data.get("prescription") if failed is not None else None
    placed = False
    rows = []
    for prescription in prescriptions:
        if failed is not None and failed_pk == str(prescription.pk):
            form, placed = failed, True
        else:
            form = SessionLogForm(
                prescription_id=prescription.pk, initial={"entry_id": uuid.uuid4()}
            )
        rows.append(HomeRow(prescription, form, logged.get(prescription.pk, [])))
    return rows, placed


def _home_page(
    request: AnonymousHtmxRequest,
    link: ProgrammeLink,
    token: str,
    *,
    failed: SessionLogForm | None = None,
    saved: str = "",
    status: int = 200,
) -> HttpResponse:
    rows, placed = _rows(link, failed)
    context = {
        "first_name": _first_name(link.client.name),
        "clinic_name": link.client.clinic.name,
        "rows": rows,
        "today": timezone.localdate(),
        "token": token,
        "saved": saved or request.GET.get("saved", ""),
        # A refused log whose exercise is no longer on the page: its errors go at the top.
        "page_errors": (
            [e for errors in failed.errors.values() for e in errors]
            if failed is not None and not placed
            else []
        ),
    }
    if request.htmx:
        # Only the exercise the log was for, swapped in place; the whole page when that
        # exercise has left the programme meanwhile.
        pk = saved or (failed.data.get("prescription") if failed is not None else "")
        row = next((r for r in rows if str(r.prescription.pk) == pk), None)
        if row is not None:
            return render(request, HOME_EXERCISE_TEMPLATE, {**context, "row": row}, status=status)
        response = render(request, HOME_TEMPLATE, context, status=status)
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "outerHTML"
        response.headers["HX-Reselect"] = "#main"
        return response
    return render(request, HOME_TEMPLATE, context, status=status)


@require_GET
@by_token
def home_programme(request: AnonymousHtmxRequest, link: ProgrammeLink, token: str) -> HttpResponse:
    services.programme_link_opened(link=link, address=client_address(request))
    return _home_page(request, link, token)


# No CSRF token: the page sends no referrer, so a browser posts it with `Origin: null`, which
# Django's origin check refuses. Nor is one needed: the token in the address is the only
# credential, and a page on another site that knew it could open the link itself.
@csrf_exempt
@require_POST
@by_token
def home_log(request: AnonymousHtmxRequest, link: ProgrammeLink, token: str) -> HttpResponse:
    """One logged session: a plain post is answered with the page again (a redirect once
    saved), an htmx or queued one with its exercise alone."""
    prescription_id = _posted_int(request.POST.get("prescription"))
    form = SessionLogForm(request.POST, prescription_id=prescription_id or 0)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.session_log_record(
                link=link,
                prescription_id=data["prescription"],
                entry_id=data["entry_id"],
                performed_on=data["performed_on"],
                outcome=data["outcome"],
                sets_done=data["sets_done"],
                pain=data["pain"],
                effort=data["effort"],
                comment=data["comment"],
            )
        except services.LinkClosed:
            return _not_found(request)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            saved = str(data["prescription"])
            if request.htmx:
                return _home_page(request, link, token, saved=saved)
            page = reverse("exercises:home-programme", args=[token])
            return redirect(f"{page}?saved={saved}#exercise-{saved}")
    return _home_page(request, link, token, failed=form, status=400)


def _posted_int(value: str | None) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def _add_errors(form: SessionLogForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@by_token
def home_picture(
    request: HttpRequest, link: ProgrammeLink, token: str, prescription_pk: int
) -> HttpResponse:
    """The clinic's picture of an exercise in the client's active programme, and of no other."""
    prescription = (
        selectors.programme_active_with_pictures(client=link.client)
        .filter(pk=prescription_pk)
        .first()
    )
    picture = prescription.exercise.picture if prescription is not None else None
    if picture is None:
        return _not_found(request)
    try:
        return picture_response(picture)
    except Http404:
        return _not_found(request)
