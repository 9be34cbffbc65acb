"""Treatment given in the visit, and the clinician's reflection on the comparison."""

from typing import cast

from django import forms
from django.db.models import QuerySet

from assessments.forms.rounds import submission_field
from assessments.models import (
    Expectation,
    Intervention,
    Reflection,
)
from clinic.lib.versioned_forms import track_edits
from exercises.forms import DoseModelForm
from exercises.models import Exercise


class ExerciseChoiceField(forms.ModelChoiceField):
    """A catalog exercise, named with its tier so the level is seen while choosing."""

    def label_from_instance(self, obj: Exercise) -> str:
        return f"{obj.name} (tier {obj.tier})"


class InterventionForm(DoseModelForm):
    """Treatment given after a round: an exercise from the catalog with its dose, or words."""

    # Manual treatment has no dose.
    dose_required = False
    # Logging the same form twice (a double tap, a retry) logs the treatment once.
    submission = submission_field()

    class Meta:
        model = Intervention
        fields = [
            "exercise",
            "sets",
            "reps",
            "hold_seconds",
            "hold_to_fatigue",
            "load",
            "description",
        ]
        labels = {
            "exercise": "Exercise from the catalog",
            "hold_seconds": "Hold (s)",
            "hold_to_fatigue": "Hold to fatigue",
            "description": "Or: manual treatment, or a note",
        }
        field_classes = {"exercise": ExerciseChoiceField}
        # Typed, like every number on the entry page: a number input changes on a stray scroll.
        widgets = {
            "sets": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "reps": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "hold_seconds": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, exercises: QuerySet[Exercise], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["exercise"])
        field.queryset = exercises
        field.empty_label = "— none: describe the treatment below —"


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
