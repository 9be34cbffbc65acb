"""Log lines: one per event, in plain text or as JSON lines (LOG_FORMAT), never with secrets.

Every line carries its UTC time, level, logger, message and request id; a line about a request
(Django's `django.request` and `django.security` loggers) adds its method, path and status. The
path is the address without its query string, and no line holds a form's fields, a cookie or a
header, so a password, a session or a CSRF token cannot reach the log. A refused request (400,
403, 404, 405) is one line; only a server error (500) keeps its traceback, which JSON carries
as one field.

The formatters are our own rather than python-json-logger's: the fields are fixed and few, the
standard library's json module writes them, and the traceback rule needs the filter below anyway.
"""

import datetime
import json
import logging
from typing import Any

from clinic.lib.request_id import NO_REQUEST


def _utc_time(record: logging.LogRecord) -> str:
    moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _request_fields(record: logging.LogRecord) -> dict[str, Any]:
    request = getattr(record, "request", None)
    status = getattr(record, "status_code", None)
    # django.server's records carry a socket as `request`: only an HttpRequest has a method.
    method = getattr(request, "method", None)
    if not isinstance(method, str):
        return {}
    return {"method": method, "path": getattr(request, "path", ""), "status": status}


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drops the traceback from a record about a request refused with a 4xx status.

    Django logs 403s (and its 400s) with the exception that made them, so that each carries a
    traceback of forty lines for an event that is not an error of the app's.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class PlainFormatter(logging.Formatter):
    """`time level [request id] logger message method path status`, with a 500's traceback
    on the lines that follow."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        fields = _request_fields(record)
        if fields:
            message += " [{method} {path} {status}]".format(**fields)
        # A line break in a message (a path, a name) must not start a line that looks like
        # another event.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        request_id = getattr(record, "request_id", NO_REQUEST)
        line = f"{_utc_time(record)} {record.levelname} [{request_id}] {record.name} {message}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
            **_request_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
