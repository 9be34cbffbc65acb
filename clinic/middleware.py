from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PrivateResponseMiddleware:
    """Headers every response carries that Django's SecurityMiddleware does not set.

    Pages show health data, so anything without its own caching policy is marked no-store:
    neither the browser's back-forward cache on a shared tablet nor a proxy keeps a copy.
    Static files set their own long-lived Cache-Control and are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response
