"""The request types of the app's views."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


# LoginRequiredMiddleware lets no anonymous request reach a view that is not marked
# login_not_required, so such a view's user is a signed-in User, never AnonymousUser.
class AuthenticatedHttpRequest(HttpRequest):
    user: User


# django-htmx's middleware sets `htmx` on every request, but HttpRequest does not declare it; a
# view that reads it takes this type instead, the pattern django-stubs recommends for attributes
# a middleware adds.
class HtmxHttpRequest(AuthenticatedHttpRequest):
    htmx: HtmxDetails


# The same for a page opened without a login (the client's programme link).
class AnonymousHtmxRequest(HttpRequest):
    htmx: HtmxDetails
