"""Signing in: one throttle for every login form, and one spelling of every login name.

The app's login (`LoginView`) and the Django admin's (clinic/admin_site.py) use forms built on
`LoginThrottleMixin`, which asks the throttle (clinic/login_throttle.py) before the password is
checked; `finish_login` answers a refusal with 429 and marks the browser of a successful login
as known to that account. `IdentityBackend` looks the login name up in its normalised form,
so "OWNER@…" and "ｏwner@…" are the one account "owner@…".
"""

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from clinic import login_throttle
from clinic.lib import known_browser
from clinic.lib.identity import normalise_identity

THROTTLED = "throttled"


class IdentityBackend(ModelBackend):
    """Django's model backend, on the login name's normalised spelling (clinic/lib/identity.py):
    accounts are stored under it, so any other spelling of the same address finds the same
    account, and no spelling finds a second one."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is not None:
            username = normalise_identity(username)
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginThrottleMixin:
    """A login form that is refused, before its password is checked, while the throttle says
    so; the refusal is a form error beside the form, and the view answers 429."""

    request: HttpRequest | None
    data: Any
    errors: Any

    def clean(self) -> dict[str, Any]:
        typed = str(self.data.get("username", ""))
        if self.request is not None:
            refused = login_throttle.refusal(self.request, typed)
            if refused is not None:
                self.request._login_refused = True  # type: ignore[attr-defined]
                raise ValidationError(refused.message, code=THROTTLED)
            if "username" in self.errors and self.data.get("password"):
                # An email address no account can have (a NUL character): a failed attempt
                # all the same, counted and audited as such.
                user_login_failed.send(
                    sender=__name__, credentials={"username": typed}, request=self.request
                )
        return super().clean()  # type: ignore[misc]


class LoginForm(LoginThrottleMixin, AuthenticationForm):
    pass


class AdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    pass


def finish_login(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The same ending for every login form: 429 when the throttle refused the attempt, and
    the known-browser cookie after a login that succeeded."""
    if getattr(request, "_login_refused", False):
        response.status_code = 429
    elif request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
        known_browser.remember(request, response, request.user.get_username())
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return finish_login(request, super().post(request, *args, **kwargs))
