"""Treatment given in the visit, and the clinician's reflection on the comparison."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from assessments.forms.rounds import submission_field
from assessments.models import (
    DURATION_RANGE,
    Expectation,
    Intervention,
    InterventionKind,
    Reflection,
)
from clinic.lib.versioned_forms import track_edits
from exercises.forms import DoseModelForm
from exercises.models import Exercise


class ExerciseChoiceField(forms.ModelChoiceField):
    """A catalog exercise, named with its tier so the level is seen while choosing."""

    def label_from_instance(self, obj: Exercise) -> str:
        return f"{obj.name} (tier {obj.tier})"


DOSE_NAMES = ("sets", "reps", "hold_seconds", "hold_to_fatigue", "load")
MANUAL_NAMES = ("technique", "region", "duration_minutes")
NUMBER = {"inputmode": "numeric", "autocomplete": "off"}


def _dose_data(exercise: Exercise | None) -> dict[str, str]:
    """An exercise's default dose as a form would post it (nothing for no exercise)."""
    if exercise is None:
        return dict.fromkeys(DOSE_NAMES, "")
    values = {name: getattr(exercise, name) for name in DOSE_NAMES[:3]}
    data = {name: "" if value is None else str(value) for name, value in values.items()}
    data["hold_to_fatigue"] = "on" if exercise.hold_to_fatigue else ""
    data["load"] = ""
    return data


class InterventionForm(DoseModelForm):
    """Treatment given after a round: an exercise from the catalog with its dose, a manual
    treatment (technique, region, minutes), or another treatment in words; each with the
    client's response. Fields of the kinds not chosen are dropped, never saved."""

    # Manual treatment has no dose.
    dose_required = False
    # Logging the same form twice (a double tap, a retry) logs the treatment once.
    submission = submission_field()
    kind = forms.ChoiceField(
        label="What was done",
        choices=InterventionKind.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=InterventionKind.EXERCISE,
    )
    # The picker's search words: they choose nothing by themselves.
    q = forms.CharField(label="Find the exercise", required=False, max_length=100)
    # The exercise whose default dose the dose inputs were filled with, so that choosing
    # another one refills them and a dose the clinician changed is kept.
    dose_from = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
    )

    class Meta:
        model = Intervention
        fields = [
            "kind",
            "exercise",
            "sets",
            "reps",
            "hold_seconds",
            "hold_to_fatigue",
            "load",
            "technique",
            "region",
            "duration_minutes",
            "response",
            "description",
        ]
        labels = {
            "exercise": "Exercise from the catalog",
            "hold_seconds": "Hold (s)",
            "hold_to_fatigue": "Hold to fatigue",
            "technique": "Technique",
            "region": "Region",
            "duration_minutes": "Minutes",
            "response": "Client's response",
            "description": "Note",
        }
        help_texts = {
            "response": "What the client felt or showed, e.g. “felt it in the glutes”.",
        }
        field_classes = {"exercise": ExerciseChoiceField}
        # Typed, like every number on the entry page: a number input changes on a stray scroll.
        widgets = {
            "exercise": forms.RadioSelect,
            "sets": forms.TextInput(attrs=NUMBER),
            "reps": forms.TextInput(attrs=NUMBER),
            "hold_seconds": forms.TextInput(attrs=NUMBER),
            "duration_minutes": forms.TextInput(attrs=NUMBER),
            "technique": forms.TextInput(attrs={"placeholder": "e.g. soft-tissue release"}),
            "region": forms.TextInput(attrs={"placeholder": "e.g. left hip flexors"}),
            "response": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "duration_minutes": {"invalid": DURATION_RANGE},
        }

    def __init__(self, *args, exercises: QuerySet[Exercise], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["exercise"])
        field.queryset = exercises
        field.required = False

    @property
    def chosen_kind(self) -> str:
        kind = self["kind"].value()
        return kind if kind in InterventionKind.values else InterventionKind.EXERCISE

    def clean(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        dropped: tuple[str, ...]
        if not kind:
            # Sent without a kind (a form from before treatment had kinds, a script): an
            # exercise when one is named, else words, with a dose as that form allowed.
            named = self.data.get(self.add_prefix("exercise"))
            kind = InterventionKind.EXERCISE if named else InterventionKind.OTHER
            dropped = MANUAL_NAMES if named else ("exercise", *MANUAL_NAMES)
        elif kind == InterventionKind.EXERCISE:
            dropped = MANUAL_NAMES
        elif kind == InterventionKind.MANUAL:
            dropped = ("exercise", *DOSE_NAMES)
        else:
            dropped = ("exercise", *MANUAL_NAMES, *DOSE_NAMES)
        cleaned["kind"] = kind
        # The inputs of the kinds not chosen stay in the page (hidden) and are sent: dropped.
        for name in dropped:
            self.errors.pop(name, None)
            cleaned[name] = self.fields[name].to_python("")
        return super().clean()

    @classmethod
    def refilled(
        cls, data: Mapping[str, Any], *, exercises: QuerySet[Exercise]
    ) -> "tuple[InterventionForm, bool]":
        """The form over `data`, its dose filled with the chosen exercise's default when the
        choice changed and the dose is still empty or the previous exercise's default; and
        whether it was."""
        form = cls(data, exercises=exercises)
        chosen = form._exercise_named(data.get("exercise"), exercises)
        previous = form._exercise_named(data.get("dose_from"), exercises)
        if chosen is None or previous == chosen:
            return form, False
        typed = {name: data.get(name, "") or "" for name in DOSE_NAMES}
        untouched = typed in (_dose_data(None), _dose_data(previous))
        if not untouched:
            return form, False
        refilled = {key: data.get(key) for key in data}
        refilled.update(_dose_data(chosen), dose_from=str(chosen.pk))
        return cls(refilled, exercises=exercises), True

    @staticmethod
    def _exercise_named(value: Any, exercises: QuerySet[Exercise]) -> Exercise | None:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return exercises.filter(pk=pk).first()


class ReflectionForm(forms.ModelForm):
    expected = forms.ChoiceField(
        label="Was this the change you aimed for?",
        choices=Expectation.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Reflection
        fields = ["expected", "why", "next_step"]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    # It carries the reflection's version and what it showed (clinic/lib/versioned_forms.py).
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = self.instance.version if self.instance.pk else 0
        track_edits(self, fields=self.Meta.fields, version=version)
