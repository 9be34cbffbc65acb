from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic.models import Membership
from clinic.permissions import CLINICS_OFFERED, membership_for


def _membership_or_none(request: HttpRequest) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    try:
        return membership_for(request)
    except PermissionDenied:
        return None


def _clinics_offered(request: HttpRequest) -> int:
    session = getattr(request, "session", None)
    offered = session.get(CLINICS_OFFERED) if session is not None else None
    return offered if isinstance(offered, int) else 0


# Which navigation item a page belongs to. Everything about one client (their rounds, report,
# programme) sits under Clients; the catalog, the test library, the owner's access audit and
# members page have their own, and so does the user's security page.
NAV_SECTIONS = {
    "exercise-": "exercises",
    "test-": "tests",
    "audit-": "audit",
    "member-": "members",
    "clinic-choose": "clinic",
    "invitation-": "members",
    "account-": "account",
    "two-factor-": "account",
    "clinic-two-factor": "account",
}


def _nav_section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match and match.url_name else ""
    for prefix, section in NAV_SECTIONS.items():
        if name.startswith(prefix):
            return section
    return "clients"


def clinic(request: HttpRequest) -> dict[str, object]:
    # django-htmx's {% htmx_script %} looks for `csp_nonce`; django-csp puts it on the request.
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "membership": SimpleLazyObject(lambda: _membership_or_none(request)),
        "nav_section": _nav_section(request),
        # A user who chose among several clinics is offered the switch in the header. Read
        # from the session, which every signed-in request has loaded already: no query.
        "can_switch_clinic": SimpleLazyObject(lambda: _clinics_offered(request) > 1),
    }
