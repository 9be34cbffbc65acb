from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest, HttpResponse

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


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this class)."""

    default_site = "clinic.admin_site.AdminSite"
