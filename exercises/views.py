"""The exercise catalog's pages: the list, an exercise, a clinic's own exercises."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from clinic.lib.request_types import AuthenticatedHttpRequest, HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.permissions import (
    get_rw_object_for_user,
    membership_for,
    writable_membership_for,
)
from exercises import selectors, services
from exercises.forms import (
    ExerciseFilterForm,
    ExerciseForm,
)
from exercises.models import Exercise


def _get_rw_exercise(request: HttpRequest, pk: int) -> Exercise:
    try:
        return get_rw_object_for_user(request, Exercise, pk=pk)
    except Http404:
        # Shipped exercises are visible to every clinic, so refusing one reveals nothing; it
        # tells the clinician why instead of pretending the page does not exist.
        if Exercise.objects.filter(pk=pk, clinic__isnull=True).exists():
            raise PermissionDenied(services.SHIPPED_READ_ONLY) from None
        raise


@require_GET
@vary_on_headers("HX-Request")
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    membership = membership_for(request)
    form = ExerciseFilterForm(request.GET)
    filters = form.filters()
    context = {
        "form": form,
        "exercises": selectors.exercise_list(clinic=membership.clinic, **filters),
        "filtered": any(filters.values()),
    }
    template = "exercises/exercise_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#exercise-table"
    return render(request, template, context)


@require_GET
def exercise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request)
    try:
        exercise = selectors.exercise_get(clinic=membership.clinic, pk=pk)
    except Exercise.DoesNotExist:
        raise Http404 from None
    context = {
        "exercise": exercise,
        "can_edit": membership.can_write and not exercise.is_shipped,
    }
    return render(request, "exercises/exercise_detail.html", context)


@require_http_methods(["GET", "POST"])
def exercise_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.exercise_create(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added {exercise.name} to your clinic's exercises.")
            return redirect("exercises:exercise-detail", pk=exercise.pk)
    return render(request, "exercises/exercise_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def exercise_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exercise = _get_rw_exercise(request, pk)
    # Bound to a fresh instance so a rejected edit leaves `exercise` as it is stored.
    initial = model_to_dict(exercise, fields=ExerciseForm.Meta.fields)
    form = ExerciseForm(request.POST or None, initial=initial, version=exercise.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        edit = edit_of(form)
        try:
            saved = services.exercise_update(
                exercise=exercise,
                version=edit.version,
                seen=edit.seen,
                by=request.user,
                **edit.mine,
            )
        except StaleEdit as stale:
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = ExerciseForm(data, initial=initial, version=stale.current.version)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"Saved {saved.row.name}."
            if saved.merged:
                done = f"{done} {merged_message(form, saved, user=request.user)}"
            messages.success(request, done)
            return redirect("exercises:exercise-detail", pk=exercise.pk)
    context = {"form": form, "exercise": exercise, "conflict": conflict}
    status = 409 if conflict is not None else 200
    return render(request, "exercises/exercise_form.html", context, status=status)


@require_POST
def exercise_retire(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = _get_rw_exercise(request, pk)
    services.exercise_retire(exercise=exercise)
    messages.success(request, f"Retired {exercise.name}: it no longer appears in the catalog list.")
    return redirect("exercises:exercise-list")
