from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clinic.forms import ClientForm
from clinic.models import Client
from clinic.permissions import (
    clinic_queryset,
    get_object_for_user,
    membership_for,
    writable_membership_for,
)
from clinic.services import client_create as create_client


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    membership_for(request)
    clients = clinic_queryset(request, Client).filter(archived_at__isnull=True)
    return render(request, "clinic/client_list.html", {"clients": clients})


@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_for_user(request, Client, pk=pk)
    return render(request, "clinic/client_detail.html", {"client": client})


@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = create_client(membership=membership, created_by=request.user, **form.cleaned_data)
        return redirect("clinic:client-detail", pk=client.pk)
    return render(request, "clinic/client_form.html", {"form": form})
