"""Logins that slow down password guessing.

After MAX_FAILURES failed attempts for one username from one address within WINDOW, every
further attempt for that pair (even with the right password) is refused with 429 until the
oldest failure leaves the window. Other usernames from the same address are not affected.
The address is the connection's own: an X-Forwarded-For header a client sends is ignored.
"""

import datetime

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from clinic.models import LoginFailure

MAX_FAILURES = 5
WINDOW = datetime.timedelta(minutes=15)
KEEP = datetime.timedelta(days=1)
LOCKED = (
    "Too many failed attempts for this email address. Wait {minutes} minutes and try again, "
    "or ask your clinic's owner to reset your password."
)


def _key(request: HttpRequest) -> tuple[str, str]:
    # PostgreSQL cannot store a NUL character; the form refuses such a username beside the field,
    # and the failure is counted against it as typed without that character.
    username = request.POST.get("username", "").replace("\x00", "").strip().lower()[:254]
    return username, request.META.get("REMOTE_ADDR", "0.0.0.0")  # noqa: S104


def minutes_locked(request: HttpRequest) -> int:
    """Minutes until this username and address may try again; 0 when they may now."""
    username, ip = _key(request)
    since = timezone.now() - WINDOW
    recent = LoginFailure.objects.filter(username=username, ip=ip, at__gte=since).order_by("at")
    times = list(recent.values_list("at", flat=True)[:MAX_FAILURES])
    if len(times) < MAX_FAILURES:
        return 0
    free_at = times[0] + WINDOW
    return max(1, int((free_at - timezone.now()).total_seconds() // 60) + 1)


def record_failure(request: HttpRequest) -> None:
    username, ip = _key(request)
    now = timezone.now()
    LoginFailure.objects.create(username=username, ip=ip, at=now)
    LoginFailure.objects.filter(at__lt=now - KEEP).delete()


def forget_failures(request: HttpRequest) -> None:
    username, ip = _key(request)
    LoginFailure.objects.filter(username=username, ip=ip).delete()


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        minutes = minutes_locked(request)
        if minutes:
            # The password is not even checked: no hashing work for a locked pair.
            form = self.get_form_class()(request, initial={"username": _key(request)[0]})
            context = self.get_context_data(form=form, locked=LOCKED.format(minutes=minutes))
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        record_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        forget_failures(self.request)
        return super().form_valid(form)
