"""The logs: one line per event, JSON lines when configured, no tracebacks for refused requests,
and never a password, a session cookie or a CSRF token (T06, T14, T20).

The tests read what the configured handler writes (the `console` handler of clinic/settings.py,
its stream swapped for a buffer), so they check the settings as well as the formatters.
"""

import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from clinic.lib.logs import ClientErrorsWithoutTraceback, JsonFormatter
from clinic.lib.request_id import RequestIdFilter
from tests.clinic.test_settings import run_python
from tests.factories import TEST_PASSWORD

UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@dataclass
class Logs:
    plain: io.StringIO
    json: io.StringIO

    def lines(self) -> list[str]:
        return self.plain.getvalue().splitlines()

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.json.getvalue().splitlines()]

    def everything(self) -> str:
        return self.plain.getvalue() + self.json.getvalue()


def console_handler() -> logging.StreamHandler:
    (handler,) = [h for h in logging.getLogger("django").handlers if h.get_name() == "console"]
    assert handler in logging.getLogger().handlers
    return handler  # type: ignore[return-value]


@pytest.fixture
def logs() -> Iterator[Logs]:
    """What the console handler writes, and what it would write with LOG_FORMAT=json."""
    console = console_handler()
    captured = Logs(plain=io.StringIO(), json=io.StringIO())
    as_json = logging.StreamHandler(captured.json)
    as_json.setFormatter(JsonFormatter())
    as_json.addFilter(RequestIdFilter())
    as_json.addFilter(ClientErrorsWithoutTraceback())
    previous = console.setStream(captured.plain)
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(as_json)
    try:
        yield captured
    finally:
        for logger in loggers:
            logger.removeHandler(as_json)
        console.setStream(previous)


def test_the_plain_format_is_the_default_and_logs_go_to_the_console():
    assert type(console_handler().formatter).__name__ == "PlainFormatter"
    assert settings.LOG_FORMAT == "plain"


def test_a_403_is_one_log_line_without_a_traceback(bob_http, logs):
    response = bob_http.post("/clients/new/", {"name": "Changed"})
    assert response.status_code == 403
    (line,) = logs.lines()
    assert f"WARNING [{response['X-Request-ID']}] django.request Forbidden" in line
    assert line.endswith("[POST /clients/new/ 403]")
    (entry,) = logs.entries()
    assert "exception" not in entry


def test_a_404_is_one_log_line_that_names_its_request(alice_http, logs):
    response = alice_http.get("/clients/999999/")
    assert response.status_code == 404
    (line,) = logs.lines()
    # Django logs a 404 after the middleware has returned: the id comes from the request.
    assert f"[{response['X-Request-ID']}] django.request Not Found: /clients/999999/" in line
    assert "Traceback" not in logs.everything()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/accounts/login/", b"username=a&password=" + b"x" * (1024 * 1024)),
        ("POST", "/accounts/login/", b"username=a%00b&password=x"),
        ("GET", "/?status=%ff", b""),
        ("TRACE", "/", b""),
    ],
    ids=["too-large", "nul", "not-utf8", "trace"],
)
def test_a_refused_request_is_one_line_without_a_traceback(db, logs, method, path, body):
    content_type = "application/x-www-form-urlencoded"
    response = HttpClient().generic(method, path, body, content_type=content_type)
    assert response.status_code in {400, 405}
    (entry,) = logs.entries()
    assert entry["status"] == response.status_code
    assert entry["request_id"] == response["X-Request-ID"]
    assert "exception" not in entry
    assert len(logs.lines()) == 1


@pytest.mark.urls("tests.urls_failing")
def test_a_500_keeps_its_traceback_which_json_carries_as_one_field(alice_http, logs):
    alice_http.raise_request_exception = False
    response = alice_http.get("/explode/")
    assert response.status_code == 500
    (entry,) = logs.entries()
    assert entry["level"] == "ERROR"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: SELECT secret FROM settings" in entry["exception"]
    assert entry["request_id"] == response["X-Request-ID"]
    assert "Traceback (most recent call last):" in logs.plain.getvalue()


def test_a_json_line_has_the_time_in_utc_the_level_logger_message_and_request(alice_http, logs):
    response = alice_http.get("/no/such/page/")
    (entry,) = logs.entries()
    assert UTC_TIME.match(entry["time"])
    assert entry == {
        "time": entry["time"],
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /no/such/page/",
        "request_id": response["X-Request-ID"],
        "method": "GET",
        "path": "/no/such/page/",
        "status": 404,
    }


def test_a_line_outside_a_request_says_so(logs):
    logging.getLogger("clinic").warning("backup finished late")
    (entry,) = logs.entries()
    assert entry["request_id"] == "-"
    assert "method" not in entry
    assert logs.lines()[0].endswith("WARNING [-] clinic backup finished late")


def test_a_line_break_in_a_message_cannot_start_a_forged_line(logs):
    logging.getLogger("clinic").warning("Not Found: /x\n2026-01-01T00:00:00.000Z INFO forged")
    assert len(logs.lines()) == 1
    assert len(logs.entries()) == 1


def test_no_password_session_cookie_or_csrf_token_reaches_the_log(alice, logs):
    # T14: a failed login, a refused one and a logged-in session's errors, then grep the log.
    wrong = "Wrong-Horse-Battery-7731"
    browser = HttpClient(enforce_csrf_checks=True)
    browser.get("/accounts/login/")
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME].value
    form = {"username": alice.user.username, "csrfmiddlewaretoken": csrf}
    assert browser.post("/accounts/login/", form | {"password": wrong}).status_code == 200
    assert browser.post("/accounts/login/", form | {"password": f"{wrong}\x00"}).status_code == 400
    assert browser.post("/accounts/login/", {"password": wrong}).status_code == 403  # no token
    assert browser.post("/accounts/login/", form | {"password": TEST_PASSWORD}).status_code == 302
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    browser.get("/no/such/page/")
    browser.get("/?status=%00")
    browser.post("/clients/new/", {"name": "Ana", "csrfmiddlewaretoken": csrf})

    written = logs.everything()
    assert logs.lines(), "the refused requests were logged"
    for secret in (wrong, TEST_PASSWORD, session, csrf):
        assert secret not in written


@pytest.mark.parametrize(
    ("value", "formatter"), [("json", "JsonFormatter"), ("JSON", "JsonFormatter"), ("", "Plain")]
)
def test_log_format_chooses_the_formatter(value, formatter):
    code = (
        "import django, logging; django.setup(); "
        "print(type(logging.getLogger('django').handlers[0].formatter).__name__)"
    )
    result = run_python(code, {"DEBUG": "1", "LOG_FORMAT": value})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(formatter)


@pytest.mark.parametrize(("name", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "LOUD")])
def test_a_log_setting_that_cannot_be_understood_stops_the_start(name, value):
    result = run_python("import django; django.setup()", {"DEBUG": "1", name: value})
    assert result.returncode != 0
    assert f"{name} must be one of" in result.stderr
