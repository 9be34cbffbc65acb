"""A client's home programme: its page, the exercise picker, the handout, and each
prescription's dose, order, stop and ladder step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget, trigger_client_event

from clinic import audit
from clinic.idempotency import saved_once
from clinic.lib.request_types import HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import AccessKind, Client
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    membership_for,
)
from exercises import selectors, services
from exercises.forms import (
    ExercisePickerForm,
    LadderStepForm,
    PrescriptionAddForm,
    PrescriptionDoseForm,
    PrescriptionMoveForm,
)
from exercises.models import Exercise, Prescription

PROGRAMME_TEMPLATE = "exercises/programme_detail.html"
DOSE_TEMPLATE = "exercises/prescription_update.html"
CHOOSE_EXERCISE = "Choose an exercise to add."
CHOOSE_DIRECTION = "Choose whether to move the exercise up or down."
CHOOSE_STEP = "Choose the step to move to."
# htmx listens for this on the page to refresh the picker's "in the programme" marks.
PROGRAMME_CHANGED = "programme-changed"


def _programme_data(request: HttpRequest, client: Client, **notes: str) -> dict[str, object]:
    can_change = membership_for(request).can_write and not client.is_archived
    return {
        "client": client,
        "prescriptions": selectors.programme_with_steps(client=client),
        "history": selectors.programme_history(client=client),
        "can_change": can_change,
        "can_add": can_change and client.is_active,
        **notes,
    }


def _picker_data(request: HttpRequest, client: Client) -> dict[str, object]:
    form = ExercisePickerForm(request.GET)
    filters = form.filters()
    exercises = selectors.exercise_list(clinic=membership_for(request).clinic, **filters)
    in_programme = selectors.programme_active(client=client).values_list("exercise_id", flat=True)
    return {
        "client": client,
        "picker": form,
        "choices": exercises,
        "in_programme": set(in_programme),
        "filtered": any(filters.values()),
        "can_add": membership_for(request).can_write
        and client.is_active
        and not client.is_archived,
    }


def _programme_page(request: HttpRequest, client: Client) -> HttpResponse:
    context = _programme_data(request, client) | _picker_data(request, client)
    context["live_link"] = services.programme_link_live(client=client)
    return render(request, PROGRAMME_TEMPLATE, context)


@require_GET
@vary_on_headers("HX-Request")
def programme_detail(request: HtmxHttpRequest, client_pk: int) -> HttpResponse:
    client = get_object_for_user(request, Client.objects.select_related("clinic"), pk=client_pk)
    audit.record_view(request, client, AccessKind.PROGRAMME_PAGE)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{PROGRAMME_TEMPLATE}#programme", _programme_data(request, client))
    return _programme_page(request, client)


@require_GET
@vary_on_headers("HX-Request")
def programme_picker(request: HtmxHttpRequest, client_pk: int) -> HttpResponse:
    """The picker's results, which the programme page asks for as its filters change. Its own
    address, so the page says which region it wants; without htmx it is the whole page."""
    client = get_object_for_user(request, Client.objects.select_related("clinic"), pk=client_pk)
    audit.record_view(request, client, AccessKind.PROGRAMME_PICKER)
    if request.htmx:
        return render(
            request, f"{PROGRAMME_TEMPLATE}#exercise-picker", _picker_data(request, client)
        )
    return _programme_page(request, client)


@require_GET
def programme_handout(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_object_for_user(request, Client.objects.select_related("clinic"), pk=client_pk)
    audit.record_view(request, client, AccessKind.HANDOUT)
    context = {
        "client": client,
        "prescriptions": selectors.programme_active(client=client),
        "today": timezone.localdate(),
    }
    return render(request, "exercises/programme_handout.html", context)


def _programme_response(
    request: HtmxHttpRequest, client: Client, *, done: str = "", error: str = ""
) -> HttpResponse:
    """The refreshed programme for htmx, or back to the programme page for a plain post."""
    if request.htmx:
        audit.record_view(request, client, AccessKind.PROGRAMME_PAGE)
        context = _programme_data(request, client, done=done, error=error)
        response = render(request, f"{PROGRAMME_TEMPLATE}#programme", context)
        return trigger_client_event(response, PROGRAMME_CHANGED) if done else response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("exercises:programme-detail", client_pk=client.pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _get_rw_prescription(request: HttpRequest, pk: int) -> Prescription:
    rows = Prescription.objects.select_related("client", "exercise")
    return get_rw_object_for_user(request, rows, pk=pk)


def _visible_exercise(request: HttpRequest, pk: int) -> Exercise:
    # Another clinic's own exercise is a 404, as for an id that does not exist.
    return get_object_or_404(
        selectors.exercise_visible(clinic=membership_for(request).clinic), pk=pk
    )


@require_POST
@vary_on_headers("HX-Request")
def prescription_create(request: HtmxHttpRequest, client_pk: int) -> HttpResponse:
    client = get_rw_object_for_user(request, Client, pk=client_pk)
    form = PrescriptionAddForm(request.POST)
    if not form.is_valid():
        return _programme_response(request, client, error=CHOOSE_EXERCISE)
    exercise = _visible_exercise(request, form.cleaned_data["exercise"])
    try:
        services.prescription_create(client=client, exercise=exercise, prescribed_by=request.user)
    except ValidationError as error:
        return _programme_response(request, client, error=_error_text(error))
    return _programme_response(request, client, done=f"Added {exercise.name} to the programme.")


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def prescription_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    prescription = _get_rw_prescription(request, pk)
    auto_id = f"dose-{prescription.pk}-%s"
    # Bound to a fresh instance so a rejected edit leaves `prescription` as it is stored.
    initial = model_to_dict(prescription, fields=PrescriptionDoseForm.Meta.fields)
    form = PrescriptionDoseForm(
        request.POST or None, initial=initial, auto_id=auto_id, version=prescription.version
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        edit = edit_of(form)
        try:
            saved = saved_once(
                request,
                save=lambda: services.prescription_update(
                    prescription=prescription,
                    dose=services.ProgrammeDose(**edit.mine),
                    version=edit.version,
                    seen=edit.seen,
                    by=request.user,
                ),
                # Re-read: a copy that waited on the first answers with the row it saved.
                now=lambda: Prescription.objects.get(pk=prescription.pk),
            )
        except StaleEdit as stale:
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = PrescriptionDoseForm(data, initial=initial, auto_id=auto_id)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"Saved the dose of {prescription.exercise.name}."
            if saved.merged:
                done = f"{done} {merged_message(form, saved, user=request.user)}"
            return _programme_response(request, prescription.client, done=done)
    audit.record_view(request, prescription.client, AccessKind.DOSE_FORM)
    context = {
        "form": form,
        "prescription": prescription,
        "client": prescription.client,
        "conflict": conflict,
    }
    status = 409 if conflict is not None else 200
    if not request.htmx:
        return render(request, DOSE_TEMPLATE, context, status=status)
    response = render(request, f"{DOSE_TEMPLATE}#dose-form", context, status=status)
    # Inline in its row of the programme; a failed save stays there with what was typed.
    return reswap(retarget(response, f"#prescription-{prescription.pk}"), "innerHTML")


@require_POST
@vary_on_headers("HX-Request")
def prescription_stop(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    prescription = _get_rw_prescription(request, pk)
    try:
        services.prescription_stop(prescription=prescription)
    except ValidationError as error:
        return _programme_response(request, prescription.client, error=_error_text(error))
    done = f"Stopped {prescription.exercise.name}: it is in the history below."
    return _programme_response(request, prescription.client, done=done)


@require_POST
@vary_on_headers("HX-Request")
def prescription_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    prescription = _get_rw_prescription(request, pk)
    form = PrescriptionMoveForm(request.POST)
    if not form.is_valid():
        return _programme_response(request, prescription.client, error=CHOOSE_DIRECTION)
    direction = form.cleaned_data["direction"]
    try:
        services.prescription_move(prescription=prescription, direction=direction)
    except ValidationError as error:
        return _programme_response(request, prescription.client, error=_error_text(error))
    done = f"Moved {prescription.exercise.name} {direction}."
    return _programme_response(request, prescription.client, done=done)


def _change_step(request: HtmxHttpRequest, pk: int, *, harder: bool) -> HttpResponse:
    prescription = _get_rw_prescription(request, pk)
    client = prescription.client
    form = LadderStepForm(request.POST)
    if not form.is_valid():
        return _programme_response(request, client, error=CHOOSE_STEP)
    to = form.cleaned_data["to"]
    change = services.prescription_progress if harder else services.prescription_regress
    try:
        successor = change(
            prescription=prescription,
            prescribed_by=request.user,
            to=_visible_exercise(request, to) if to else None,
        )
    except ValidationError as error:
        return _programme_response(request, client, error=_error_text(error))
    verb = "Progressed" if harder else "Regressed"
    done = f"{verb} {prescription.exercise.name} to {successor.exercise.name}."
    return _programme_response(request, client, done=done)


@require_POST
@vary_on_headers("HX-Request")
def prescription_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _change_step(request, pk, harder=True)


@require_POST
@vary_on_headers("HX-Request")
def prescription_regress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _change_step(request, pk, harder=False)
