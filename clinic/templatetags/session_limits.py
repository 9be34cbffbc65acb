import time
from typing import Any

from django import template

from clinic.lib import session_limits
from clinic.lib.session_limits import Limits

register = template.Library()


@register.inclusion_tag("clinic/_session_warning.html", takes_context=True)
def session_warning(context: template.Context) -> dict[str, Any]:
    """The banner that warns before the idle sign-out, with what its script needs to know;
    nothing for a signed-out visitor."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    limits = Limits.from_settings()
    left = session_limits.remaining(request.session, time.time(), limits)
    return {
        "show": True,
        "csp_nonce": context.get("csp_nonce", ""),
        "remaining": left,
        "warn_before": limits.warn_before,
        "background_header": session_limits.BACKGROUND_HEADER,
    }
