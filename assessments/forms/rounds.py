"""Opening a round and entering a finding: what the clinician types, parsed to its type."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from assessments.models import (
    PAIN_MAX,
    PAIN_MIN,
    PAIN_OUT_OF_RANGE,
    VALUE_DIGITS,
    AssessmentTest,
    InvolvedSide,
    RecordingKind,
    Sign,
    SymptomResponse,
    TestDefinition,
    TestSet,
)
from assessments.services import (
    BASELINE_DETAILS,
    CLOCK_SKEW,
    NO_TESTS,
    ROUND_DETAILS,
    ROUND_IN_FUTURE,
    TEST_SIDE_PREFIX,
    VOID_NEEDS_REASON,
)
from clinic.lib.number_fields import NumberField
from clinic.lib.versioned_forms import track_edits

NOTE_MAX = 2000
VOID_REASON_MAX = 1000
WHOLE_PAIN_EXPECTED = "Type a whole number from 0 to 10."
NOT_IN_FUTURE = ROUND_IN_FUTURE
TOO_LONG_AGO = "Check the year: that is before 2000."
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
PRIMARY_FIELD: dict[str, str] = {
    RecordingKind.NUMBER: "value",
    RecordingKind.PAIN: "pain",
    RecordingKind.GRADE: "grade",
    RecordingKind.SYMPTOM: "symptom",
    RecordingKind.SIGN: "sign",
}
SECONDARY_ORDER = ["value", "grade", "pain", "compensations", "compensations_absent", "note"]
# A checklist item's three states, as its radio group sends them.
PRESENT, NOT_SEEN, NOT_CHECKED = "present", "absent", ""
# Not checked first: it is where every item starts, and one arrow key marks it present, two
# not seen.
CHECK_STATES = ((NOT_CHECKED, "Not checked"), (PRESENT, "Present"), (NOT_SEEN, "Not seen"))
# The row's button "All looked for, none present": every item not marked becomes not seen.
ALL_NOT_SEEN = "all-not-seen"


def _now_to_the_minute() -> str:
    return timezone.localtime().strftime(LOCAL_MINUTE)


def text_input(inputmode: str | None = None, **attrs: str) -> forms.TextInput:
    # Typed, never dragged: a text input with a numeric keypad, no spinner or scroll-to-change.
    if inputmode:
        attrs["inputmode"] = inputmode
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


def _plausible_time(performed_at: datetime.datetime) -> datetime.datetime:
    if performed_at > timezone.now() + CLOCK_SKEW:
        raise forms.ValidationError(NOT_IN_FUTURE)
    if performed_at.year < 2000:
        raise forms.ValidationError(TOO_LONG_AGO)
    return performed_at


def when_field(**kwargs: object) -> forms.DateTimeField:
    return forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
        **kwargs,  # type: ignore[arg-type]
    )


def submission_field() -> forms.UUIDField:
    """A token that names one opening of a form: submitting it twice (a double tap, a retry
    after a lost answer, ten taps at once) makes one round, and the repeats land on it."""
    return forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


def rater_field() -> forms.CharField:
    return forms.CharField(
        max_length=120, required=False, help_text="Leave empty when you measure yourself."
    )


def instrument_field() -> forms.CharField:
    return forms.CharField(
        max_length=120, required=False, help_text="e.g. 30 cm goniometer, stopwatch."
    )


def position_field() -> forms.CharField:
    return forms.CharField(max_length=120, required=False, help_text="e.g. prone on plinth.")


def involved_side_field(label: str = "Involved side") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=InvolvedSide.choices,
        required=False,
        help_text="The side of the client's problem: the side-to-side index divides it by "
        "the other side. Its retests use it.",
    )


class RetestForm(forms.Form):
    """The "Start a retest" button, with who measures, with what, in which position: shown
    filled with the baseline's, so that one tap starts it; a change here is the retest's."""

    submission = submission_field()
    performed_at = when_field(
        required=False, help_text="Leave empty for now; a retest is dated on or after its baseline."
    )
    rater = rater_field()
    instrument = instrument_field()
    position = position_field()
    conditions_fields = ("performed_at", "rater", "instrument", "position")

    def clean_performed_at(self) -> datetime.datetime | None:
        performed_at = self.cleaned_data["performed_at"]
        return None if performed_at is None else _plausible_time(performed_at)

    @classmethod
    def for_baseline(cls, baseline) -> "RetestForm":
        return cls(
            initial={
                "rater": baseline.rater,
                "instrument": baseline.instrument,
                "position": baseline.position,
            }
        )

    def conditions(self) -> dict[str, str | None]:
        """The rater, instrument and position to open the retest with; one the post did not
        carry at all is None: the baseline's."""
        return {
            name: self.cleaned_data[name] if name in self.data else None
            for name in self.conditions_fields
            if name != "performed_at"
        }


class RoundForm(forms.Form):
    """A round's details, corrected after it was opened. It carries the round's version and
    what it showed (clinic/lib/versioned_forms.py); whether the date keeps the round in order
    with its baseline or retests is the service's to say, beside the date."""

    performed_at = when_field()
    rater = rater_field()
    instrument = instrument_field()
    position = position_field()
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args,
        version: int | None = None,
        baseline: bool = False,
        items: "list[AssessmentTest] | None" = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = list(BASELINE_DETAILS if baseline else ROUND_DETAILS)
        if baseline:
            self.fields["involved_side"] = involved_side_field()
            self.order_fields([*ROUND_DETAILS[:-1], "involved_side", "note"])
        for item in items or ():
            name = f"{TEST_SIDE_PREFIX}{item.test_id}"
            self.fields[name] = forms.ChoiceField(
                label=f"Involved side for {item.test.name}",
                choices=[("", "As the baseline"), *InvolvedSide.choices[1:]],
                required=False,
            )
            fields.append(name)
        track_edits(self, fields=fields, version=version)

    def clean_performed_at(self) -> datetime.datetime:
        return _plausible_time(self.cleaned_data["performed_at"])


class BaselineForm(forms.Form):
    submission = submission_field()
    performed_at = when_field(initial=_now_to_the_minute)
    rater = rater_field()
    instrument = instrument_field()
    position = position_field()
    involved_side = involved_side_field()
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
        return _plausible_time(self.cleaned_data["performed_at"])

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


class ChecklistStates(forms.Widget):
    """One of a checklist's two lists (present, or not seen), read from the row's radio groups:
    one group per item, `<prefix>-check-<n>`, whose value is the item's state. The entry page
    renders the groups itself (FindingForm.checklist); a post that names the list itself (a
    rebased row, a script) is read as that list.

    With the row's "All looked for, none present" button, the items not marked present are
    all not seen."""

    def __init__(self, *, items: list[str], state: str, group: str, all_key: str) -> None:
        super().__init__()
        self.items, self.state, self.group, self.all_key = items, state, group, all_key

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        if name in data:
            return data.getlist(name) if hasattr(data, "getlist") else list(data[name])
        states = [data.get(f"{self.group}-{n}", NOT_CHECKED) for n in range(len(self.items))]
        if data.get(self.all_key):
            states = [state if state == PRESENT else NOT_SEEN for state in states]
        return [item for item, state in zip(self.items, states, strict=True) if state == self.state]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        return [str(item) for item in value or []]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        """Plain radio groups, one per item, for a form rendered whole; the entry page renders
        its own. The list of items not seen renders nothing: the groups hold both lists."""
        if self.state != PRESENT:
            return SafeString("")
        chosen = set(self.format_value(value))

        def radios(n: int, item: str) -> SafeString:
            # Without the other list an item not present shows as not checked.
            shown = PRESENT if item in chosen else NOT_CHECKED
            return format_html_join(
                "",
                '<label><input type="radio" name="{}" value="{}"{}> {}</label>',
                (
                    (f"{self.group}-{n}", state, " checked" if state == shown else "", label)
                    for state, label in CHECK_STATES
                ),
            )

        return format_html_join(
            "",
            "<fieldset><legend>{}</legend>{}</fieldset>",
            ((item, radios(n, item)) for n, item in enumerate(self.items)),
        )


@dataclass(frozen=True)
class CheckItem:
    """One checklist item of an entry row, with its radio group's name and state."""

    name: str
    group: str
    state: str
    index: int

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return CHECK_STATES


# One finding as typed: only the fields its test records, each parsed to its type. Ranges,
# scales and checklists specific to the test are the model's to check. It carries the finding's
# version and what the row showed (clinic/lib/versioned_forms.py); the entry page renders those
# in a region of its own that every save swaps back.
class FindingForm(forms.Form):
    def __init__(self, *args, test: TestDefinition, version: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.test = test
        if test.records_value:
            # "1,5", "95°" and "12 reps" are read as typed; the hint offers the test's decimals.
            self.fields["value"] = NumberField(
                label=test.get_unit_display().capitalize(),
                required=False,
                unit=test.unit_symbol,
                decimals=test.decimals,
                max_digits=VALUE_DIGITS,
            )
        if test.records_any_pain:
            self.fields["pain"] = NumberField(
                label="Pain 0–10",
                required=False,
                unit="/10",
                whole=True,
                min_value=PAIN_MIN,
                max_value=PAIN_MAX,
                inputmode="numeric",
                error_messages={
                    "invalid": WHOLE_PAIN_EXPECTED,
                    "precision": WHOLE_PAIN_EXPECTED,
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
            items = list(test.compensations)
            for name, state, label in (
                ("compensations", PRESENT, "Compensations present"),
                ("compensations_absent", NOT_SEEN, "Compensations not seen"),
            ):
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=[(item, item) for item in items],
                    widget=ChecklistStates(
                        items=items,
                        state=state,
                        group=self.add_prefix("check"),
                        all_key=self.add_prefix(ALL_NOT_SEEN),
                    ),
                )
        self.fields["note"] = forms.CharField(
            label="Note", required=False, max_length=NOTE_MAX, widget=text_input()
        )
        # The test's main measure comes first in the row, then its extras, then the note.
        self.order_fields([PRIMARY_FIELD[test.kind], *SECONDARY_ORDER])
        track_edits(self, fields=list(self.fields), version=version, hidden_initial=False)

    @property
    def all_not_seen_name(self) -> str:
        return self.add_prefix(ALL_NOT_SEEN)

    @property
    def checklist(self) -> list[CheckItem]:
        """The checklist's items with their state as the row shows it: bound, what was sent
        (or what a save settled); unbound, what is saved."""
        if "compensations" not in self.fields:
            return []
        present = set(self["compensations"].value() or [])
        absent = set(self["compensations_absent"].value() or [])
        group = self.add_prefix("check")
        return [
            CheckItem(
                name=name,
                group=f"{group}-{n}",
                state=PRESENT if name in present else NOT_SEEN if name in absent else NOT_CHECKED,
                index=n,
            )
            for n, name in enumerate(self.test.compensations)
        ]

    @property
    def checklist_errors(self) -> list[str]:
        return [
            str(error)
            for name in ("compensations", "compensations_absent")
            for error in self.errors.get(name, [])
        ]


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
