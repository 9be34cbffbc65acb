"""The owner's members page (roles, deactivation) and every user's clinic chooser."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import member_services
from clinic.auth_audit import record_auth_event
from clinic.lib.request_types import AuthenticatedHttpRequest
from clinic.member_forms import (
    ClinicChoiceForm,
    MemberChangeForm,
    MemberRoleForm,
    ProgrammeLinkDaysForm,
)
from clinic.member_services import StaleMember
from clinic.models import AuthEventKind, AuthOutcome, Clinic, Membership, Role
from clinic.permissions import (
    CHOSEN_MEMBERSHIP,
    CLINICS_OFFERED,
    NO_MEMBERSHIP,
    SIGNED_OUT,
    get_object_for_user,
    owner_membership_for,
)
from clinic.selectors import member_list as select_members
from clinic.two_factor.services import member_second_factor_reset

LIST_TEMPLATE = "clinic/member_list.html"
CHANGED_MEANWHILE = (
    "Another owner changed this member after you opened the page; it now shows them as they "
    "are. Make your change again if it is still needed."
)


def _member_page(
    request: HttpRequest,
    owner: Membership,
    *,
    refused: Membership | None = None,
    error: str = "",
    status: int = 200,
    link_form: ProgrammeLinkDaysForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "owner": owner,
        "members": list(select_members(clinic=owner.clinic)),
        "roles": Role.choices,
        "refused_pk": refused.pk if refused is not None else None,
        "error": error,
        "link_form": link_form
        or ProgrammeLinkDaysForm(initial={"programme_link_days": owner.clinic.programme_link_days}),
    }
    return render(request, LIST_TEMPLATE, context, status=status)


@require_POST
def clinic_programme_links(request: HttpRequest) -> HttpResponse:
    """The owner sets how long the clinic's programme links last; a refused value is shown
    beside the field, with what was typed, as the page's other refusals are."""
    owner = owner_membership_for(request)
    form = ProgrammeLinkDaysForm(request.POST)
    if not form.is_valid():
        return _member_page(request, owner, link_form=form)
    days = form.cleaned_data["programme_link_days"]
    Clinic.objects.filter(pk=owner.clinic_id).update(programme_link_days=days)
    messages.success(request, f"Programme links made from now on last {days} days.")
    return redirect("clinic:member-list")


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    return _member_page(request, owner_membership_for(request))


def _change(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[MemberChangeForm],
    change: Callable[..., Any],
    kind: AuthEventKind,
    detail: Callable[[Any], str],
    done: str,
) -> HttpResponse:
    """Validate, make the change through its service, audit it, and go back to the list; a
    refused change shows the list again with the reason beside the member."""
    owner = owner_membership_for(request)
    member = get_object_for_user(request, Membership.objects.select_related("user"), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        reason = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _member_page(request, owner, refused=member, error=reason)
    fields = dict(form.cleaned_data)
    try:
        result = change(member=member, by=owner, **fields)
    except StaleMember:
        return _member_page(request, owner, refused=member, error=CHANGED_MEANWHILE, status=409)
    except ValidationError as error:
        reason = " ".join(error.messages)
        record_auth_event(
            request,
            kind,
            outcome=AuthOutcome.REFUSED,
            user=member.user,
            clinic=owner.clinic,
            actor=request.user,
            detail=reason,
        )
        return _member_page(request, owner, refused=member, error=reason)
    record_auth_event(
        request,
        kind,
        user=member.user,
        clinic=owner.clinic,
        actor=request.user,
        detail=detail(result),
    )
    messages.success(request, done.format(name=_name(member)))
    return redirect("clinic:member-list")


def _name(member: Membership) -> str:
    return member.user.get_full_name() or member.user.get_username()


@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        MemberRoleForm,
        member_services.member_change_role,
        AuthEventKind.ROLE_CHANGED,
        lambda change: change.detail,
        "Changed the role of {name}.",
    )


@require_POST
def member_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        MemberChangeForm,
        member_services.member_deactivate,
        AuthEventKind.MEMBER_DEACTIVATED,
        lambda member: f"{member.get_role_display().lower()} deactivated",
        "Deactivated {name}: they can no longer open this clinic's records.",
    )


@require_POST
def member_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        MemberChangeForm,
        member_services.member_reactivate,
        AuthEventKind.MEMBER_REACTIVATED,
        lambda member: f"{member.get_role_display().lower()} reactivated",
        "{name} is a member again.",
    )


@require_POST
def member_two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Clear a member's lost second factor; they set up a new one at their next sign-in."""
    owner = owner_membership_for(request)
    member = get_object_for_user(request, Membership.objects.select_related("user"), pk=pk)

    def audit(outcome: AuthOutcome, detail: str) -> None:
        record_auth_event(
            request,
            AuthEventKind.SECOND_FACTOR_REMOVED,
            outcome=outcome,
            user=member.user,
            clinic=owner.clinic,
            actor=request.user,
            detail=detail,
        )

    try:
        ended = member_second_factor_reset(owner=owner, member=member)
    except ValidationError as error:
        reason = " ".join(error.messages)
        audit(AuthOutcome.REFUSED, reason)
        return _member_page(request, owner, refused=member, error=reason)
    audit(
        AuthOutcome.SUCCESS,
        f"reset by the clinic's owner; {ended} session{'s' if ended != 1 else ''} ended",
    )
    messages.success(
        request,
        f"Reset the second factor of {_name(member)}: they set up a new one when they next "
        "sign in.",
    )
    return redirect("clinic:member-list")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") and "\x00" not in target else "/"


@require_http_methods(["GET", "POST"])
def clinic_choose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clinics the user is an active member of, to choose the one to work in. The choice
    is kept in the session (clinic/permissions.py reads it) and audited as a switch."""
    user = request.user
    memberships = list(
        Membership.objects.filter(user_id=user.pk, deactivated_at__isnull=True)
        .select_related("clinic")
        .order_by("clinic__name", "pk")
    )
    if not memberships:
        if Membership.objects.filter(user_id=user.pk).exists():
            logout(request)
            messages.info(request, SIGNED_OUT)
            return redirect("login")
        raise PermissionDenied(NO_MEMBERSHIP)
    current = request.session.get(CHOSEN_MEMBERSHIP)
    form = ClinicChoiceForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["membership"]
        before = next((m for m in memberships if m.pk == current), None)
        request.session[CHOSEN_MEMBERSHIP] = chosen.pk
        request.session[CLINICS_OFFERED] = len(memberships)
        record_auth_event(
            request,
            AuthEventKind.CLINIC_SWITCHED,
            user=user,
            clinic=chosen.clinic,
            detail=f"{before.clinic.name} → {chosen.clinic.name}"
            if before is not None
            else f"chose {chosen.clinic.name}",
        )
        messages.success(request, f"You are working in {chosen.clinic.name}.")
        return redirect(_next(request))
    context = {"memberships": memberships, "form": form, "current": current, "next": _next(request)}
    return render(request, "clinic/clinic_choose.html", context, status=400 if form.errors else 200)
