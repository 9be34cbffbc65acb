"""The gate: a signed-in user who owes a second factor reaches no page but the factor's own.

A factor is owed by staff (the Django admin spans every clinic), by a member of any clinic that
requires it, and by anyone who has set one up. A verified session passes on the strength of
its own mark, with no query; only a session not yet verified asks the database, once.
"""

from collections.abc import Callable
from enum import Enum
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.middleware import _path_of
from clinic.models import Membership
from clinic.two_factor.services import session_is_verified

# The pages a signed-in user reaches before the second factor: leaving, the factor itself, and
# the session's own status and renewal, which show nothing but its time limits.
OPEN = frozenset(
    {
        "login",
        "logout",
        "admin:logout",
        "clinic:two-factor-verify",
        "clinic:two-factor-setup",
        "session-status",
        "session-renew",
    }
)


class Owed(Enum):
    NOTHING = "nothing"
    VERIFY = "verify"
    SETUP = "setup"


def second_factor_owed(user: User) -> Owed:
    """What the user must do before their next page, asked in one query."""
    has_device, required = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"),
                    deactivated_at__isnull=True,
                    clinic__two_factor_required=True,
                )
            ),
        )
        .values_list("has_device", "required")
        .get()
    )
    if has_device:
        return Owed.VERIFY
    if required or user.is_staff or user.is_superuser:
        return Owed.SETUP
    return Owed.NOTHING


class SecondFactorMiddleware:
    """Sends a signed-in, unverified user who owes a factor to verify it (or set it up), and
    brings them back to the page they asked for; an htmx request gets HX-Redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or session_is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN:
            return None
        owed = second_factor_owed(user)
        if owed is Owed.NOTHING:
            return None
        page = reverse(
            "clinic:two-factor-verify" if owed is Owed.VERIFY else "clinic:two-factor-setup"
        )
        if request.headers.get("HX-Request") == "true":
            current = request.headers.get("HX-Current-URL", "")
            back = _path_of(current) if current else "/"
            return HttpResponseClientRedirect(f"{page}?next={quote(back)}")
        back = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{page}?next={quote(back)}")
