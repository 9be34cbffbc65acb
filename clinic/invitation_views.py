"""The owner's invitation pages, and the page an invitation's link opens."""

import logging
import smtplib
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import page_not_found

from clinic import invitations
from clinic.account_forms import InvitationForm, NewMemberForm
from clinic.auth_audit import record_auth_event
from clinic.invitations import InvitationGone
from clinic.lib.request_types import AuthenticatedHttpRequest
from clinic.models import AuthEventKind, AuthOutcome, Invitation, Membership, Role
from clinic.permissions import (
    CHOSEN_MEMBERSHIP,
    CLINICS_OFFERED,
    clinic_queryset,
    get_object_for_user,
    owner_membership_for,
)

logger = logging.getLogger(__name__)

SENT = "Invitation sent to {email}."
SENT_AGAIN = "Invitation sent again to {email}. The link sent before no longer works."
REVOKED = "The invitation to {email} is withdrawn; its link no longer works."
NOT_SENT = (
    "The invitation to {email} is saved, but the email could not be sent. "
    "Try Send again in a few minutes; if it keeps failing, check the email settings."
)
GONE = "That invitation was accepted or withdrawn meanwhile."
JOINED = "Welcome to {clinic}."
# A new login is signed in with the password it just set: the app's own backend.
SIGN_IN_BACKEND = "clinic.auth.IdentityBackend"


def _link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("invitation-accept", args=[token]))


def _send(request: HttpRequest, invitation: Invitation, token: str, detail: str) -> bool:
    """Email the invitation and audit it; False when the email could not be handed over (the
    invitation stays, and the owner can send it again)."""
    try:
        invitations.invitation_send(invitation=invitation, link=_link(request, token))
    except (smtplib.SMTPException, OSError):
        logger.warning("The invitation %s could not be emailed", invitation.pk, exc_info=True)
        sent = False
    else:
        sent = True
    record_auth_event(
        request,
        AuthEventKind.MEMBER_INVITED,
        outcome=AuthOutcome.SUCCESS if sent else AuthOutcome.FAILURE,
        user=invitations.account_for(invitation.email),
        identity=invitation.email,
        clinic=invitation.clinic,
        actor=request.user,  # type: ignore[arg-type]
        detail=detail if sent else f"{detail}; the email could not be sent",
    )
    if not sent:
        messages.error(request, NOT_SENT.format(email=invitation.email))
    return sent


@require_http_methods(["GET", "POST"])
def invitation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = owner_membership_for(request)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            invitation, token = invitations.invitation_create(
                clinic=membership.clinic, email=email, role=role, invited_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _send(request, invitation, token, f"{email} invited as {Role(role).label}"):
                messages.success(request, SENT.format(email=email))
            return redirect("clinic:invitation-list")
    return render(request, "clinic/invitation_create.html", {"form": form})


@require_GET
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clinic's invitations not yet accepted or withdrawn, expired ones too (they can be
    sent again)."""
    owner_membership_for(request)
    rows = (
        clinic_queryset(request, Invitation)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("created_by")
    )
    return render(
        request, "clinic/invitation_list.html", {"rows": list(rows), "now": timezone.now()}
    )


def _open_invitation(request: HttpRequest, pk: int) -> Invitation:
    owner_membership_for(request)
    return get_object_for_user(
        request,
        Invitation.objects.select_related("clinic", "created_by"),
        pk=pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )


@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(request, pk)
    try:
        token = invitations.invitation_renew(invitation=invitation)
    except InvitationGone:
        messages.error(request, GONE)
    else:
        if _send(request, invitation, token, f"invitation sent again to {invitation.email}"):
            messages.success(request, SENT_AGAIN.format(email=invitation.email))
    return redirect("clinic:invitation-list")


@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(request, pk)
    try:
        invitations.invitation_revoke(invitation=invitation)
    except InvitationGone:
        messages.error(request, GONE)
    else:
        record_auth_event(
            request,
            AuthEventKind.INVITATION_REVOKED,
            user=invitations.account_for(invitation.email),
            identity=invitation.email,
            clinic=invitation.clinic,
            actor=request.user,
            detail=f"invitation to {invitation.email} withdrawn",
        )
        messages.success(request, REVOKED.format(email=invitation.email))
    return redirect("clinic:invitation-list")


def _no_referrer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The link's token is in the page's address: no request from the page may carry it on."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _not_found(request: HttpRequest) -> HttpResponse:
    return page_not_found(request, Http404())


@login_not_required
@require_http_methods(["GET", "POST"])
@_no_referrer
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A wrong, used, expired or withdrawn link is the one 404 page. A signed-in invitee
    confirms; someone with a login signs in first; someone new sets a name and password."""
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        return _not_found(request)
    context: dict[str, object] = {"invitation": invitation, "role": Role(invitation.role).label}
    user = request.user
    if user.is_authenticated:
        if not invitations.is_addressed_to(invitation, user):
            return render(request, "registration/invitation_accept.html", context | {"other": True})
        if request.method == "POST":
            return _accept(request, invitation, user, context)
        return render(request, "registration/invitation_accept.html", context | {"confirm": True})
    if invitations.account_for(invitation.email) is not None:
        login_url = reverse("login") + "?" + urlencode({"next": request.path})
        context |= {"sign_in": True, "login_url": login_url}
        return render(request, "registration/invitation_accept.html", context)
    form = NewMemberForm(request.POST if request.method == "POST" else None, invitation=invitation)
    if form.is_valid():
        try:
            membership = invitations.invitation_accept_as_new_account(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationGone:
            return _not_found(request)
        login(request, membership.user, backend=SIGN_IN_BACKEND)
        return _joined(request, invitation, membership, clinics=1)
    return render(request, "registration/invitation_accept.html", context | {"form": form})


def _accept(request: HttpRequest, invitation: Invitation, user, context: dict) -> HttpResponse:
    # Counted before the acceptance scopes the transaction to the new clinic, after which
    # row-level security shows only that clinic's memberships.
    clinics = Membership.objects.filter(user=user, deactivated_at__isnull=True).count() + 1
    try:
        membership = invitations.invitation_accept(invitation=invitation, user=user)
    except InvitationGone:
        return _not_found(request)
    except ValidationError as error:
        return render(
            request,
            "registration/invitation_accept.html",
            context | {"confirm": True, "refused": error.messages},
        )
    return _joined(request, invitation, membership, clinics=clinics)


def _joined(
    request: HttpRequest, invitation: Invitation, membership: Membership, *, clinics: int
) -> HttpResponse:
    """The new member is signed in and working in the clinic they have just joined, one of
    `clinics` they now belong to."""
    user = membership.user
    request.session[CHOSEN_MEMBERSHIP] = membership.pk
    request.session[CLINICS_OFFERED] = clinics
    record_auth_event(
        request,
        AuthEventKind.MEMBER_JOINED,
        user=user,
        clinic=invitation.clinic,
        detail=f"joined as {Role(invitation.role).label}, invited by "
        f"{invitation.created_by.username}",
    )
    messages.success(request, JOINED.format(clinic=invitation.clinic.name))
    return redirect("clinic:home")
