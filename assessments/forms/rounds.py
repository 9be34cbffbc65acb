"""Opening a round and entering a finding: what the clinician types, parsed to its type."""

import datetime
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
    RecordingKind,
    Sign,
    SymptomResponse,
    TestDefinition,
    TestSet,
)
from assessments.services import NO_TESTS, VOID_NEEDS_REASON

NOTE_MAX = 2000
VOID_REASON_MAX = 1000
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


def text_input(inputmode: str | None = None, **attrs: str) -> forms.TextInput:
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
                widget=text_input("decimal"),
                error_messages={"invalid": NUMBER_EXPECTED},
            )
        if test.records_any_pain:
            self.fields["pain"] = forms.IntegerField(
                label="Pain 0–10",
                required=False,
                min_value=PAIN_MIN,
                max_value=PAIN_MAX,
                widget=text_input("numeric"),
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
            label="Note", required=False, max_length=NOTE_MAX, widget=text_input()
        )
        # The test's main measure comes first in the row, then its extras, then the note.
        self.order_fields([PRIMARY_FIELD[test.kind], *SECONDARY_ORDER])


class VoidForm(forms.Form):
    """Why a round is voided: required, and kept with the round."""

    void_reason = forms.CharField(
        label="Why void this round?",
        max_length=VOID_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": VOID_NEEDS_REASON},
        help_text="For example: recorded for the wrong client, or opened twice. The round "
        "leaves the lists and the report, and stays in the client's history, marked voided.",
    )
