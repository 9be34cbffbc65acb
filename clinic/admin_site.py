from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from clinic.lib.request_transaction import see_every_clinic

View = TypeVar("View", bound=Callable[..., Any])


class AdminSite(admin.AdminSite):
    """The Django admin: staff manage every clinic's memberships and records here.

    It is the one place that spans clinics, so its views scope their transaction to every
    clinic for row-level security, once the site has let the user in.
    """

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        def every_clinic(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            see_every_clinic()
            return view(request, *args, **kwargs)

        return super().admin_view(cast(View, update_wrapper(every_clinic, view)), cacheable)

    # The admin signs in through the app's throttle (clinic/auth.py), exactly as the app's own
    # login does. Imported late: this module is loaded before the models are.
    @property
    def login_form(self) -> Any:  # type: ignore[override]
        from clinic.auth import AdminLoginForm

        return AdminLoginForm

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from clinic.auth import finish_login

        return finish_login(request, super().login(request, extra_context))


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this class)."""

    default_site = "clinic.admin_site.AdminSite"
