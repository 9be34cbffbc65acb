"""Requests no browser would send are refused with a 400 before any view reads them.

A browser sends UTF-8, percent-encodes properly, never puts a NUL character in a form and sends
htmx's headers as htmx wrote them. Anything else is a crafted or damaged request: it gets the
400 page with a sentence saying what was wrong (clinic.errors.bad_request), and nothing of it
reaches a form, a query or the database, where a NUL character alone is an error PostgreSQL
raises. Methods the app never answers (TRACE, CONNECT, made-up ones) get 405 here.

A value that is well formed but out of range (a pain of 11, a name too long) is not this
module's business: its form reports it beside the field.
"""

import codecs
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils.http import parse_header_parameters

# Every method a view of ours or Django's answers; each view then allows only its own.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ANSWERED_METHODS = ["GET", "HEAD", "POST"]

# The request headers htmx sends; the first is the only one that holds a URL.
HTMX_URL_HEADERS = ("HX-Current-URL",)
HTMX_HEADERS = (
    "HX-Request",
    "HX-Boosted",
    "HX-Current-URL",
    "HX-History-Restore-Request",
    "HX-Prompt",
    "HX-Target",
    "HX-Trigger",
    "HX-Trigger-Name",
)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# C0 controls and DEL: no address, header or cookie of ours holds one. Form values and query
# strings may (text pasted from elsewhere carries tabs and form feeds), all but NUL, the one
# character a PostgreSQL text column cannot store.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NUL = "\x00"
_BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")

BAD_ADDRESS = "The address is not valid: it holds a character no page address can have."
BAD_QUERY = "The address is not valid: its query string is not properly encoded UTF-8."
BAD_FORM = (
    "The form could not be read: it holds a character that cannot be stored (such as a NUL "
    "character) or text that is not properly encoded UTF-8."
)
BAD_CHARSET = "The form could not be read: it was sent in a character set other than UTF-8."
BAD_HTMX = "The page sent a damaged request header. Reload the page and try again."
BAD_COOKIE = "A cookie of this site is damaged. Clear this site's cookies and log in again."


# Set by `refuse_other_charsets`; a key no header can produce (those all start with HTTP_).
CHARSET_REFUSED = "retest.charset_refused"


class MalformedRequest(BadRequest):
    """A request refused as a whole; its message says why, in plain words, on the 400 page."""


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _wsgi_bytes(value: str) -> bytes:
    # WSGI hands over the request line and headers as bytes decoded as Latin-1.
    return value.encode("latin-1", errors="replace")


def _encoded_pairs_are_clean(raw: bytes) -> bool:
    """True when each name and value of `a=1&b=2` is well-escaped UTF-8 without NUL."""
    if _BROKEN_ESCAPE.search(raw):
        return False
    for pair in raw.split(b"&"):
        text = _utf8(unquote_to_bytes(pair.replace(b"+", b" ")))
        if text is None or _NUL in text:
            return False
    return True


def _text_is_clean(values: Iterable[str]) -> bool:
    return not any(_NUL in value for value in values)


def _check_address(request: HttpRequest) -> None:
    # Django has already decoded the path, escaping again each byte that was not UTF-8: an
    # escape left in it is such a byte (or an escape escaped twice), never an address of ours.
    if _CONTROL.search(request.path_info) or _ESCAPE.search(request.path_info):
        raise MalformedRequest(BAD_ADDRESS)
    if not _encoded_pairs_are_clean(_wsgi_bytes(request.META.get("QUERY_STRING", ""))):
        raise MalformedRequest(BAD_QUERY)


def _check_headers(request: HttpRequest) -> None:
    for name in HTMX_HEADERS:
        value = request.headers.get(name)
        if value is None:
            continue
        text = _utf8(_wsgi_bytes(value))
        if text is None or _CONTROL.search(text):
            raise MalformedRequest(BAD_HTMX)
        if name in HTMX_URL_HEADERS:
            try:
                urlsplit(text).port  # noqa: B018 (a malformed port raises only when read)
            except ValueError:
                raise MalformedRequest(BAD_HTMX) from None
    if any(_CONTROL.search(text) for item in request.COOKIES.items() for text in item):
        raise MalformedRequest(BAD_COOKIE)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def refuse_other_charsets(environ: dict[str, Any]) -> dict[str, Any]:
    """The WSGI environ with a Content-Type's charset other than UTF-8 taken out and noted.

    Django reads the charset while it builds the request, before any middleware: a codec that
    is not a text encoding (rot13, base64) with a query string makes that raise, and the server
    answers a bare 500. Without the charset the request can be built, and the middleware
    refuses it with the 400 page. clinic/wsgi.py applies this to every request.
    """
    content_type = environ.get("CONTENT_TYPE", "")
    if "charset" not in content_type.lower():
        return environ
    kind, params = parse_header_parameters(content_type)
    charset = params.get("charset")
    if charset is None or _is_utf8(charset):
        return environ
    return {**environ, "CONTENT_TYPE": kind, CHARSET_REFUSED: True}


def wsgi_application(application: Callable[..., Any]) -> Callable[..., Any]:
    """`application` (Django's WSGI handler) behind `refuse_other_charsets`."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return application(refuse_other_charsets(environ), start_response)

    return guarded


# The attribute `takes_upload` puts on a view: the largest body, in bytes, it accepts.
UPLOAD_LIMIT = "retest_upload_limit"


def takes_upload(max_bytes: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Marks the one kind of view that takes a file: its multipart body may hold one, up to
    `max_bytes` in all. Put it outermost, above the view's other decorators."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        setattr(view, UPLOAD_LIMIT, max_bytes)
        return view

    return mark


def _upload_limit(request: HttpRequest) -> int | None:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, UPLOAD_LIMIT, None)


def _check_upload(request: HttpRequest, limit: int) -> None:
    """A file form's body is streamed to the parser, never read whole into memory: its size is
    checked from its length first, and its text fields after parsing (a file is bytes, so the
    body as a whole is not UTF-8)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise RequestDataTooBig(BAD_FORM)
    fields = request.POST
    clean = _text_is_clean([*fields, *(v for _, vs in fields.lists() for v in vs), *request.FILES])
    if not clean:
        raise MalformedRequest(BAD_FORM)


def _check_form(request: HttpRequest) -> None:
    charset = (request.content_params or {}).get("charset")
    if request.META.get(CHARSET_REFUSED) or (charset is not None and not _is_utf8(charset)):
        raise MalformedRequest(BAD_CHARSET)
    content_type = request.content_type or ""
    if content_type not in FORM_TYPES:
        # No view of ours reads any other kind of body, so none is parsed.
        return
    if content_type == FORM_TYPES[1] and (limit := _upload_limit(request)) is not None:
        _check_upload(request, limit)
        return
    # Reading the body enforces DATA_UPLOAD_MAX_MEMORY_SIZE (a 400 from Django).
    body = request.body
    if content_type == FORM_TYPES[0]:
        clean = _encoded_pairs_are_clean(body)
    else:
        # Every part of a form without files is text, so the whole body is UTF-8; parsing it
        # enforces DATA_UPLOAD_MAX_NUMBER_FIELDS and _FILES (a 400 from Django). Only a view
        # marked `takes_upload` takes a file; any other is refused one (a 400).
        fields = request.POST
        if request.FILES:
            raise TooManyFilesSent(BAD_FORM)
        clean = _utf8(body) is not None and _text_is_clean(
            [*fields, *(v for _, vs in fields.lists() for v in vs)]
        )
    if not clean:
        raise MalformedRequest(BAD_FORM)


class MalformedRequestMiddleware:
    """Refuses a malformed request with 400 (or an unknown method with 405) before the
    session, the CSRF check or any view has read it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in KNOWN_METHODS:
            return HttpResponseNotAllowed(ANSWERED_METHODS)
        _check_address(request)
        _check_headers(request)
        _check_form(request)
        return self.get_response(request)
