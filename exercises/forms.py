from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from exercises.models import (
    HOLD_RANGE,
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    REPS_RANGE,
    SETS_RANGE,
    Aim,
    Equipment,
    Exercise,
    Muscle,
    Tier,
)
from exercises.selectors import NO_EQUIPMENT

QUERY_MAX_LENGTH = 100


class ExerciseFilterForm(forms.Form):
    """The catalog's query string: search and filters, each optional.

    A value that does not clean is reported beside its field and the list ignores it, so an
    old bookmark still opens.
    """

    q = forms.CharField(label="Search", required=False, max_length=QUERY_MAX_LENGTH, strip=True)
    tier = forms.TypedChoiceField(
        label="Tier",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any tier"), *Tier.choices],
    )
    aim = forms.ChoiceField(label="Aim", required=False)
    equipment = forms.ChoiceField(
        label="Equipment",
        required=False,
        choices=[("", "Any equipment"), (NO_EQUIPMENT, "None needed"), *Equipment.choices],
    )
    muscle = forms.ChoiceField(
        label="Muscle", required=False, choices=[("", "Any muscle"), *Muscle.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aims = {aim.slug: aim for aim in Aim.objects.all()}
        self.fields["aim"].choices = [
            ("", "Any aim"),
            *((slug, aim.name) for slug, aim in self.aims.items()),
        ]
        self.fields["q"].widget.input_type = "search"

    def clean_q(self) -> str:
        # Collapse runs of spaces so "glute   bridge" searches like "glute bridge".
        return " ".join(self.cleaned_data["q"].split())

    def clean_aim(self) -> Aim | None:
        slug = self.cleaned_data["aim"]
        return self.aims[slug] if slug else None

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments for `exercise_list`."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "query": cleaned.get("q") or "",
            "tier": cleaned.get("tier"),
            "aim": cleaned.get("aim"),
            "equipment": cleaned.get("equipment") or "",
            "muscle": cleaned.get("muscle") or "",
        }


class LinesField(forms.CharField):
    """An ordered list typed one item a line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ExerciseForm(forms.ModelForm):
    """A clinic's own exercise. The clinic comes from the login, never from the form."""

    muscles = forms.MultipleChoiceField(
        label="Target muscles",
        required=False,
        choices=Muscle.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    equipment = forms.MultipleChoiceField(
        label="Equipment",
        required=False,
        choices=Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if it needs nothing but the floor.",
    )
    cues = LinesField(
        label="Cues, in order", help_text="One cue a line, in the order you say them."
    )
    faults = LinesField(
        label="Common faults, in order",
        required=False,
        help_text="One fault a line, the most common first.",
    )

    video_url = forms.URLField(
        label="Video link",
        required=False,
        assume_scheme="https",
        help_text="Optional: a link to a video showing the exercise.",
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "aim",
            "tier",
            "purpose",
            "muscles",
            "pattern",
            "equipment",
            "setup",
            "cues",
            "faults",
            "sets",
            "reps",
            "hold_seconds",
            "hold_to_fatigue",
            "per_side",
            "video_url",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "setup": forms.Textarea(attrs={"rows": 3}),
            "sets": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "reps": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "hold_seconds": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "hold_to_fatigue": "Hold in the weak position until the client can no longer keep it.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aim"].empty_label = None
        self.fields["tier"].choices = Tier.choices
        # The model's limits, with its messages, instead of the form's generic "at least 0".
        for name, top, message in (
            ("sets", MAX_SETS, SETS_RANGE),
            ("reps", MAX_REPS, REPS_RANGE),
            ("hold_seconds", MAX_HOLD_SECONDS, HOLD_RANGE),
        ):
            field = self.fields[name]
            field.validators = [MinValueValidator(1, message), MaxValueValidator(top, message)]
            field.widget.attrs.update(min=1, max=top)
