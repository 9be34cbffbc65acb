"""One id per request: on the response, in every log line and on the error page.

The id is made here, never taken from the request, so a client cannot plant one in the logs or
in the history. History events and audit rows carry it, which joins a record's change to the
request (and its log lines) that made it.
"""

import logging
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current() -> str:
    """The id of the request being served, or "-" outside one (a command, a shell)."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request `request.request_id` and the response an X-Request-ID header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response.headers[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record, so a line can name the request it came from.

    Django logs a refused request's status line after the middleware has returned, so the id
    is read from the request the record names before the one being served.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            named = getattr(getattr(record, "request", None), "request_id", None)
            record.request_id = named if isinstance(named, str) else current()
        return True
