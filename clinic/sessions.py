"""Sessions with both limits (clinic/lib/session_limits.py holds the rules and their reasons).

`SessionLimitsMiddleware` ends a signed-in session whose idle or absolute limit has passed,
before any view or login check sees it, and renews the idle stamp on the clinician's own
requests. `session_status` (GET, never activity) and `session_renew` (POST, activity: the
"Stay signed in" button) answer static/js/session-limits.js, which warns before the idle end.
"""

import time
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from clinic.auth_audit import record_auth_event
from clinic.lib import session_limits
from clinic.lib.session_limits import Ended, Limits
from clinic.models import AuthEventKind


class SessionLimitsMiddleware:
    """Ends sessions past either limit, and counts the clinician's requests as activity.

    Placed after the authentication and message middleware (it names the user in the audit
    and leaves the login page a message), and before any view's login check runs: Django's
    LoginRequiredMiddleware checks in `process_view`, after this has run, so an ended session
    reaches it signed out and is sent to log in (htmx requests by HX-Redirect, see
    HtmxLoginRedirectMiddleware).

    The session is flushed rather than passed to `logout()`: a time limit is not the member
    signing out, and the audit records it once, as SESSION_EXPIRED with its reason.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            over = session_limits.ended(request.session, time.time(), Limits.from_settings())
            if over is not None:
                _end_session(request, over)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], *args: object
    ) -> None:
        # Here rather than in __call__: the view is known, and the page it renders already
        # counts the renewed idle time.
        if (
            SESSION_KEY in request.session
            and getattr(view_func, "counts_as_activity", True)
            and not session_limits.is_background(request)
        ):
            session_limits.touch(request.session, time.time(), Limits.from_settings())


def not_activity(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a view whose requests never count as the clinician's activity, with or without
    the background header (the session status)."""
    view.counts_as_activity = False  # type: ignore[attr-defined]
    return view


def _end_session(request: HttpRequest, over: Ended) -> None:
    user = request.user
    if user.is_authenticated:
        record_auth_event(request, AuthEventKind.SESSION_EXPIRED, user=user, detail=over.detail)
    request.session.flush()
    request.user = AnonymousUser()
    # The login page says why; the message lives in the new, signed-out session.
    messages.info(request, over.message, fail_silently=True)


def on_logged_in(sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs) -> None:
    """Both clocks start at every login, whichever form it came through."""
    if request is not None and hasattr(request, "session"):
        session_limits.start(request.session, time.time())


def _state(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False})
    limits = Limits.from_settings()
    left = session_limits.remaining(request.session, time.time(), limits)
    return JsonResponse(
        {
            "signed_in": True,
            "idle_remaining": left.idle,
            "absolute_remaining": left.absolute,
            "warn_before": limits.warn_before,
        }
    )


@not_activity
@login_not_required
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long this session has left. Never counts as activity, so the warning's own checks
    (and a tab left open) cannot keep a login alive. A session that has ended answers
    `signed_in: false`, and the page goes to the login."""
    return _state(request)


@login_not_required
@require_POST
def session_renew(request: HttpRequest) -> JsonResponse:
    """The "Stay signed in" button: activity, so the idle clock starts again now. The absolute
    end does not move. Answers like `session_status`."""
    if request.user.is_authenticated:
        session_limits.touch(request.session, time.time(), Limits.from_settings(), always=True)
    return _state(request)
