"""A clinic's own tests and test sets, thresholds included."""

import re
from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import QuerySet

from assessments.models import BestGrade, RecordingKind, TestDefinition
from assessments.models.thresholds import band_text, category_text, percent_can_be_meaningful
from assessments.selectors import test_definition_list
from clinic.lib.number_fields import NumberField
from clinic.models import Clinic

from .rounds import text_input


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
            return "\n".join(band_text(band) for band in value)
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


CATEGORY_EXPECTED = (
    "“{part}”: write a category as its name and grades, like “good 0–1” or “poor 4”; "
    "separate categories with “·” or a new line."
)
_CATEGORY = re.compile(r"^(.*?\S)\s*:?\s+(\d+)(?:\s*(?:–|—|-|to)\s*(\d+))?$")


class CategoryBandsField(forms.CharField):
    """Categories typed as “good 0–1 · moderate 2–3 · poor 4–6” (or one per line), over the
    grade numbers counted from 0 in the scale's order; the model checks order and coverage."""

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return " · ".join(category_text(band) for band in value)
        return value

    def to_python(self, value: object) -> list[dict[str, object]]:  # type: ignore[override]
        bands: list[dict[str, object]] = []
        for part in re.split(r"[·\n;]", str(value or "")):
            part = part.strip().strip(",").strip()
            if not part:
                continue
            match = _CATEGORY.match(part)
            if match is None:
                raise forms.ValidationError(CATEGORY_EXPECTED.format(part=part))
            name, low, high = match.groups()
            bands.append({"name": name.strip(), "low": int(low), "high": int(high or low)})
        return bands


SCORED_EXPECTED = (
    "Line {line}: write a scored fault as “fault = points”, or “item: fault = points” for "
    "faults of one item that exclude each other, like “Knee: Knee inside the foot = 2”."
)
_SCORED = re.compile(rf"^(?:(.+?)\s*:\s*)?(.+?)\s*=\s*{_NUMBER}$")


def scored_text(entry: dict[str, object]) -> str:
    points = entry["points"]
    if entry["item"] == entry["fault"]:
        return f"{entry['fault']} = {points}"
    return f"{entry['item']}: {entry['fault']} = {points}"


class ScoredItemsField(forms.CharField):
    """A total's scored faults, one per line: “Trunk lean = 1”, or “Knee: Knee inside the
    foot = 2” for faults of one item; each fault is on the compensations checklist."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(scored_text(entry) for entry in value)
        return value

    def to_python(self, value: object) -> list[dict[str, object]]:  # type: ignore[override]
        items: list[dict[str, object]] = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = _SCORED.match(line.strip())
            if match is None:
                raise forms.ValidationError(SCORED_EXPECTED.format(line=number))
            item, fault, points = match.groups()
            fault = fault.strip()
            items.append(
                {
                    "item": (item or fault).strip(),
                    "fault": fault,
                    "points": _plain(Decimal(points.replace(",", "."))),
                }
            )
        return items


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
    category_bands = CategoryBandsField(
        label="Categories",
        required=False,
        help_text=(
            "When the grades are read in categories: each category's name and its grades, "
            "counted from 0 in the scale's order, like “good 0–1 · moderate 2–3 · poor 4–6”. "
            "A change inside one category is then no real change."
        ),
    )
    scored_items = ScoredItemsField(
        label="Scored faults",
        required=False,
        help_text=(
            "When the grade is a total of points: one checklist fault per line with its "
            "points, like “Trunk lean = 1”; faults of one item that exclude each other share "
            "its name, like “Knee: Knee inside the foot = 2”. The grades are then the totals "
            "from 0 (the best) up."
        ),
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
            "category_bands",
            "scored_items",
            "mdc",
            "mdc_source",
            "mcid",
            "mcid_percent",
            "mcid_bands",
            "mcid_source",
            "threshold_population",
            "mdc_same_rater",
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
                "For a measure with a true zero (degrees from 0, seconds, reps, cm, kg), where "
                "20 → 30 is +50 %. Scores, percentages and ranges below zero never show one."
            ),
            "pain_test": (
                "When the test also records pain: the pain test whose MDC, MCID and bands "
                "judge a change in that pain."
            ),
            "best_grade": (
                "Which end of the grade scale is the best grade. Left empty: for a grade test, "
                "the end its direction names; for a quality grade beside a number, the last."
            ),
            "mcid_percent": (
                "An improvement of this share of the baseline is clinically important too, "
                "like 30 for pain on the NPRS. Give its source below."
            ),
        }
        # A decimal comma reads as typed ("2,5"), to the model's places.
        field_classes = dict.fromkeys(
            ("value_min", "value_max", "mdc", "mcid", "mcid_percent"), NumberField
        )
        widgets = {
            "value_min": text_input("decimal"),
            "value_max": text_input("decimal"),
            "mdc": text_input("decimal"),
            "mcid": text_input("decimal"),
            "mcid_percent": text_input("decimal"),
            "decimals": text_input("numeric"),
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
        # Unless chosen, a grade test's best grade is the end its direction names; a quality
        # grade beside another measure is listed worst first.
        if not cleaned.get("best_grade"):
            lower = cleaned.get("kind") == RecordingKind.GRADE and cleaned.get("better") == "lower"
            cleaned["best_grade"] = BestGrade.FIRST if lower else BestGrade.LAST
        # A ticked box cannot make a percent of a score, a percentage or a range below zero mean
        # something: it is left off there rather than refused.
        if not percent_can_be_meaningful(
            kind=cleaned.get("kind", ""),
            unit=cleaned.get("unit", ""),
            value_min=cleaned.get("value_min"),
        ):
            cleaned["percent_meaningful"] = False
        return cleaned
