"""Who made a change, and through what: the context django-pghistory writes into each event.

A request's events carry its user, its request id and its path; a management command's carry
the command's name. pghistory puts the context into the same statement as each write (a
`set_config` in front of it), so recording it costs no query of its own.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pghistory
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from pghistory import middleware

from clinic.lib import request_id


class HistoryContextMiddleware(middleware.HistoryMiddleware):
    """pghistory's middleware, with the request id, for every method.

    pghistory's own covers a fixed list of methods; here any request that reaches a view is
    covered, so no verb can write without saying who wrote. Placed after the authentication
    middleware; a login or logout during the request updates the user (pghistory's request
    classes do that).
    """

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {**super().get_context(request), "request_id": request_id.current()}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with pghistory.context(**self.get_context(request)):
            if isinstance(request, WSGIRequest):
                request.__class__ = middleware.WSGIRequest
            elif isinstance(request, ASGIRequest):
                request.__class__ = middleware.ASGIRequest
            return self.get_response(request)


@contextmanager
def command_context(argv: Sequence[str]) -> Iterator[None]:
    """Names the management command in the history of what it changes (`manage.py <name>`)."""
    name = argv[1] if len(argv) > 1 else "help"
    with pghistory.context(command=name, request_id=request_id.current()):
        yield
