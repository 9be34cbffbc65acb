from typing import Any, cast

from django import forms
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)

from clinic.lib.number_fields import NumberField
from clinic.lib.pictures import CleanPicture, picture_clean
from clinic.lib.versioned_forms import track_edits
from exercises.dose import DOSE_MISSING, DOSE_NUMBERS, HOLD_EITHER
from exercises.models import (
    ALT_TEXT_LENGTH,
    AUTHOR_LENGTH,
    FREQUENCY_RANGE,
    MAX_TIMES_PER_DAY,
    MAX_TIMES_PER_WEEK,
    Aim,
    Equipment,
    Exercise,
    FrequencyUnit,
    Muscle,
    PictureLicence,
    Prescription,
    Tier,
)
from exercises.selectors import NO_EQUIPMENT

QUERY_MAX_LENGTH = 100
PICTURE_REQUIRED = "Choose a picture to upload."
# The unit a dose number may be typed with.
DOSE_UNITS = {"sets": "sets", "reps": "reps", "hold_seconds": "s", "frequency_times": "times"}


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
        cast(forms.ChoiceField, self.fields["aim"]).choices = [
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


def _whole_number(label: str) -> dict[str, str]:
    return {"invalid": f"{label} must be a whole number, such as 3."}


def _typed_number(field: forms.Field, name: str, label: str) -> NumberField:
    """A model form's whole-number field again, read as typed ("3 sets", "30 s")."""
    message = _whole_number(label)["invalid"]
    return NumberField(
        unit=DOSE_UNITS[name],
        whole=True,
        inputmode="numeric",
        required=field.required,
        initial=field.initial,
        label=field.label,
        help_text=field.help_text,
        error_messages={"invalid": message, "precision": message},
    )


class DoseModelForm(forms.ModelForm):
    """A model form over a dose (a model with `exercises.dose.DoseFields`): the dose's limits
    and messages on its number fields, and its rules reported beside the field to change."""

    # False where a dose may be left out entirely, as for manual treatment in a visit.
    dose_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed as people type them ("3 sets", "12 reps", "30 s"), with the model's limits and
        # messages instead of the form's generic "at least 0".
        for name, top, message, label in DOSE_NUMBERS:
            self.fields[name] = number = _typed_number(self.fields[name], name, label)
            number.validators = [MinValueValidator(1, message), MaxValueValidator(top, message)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Reported beside the field to change, before the model's constraints would report
        # them for the whole form.
        if cleaned.get("hold_seconds") and cleaned.get("hold_to_fatigue"):
            self.add_error("hold_seconds", HOLD_EITHER)
        dose_fields_clean = not {"reps", "hold_seconds"} & set(self.errors)
        has_dose = (
            cleaned.get("reps") or cleaned.get("hold_seconds") or cleaned.get("hold_to_fatigue")
        )
        if self.dose_required and dose_fields_clean and not has_dose:
            self.add_error("reps", DOSE_MISSING)
        return cleaned


class LinesField(forms.CharField):
    """An ordered list typed one item a line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    # Cleans to a list where CharField cleans to a string: the one change this field makes.
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        # CharField's own check runs on the cleaned value, a list here, where it cannot see one.
        ProhibitNullCharactersValidator()(text)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ExerciseForm(DoseModelForm):
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
        }
        help_texts = {
            "hold_to_fatigue": "Hold in the weak position until the client can no longer keep it.",
        }

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["aim"]).empty_label = None
        cast(forms.TypedChoiceField, self.fields["tier"]).choices = Tier.choices
        if version is not None:
            # Editing: the form carries the exercise's version and what it showed, so a stale
            # save merges or says what changed (clinic/lib/versioned_forms.py).
            track_edits(self, fields=self.Meta.fields, version=version)


class ExercisePickerForm(ExerciseFilterForm):
    """The programme page's picker: search by name, filter by tier and aim."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "picker-%s")
        super().__init__(*args, **kwargs)
        del self.fields["equipment"]
        del self.fields["muscle"]


class PrescriptionAddForm(forms.Form):
    exercise = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class LadderStepForm(forms.Form):
    # Empty when the exercise has a single step that way; the service then takes it.
    to = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class PrescriptionMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class PrescriptionDoseForm(DoseModelForm):
    """A prescription's dose. The client, exercise and status come from the URL and the
    services, never from the form."""

    class Meta:
        model = Prescription
        fields = [
            "sets",
            "reps",
            "hold_seconds",
            "hold_to_fatigue",
            "load",
            "frequency_times",
            "frequency_unit",
            "note",
        ]
        labels = {
            "frequency_times": "How often",
            "frequency_unit": "Per",
            "load": "Load or band",
            "note": "Note for the client",
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "hold_to_fatigue": "Hold in the weak position until the client can no longer keep it.",
            "load": "Optional, e.g. red band, 8 kg.",
            "note": "Shown on the handout.",
        }
        error_messages = {"frequency_times": _whole_number("How often")}

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        times = self.fields["frequency_times"] = _typed_number(
            self.fields["frequency_times"], "frequency_times", "How often"
        )
        times.validators = [
            MinValueValidator(1, FREQUENCY_RANGE),
            MaxValueValidator(MAX_TIMES_PER_WEEK, FREQUENCY_RANGE),
        ]
        # It carries the prescription's version and the dose it showed, so a stale save merges
        # or says what changed (clinic/lib/versioned_forms.py).
        track_edits(self, fields=self.Meta.fields, version=version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Beside the field, before the model's constraint would report it for the whole form.
        times, unit = cleaned.get("frequency_times"), cleaned.get("frequency_unit")
        if unit == FrequencyUnit.DAY and times and times > MAX_TIMES_PER_DAY:
            self.add_error("frequency_times", FREQUENCY_RANGE)
        return cleaned


class ExercisePictureForm(forms.Form):
    """A clinic's picture of an exercise, with what it shows and whose it is. The file is
    checked by reading it as a picture (clinic/lib/pictures.py); `image` cleans to the picture
    to store, encoded again without its metadata."""

    image = forms.FileField(
        label="Picture",
        help_text="A JPEG, PNG or WebP picture, up to 5 MB and 4000 × 4000 pixels. Where and "
        "when it was taken, and anything else stored in the file besides the picture, are "
        "removed.",
        allow_empty_file=True,
        error_messages={"required": PICTURE_REQUIRED},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label="What the picture shows",
        help_text="Read aloud by screen readers in its place, e.g. “Lying on the side, knees "
        "bent, lifting the top knee”.",
        max_length=ALT_TEXT_LENGTH,
        validators=[ProhibitNullCharactersValidator()],
    )
    licence = forms.ChoiceField(label="Licence", choices=PictureLicence.choices)
    author = forms.CharField(
        label="Author",
        help_text="Who took or drew it: the clinic, or the author a free licence names.",
        max_length=AUTHOR_LENGTH,
        validators=[ProhibitNullCharactersValidator()],
    )

    def clean_image(self) -> CleanPicture:
        return picture_clean(self.cleaned_data["image"])
