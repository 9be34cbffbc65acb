"""The one way views reach clinic data: every lookup is filtered by the requesting user's clinic.

An object of another clinic is a 404, exactly like an id that does not exist, so a URL never
confirms that someone else's record exists. A read-only member gets 403 on every write, before
any lookup.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from clinic.lib.request_transaction import scope_to_clinic, unscope
from clinic.models import Membership, Role

M = TypeVar("M", bound=Model)

NO_MEMBERSHIP = "Your account is not part of a clinic yet. Ask your clinic's owner to add you."
READ_ONLY = "Your role in this clinic is read-only."
HISTORY_CLOSED = "A record's history is open to the clinic's owners and clinicians."
CHOOSE_CLINIC = "Choose the clinic to work in."
MEMBERSHIP_ENDED = "Your membership of that clinic has ended. Choose another clinic."
SIGNED_OUT = "Your membership of the clinic has ended, so you have been signed out."
# The session's key for the membership the user chose to work in (its id), and for how many
# clinics they could choose from then (the header offers a switch when there were several).
CHOSEN_MEMBERSHIP = "retest_membership"
CLINICS_OFFERED = "retest_clinics_offered"


class ClinicNotChosen(PermissionDenied):
    """The user belongs to several clinics and has not said which one to work in, or the one
    chosen is no longer theirs: clinic.middleware.ClinicChoiceMiddleware sends them to choose."""


class MembershipEnded(PermissionDenied):
    """Every membership the user had has been deactivated: the middleware ends the session."""


def _chosen_id(request: HttpRequest) -> int | None:
    session = getattr(request, "session", None)
    value = session.get(CHOSEN_MEMBERSHIP) if session is not None else None
    # Only this code writes the value; anything but a positive int is not a choice.
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def membership_for(request: HttpRequest) -> Membership:
    """The membership the signed-in user works in, loaded once per request.

    That is the one the session chose (clinic/member_views.py `clinic_choose`), or, when the
    user has a single active membership, that one, chosen without asking. A user with several
    and no choice is sent to choose (ClinicNotChosen); a choice that no longer names an active
    membership of this user (deactivated since, or a tampered session) is refused the same
    way, never replaced by another clinic. A user whose memberships have all been deactivated
    is signed out (MembershipEnded); one who never had any gets 403.

    The same query scopes the request's transaction to the member's clinic, so PostgreSQL's
    row-level security hides every other clinic's rows from the rest of the request.
    """
    cached = getattr(request, "_membership", None)
    if cached is not None:
        return cached
    user_id = request.user.pk
    if user_id is None:
        raise PermissionDenied(NO_MEMBERSHIP)
    active = Membership.objects.filter(user_id=user_id, deactivated_at__isnull=True)
    chosen = _chosen_id(request)
    candidates = active.filter(pk=chosen) if chosen is not None else active
    # At most two rows: one is the membership; two say there is a choice to make.
    found = list(
        candidates.select_related("clinic").annotate(_scope=scope_to_clinic(F("clinic_id")))[:2]
    )
    if len(found) == 1:
        request._membership = found[0]  # type: ignore[attr-defined]
        return found[0]
    if found:
        # Each row returned set the scope in turn: none of those clinics is the request's.
        unscope()
        raise ClinicNotChosen(CHOOSE_CLINIC)
    if chosen is not None and active.exists():
        raise ClinicNotChosen(MEMBERSHIP_ENDED)
    if Membership.objects.filter(user_id=user_id).exists():
        raise MembershipEnded(MEMBERSHIP_ENDED)
    raise PermissionDenied(NO_MEMBERSHIP)


def writable_membership_for(request: HttpRequest) -> Membership:
    """The membership of a user allowed to change clinic data; 403 for read-only members."""
    membership = membership_for(request)
    if not membership.can_write:
        raise PermissionDenied(READ_ONLY)
    return membership


def history_membership_for(request: HttpRequest) -> Membership:
    """The membership of a user who may read records' history (who changed what): owners and
    clinicians; 403 for read-only members, who see the records but not their past versions."""
    membership = membership_for(request)
    if not membership.can_write:
        raise PermissionDenied(HISTORY_CLOSED)
    return membership


def clinic_queryset(request: HttpRequest, source: type[M] | QuerySet[M]) -> QuerySet[M]:
    """Rows of `source` that belong to the user's clinic.

    The model names the path to its clinic in `clinic_path` ("clinic", "client__clinic", …).
    """
    queryset = source._default_manager.all() if isinstance(source, type) else source
    path = queryset.model.clinic_path  # type: ignore[attr-defined]
    return queryset.filter(**{path: membership_for(request).clinic})


def get_object_for_user(request: HttpRequest, source: type[M] | QuerySet[M], **lookup) -> M:
    """One row of the user's clinic, or 404."""
    return get_object_or_404(clinic_queryset(request, source), **lookup)


def get_rw_object_for_user(request: HttpRequest, source: type[M] | QuerySet[M], **lookup) -> M:
    """One row of the user's clinic that the user may change: 403 if read-only, else 404 or it."""
    writable_membership_for(request)
    return get_object_for_user(request, source, **lookup)


OWNER_ONLY = "Only the clinic's owner can see this page."


def owner_membership_for(request: HttpRequest) -> Membership:
    """The membership of the clinic's owner; 403 for every other role."""
    membership = membership_for(request)
    if membership.role != Role.OWNER:
        raise PermissionDenied(OWNER_ONLY)
    return membership
