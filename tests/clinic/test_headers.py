import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def test_pages_send_a_strict_content_security_policy(alice_http):
    response = alice_http.get("/")
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    script_src = csp["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonce = next(s for s in script_src if s.startswith("'nonce-"))[len("'nonce-") : -1]
    # htmx is loaded from our own origin with that nonce, from django-htmx's packaged copy.
    assert re.search(
        rf'<script src="/static/django_htmx/htmx-2[^"]*\.js"[^>]*\bnonce="{re.escape(nonce)}"',
        response.content.decode(),
    )


def test_pages_send_the_other_security_headers_and_are_not_cached(alice_http):
    response = alice_http.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_static_files_are_served_by_whitenoise_with_the_same_policy(client):
    response = client.get("/static/css/retest.css")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_login_page_and_a_not_found_page_carry_the_policy(client, alice_http):
    for response in (client.get("/accounts/login/"), alice_http.get("/no/such/page/")):
        assert "object-src 'none'" in response["Content-Security-Policy"]


def test_htmx_requests_carry_the_csrf_token_from_the_body(alice_http):
    body = alice_http.get("/").content.decode()
    assert re.search(r'<body hx-headers=\'\{"X-CSRFToken": "[^"]+"\}\'', body)


def template_sources() -> list[tuple[str, str]]:
    return [(str(p.relative_to(TEMPLATES)), p.read_text()) for p in TEMPLATES.rglob("*.html")]


@pytest.mark.parametrize(
    ("name", "source"), [pytest.param(n, s, id=n) for n, s in template_sources()]
)
def test_templates_have_no_inline_script_style_or_handlers(name, source):
    assert not re.search(r"<script(?![^>]*\bnonce=)(?![^>]*\bsrc=)", source), "inline <script>"
    assert not re.search(r"\sstyle=", source), "style= attribute"
    assert not re.search(r"\son[a-z]+=", source), "inline event handler"
    assert "hx-on" not in source, "hx-on attribute"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Clients"),
        ("/exercises/", "Exercises"),
        ("/tests/", "Tests"),
        ("/test-sets/", "Tests"),
    ],
)
def test_the_navigation_marks_the_section_a_page_belongs_to(alice_http, url, current):
    body = alice_http.get(url).content.decode()
    assert re.findall(r'aria-current="page">(\w+)</a>', body) == [current]


def test_a_clients_programme_sits_under_clients(alice_http, ana):
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert re.findall(r'aria-current="page">(\w+)</a>', body) == ["Clients"]
