"""The request type of views that read `request.htmx`."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


# django-htmx's middleware sets `htmx` on every request, but HttpRequest does not declare it; a
# view that reads it takes this type instead, the pattern django-stubs recommends for attributes
# a middleware adds.
class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
