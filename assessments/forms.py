import datetime
import re
from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import (
    PAIN_MAX,
    PAIN_MIN,
    PAIN_OUT_OF_RANGE,
    VALUE_DIGITS,
    VALUE_PLACES,
    Expectation,
    Intervention,
    RecordingKind,
    Reflection,
    Sign,
    SymptomResponse,
    TestDefinition,
    TestSet,
)
from assessments.selectors import test_definition_list
from assessments.services import NO_TESTS
from clinic.models import Clinic
from exercises.forms import DoseModelForm
from exercises.models import Exercise

NOTE_MAX = 2000
NUMBER_EXPECTED = "Type a number, like 12 or 12.5."
WHOLE_PAIN_EXPECTED = "Type a whole number from 0 to 10."
NOT_IN_FUTURE = "A round cannot be recorded for more than a day ahead."
TOO_LONG_AGO = "Check the year: that is before 2000."
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
PRIMARY_FIELD: dict[str, str] = {
    RecordingKind.NUMBER: "value",
    RecordingKind.PAIN: "pain",
    RecordingKind.GRADE: "grade",
    RecordingKind.SYMPTOM: "symptom",
    RecordingKind.SIGN: "sign",
}
SECONDARY_ORDER = ["value", "grade", "pain", "compensations", "note"]


def _now_to_the_minute() -> str:
    return timezone.localtime().strftime(LOCAL_MINUTE)


def _text(inputmode: str | None = None, **attrs: str) -> forms.TextInput:
    # Typed, never dragged: a text input with a numeric keypad, no spinner or scroll-to-change.
    if inputmode:
        attrs["inputmode"] = inputmode
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


class BaselineForm(forms.Form):
    performed_at = forms.DateTimeField(
        label="Date and time",
        initial=_now_to_the_minute,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )
    rater = forms.CharField(
        max_length=120, required=False, help_text="Leave empty when you measure yourself."
    )
    instrument = forms.CharField(
        max_length=120, required=False, help_text="e.g. 30 cm goniometer, stopwatch."
    )
    position = forms.CharField(max_length=120, required=False, help_text="e.g. prone on plinth.")
    test_set = forms.ModelChoiceField(queryset=TestSet.objects.none(), required=False)
    tests = forms.ModelMultipleChoiceField(
        queryset=TestDefinition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, tests: QuerySet[TestDefinition], test_sets: QuerySet[TestSet], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["tests"]).queryset = tests
        cast(forms.ModelChoiceField, self.fields["test_set"]).queryset = test_sets

    def clean_performed_at(self) -> datetime.datetime:
        performed_at = self.cleaned_data["performed_at"]
        if performed_at > timezone.now() + datetime.timedelta(days=1):
            raise forms.ValidationError(NOT_IN_FUTURE)
        if performed_at.year < 2000:
            raise forms.ValidationError(TOO_LONG_AGO)
        return performed_at

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        test_set: TestSet | None = cleaned.get("test_set")
        if test_set is not None:
            # The set's own order; the picked tests come in the library's order.
            cleaned["chosen_tests"] = [item.test for item in test_set.items.all()]
        else:
            cleaned["chosen_tests"] = list(cleaned.get("tests") or [])
        if not cleaned["chosen_tests"] and not self.errors:
            raise forms.ValidationError(NO_TESTS)
        return cleaned


# One finding as typed: only the fields its test records, each parsed to its type. Ranges,
# scales and checklists specific to the test are the model's to check.
class FindingForm(forms.Form):
    def __init__(self, *args, test: TestDefinition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.test = test
        if test.records_value:
            self.fields["value"] = forms.DecimalField(
                label=test.get_unit_display().capitalize(),
                required=False,
                max_digits=VALUE_DIGITS,
                decimal_places=VALUE_PLACES,
                widget=_text("decimal"),
                error_messages={"invalid": NUMBER_EXPECTED},
            )
        if test.records_any_pain:
            self.fields["pain"] = forms.IntegerField(
                label="Pain 0–10",
                required=False,
                min_value=PAIN_MIN,
                max_value=PAIN_MAX,
                widget=_text("numeric"),
                error_messages={
                    "invalid": WHOLE_PAIN_EXPECTED,
                    "min_value": PAIN_OUT_OF_RANGE,
                    "max_value": PAIN_OUT_OF_RANGE,
                },
            )
        if test.records_grade:
            self.fields["grade"] = forms.TypedChoiceField(
                label="Grade",
                required=False,
                choices=[("", "—"), *enumerate(test.grade_labels)],
                coerce=int,
                empty_value=None,
            )
        if test.kind == RecordingKind.SYMPTOM:
            self.fields["symptom"] = forms.ChoiceField(
                label="Symptoms", required=False, choices=[("", "—"), *SymptomResponse.choices]
            )
        if test.kind == RecordingKind.SIGN:
            self.fields["sign"] = forms.ChoiceField(
                label="Sign", required=False, choices=[("", "—"), *Sign.choices]
            )
        if test.compensations:
            self.fields["compensations"] = forms.MultipleChoiceField(
                label="Compensations",
                required=False,
                choices=[(name, name) for name in test.compensations],
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["note"] = forms.CharField(
            label="Note", required=False, max_length=NOTE_MAX, widget=_text()
        )
        # The test's main measure comes first in the row, then its extras, then the note.
        self.order_fields([PRIMARY_FIELD[test.kind], *SECONDARY_ORDER])


class TestSetForm(forms.Form):
    __test__ = False

    name = forms.CharField(max_length=120)
    description = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tests = forms.ModelMultipleChoiceField(
        queryset=TestDefinition.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, tests: QuerySet[TestDefinition], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["tests"]).queryset = tests


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


BAND_EXPECTED = "Line {line}: write a band as lowest–highest baseline: MCID, like “5–7: 2”."
_NUMBER = r"(-?\d+(?:[.,]\d+)?)"
_BAND = re.compile(rf"^{_NUMBER}\s*(?:–|—|-|to)\s*{_NUMBER}\s*:\s*{_NUMBER}$")


def _plain(value: Decimal) -> int | float:
    # Stored as JSON numbers: 2 stays 2, 3.5 stays 3.5.
    return int(value) if value == value.to_integral_value() else float(value)


class McidBandsField(forms.CharField):
    """MCID bands typed one per line, “5–7: 2”; the model checks their order and range."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(f"{b['low']:g}–{b['high']:g}: {b['mcid']:g}" for b in value)
        return value

    # Cleans to a list of bands where CharField cleans to a string: the one change it makes.
    def to_python(self, value: object) -> list[dict[str, int | float]]:  # type: ignore[override]
        bands = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = _BAND.match(line.strip())
            if match is None:
                raise forms.ValidationError(BAND_EXPECTED.format(line=number))
            low, high, mcid = (Decimal(g.replace(",", ".")) for g in match.groups())
            bands.append({"low": _plain(low), "high": _plain(high), "mcid": _plain(mcid)})
        return bands


# A clinic's own test. Scales, checklists and MCID bands are typed one item per line.
class TestDefinitionForm(forms.ModelForm):
    __test__ = False

    grade_labels = forms.CharField(
        label="Grade scale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One grade per line, in order (Poor, Fair, Good or 0 good … 6 poor).",
    )
    mcid_bands = McidBandsField(
        label="MCID by baseline",
        required=False,
        help_text=(
            "When the MCID depends on where the client starts: one band per line, lowest–highest "
            "baseline: MCID, like “5–7: 2”. Inside a band its MCID replaces the one above. "
            "Give the source below."
        ),
    )
    compensations = forms.CharField(
        label="Compensations checklist",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One compensation per line.",
    )

    class Meta:
        model = TestDefinition
        fields = [
            "name",
            "body_region",
            "kind",
            "unit",
            "value_min",
            "value_max",
            "decimals",
            "percent_meaningful",
            "sided",
            "better",
            "records_pain",
            "pain_test",
            "grade_labels",
            "best_grade",
            "compensations",
            "mdc",
            "mdc_source",
            "mcid",
            "mcid_percent",
            "mcid_bands",
            "mcid_source",
            "evidence_note",
            "position",
            "instrument",
            "protocol",
        ]
        labels = {
            "value_min": "Lowest valid value",
            "value_max": "Highest valid value",
            "decimals": "Decimal places",
            "sided": "Recorded for left and right",
            "better": "Which way is better",
            "records_pain": "Also records pain 0–10",
            "pain_test": "Pain judged on",
            "percent_meaningful": "Percent change is meaningful",
            "best_grade": "Best grade",
        }
        help_texts = {
            "percent_meaningful": (
                "Tick for a measure with a true zero (degrees from 0, seconds, reps, cm, kg), "
                "where 20 → 30 is +50 %. Leave it unticked for scores and percentages, whose "
                "zero is arbitrary."
            ),
            "pain_test": (
                "When the test also records pain: the pain test whose MDC, MCID and bands "
                "judge a change in that pain."
            ),
            "best_grade": "Which end of the grade scale is the best grade.",
            "mcid_percent": (
                "An improvement of this share of the baseline is clinically important too, "
                "like 30 for pain on the NPRS. Give its source below."
            ),
        }
        widgets = {
            "value_min": _text("decimal"),
            "value_max": _text("decimal"),
            "mdc": _text("decimal"),
            "mcid": _text("decimal"),
            "mcid_percent": _text("decimal"),
            "decimals": _text("numeric"),
            "mdc_source": forms.Textarea(attrs={"rows": 2}),
            "mcid_source": forms.Textarea(attrs={"rows": 2}),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
            "protocol": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, clinic: Clinic, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The model checks the pain test against the clinic the test will belong to.
        self.instance.clinic = clinic
        field = cast(forms.ModelChoiceField, self.fields["pain_test"])
        field.queryset = test_definition_list(clinic=clinic).filter(kind=RecordingKind.PAIN)
        field.empty_label = "— choose a pain test —"
        # A post without it (no grade scale, say) keeps the model's default.
        self.fields["best_grade"].required = False

    def clean_best_grade(self) -> str:
        return (
            self.cleaned_data["best_grade"] or TestDefinition._meta.get_field("best_grade").default
        )

    def clean_grade_labels(self) -> list[str]:
        return _lines(self.cleaned_data["grade_labels"])

    def clean_compensations(self) -> list[str]:
        return _lines(self.cleaned_data["compensations"])

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        # The pain test only applies to a test that records pain; a choice left behind from
        # unticking the box is dropped rather than refused.
        if not cleaned.get("records_pain"):
            cleaned["pain_test"] = None
        return cleaned


class ExerciseChoiceField(forms.ModelChoiceField):
    """A catalog exercise, named with its tier so the level is seen while choosing."""

    def label_from_instance(self, obj: Exercise) -> str:
        return f"{obj.name} (tier {obj.tier})"


class InterventionForm(DoseModelForm):
    """Treatment given after a round: an exercise from the catalog with its dose, or words."""

    # Manual treatment has no dose.
    dose_required = False

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
