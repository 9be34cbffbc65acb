"""Correcting a round: removing an empty one, adding a test from the library, removing one."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors, services
from assessments.models import (
    Assessment,
    AssessmentTest,
    AssessmentTestEvent,
    Finding,
    Intervention,
    Reflection,
    TestDefinition,
)
from clinic import audit
from clinic.lib.request_types import AuthenticatedHttpRequest, HtmxHttpRequest
from clinic.models import AccessKind, Clinic
from clinic.permissions import get_rw_object_for_user, membership_for

REMOVE_REASON_MAX = 1000


class AddTestForm(forms.Form):
    """A test from the clinic's library that the round does not have yet."""

    test = forms.ModelChoiceField(
        queryset=TestDefinition.objects.none(),
        label="Add a test",
        empty_label="Choose a test…",
        error_messages={"invalid_choice": "Choose a test from the list: that one is not in it."},
    )

    def __init__(self, *args, round_: Assessment, clinic: Clinic, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_round = AssessmentTest.objects.live().filter(
            assessment_id=round_.pk, test_id=OuterRef("pk")
        )
        field = cast(forms.ModelChoiceField, self.fields["test"])
        field.queryset = (
            selectors.test_definition_list(clinic=clinic).exclude(Exists(in_round)).order_by("name")
        )


class RemoveTestForm(forms.Form):
    void_reason = forms.CharField(
        label="Why remove this test?",
        max_length=REMOVE_REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Its finding is kept in the history, out of the comparison and the report.",
    )


def corrections_context(
    request: HtmxHttpRequest, round_: Assessment, *, can_write: bool, add_form=None
) -> dict[str, object]:
    """What the round page's corrections offer: remove the round when it holds nothing (void it
    otherwise), and add or remove its tests. Two queries, only for those who may write."""
    if not can_write:
        return {"round_empty": False, "add_test_form": None}
    clinic = membership_for(request).clinic
    pk = round_.pk
    held = (
        Assessment.objects.filter(pk=pk)
        .values_list(
            Exists(Finding.objects.filter(assessment_id=pk)),
            Exists(Intervention.objects.filter(after_round_id=pk)),
            Exists(Reflection.objects.filter(round_id=pk)),
            Exists(Assessment.objects.filter(baseline_id=pk)),
        )
        .get()
    )
    empty = not any(held)
    return {
        "round_empty": empty,
        "add_test_form": add_form or AddTestForm(round_=round_, clinic=clinic),
    }


def _round_url(pk: int, anchor: str = "") -> str:
    return reverse("assessments:assessment-detail", kwargs={"pk": pk}) + anchor


def _round_name(round_: Assessment) -> str:
    when = date_format(timezone.localtime(round_.performed_at), "j M Y, H:i")
    return f"{round_.get_kind_display().lower()} of {when}"


@require_http_methods(["GET", "POST"])
def assessment_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a round that holds nothing, once confirmed; one that holds anything is voided."""
    rows = Assessment.objects.select_related("client", "baseline")
    round_ = get_rw_object_for_user(request, rows, pk=pk)
    removable = not round_.is_voided and services.round_is_empty(round_)
    if request.method == "POST" and not removable:
        messages.error(request, services.ROUND_HOLDS_SOMETHING)
        return redirect(_round_url(pk, "#void"))
    if request.method == "POST":
        try:
            services.assessment_remove(assessment=round_)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_round_url(pk, "#void"))
        messages.success(request, f"Removed the empty {_round_name(round_)}.")
        if round_.baseline_id is not None:
            return redirect(_round_url(round_.baseline_id))
        return redirect("clinic:client-detail", pk=round_.client_id)
    audit.record_view(request, round_.client, AccessKind.ROUND_PAGE)
    context = {
        "round": round_,
        "client": round_.client,
        "round_name": _round_name(round_),
        "removable": removable,
        "refusal": services.ROUND_HOLDS_SOMETHING,
    }
    return render(request, "assessments/assessment_remove.html", context)


@require_POST
def assessment_test_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a test from the library to an open round, at its end."""
    from .rounds import render_entry  # The round page, which includes these corrections.

    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    clinic = membership_for(request).clinic
    form = AddTestForm(request.POST, round_=round_, clinic=clinic)
    if form.is_valid():
        test = form.cleaned_data["test"]
        try:
            services.assessment_test_add(round_=round_, test=test)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added {test.name} to this round.")
            return redirect(_round_url(pk, f"#test-{test.pk}"))
    elif (
        (chosen := str(form.data.get("test", ""))).isascii()
        and chosen.isdigit()
        and AssessmentTest.objects.live().filter(assessment=round_, test_id=int(chosen)).exists()
    ):
        # Added meanwhile, by another tap or person: the one effect is there already.
        return redirect(_round_url(pk, f"#test-{chosen}"))
    full = get_object_or_404(
        selectors.assessment_entry_queryset().filter(client__clinic=clinic), pk=pk
    )
    return render_entry(request, full, add_test_form=form)


@require_http_methods(["GET", "POST"])
def assessment_test_remove(
    request: AuthenticatedHttpRequest, pk: int, test_pk: int
) -> HttpResponse:
    """Remove a test from an open round: at once when it holds no finding; with a reason, asked
    here, when it does (then it is kept, voided, with its finding)."""
    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    item = (
        AssessmentTest.objects.live()
        .select_related("test")
        .filter(assessment=round_, test_id=test_pk)
        .first()
    )
    if item is None:
        if not AssessmentTestEvent.objects.filter(assessment_id=pk, test_id=test_pk).exists():
            raise Http404
        messages.info(request, "That test was already removed from this round.")
        return redirect(_round_url(pk))
    item.assessment = round_
    recorded = Finding.objects.recorded().filter(assessment=round_, test_id=test_pk).exists()
    form = RemoveTestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_test_remove(
                item=item, by=request.user, reason=form.cleaned_data["void_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            recorded = True
        else:
            kept = " Its finding is kept in the history." if recorded else ""
            messages.success(request, f"Removed {item.test.name} from this round.{kept}")
            return redirect(_round_url(pk))
    audit.record_view(request, round_.client, AccessKind.ROUND_PAGE)
    context = {
        "round": round_,
        "client": round_.client,
        "item": item,
        "form": form,
        "recorded": recorded,
    }
    # Asked why for the first time is no error; a reason refused (too long) is one.
    status = 400 if form.errors and "void_reason" in request.POST else 200
    return render(request, "assessments/assessment_test_remove.html", context, status=status)


def removed_test_answer(request: HtmxHttpRequest, round_: Assessment, test_pk: int) -> HttpResponse:
    """What a finding saved for a test that has left the round gets: said plainly, not a 404 (a
    test the round never had is one)."""
    if not AssessmentTestEvent.objects.filter(assessment_id=round_.pk, test_id=test_pk).exists():
        raise Http404
    if request.htmx:
        context = {"message": services.TEST_REMOVED}
        return render(request, "assessments/_test_removed.html", context, status=409)
    messages.error(request, services.TEST_REMOVED)
    return redirect(_round_url(round_.pk))
