import copy
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from clinic import audit, client_page, services
from clinic.forms import STATUS_CHOICES, ClientFilterForm, ClientForm
from clinic.history_page import client_events, history_page
from clinic.lib.request_types import AuthenticatedHttpRequest, HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import AccessKind, Client
from clinic.permissions import (
    clinic_queryset,
    get_object_for_user,
    get_rw_object_for_user,
    history_membership_for,
    membership_for,
    writable_membership_for,
)
from clinic.selectors import client_list, client_status_counts

PAGE_SIZE = 25
LIST_TEMPLATE = "clinic/client_list.html"


def _render_client_list(
    request: HtmxHttpRequest, filters: Mapping[str, Any], kind: AccessKind
) -> HttpResponse:
    membership = membership_for(request)
    audit.record_view(request, None, kind)
    clients = clinic_queryset(request, Client)
    rows = client_list(clients=clients, status=filters["status"], query=filters["q"])
    page = Paginator(rows, PAGE_SIZE).get_page(filters["page"])
    listed = list(page.object_list)
    badges = client_page.list_badges_for(listed)
    counts = client_status_counts(clients=clients)
    context = {
        "page": page,
        "listed": [(client, badges.get(client.pk, [])) for client in listed],
        "filters": filters,
        "counts": counts,
        "status_tabs": [(value, label, counts[value]) for value, label in STATUS_CHOICES],
        "today": timezone.localdate(),
        "can_write": membership.can_write,
    }
    template = f"{LIST_TEMPLATE}#client-table" if request.htmx else LIST_TEMPLATE
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def home(request: HtmxHttpRequest) -> HttpResponse:
    # Names never travel in a URL: a search term in the query string is ignored.
    filters = ClientFilterForm(request.GET).values | {"q": ""}
    return _render_client_list(request, filters, AccessKind.CLIENT_LIST)


@require_POST
@vary_on_headers("HX-Request")
def client_search(request: HtmxHttpRequest) -> HttpResponse:
    """The list filtered by name. The term comes in the POST body and is never put in a URL;
    the status and page that name no one go into the address bar so reload and back keep them."""
    filters = ClientFilterForm(request.POST).values
    response = _render_client_list(request, filters, AccessKind.CLIENT_SEARCH)
    if request.htmx:
        address = {"status": filters["status"]}
        if not filters["q"] and filters["page"] != 1:
            address["page"] = filters["page"]
        push_url(response, f"/?{urlencode(address)}")
    return response


@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_for_user(request, Client.objects.select_related("created_by"), pk=pk)
    audit.record_view(request, client, AccessKind.CLIENT_PAGE)
    membership = membership_for(request)
    sections = [
        {"key": s.key, "title": s.title, "template": s.template, "data": s.context(request, client)}
        for s in client_page.sections()
    ]
    actions = [
        {"label": a.label, "url": a.url(client), "primary": a.primary}
        for a in client_page.actions_for(client, can_write=membership.can_write)
    ]
    context = {
        "client": client,
        "today": timezone.localdate(),
        "can_write": membership.can_write,
        # Owners and clinicians read the history; read-only members do not.
        "can_read_history": membership.can_write,
        "actions": actions,
        "sections": sections,
        "timeline": client_page.timeline_for(client),
    }
    return render(request, "clinic/client_detail.html", context)


@require_GET
def client_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the client's records, newest first, paged: for owners and clinicians."""
    history_membership_for(request)
    client = get_object_for_user(request, Client, pk=pk)
    audit.record_view(request, client, AccessKind.HISTORY)
    history = history_page(client_events(client.pk), request.GET.get("page"))
    return render(request, "clinic/client_history.html", {"client": client, "history": history})


@require_http_methods(["GET", "POST"])
def client_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = services.client_create(
            membership=membership, created_by=request.user, **form.changes
        )
        messages.success(request, f"Added {client.name}.")
        return redirect("clinic:client-detail", pk=client.pk)
    return render(request, "clinic/client_form.html", {"form": form, "client": None})


@require_http_methods(["GET", "POST"])
def client_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    client = get_rw_object_for_user(request, Client, pk=pk)
    if request.method == "GET":
        audit.record_view(request, client, AccessKind.CLIENT_FORM)
        form = ClientForm(instance=client, editing=True)
        return render(request, "clinic/client_form.html", {"form": form, "client": client})
    form = ClientForm(request.POST, instance=copy.copy(client), editing=True)
    conflict: dict[str, object] | None = None
    if form.is_valid():
        edit = edit_of(form)
        try:
            saved = services.client_update(client=client, edit=edit, by=request.user)
        except StaleEdit as stale:
            # The form again over the record as it now is: what was typed stays in the inputs,
            # each field both changed says so beside it, and saving again is a deliberate choice.
            client = stale.current.row
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = ClientForm(data, instance=copy.copy(client), editing=True)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"Saved {saved.row.name}."
            if saved.merged:
                done = f"{done} {merged_message(form, saved, user=request.user)}"
            messages.success(request, done)
            return redirect("clinic:client-detail", pk=client.pk)
    # Refused: the form shows the stored record again (and on a conflict, the newer one).
    audit.record_view(request, client, AccessKind.CLIENT_FORM)
    status = 409 if conflict is not None else 200
    return render(
        request,
        "clinic/client_form.html",
        {"form": form, "client": client, "conflict": conflict},
        status=status,
    )


def _state_change(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    client = get_rw_object_for_user(request, Client, pk=pk)
    try:
        change(client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(name=client.name))
    return redirect("clinic:client-detail", pk=client.pk)


@require_POST
def client_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.client_discharge, "Discharged {name}.")


@require_POST
def client_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.client_reactivate, "{name} is active again.")


@require_POST
def client_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request, pk, services.client_archive, "Archived {name}. Their records are kept."
    )


@require_POST
def client_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.client_restore, "Restored {name}.")
