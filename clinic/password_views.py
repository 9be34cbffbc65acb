"""Changing a password, and resetting a forgotten one by email: Django's views, our templates,
the authentication audit, and a throttle on reset emails.

A change keeps the session it was made in (Django's PasswordChangeView calls
update_session_auth_hash) and ends every other: each session holds a hash of the password it
was opened with, and the next request of a session whose hash no longer matches is signed out.
A reset does the same to every session, and only sets the password: the person then logs in
as always, second factor included.

The reset page gives the same answer whether or not the address has an account, and whether or
not the throttle held the email back.
"""

import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone
from django.utils.decorators import method_decorator

from clinic.account_forms import ResetRequestForm
from clinic.auth_audit import record_auth_event, unknown_identity
from clinic.lib.client_address import client_address
from clinic.lib.identity import normalise_identity
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome

RESET_WINDOW = datetime.timedelta(hours=1)
# The form field whose error means the current password was wrong.
CURRENT_PASSWORD_FIELD = "old_password"  # noqa: S105


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        record_auth_event(self.request, AuthEventKind.PASSWORD_CHANGED, user=form.user)
        return response

    def form_invalid(self, form) -> HttpResponse:
        if CURRENT_PASSWORD_FIELD in form.errors:
            record_auth_event(
                self.request,
                AuthEventKind.PASSWORD_CHANGED,
                outcome=AuthOutcome.FAILURE,
                user=form.user,
                detail="current password wrong",
            )
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def reset_requests_exhausted(request: HttpRequest, identity: str) -> bool:
    """Whether this identity (as the audit stores it) or this client address has had as many
    reset emails as the hour allows: a count of the audit's recent rows."""
    sent = AuthEvent.objects.filter(
        kind=AuthEventKind.PASSWORD_RESET_REQUESTED,
        outcome=AuthOutcome.SUCCESS,
        at__gte=timezone.now() - RESET_WINDOW,
    )
    if sent.filter(identity=identity).count() >= settings.PASSWORD_RESET_PER_IDENTITY:
        return True
    address = client_address(request)
    return (
        address is not None
        and sent.filter(remote_addr=address).count() >= settings.PASSWORD_RESET_PER_ADDRESS
    )


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"]
        account = next(iter(form.get_users(email)), None)
        # The identity exactly as the audit row below stores it, so that the count finds it.
        identity = (
            normalise_identity(account.get_username()) if account else unknown_identity(email)
        )
        if reset_requests_exhausted(self.request, identity):
            record_auth_event(
                self.request,
                AuthEventKind.PASSWORD_RESET_REQUESTED,
                outcome=AuthOutcome.REFUSED,
                user=account,
                identity=email,
                detail="too many reset emails in the hour; none sent",
            )
            return HttpResponseRedirect(self.get_success_url())
        record_auth_event(
            self.request,
            AuthEventKind.PASSWORD_RESET_REQUESTED,
            user=account,
            identity=email,
            detail="" if account else "no account with this address; no email sent",
        )
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    # Only the password is set; signing in is the usual login, with its second factor.
    post_reset_login = False

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)
        # The first address carries the reset token.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        record_auth_event(self.request, AuthEventKind.PASSWORD_RESET, user=form.user)
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
