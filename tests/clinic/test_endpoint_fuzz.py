"""Fuzzing every endpoint (T20): no input gives a 5xx or a database error, and a refused request
writes nothing.

Every route of tests/access.py (ROUTES, built as tests/clinic/test_access_policy.py builds them),
the routes that carry their own checks (EXEMPT: login, logout, …) and the admin's login are sent
Hypothesis-made requests by an anonymous visitor, a clinician and a read-only member: any method,
query strings and form bodies with NUL characters, bytes that are not UTF-8, broken escapes, huge
and negative numbers and long text, under the page's own field names and made-up ones, in other
character sets, with damaged htmx headers, and ids in the path that are huge, negative or zero.
A route added to ROUTES or EXEMPT is fuzzed without a change here.

Examples per endpoint and role: RETEST_FUZZ_EXAMPLES, 5 by default (derandomized, so that the
suite gives the same answer every run); a nightly run sets it to a few hundred and draws them
at random.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.lib.request_guard import refuse_other_charsets
from clinic.models import AuthEvent
from tests.access import EXEMPT, ROUTES, Objects
from tests.clinic.test_access_policy import objects, snapshot  # noqa: F401 (a fixture)

EXAMPLES = int(os.environ.get("RETEST_FUZZ_EXAMPLES", "5"))
settings.register_profile(
    "endpoint-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="RETEST_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[Objects], str]
    # The kind of tests/access.py, or "exempt" for a route that carries its own checks.
    kind: str
    scoped: bool


def _patterns(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = entry
    return found


# A value of each kind an address can hold: an id, a word, a uuid, a slug, a 43-character token.
SAMPLE_ARGUMENTS = ["1", "x", "00000000-0000-4000-8000-000000000000", "1-x", "A" * 43]


def _exempt_url(name: str) -> str:
    """The route's address, with a value that fits each of its converters (a token, an id)."""
    pattern = _patterns()[name].pattern
    converters = getattr(pattern, "converters", {})
    kwargs = {}
    for argument, converter in converters.items():
        fitting = [s for s in SAMPLE_ARGUMENTS if re.fullmatch(converter.regex, s)]
        if not fitting:
            raise LookupError(f"add a value for {name}'s <{argument}> to SAMPLE_ARGUMENTS")
        kwargs[argument] = converter.to_python(fitting[0])
    return reverse(name, kwargs=kwargs)


def endpoints() -> list[Endpoint]:
    every = [Endpoint(name, r.url, r.kind, r.scoped) for name, r in ROUTES.items()]
    for name in sorted(EXEMPT):
        url = _exempt_url(name)
        every.append(Endpoint(name, lambda o, url=url: url, "exempt", scoped=False))
    every.append(Endpoint("admin:login", lambda o: "/admin/login/", "exempt", scoped=False))
    return every


ENDPOINTS = endpoints()
ROLES = {"anonymous": None, "clinician": "alice", "read-only": "bob"}

# What a nasty field name or value can be.
NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "%ff%fe",
    "%zz",
    "%",
    "\ufffd",
    "\u202e",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\r\nSet-Cookie: x=1",
    "NaN",
    "-inf",
    "1e999999",
    "-1",
    "0",
    "9" * 40,
    "2026-02-30",
    "",
    " ",
]
texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=2_000, max_value=20_000).map(lambda n: "é" * n),
)
raw_bytes = st.one_of(st.binary(max_size=24), texts.map(lambda t: t.encode("utf-8", "replace")))
COMMON_FIELDS = ["name", "q", "status", "page", "next", "username", "password", "version", "value"]
ODD_IDS = [0, -1, 2**31, 2**63, 10**30]
HTMX_HEADERS = ["HX-Current-URL", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-Prompt"]
HEADER_VALUES = [
    "http://[::1/x",
    "http://testserver:99999/",
    "client-table\x00",
    "\x1b[2J",
    "\xff\xfe",
    "javascript:alert(1)",
    "http://testserver/?q=%ff",
    "x" * 5_000,
]
CHARSETS = [None, "utf-8", "UTF-8", "latin-1", "utf-16", "rot13", "base64", "no-such"]


def _encode(data: st.DataObject, raw: bytes) -> bytes:
    """A name or value as it travels: escaped properly, escaped byte by byte, or left raw."""
    how = data.draw(st.sampled_from(["escaped", "raw"]))
    return quote_from_bytes(raw).encode() if how == "escaped" else raw


def _pairs(data: st.DataObject, fields: list[str], most: int) -> bytes:
    names = st.one_of(st.sampled_from(fields), texts).map(lambda t: t.encode("utf-8", "replace"))
    pairs = data.draw(st.lists(st.tuples(names, raw_bytes), max_size=most))
    return b"&".join(_encode(data, k) + b"=" + _encode(data, v) for k, v in pairs)


def _path(data: st.DataObject, endpoint: Endpoint, northside: Objects) -> str:
    if endpoint.scoped and data.draw(st.booleans()):
        odd = data.draw(st.sampled_from(ODD_IDS))
        return endpoint.url({key: SimpleNamespace(pk=odd) for key in northside})
    return endpoint.url(northside)


def _send(http: HttpClient, data: st.DataObject, endpoint: Endpoint, northside, fields):
    path = _path(data, endpoint, northside)
    query = _pairs(data, fields, most=3).decode("latin-1")
    if query:
        path += ("&" if "?" in path else "?") + query
    method = data.draw(st.sampled_from(["GET", "POST", "POST", "HEAD", "PUT", "DELETE"]))
    headers: dict[str, Any] = {}
    if data.draw(st.booleans()):
        headers["HX-Request"] = "true"
        for name in data.draw(st.lists(st.sampled_from(HTMX_HEADERS), max_size=2, unique=True)):
            headers[name] = data.draw(st.sampled_from(HEADER_VALUES) | st.text(max_size=20))
    if method == "GET" or method == "HEAD":
        return http.generic(method, path, headers=headers)
    body = _pairs(data, fields, most=6)
    kind = data.draw(st.sampled_from(["urlencoded", "multipart"]))
    if kind == "multipart":
        # As a browser sends a form, with the test client's own encoding of each part.
        names = st.one_of(st.sampled_from(fields), texts)
        form = data.draw(st.dictionaries(names, texts, max_size=6))
        return (
            http.post(path, form, headers=headers)
            if method == "POST"
            else http.generic(method, path, headers=headers)
        )
    content_type = "application/x-www-form-urlencoded"
    charset = data.draw(st.sampled_from(CHARSETS))
    if charset:
        content_type += f"; charset={charset}"
    return http.generic(method, path, body, content_type=content_type, headers=headers)


class Browser(HttpClient):
    """The test client, with each request's environ passed through what clinic/wsgi.py puts in
    front of Django."""

    def request(self, **request: Any) -> Any:
        return super().request(**refuse_other_charsets(request))


@pytest.fixture(params=list(ROLES), ids=list(ROLES))
def http(request, db) -> HttpClient:
    browser = Browser()
    if membership := ROLES[request.param]:
        browser.force_login(request.getfixturevalue(membership).user)
    return browser


_FIELDS: dict[str, list[str]] = {}


def _field_names(alice_http: HttpClient, endpoint: Endpoint, northside: Objects) -> list[str]:
    """The names of the fields the page's forms send, as the clinician sees the page."""
    if endpoint.name not in _FIELDS:
        response = alice_http.get(endpoint.url(northside))
        html = response.get("Content-Type", "").startswith("text/html")
        page = response.content.decode() if response.status_code == 200 and html else ""
        _FIELDS[endpoint.name] = sorted(
            set(re.findall(r'name="([^"]+)"', page)) | set(COMMON_FIELDS)
        )
    return _FIELDS[endpoint.name]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
@settings(settings.get_profile("endpoint-fuzz"))
@given(data=st.data())
def test_no_request_to_any_endpoint_fails_or_writes_when_refused(
    alice_http,
    http,
    objects,  # noqa: F811 (the policy test's fixture)
    endpoint,
    data,
):
    fields = _field_names(alice_http, endpoint, objects)
    before = snapshot()
    sign_ins = AuthEvent.objects.count()

    response = _send(http, data, endpoint, objects, fields)

    assert response.status_code < 500
    login_redirect = response.status_code == 302 and response.get("Location", "").startswith(
        "/accounts/login/"
    )
    if response.status_code >= 400 or (login_redirect and endpoint.kind != "exempt"):
        assert snapshot() == before
    if response.status_code == 400:
        # Malformed: refused before any view, so not even a failed login is counted.
        assert AuthEvent.objects.count() == sign_ins


def test_every_route_of_the_policy_table_and_every_exempt_route_is_fuzzed():
    fuzzed = {endpoint.name for endpoint in ENDPOINTS}
    assert set(ROUTES) | set(EXEMPT) | {"admin:login"} == fuzzed
