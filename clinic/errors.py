"""The 500 page: plain, with no data from the failed request but its id."""

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

from clinic.lib import request_id


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Like Django's own handler500, with the request id a clinician can quote to support."""
    page = loader.get_template("500.html").render({"request_id": request_id.current()})
    return HttpResponseServerError(page)
