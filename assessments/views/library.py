"""The test library pages: shipped and clinic tests, test sets, and adding a clinic's own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessments import selectors, services
from assessments.forms import (
    TestDefinitionForm,
    TestSetForm,
)
from clinic.permissions import (
    membership_for,
    writable_membership_for,
)


@require_GET
def test_list(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    # Each test names the pain test that judges its pain: joined, not queried per test.
    tests = selectors.test_definition_list(clinic=membership.clinic).select_related("pain_test")
    return render(request, "assessments/test_list.html", {"tests": tests})


@require_http_methods(["GET", "POST"])
def test_definition_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = TestDefinitionForm(request.POST or None, clinic=membership.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_definition_create(clinic=membership.clinic, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{test.name}” to your clinic's tests.")
            return redirect(f"{reverse('assessments:test-list')}#test-{test.slug}")
    return render(request, "assessments/test_definition_create.html", {"form": form})


@require_GET
def test_set_list(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    test_sets = selectors.test_set_list(clinic=membership.clinic)
    return render(request, "assessments/test_set_list.html", {"test_sets": test_sets})


@require_http_methods(["GET", "POST"])
def test_set_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = TestSetForm(
        request.POST or None, tests=selectors.test_definition_list(clinic=membership.clinic)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.test_set_create(clinic=membership.clinic, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved the test set “{form.cleaned_data['name']}”.")
            return redirect("assessments:test-set-list")
    return render(request, "assessments/test_set_create.html", {"form": form})
