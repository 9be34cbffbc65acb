"""Invitations: how an owner brings a new member into the clinic.

The owner names an email address and a role; the person at that address gets a link that works
once, for `settings.INVITATION_DAYS` days, until the owner revokes it. Someone new sets their
name and password on the link's page and is signed in; someone who already has a login signs
in first and then accepts. Either way the invitation becomes exactly one membership: accepting
is a conditional UPDATE of a still-pending row, so two acceptances at once cannot both win.

The link carries a random token; the table holds only its SHA-256, so neither a copy of the
database nor the owner's page can rebuild a link. Sending again makes a new token (the old
link stops working) and a new expiry.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.lib.identity import normalise_identity
from clinic.lib.request_transaction import scope_transaction_to
from clinic.models import Clinic, Invitation, Membership, Role

ALREADY_MEMBER = "{email} is already a member of this clinic."
ALREADY_INVITED = (
    "{email} has an invitation waiting. Send it again from the list of invitations instead."
)
YOU_ARE_ALREADY_A_MEMBER = "You are already a member of {clinic}."
MEMBERSHIP_REFUSED = "Your login could not be added to {clinic}. Ask its owner for help."
# A token has 43 characters (32 random bytes); a longer one cannot be ours and is not hashed.
TOKEN_BYTES = 32
LONGEST_TOKEN = 64


class InvitationGone(Exception):
    """The invitation was accepted, revoked or expired while the person was on its page."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.INVITATION_DAYS)


def pending_invitations(now: datetime.datetime | None = None) -> QuerySet[Invitation]:
    """Invitations that can still be accepted."""
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
    )


def account_for(email: str) -> User | None:
    """The login an invitation's address names, if there is one."""
    identity = normalise_identity(email)
    return (
        get_user_model()
        ._default_manager.filter(Q(username=identity) | Q(email__iexact=identity))
        .order_by("pk")
        .first()
    )


def is_addressed_to(invitation: Invitation, user: AbstractBaseUser) -> bool:
    """Whether the signed-in user is the person the invitation was sent to."""
    addresses = {normalise_identity(user.get_username()), normalise_identity(user.email)}  # type: ignore[attr-defined]
    return invitation.email in addresses


def invitation_create(
    *, clinic: Clinic, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """A new invitation and the token for its link (given out once, never stored).

    Refused, beside the email field, for someone who is already a member of the clinic or
    who has an invitation waiting."""
    email = normalise_identity(email)
    members = Membership.objects.filter(clinic=clinic)
    if members.filter(Q(user__username=email) | Q(user__email__iexact=email)).exists():
        raise ValidationError({"email": ALREADY_MEMBER.format(email=email)})
    if pending_invitations().filter(clinic=clinic, email=email).exists():
        raise ValidationError({"email": ALREADY_INVITED.format(email=email)})
    token, digest = _new_token()
    now = timezone.now()
    invitation = Invitation(
        clinic=clinic,
        email=email,
        role=role,
        token_hash=digest,
        created_by=invited_by,
        created_at=now,
        expires_at=_expiry(now),
    )
    invitation.full_clean()
    invitation.save()
    return invitation, token


def invitation_renew(*, invitation: Invitation) -> str:
    """A new token and a new expiry for an invitation not yet accepted or revoked; the link
    sent before stops working. Raises InvitationGone if it was accepted or revoked meanwhile."""
    token, digest = _new_token()
    now = timezone.now()
    expires_at = _expiry(now)
    changed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(token_hash=digest, expires_at=expires_at)
    if not changed:
        raise InvitationGone
    invitation.token_hash, invitation.expires_at = digest, expires_at
    return token


def invitation_revoke(*, invitation: Invitation) -> None:
    """The link stops working at once. Raises InvitationGone if it was accepted meanwhile."""
    now = timezone.now()
    changed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    if not changed:
        raise InvitationGone
    invitation.revoked_at = now


def invitation_send(*, invitation: Invitation, link: str) -> None:
    """The invitation's email, through the configured email backend."""
    context = {
        "invitation": invitation,
        "link": link,
        "clinic": invitation.clinic.name,
        "role": Role(invitation.role).label,
        "invited_by": invitation.created_by.get_full_name() or invitation.created_by.username,
    }
    subject = render_to_string("clinic/email/invitation_subject.txt", context)
    body = render_to_string("clinic/email/invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation a link's token opens, or None: a wrong, used, expired or revoked
    token all look the same."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    return (
        pending_invitations()
        .select_related("clinic", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make the invitation `user`'s membership of its clinic, once.

    The UPDATE names the invitation as still pending, so of two acceptances at once the second
    finds nothing to update (PostgreSQL re-reads the row after the first commits) and raises
    InvitationGone; its whole transaction, a new account included, rolls back."""
    with transaction.atomic():
        # The person is not yet a member: the transaction takes the invitation's clinic as its
        # row-level security scope, so that the invitation and membership rows may be written.
        scope_transaction_to(invitation.clinic_id)
        if Membership.objects.filter(user=user, clinic_id=invitation.clinic_id).exists():
            raise ValidationError(YOU_ARE_ALREADY_A_MEMBER.format(clinic=invitation.clinic.name))
        now = timezone.now()
        accepted = Invitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if not accepted:
            raise InvitationGone
        membership = Membership(user=user, clinic_id=invitation.clinic_id, role=invitation.role)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            # A membership the check above could not see (one made at the same moment, or
            # one the database's own rules allow no second of).
            raise ValidationError(
                MEMBERSHIP_REFUSED.format(clinic=invitation.clinic.name)
            ) from None
    invitation.accepted_at, invitation.accepted_by = now, user
    return membership


def invitation_accept_as_new_account(
    *, invitation: Invitation, name: str, password: str
) -> Membership:
    """A login for the invited address, with this name and password, and its membership.

    The password has been checked by the form (the rules in AUTH_PASSWORD_VALIDATORS)."""
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User(username=invitation.email, email=invitation.email, first_name=name)
            user.set_password(password)
            user.save()
            return invitation_accept(invitation=invitation, user=user)
    except IntegrityError:
        # Someone else accepting the same link just made this login.
        raise InvitationGone from None
