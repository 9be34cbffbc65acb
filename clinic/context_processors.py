from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic.models import Membership


def _membership_or_none(request: HttpRequest) -> Membership | None:
    from clinic.permissions import membership_for

    if not request.user.is_authenticated:
        return None
    try:
        return membership_for(request)
    except PermissionDenied:
        return None


def clinic(request: HttpRequest) -> dict[str, object]:
    # django-htmx's {% htmx_script %} looks for `csp_nonce`; django-csp puts it on the request.
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "membership": SimpleLazyObject(lambda: _membership_or_none(request)),
    }
