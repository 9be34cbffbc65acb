"""The address a request came from, as far as this deployment can trust it.

Without a reverse proxy the peer of the connection is the client. Behind `TRUSTED_PROXY_COUNT`
proxies, each of which appends the address it received the request from to X-Forwarded-For,
the client is the entry that many places from the right: everything to its left was written
by the client itself and may be anything. A request whose header is shorter than that did not
come through every proxy, and its connection's own peer is used instead.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as text, or None when there is none (a unix socket)."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if trusted > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    return _ip_or_none(candidate)


def _ip_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
