"""Malformed requests answer 400 with a sentence saying what was wrong, never 500 (T20, T06).

A NUL character, text that is not UTF-8, a broken percent-escape, a damaged htmx header or
cookie, a body or a form too large: each is refused as a whole by one middleware
(clinic/lib/request_guard.py) before any view or query sees it, and nothing is written.
"""

import io

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client as HttpClient

from clinic.errors import NO_FILES, TOO_LARGE, TOO_MANY_FIELDS
from clinic.lib.request_guard import (
    BAD_ADDRESS,
    BAD_CHARSET,
    BAD_COOKIE,
    BAD_FORM,
    BAD_HTMX,
    BAD_QUERY,
)
from clinic.models import AuthEvent, Client
from exercises.models import Exercise
from tests.factories import TEST_PASSWORD, ExerciseFactory

FORM = "application/x-www-form-urlencoded"


def refused(response, reason: str) -> str:
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert reason in body
    assert f"<code>{response['X-Request-ID']}</code>" in body
    assert "Traceback" not in body and "Error" not in body
    return body


@pytest.fixture
def anonymous(db) -> HttpClient:
    return HttpClient()


# The three crashes measured before (T20).


def test_a_nul_character_in_the_login_email_is_a_plain_400_and_counts_as_nothing(anonymous, alice):
    response = anonymous.post(
        "/accounts/login/", {"username": "alice@north\x00side.example", "password": "x"}
    )
    refused(response, BAD_FORM)
    assert not AuthEvent.objects.exists()


def test_an_htmx_request_with_a_broken_current_url_is_a_plain_400(anonymous):
    response = anonymous.get("/", headers={"HX-Request": "true", "HX-Current-URL": "http://[::1/x"})
    refused(response, BAD_HTMX)


def test_a_nul_character_in_an_exercises_cues_is_a_plain_400_and_saves_nothing(
    alice_http, northside
):
    exercise = ExerciseFactory(clinic=northside, cues=["Squeeze at the top."])
    form = alice_http.get(f"/exercises/{exercise.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = alice_http.post(f"/exercises/{exercise.pk}/edit/", data | {"cues": "Lift\x00up"})
    refused(response, BAD_FORM)
    assert Exercise.objects.get(pk=exercise.pk).cues == ["Squeeze at the top."]


# Every part of a request.


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/clients/%00/", BAD_ADDRESS),
        ("/clients/%ff/", BAD_ADDRESS),
        ("/clients/%0a/", BAD_ADDRESS),
        ("/?status=%00", BAD_QUERY),
        ("/?status%00=active", BAD_QUERY),
        ("/?status=%ff%fe", BAD_QUERY),
        ("/?status=%zz", BAD_QUERY),
        ("/?status=%c3(", BAD_QUERY),
        ("/accounts/login/?next=/%00", BAD_QUERY),
    ],
)
def test_a_broken_address_is_a_plain_400(anonymous, alice_http, path, reason):
    for http in (anonymous, alice_http):
        refused(http.get(path), reason)


@pytest.mark.parametrize(
    "body",
    [
        b"name=Ana%00Souza",
        b"name%00=Ana",
        b"name=Ana\x00Souza",
        b"name=%ff%fe",
        b"name=\xff\xfe",
        b"name=100%",
        b"name=%e2%82",
    ],
)
def test_a_broken_form_body_is_a_plain_400_and_saves_nothing(alice_http, body):
    refused(alice_http.generic("POST", "/clients/new/", body, content_type=FORM), BAD_FORM)
    assert not Client.objects.exists()


def test_a_broken_multipart_form_is_a_plain_400(alice_http):
    boundary = "BoUnDaRy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n'.encode()
        + b"\xff\xfeAna\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={boundary}"
    response = alice_http.generic("POST", "/clients/new/", body, content_type=content_type)
    refused(response, BAD_FORM)
    assert not Client.objects.exists()


@pytest.mark.parametrize("charset", ["rot13", "base64", "utf-16", "latin-1", "no-such-charset"])
@pytest.mark.parametrize("kind", [FORM, "multipart/form-data; boundary=x"])
def test_a_form_in_another_character_set_is_a_plain_400(anonymous, charset, kind):
    content_type = f"{kind}; charset={charset}"
    body = b"username=a&password=b"
    response = anonymous.generic("POST", "/accounts/login/", body, content_type=content_type)
    refused(response, BAD_CHARSET)


def test_a_charset_django_cannot_build_a_request_with_is_a_400_from_the_wsgi_application(db):
    # Django reads the charset while building the request, before any middleware: with a
    # query string, a codec that is not a text encoding raised there, and the server answered
    # a bare 500. clinic/wsgi.py takes such a charset out first.
    from clinic.wsgi import application

    answer: list[str] = []
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/accounts/login/",
        "QUERY_STRING": "next=/",
        "CONTENT_TYPE": f"{FORM}; charset=rot13",
        "CONTENT_LENGTH": "21",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b"username=a&password=b"),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    # As the test client does: the test's connection stays open through the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, lambda status, headers: answer.append(status)))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert answer == ["400 Bad Request"]
    assert BAD_CHARSET.encode() in body.replace(b"&#x27;", b"'")


def test_a_form_that_says_it_is_utf8_is_read(alice_http):
    body = "name=Zoë+Ñuñez&date_of_birth=1990-01-02&presenting_complaint=Knee".encode()
    content_type = f"{FORM}; charset=UTF-8"
    response = alice_http.generic("POST", "/clients/new/", body, content_type=content_type)
    assert response.status_code == 302
    assert Client.objects.get().name == "Zoë Ñuñez"


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Target": "client-table\x00"},
        {"HX-Request": "true", "HX-Trigger": "\x1b[31m"},
        {"HX-Request": "true", "HX-Trigger-Name": "\xff\xfe"},
        {"HX-Request": "true", "HX-Current-URL": "http://testserver:99999999/"},
        {"HX-Request": "true", "HX-Current-URL": "http://testserver/\nx"},
        {"HX-Request": "\x00"},
    ],
    ids=["nul-target", "escape-trigger", "latin1-trigger-name", "bad-port", "newline", "nul"],
)
def test_a_damaged_htmx_header_is_a_plain_400(anonymous, alice_http, headers):
    for http in (anonymous, alice_http):
        refused(http.get("/", headers=headers), BAD_HTMX)


def test_the_htmx_headers_a_browser_sends_are_served(alice_http):
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": "http://testserver/?status=active&page=2",
        "HX-Target": "client-table",
        "HX-Trigger": "client-search",
    }
    response = alice_http.get("/", headers=headers)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_a_damaged_cookie_is_a_plain_400(anonymous):
    # Inside quotes, a cookie's octal escape \000 reads as a NUL character.
    cookie = 'retest_session="abcdefgh\\000"'
    response = anonymous.get("/accounts/login/", headers={"Cookie": cookie})
    refused(response, BAD_COOKIE)


# Size limits (Django's DATA_UPLOAD_MAX_*, as set in clinic/settings.py).


def test_a_body_larger_than_any_form_is_a_plain_400(anonymous):
    body = b"username=a&password=" + b"x" * (1024 * 1024)
    refused(anonymous.generic("POST", "/accounts/login/", body, content_type=FORM), TOO_LARGE)


def test_a_form_with_too_many_fields_is_a_plain_400(alice_http):
    data = {f"field{n}": "x" for n in range(600)}
    refused(alice_http.post("/clients/new/", data), TOO_MANY_FIELDS)
    assert not Client.objects.exists()


def test_a_file_is_refused_because_no_form_takes_one(alice_http, tmp_path):
    upload = tmp_path / "notes.txt"
    upload.write_text("Ana Souza")
    with upload.open("rb") as handle:
        response = alice_http.post("/clients/new/", {"name": "Ana Souza", "notes": handle})
    refused(response, NO_FILES)
    assert not Client.objects.exists()


def test_a_long_value_in_a_valid_form_is_still_explained_beside_its_field(alice_http):
    response = alice_http.post("/exercises/new/", {"name": "x" * 10_000})
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()


def test_text_with_accents_emoji_and_line_breaks_is_not_malformed(alice_http):
    notes = "Zoë: knee 🦵 sore\r\nafter\tstairs\x0cpasted from a PDF"
    data = {"name": "Zoë", "date_of_birth": "1990-01-02", "notes": notes}
    assert alice_http.post("/clients/new/", data).status_code == 302
    assert Client.objects.get().notes == notes


# Ids in paths.


@pytest.mark.parametrize(
    "path",
    [
        "/clients/99999999999999999999999999/",
        "/clients/9223372036854775808/edit/",
        "/clients/-1/",
        "/clients/0/",
        "/assessments/99999999999999999999/report.csv",
        "/exercises/1e9/",
    ],
)
def test_a_huge_negative_or_odd_id_is_not_found(alice_http, path):
    assert alice_http.get(path).status_code == 404


# T06: methods the app does not answer.


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT", "PROPFIND", "FOO"])
@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/admin/login/", "/no/such/page/", "/static/css/retest.css"]
)
def test_trace_and_unknown_methods_are_not_allowed_anywhere(anonymous, method, path):
    response = anonymous.generic(method, path)
    assert response.status_code == 405
    # Static files are whitenoise's, which answers with an empty body.
    body = b"".join(response) if response.streaming else response.content
    assert b"Traceback" not in body


def test_a_refused_request_gets_the_same_policy_headers_as_a_page(anonymous):
    response = anonymous.get("/?status=%00")
    assert response["Cache-Control"] == "no-store, private"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_right_password_still_logs_in(anonymous, alice):
    data = {"username": "alice@northside.example", "password": TEST_PASSWORD}
    assert anonymous.post("/accounts/login/", data).status_code == 302


# T06: no error page tells anything of the app's inside.

INTERNALS = ["Traceback", "SELECT", "psycopg", "SECRET_KEY", "DATABASES", "DEBUG", "settings.py"]


def test_no_refusal_page_shows_a_traceback_sql_or_a_setting_name(alice_http, bob_http):
    pages = {
        400: alice_http.get("/?status=%00"),
        403: bob_http.post("/clients/new/"),
        404: alice_http.get("/clients/999999/"),
        405: alice_http.generic("TRACE", "/"),
    }
    for status, response in pages.items():
        assert response.status_code == status
        body = response.content.decode()
        assert not [word for word in INTERNALS if word in body], status
    assert "There is nothing at this address" in pages[404].content.decode()


@pytest.mark.urls("tests.urls_failing")
def test_the_500_page_shows_its_request_id_and_no_internals(alice_http):
    alice_http.raise_request_exception = False
    response = alice_http.get("/explode/")
    body = response.content.decode()
    assert response.status_code == 500
    assert f"<code>{response['X-Request-ID']}</code>" in body
    assert not [word for word in INTERNALS if word in body]
