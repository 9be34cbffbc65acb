"""The entry page's rows: one per test and side, with what is saved and the form to change it."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from assessments.forms import (
    FindingForm,
)
from assessments.library import MOVEMENT_NAMED_BY, REPEATS_NAMED_MOVEMENT
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    Side,
    TestDefinition,
)
from clinic.lib.units import plain_number
from clinic.lib.versioned_forms import CONFLICTS, seen_inputs

# Inputs whose text a clinician types: the entry page swaps their own wrapper back after a save,
# so the refusal, its reason and aria-invalid appear beside them. Selects and checkboxes cannot
# hold a bad value (short of a forged request), so only the row's status changes when they are
# saved, and their errors are shown there.
TYPED_FIELDS = frozenset({"value", "pain", "note"})
# Inputs whose errors the row shows beside them in a place of their own that every save swaps
# back (the grade a scored test's faults contradict, the checklist), leaving the inputs alone.
BESIDE_FIELDS = TYPED_FIELDS | {"grade", "compensations", "compensations_absent"}


# One finding's line on the entry page: a test, a side, what is saved and, for members who
# may write, its form.
@dataclass
class FindingRow:
    item: AssessmentTest
    side: str
    finding: Finding | None
    form: FindingForm | None = None
    state: str = ""  # "saved", "cleared", "error" or "conflict" right after a save
    url: str = ""
    # Right after a refused stale save: who saved the finding, when, and the fields both changed.
    conflict: dict[str, Any] | None = None
    # Right after a merged save: what it says, and the fields that took the saved value.
    merged: str = ""
    adopted: tuple[str, ...] = ()
    # On a retest: the same test and side as recorded at the baseline.
    baseline_finding: Finding | None = None
    is_retest: bool = False

    @property
    def test(self) -> TestDefinition:
        return self.item.test

    @property
    def typed_fields(self) -> frozenset[str]:
        return TYPED_FIELDS

    @property
    def key(self) -> str:
        return f"{self.item.test_id}-{self.side}"

    @property
    def sync_inputs(self) -> SafeString:
        """The row's version and opening values, and after a refusal the fields it named."""
        if self.form is None:
            return SafeString("")
        named = self.conflict["fields"] if self.conflict else []
        conflicts = format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            ((self.form.add_prefix(CONFLICTS), item["name"]) for item in named),
        )
        return format_html("{}{}", seen_inputs(self.form), conflicts)

    @property
    def side_label(self) -> str:
        return "" if self.side == Side.NONE else Side(self.side).label

    def _errors(self, *, typed: bool) -> list[str]:
        if self.form is None:
            return []
        return [
            f"{self.form.fields[name].label}: {error}" if name in self.form.fields else str(error)
            for name, errors in self.form.errors.items()
            if (name in BESIDE_FIELDS) == typed
            for error in errors
        ]

    @property
    def select_oob(self) -> str:
        """What every save swaps back out of band: the status, the sync region, and the
        errors shown beside the grade and the checklist (their inputs are left alone)."""
        parts = [f"#finding-{self.key}-status:innerHTML", f"#finding-{self.key}-sync:outerHTML"]
        if self.form is not None:
            parts += [
                f"#{self.form[name].auto_id}_error:outerHTML"
                for name in ("grade", "compensations")
                if name in self.form.fields
            ]
        return ",".join(parts)

    @property
    def checklist_adopted(self) -> bool:
        return bool({"compensations", "compensations_absent"} & set(self.adopted))

    # The status shows the errors of inputs htmx does not swap back (and the row's own)...
    @property
    def select_errors(self) -> list[str]:
        return self._errors(typed=False)

    # ...and repeats, for screen readers only, those already shown beside their input.
    @property
    def typed_errors(self) -> list[str]:
        return self._errors(typed=True)


@dataclass
class TestRows:
    item: AssessmentTest
    rows: list[FindingRow] = field(default_factory=list)
    # On a retest of a test that repeats the provoking movement: the movement the baseline named.
    named_movement: str = ""


def _finding_initial(finding: Finding | None) -> dict:
    if finding is None:
        return {}
    return {
        "value": plain_number(finding.value),
        "pain": finding.pain,
        "grade": finding.grade,
        "symptom": finding.symptom,
        "sign": finding.sign,
        "compensations": finding.compensations,
        "compensations_absent": finding.compensations_absent,
        "note": finding.note,
    }


def finding_row(
    item: AssessmentTest,
    side: str,
    finding: Finding | None,
    *,
    can_write: bool,
    form: FindingForm | None = None,
    state: str = "",
) -> FindingRow:
    row = FindingRow(item=item, side=side, finding=finding, state=state)
    if can_write:
        row.url = reverse(
            "assessments:finding-save",
            kwargs={"pk": item.assessment_id, "test_pk": item.test_id, "side": side},
        )
        row.form = form or FindingForm(
            test=item.test,
            prefix=f"f{row.key}",
            initial=_finding_initial(finding),
            version=finding.version if finding else 0,
        )
    return row


def entry_rows(
    assessment: Assessment, *, can_write: bool, bound: FindingRow | None = None
) -> list[TestRows]:
    findings = {(f.test_id, f.side): f for f in assessment.findings.all()}
    baseline = assessment.baseline
    earlier = {(f.test_id, f.side): f for f in baseline.findings.all()} if baseline else {}
    groups = []
    items = list(assessment.items.all())
    for item in items:
        group = TestRows(item=item)
        if baseline is not None:
            group.named_movement = named_movement(item, items, earlier)
        for side in item.test.sides:
            finding = findings.get((item.test_id, side))
            before = earlier.get((item.test_id, side))
            if bound is not None and (bound.item.test_id, bound.side) == (item.test_id, side):
                bound.finding = finding
                row = bound
            else:
                row = finding_row(item, side, finding, can_write=can_write)
            row.baseline_finding, row.is_retest = before, baseline is not None
            group.rows.append(row)
        groups.append(group)
    return groups


def named_movement(
    item: AssessmentTest,
    items: list[AssessmentTest],
    baseline_findings: dict[tuple[int, str], Finding],
) -> str:
    """The provoking movement a retest's test repeats, as the baseline's note named it: the
    note of the pain with the provoking movement, else the test's own baseline note."""
    if item.test.slug not in REPEATS_NAMED_MOVEMENT:
        return ""
    namer = next((i.test_id for i in items if i.test.slug == MOVEMENT_NAMED_BY), None)
    for test_id in (namer, item.test_id):
        finding = baseline_findings.get((test_id, Side.NONE)) if test_id else None
        if finding is not None and finding.note.strip():
            return finding.note.strip()
    return ""
