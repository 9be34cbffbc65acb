"""The second factor's pages: set up, verify after the password, and the user's security page
(with the owner's rule for the clinic)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic.lib.request_types import AuthenticatedHttpRequest
from clinic.models import Membership, Role
from clinic.permissions import membership_for, owner_membership_for
from clinic.two_factor import services
from clinic.two_factor.forms import ClinicTwoFactorForm, CodeForm
from clinic.two_factor.gate import Owed, second_factor_owed
from clinic.two_factor.qr import qr_svg, secret_for_typing

VERIFY_HELP = "The 6 digits your authenticator app shows now, or one of your recovery codes."
SETUP_HELP = "The 6 digits the app shows after you add Retest."
REMOVE_HELP = "A code from the app (or a recovery code), to show it is you."


def _next(request: AuthenticatedHttpRequest) -> str:
    """Where to go once the factor is passed: the page asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(page: str, request: AuthenticatedHttpRequest) -> str:
    return f"{resolve_url(page)}?{urlencode({'next': _next(request)})}"


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if services.session_is_verified(request):
        return redirect(_next(request))
    if services.confirmed_device(request.user) is None:
        return redirect(_with_next("clinic:two-factor-setup", request))
    form = CodeForm(request.POST or None, label="Code", help_text=VERIFY_HELP)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = services.code_verify(
            request=request, user=request.user, typed=form.cleaned_data["code"]
        )
        if check.passed:
            return redirect(_next(request))
        form.add_error("code", check.error)
        status = 429 if check.wait else 200
    context = {"form": form, "next": _next(request)}
    return render(request, "two_factor/verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if services.confirmed_device(request.user) is not None:
        # One authenticator per login; a second would be set up without passing the first.
        if services.session_is_verified(request):
            return redirect("clinic:account-security")
        return redirect(_with_next("clinic:two-factor-verify", request))
    form = CodeForm(request.POST or None, label="Code from the app", help_text=SETUP_HELP)
    status = 200
    if request.method == "POST" and form.is_valid():
        check, codes = services.device_confirm(
            request=request, user=request.user, typed=form.cleaned_data["code"]
        )
        if check.passed:
            return _recovery_codes_page(request, codes, next_page=_next(request), first=True)
        form.add_error("code", check.error)
        status = 429 if check.wait else 200
    device = services.pending_device(user=request.user)
    required = second_factor_owed(request.user) is not Owed.NOTHING
    context = {
        "form": form,
        "next": _next(request),
        "qr": qr_svg(device),
        "secret": secret_for_typing(device),
        "required": required,
        # The other pages open only once this is done, unless no factor is owed.
        "show_nav": not required or services.session_is_verified(request),
    }
    return render(request, "two_factor/setup.html", context, status=status)


def _recovery_codes_page(
    request: AuthenticatedHttpRequest, codes: list[str], *, next_page: str, first: bool
) -> HttpResponse:
    # Shown in the answer to the POST that made them, never again: they are not kept anywhere
    # a later page could read them back from, and this page is not stored (no-store).
    spaced = [f"{code[:4]} {code[4:]}" for code in codes]
    context = {"codes": spaced, "first": first, "next": next_page}
    return render(request, "two_factor/recovery_codes.html", context)


def _clinic_membership(request: AuthenticatedHttpRequest) -> Membership | None:
    # Staff may have no clinic: their security page has no clinic section.
    try:
        return membership_for(request)
    except PermissionDenied:
        return None


def _security_page(
    request: AuthenticatedHttpRequest, remove_form: CodeForm | None = None, status: int = 200
) -> HttpResponse:
    device = services.confirmed_device(request.user)
    membership = _clinic_membership(request)
    context = {
        "device": device,
        "codes_left": services.recovery_codes_left(request.user) if device else 0,
        "remove_form": remove_form or CodeForm(label="Code", help_text=REMOVE_HELP),
        "membership": membership,
        "clinic_requires": bool(membership and membership.clinic.two_factor_required),
        "policy_form": ClinicTwoFactorForm(
            initial={"required": "yes" if membership.clinic.two_factor_required else "no"}
        )
        if membership is not None and membership.role == Role.OWNER
        else None,
    }
    return render(request, "two_factor/security.html", context, status=status)


@require_GET
def account_security(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _security_page(request)


@require_POST
def recovery_codes_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    codes = services.recovery_codes_issue(request=request, user=request.user)
    if not codes:
        return redirect("clinic:two-factor-setup")
    return _recovery_codes_page(
        request, codes, next_page=resolve_url("clinic:account-security"), first=False
    )


@require_POST
def two_factor_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CodeForm(request.POST, label="Code", help_text=REMOVE_HELP)
    if not form.is_valid():
        return _security_page(request, form)
    check = services.device_remove(
        request=request, user=request.user, typed=form.cleaned_data["code"]
    )
    if not check.passed:
        form.add_error("code", check.error)
        return _security_page(request, form, status=429 if check.wait else 200)
    messages.success(
        request,
        "The authenticator app and the recovery codes are removed. You were signed out "
        "everywhere else.",
    )
    return redirect("clinic:account-security")


@require_POST
def clinic_two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = owner_membership_for(request)
    form = ClinicTwoFactorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the second factor is required.")
        return redirect("clinic:account-security")
    required = form.cleaned_data["required"]
    services.clinic_two_factor_set(request=request, membership=membership, required=required)
    messages.success(
        request,
        "Every member now needs a second factor."
        if required
        else "Members now choose for themselves whether to use a second factor.",
    )
    return redirect("clinic:account-security")
