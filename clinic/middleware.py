from collections.abc import Callable
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template import loader
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from clinic.audit import AuditUnavailable
from clinic.lib import request_id
from clinic.permissions import CHOOSE_CLINIC, SIGNED_OUT, ClinicNotChosen, MembershipEnded


class PrivateResponseMiddleware:
    """Headers every response carries that Django's SecurityMiddleware does not set.

    Pages show health data, so anything without its own caching policy is marked no-store:
    neither the browser's back-forward cache on a shared tablet nor a proxy keeps a copy.
    Static files set their own long-lived Cache-Control and are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class HtmxLoginRedirectMiddleware:
    """When a login has expired, an htmx request gets the whole page sent to the login form.

    A plain redirect would be followed inside the swap, and the login page's markup would
    replace the field the clinician was typing in. HX-Redirect makes the browser go to the
    login page, which brings them back to the same page afterwards.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 302 or request.headers.get("HX-Request") != "true":
            return response
        login = resolve_url(settings.LOGIN_URL)
        if response["Location"].startswith(login):
            current = request.headers.get("HX-Current-URL", "")
            target = f"{login}?next={quote(_path_of(current))}" if current else response["Location"]
            return HttpResponseClientRedirect(target)
        return response


def _path_of(url: str) -> str:
    """The path and query of the page htmx says it is on; "/" when the header is not a URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


class AuditFailureMiddleware:
    """A view whose access could not be recorded answers 503, showing nothing of the record.

    `clinic.audit.record_view` raises before the view has rendered anything, and the page
    says only that, with the request id; it reads nothing from the database, whose
    transaction has just failed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditUnavailable):
            return None
        page = loader.get_template("503_audit.html").render({"request_id": request_id.current()})
        return HttpResponse(page, status=503)


class ClinicChoiceMiddleware:
    """A page that needs a clinic, asked for by a user who has not chosen one, sends them to
    choose it and come back; a user whose memberships have all ended is signed out at once.

    Between the message middleware (whose storage outlives the session it flushes) and the
    request's transaction: the sign-out, and its audit event, happen after that transaction
    has rolled back the refused request, so they are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_membership_ended", False):
            logout(request)
            messages.info(request, SIGNED_OUT)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        htmx = request.headers.get("HX-Request") == "true"
        if isinstance(exception, MembershipEnded):
            request._membership_ended = True  # type: ignore[attr-defined]
            login = resolve_url(settings.LOGIN_URL)
            return HttpResponseClientRedirect(login) if htmx else HttpResponseRedirect(login)
        if not isinstance(exception, ClinicNotChosen):
            return None
        said = str(exception.args[0]) if exception.args else CHOOSE_CLINIC
        if said != CHOOSE_CLINIC:
            messages.warning(request, said)
        # Back to the page after choosing: the one htmx says it is on, or the one asked for
        # (a refused form post comes back to the home page instead, not to a GET of its action).
        if htmx:
            back = _path_of(request.headers.get("HX-Current-URL", "")) or "/"
        else:
            back = request.get_full_path() if request.method == "GET" else "/"
        target = f"{reverse('clinic-choose')}?{urlencode({'next': back})}"
        return HttpResponseClientRedirect(target) if htmx else HttpResponseRedirect(target)
