"""Treatment in the visit: logging it after a round with the exercise picker, taking an entry
back, and the client page's "Treat" choice between this visit and the home programme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import selectors, services
from assessments.forms import InterventionForm
from assessments.models import Assessment, Intervention
from clinic import audit
from clinic.lib.request_types import HtmxHttpRequest
from clinic.models import AccessKind, Client
from clinic.permissions import get_object_for_user, get_rw_object_for_user, membership_for

from .picker import exercise_choices, picker_exercises, treatment_form, treatment_section
from .rounds import render_entry

SECTION_TEMPLATE = "assessments/_treatment.html"
PICKER_TEMPLATE = "assessments/_treatment_picker.html"


def _round_page(request: HtmxHttpRequest, pk: int, form: InterventionForm) -> HttpResponse:
    full = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return render_entry(request, full, intervention_form=form)


@require_POST
@vary_on_headers("HX-Request")
def intervention_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Log treatment after the round. "Find" (the picker's button without JavaScript) only
    searches and fills in the chosen exercise's dose, keeping everything typed."""
    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    finding_only = "find" in request.POST
    if finding_only:
        form, _ = InterventionForm.refilled(request.POST, exercises=picker_exercises(request))
    else:
        form = treatment_form(request, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("q", "dose_from")}
            try:
                services.intervention_log(after_round=round_, clinician=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
    if not request.htmx:
        if finding_only or form.errors:
            return _round_page(request, pk, form)
        messages.success(request, "Treatment logged.")
        return redirect(f"{reverse('assessments:assessment-detail', args=[pk])}#treatment")
    audit.record_view(request, round_.client, AccessKind.ENTRY_PARTIAL)
    saved = not finding_only and not form.errors
    context = treatment_section(
        request,
        round_,
        can_write=True,
        # After a save the form starts empty for the next entry; a refusal keeps what was typed.
        form=treatment_form(request) if saved else form,
        interventions=round_.interventions.current().select_related("exercise"),
        logged=saved,
    )
    return render(request, SECTION_TEMPLATE, context)


@require_GET
@vary_on_headers("HX-Request")
def intervention_picker(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The picker's results for the words typed so far, and, when another exercise was chosen,
    the dose inputs filled with its default dose. Without htmx it is the whole round page."""
    round_ = get_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    form, refilled = InterventionForm.refilled(request.GET, exercises=picker_exercises(request))
    if not request.htmx:
        return _round_page(request, pk, form)
    context = {
        "assessment": round_,
        "intervention_form": form,
        "exercise_choices": exercise_choices(request, form),
        "refilled": refilled,
    }
    return render(request, PICKER_TEMPLATE, context)


@require_POST
def intervention_delete(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_rw_object_for_user(
        request, Intervention.objects.select_related("after_round__client"), pk=pk
    )
    round_pk = intervention.after_round_id
    try:
        services.intervention_remove(intervention=intervention)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Treatment entry removed. Its history keeps what it said.")
    return redirect(f"{reverse('assessments:assessment-detail', args=[round_pk])}#treatment")


@require_GET
def treatment_choose(request: HttpRequest, client_pk: int) -> HttpResponse:
    """ "Treat" from the client page: in this visit (treatment after the latest round, or the
    advice to open one first) or the home programme."""
    client = get_object_for_user(request, Client, pk=client_pk)
    audit.record_view(request, client, AccessKind.CLIENT_PAGE)
    latest = (
        Assessment.objects.live()
        .filter(client=client)
        .order_by("-performed_at", "-pk")
        .only("pk", "kind", "performed_at", "client_id")
        .first()
    )
    context = {
        "client": client,
        "latest": latest,
        "latest_today": latest is not None
        and timezone.localdate(latest.performed_at) == timezone.localdate(),
        "can_write": membership_for(request).can_write,
    }
    return render(request, "assessments/treatment_choose.html", context)
