from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import selectors, services
from assessments.forms import BaselineForm, FindingForm, TestDefinitionForm, TestSetForm
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    Side,
    TestDefinition,
    plain_number,
)
from clinic.models import Client
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    membership_for,
    writable_membership_for,
)

ENTRY_TEMPLATE = "assessments/assessment_detail.html"
# Inputs whose text a clinician types: their own wrapper is swapped back so the refusal, its
# reason and aria-invalid appear beside them. Selects and checkboxes cannot hold a bad value
# (short of a forged request), so only the row's status changes when they are saved.
TYPED_FIELDS = {"value", "pain", "note"}


# One finding's line on the entry page: a test, a side, what is saved and, for members who
# may write, its form.
@dataclass
class FindingRow:
    item: AssessmentTest
    side: str
    finding: Finding | None
    form: FindingForm | None = None
    state: str = ""  # "saved", "cleared" or "error" right after a save
    url: str = ""

    @property
    def test(self) -> TestDefinition:
        return self.item.test

    @property
    def key(self) -> str:
        return f"{self.item.test_id}-{self.side}"

    @property
    def side_label(self) -> str:
        return "" if self.side == Side.NONE else Side(self.side).label

    def _errors(self, *, typed: bool) -> list[str]:
        if self.form is None:
            return []
        return [
            f"{self.form.fields[name].label}: {error}" if name in self.form.fields else error
            for name, errors in self.form.errors.items()
            if (name in TYPED_FIELDS) == typed
            for error in errors
        ]

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
        "note": finding.note,
    }


# Each input saves its whole row by htmx when the clinician leaves it (see TYPED_FIELDS).
def _wire(row: FindingRow) -> None:
    status = f"#finding-{row.key}-status:innerHTML"
    for bound in row.form:
        attrs = {"hx-post": row.url, "hx-trigger": "change", "hx-select-oob": status}
        if bound.name in TYPED_FIELDS:
            wrapper = f"#{bound.auto_id}-field"
            attrs |= {"hx-target": wrapper, "hx-select": wrapper, "hx-swap": "outerHTML"}
        else:
            attrs["hx-swap"] = "none"
        bound.field.widget.attrs.update(attrs)


def _row(
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
            test=item.test, prefix=f"f{row.key}", initial=_finding_initial(finding)
        )
        _wire(row)
    return row


def _entry_rows(
    assessment: Assessment, *, can_write: bool, bound: FindingRow | None = None
) -> list[TestRows]:
    findings = {(f.test_id, f.side): f for f in assessment.findings.all()}
    groups = []
    for item in assessment.items.all():
        group = TestRows(item=item)
        for side in item.test.sides:
            finding = findings.get((item.test_id, side))
            if finding is not None:
                finding.test = item.test  # already loaded with the round's tests
            if bound is not None and (bound.item.test_id, bound.side) == (item.test_id, side):
                bound.finding = finding
                group.rows.append(bound)
            else:
                group.rows.append(_row(item, side, finding, can_write=can_write))
        groups.append(group)
    return groups


def _render_entry(
    request: HttpRequest, assessment: Assessment, *, bound: FindingRow | None = None
) -> HttpResponse:
    can_write = membership_for(request).can_write
    groups = _entry_rows(assessment, can_write=can_write, bound=bound)
    recorded = sum(1 for g in groups for r in g.rows if r.finding is not None)
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "groups": groups,
        "can_write": can_write,
        "recorded": recorded,
        "expected": sum(len(g.rows) for g in groups),
    }
    template = f"{ENTRY_TEMPLATE}#entry-table" if request.htmx else ENTRY_TEMPLATE
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def baseline_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    membership = writable_membership_for(request)
    client = get_object_for_user(request, Client, pk=client_pk)
    form = BaselineForm(
        request.POST or None,
        tests=selectors.test_definition_list(clinic=membership.clinic),
        test_sets=selectors.test_set_list(clinic=membership.clinic),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create_baseline(
                client=client,
                clinician=request.user,
                tests=data["chosen_tests"],
                performed_at=data["performed_at"],
                rater=data["rater"],
                instrument=data["instrument"],
                position=data["position"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("assessments:assessment-detail", pk=assessment.pk)
    return render(request, "assessments/baseline_create.html", {"client": client, "form": form})


@require_GET
@vary_on_headers("HX-Request")
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return _render_entry(request, assessment)


@require_POST
@vary_on_headers("HX-Request")
def finding_save(request: HttpRequest, pk: int, test_pk: int, side: str) -> HttpResponse:
    assessment = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    item = get_object_or_404(
        AssessmentTest.objects.select_related("test"), assessment=assessment, test_id=test_pk
    )
    if side not in item.test.sides:
        raise Http404
    item.assessment = assessment
    form = FindingForm(request.POST, test=item.test, prefix=f"f{test_pk}-{side}")
    finding = None
    if form.is_valid():
        try:
            finding = services.finding_save(item=item, side=side, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    state = "error" if form.errors else ("saved" if finding else "cleared")
    if request.htmx:
        # The form stays bound: what was typed comes back exactly as typed, refused or not.
        row = _row(item, side, finding, can_write=True, form=form, state=state)
        return render(request, f"{ENTRY_TEMPLATE}#finding-form", {"row": row})
    if state != "error":
        messages.success(request, f"{'Saved' if finding else 'Cleared'} {item.test.name}.")
        url = reverse("assessments:assessment-detail", kwargs={"pk": pk})
        return redirect(f"{url}#finding-{test_pk}-{side}")
    bound = _row(item, side, None, can_write=True, form=form, state=state)
    assessment = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return _render_entry(request, assessment, bound=bound)


@require_GET
def test_list(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    tests = selectors.test_definition_list(clinic=membership.clinic)
    return render(request, "assessments/test_list.html", {"tests": tests})


@require_http_methods(["GET", "POST"])
def test_definition_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = TestDefinitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_definition_create(clinic=membership.clinic, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{test.name}” to your clinic's tests.")
            return redirect(f"{reverse('assessments:test-list')}#test-{test.slug}")
    return render(request, "assessments/test_definition_create.html", {"form": form})


@require_GET
def test_set_list(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    test_sets = selectors.test_set_list(clinic=membership.clinic)
    return render(request, "assessments/test_set_list.html", {"test_sets": test_sets})


@require_http_methods(["GET", "POST"])
def test_set_create(request: HttpRequest) -> HttpResponse:
    membership = writable_membership_for(request)
    form = TestSetForm(
        request.POST or None, tests=selectors.test_definition_list(clinic=membership.clinic)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.test_set_create(clinic=membership.clinic, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved the test set “{form.cleaned_data['name']}”.")
            return redirect("assessments:test-set-list")
    return render(request, "assessments/test_set_create.html", {"form": form})
