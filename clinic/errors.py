"""The 400 and 500 pages: plain words, the request id, and nothing else from the request."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

from clinic.lib import request_id
from clinic.lib.request_guard import MalformedRequest

UNREADABLE = "The request could not be understood."
TOO_LARGE = "What was sent is larger than any form here accepts."
TOO_MANY_FIELDS = "The form sent has more fields than any form here."
NO_FILES = "The form sent more files than it takes."


def _reason(exception: Exception | None) -> str:
    # Django's own messages name its internals; ours (MalformedRequest) are written for people.
    if isinstance(exception, MalformedRequest):
        return str(exception)
    if isinstance(exception, RequestDataTooBig):
        return TOO_LARGE
    if isinstance(exception, TooManyFieldsSent):
        return TOO_MANY_FIELDS
    if isinstance(exception, TooManyFilesSent):
        return NO_FILES
    return UNREADABLE


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBadRequest:
    """Like Django's own handler400, saying what was wrong and with the request id."""
    context = {"reason": _reason(exception), "request_id": request_id.current()}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context, request))


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Like Django's own handler500, with the request id a clinician can quote to support."""
    page = loader.get_template("500.html").render({"request_id": request_id.current()})
    return HttpResponseServerError(page)
