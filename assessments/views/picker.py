"""The treatment section of a round page: what was logged after the round, and the form to log
more with its exercise picker. Shared by the round page and the treatment views."""

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from assessments.forms import InterventionForm
from assessments.models import Assessment
from clinic.permissions import membership_for
from exercises.models import Exercise
from exercises.selectors import exercise_list

# Enough to see the match among near names ("Cable pull-through", "Kneeling pull-through"),
# few enough to read on a tablet without scrolling.
PICKER_RESULTS = 8


def picker_exercises(request: HttpRequest) -> QuerySet[Exercise]:
    """The exercises a treatment may name: the clinic's catalog, retired ones left out."""
    return exercise_list(clinic=membership_for(request).clinic).select_related(None)


def treatment_form(request: HttpRequest, data: Mapping[str, Any] | None = None) -> InterventionForm:
    return InterventionForm(data, exercises=picker_exercises(request))


def exercise_choices(request: HttpRequest, form: InterventionForm) -> list[Exercise]:
    """The picker's results for the form's search words, best first (the catalog's own
    typo-tolerant search), with the chosen exercise kept first when the words no longer find
    it. No words, no choice: no query."""
    words = (form["q"].value() or "").strip()[:100]
    chosen_pk = form["exercise"].value()
    clinic = membership_for(request).clinic
    found: list[Exercise] = []
    if words:
        found = list(exercise_list(clinic=clinic, query=words)[:PICKER_RESULTS])
    try:
        pk = int(chosen_pk)
    except (TypeError, ValueError):
        return found
    if all(exercise.pk != pk for exercise in found):
        chosen = exercise_list(clinic=clinic).filter(pk=pk).first()
        if chosen is not None:
            found.insert(0, chosen)
    return found


def treatment_section(
    request: HttpRequest,
    round_: Assessment,
    *,
    can_write: bool,
    form: InterventionForm | None = None,
    interventions: Any = None,
    logged: bool = False,
) -> dict[str, object]:
    """The context of the treatment partial (templates/assessments/_treatment.html)."""
    if can_write and form is None:
        form = treatment_form(request)
    return {
        "assessment": round_,
        "interventions": round_.interventions.all() if interventions is None else interventions,
        "intervention_form": form if can_write else None,
        "exercise_choices": exercise_choices(request, form) if can_write and form else [],
        "can_write": can_write,
        "logged": logged,
    }
