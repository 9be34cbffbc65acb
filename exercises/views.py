"""The exercise catalog's pages: the list, an exercise, a clinic's own exercises, and the
clinic's picture of an exercise."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from clinic.lib.pictures import MAX_BYTES, content_type_of
from clinic.lib.request_guard import takes_upload
from clinic.lib.request_types import AuthenticatedHttpRequest, HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import Membership
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    membership_for,
    writable_membership_for,
)
from exercises import selectors, services
from exercises.forms import (
    ExerciseFilterForm,
    ExerciseForm,
    ExercisePictureForm,
)
from exercises.models import Exercise, ExerciseImage

# The largest upload body: a picture near twice the largest accepted, so that one a little too
# large is refused beside its field rather than by the 400 page, and the form's text around it.
PICTURE_BODY_LIMIT = 2 * MAX_BYTES + 64 * 1024
PICTURE_SAVED = "Saved the picture. Only your clinic sees it."
PICTURE_REMOVED = "Removed the picture."
NO_PICTURE = "There was no picture to remove."


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


def _exercise_page(
    request: HttpRequest,
    membership: Membership,
    pk: int,
    *,
    picture_form: ExercisePictureForm | None = None,
) -> HttpResponse:
    try:
        exercise = selectors.exercise_get(clinic=membership.clinic, pk=pk)
    except Exercise.DoesNotExist:
        raise Http404 from None
    context = {
        "exercise": exercise,
        "can_edit": membership.can_write and not exercise.is_shipped,
        # A clinic puts its own picture on any exercise it can read, shipped ones included.
        "can_picture": membership.can_write,
        "picture_form": picture_form or ExercisePictureForm(),
    }
    return render(request, "exercises/exercise_detail.html", context)


@require_GET
def exercise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _exercise_page(request, membership_for(request), pk)


def picture_response(picture: ExerciseImage) -> HttpResponse:
    """The picture's bytes, read through the storage API (whatever backend holds them)."""
    name = picture.image.name
    try:
        with picture.image.storage.open(name, "rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type_of(name))
    response["Content-Disposition"] = f'inline; filename="picture.{name.rsplit(".", 1)[-1]}"'
    return response


def _visible_exercise(membership: Membership, pk: int) -> Exercise:
    try:
        return selectors.exercise_visible(clinic=membership.clinic).get(pk=pk)
    except Exercise.DoesNotExist:
        raise Http404 from None


@require_GET
def exercise_picture(request: HttpRequest, pk: int) -> HttpResponse:
    return picture_response(get_object_for_user(request, ExerciseImage, exercise_id=pk))


@takes_upload(PICTURE_BODY_LIMIT)
@require_POST
def exercise_picture_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = writable_membership_for(request)
    exercise = _visible_exercise(membership, pk)
    form = ExercisePictureForm(request.POST, request.FILES)
    if not form.is_valid():
        return _exercise_page(request, membership, pk, picture_form=form)
    data = form.cleaned_data
    services.exercise_picture_put(
        clinic=membership.clinic,
        exercise=exercise,
        picture=data["image"],
        alt_text=data["alt_text"],
        licence=data["licence"],
        author=data["author"],
        by=request.user,
    )
    messages.success(request, PICTURE_SAVED)
    return redirect(f"{reverse('exercises:exercise-detail', args=[exercise.pk])}#picture")


@require_POST
def exercise_picture_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = writable_membership_for(request)
    exercise = _visible_exercise(membership, pk)
    removed = services.exercise_picture_remove(clinic=membership.clinic, exercise=exercise)
    messages.success(request, PICTURE_REMOVED) if removed else messages.info(request, NO_PICTURE)
    return redirect(f"{reverse('exercises:exercise-detail', args=[exercise.pk])}#picture")


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
