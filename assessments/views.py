import csv
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import report, selectors, services
from assessments.forms import (
    BaselineForm,
    FindingForm,
    InterventionForm,
    ReflectionForm,
    TestDefinitionForm,
    TestSetForm,
)
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    Intervention,
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
from exercises.selectors import exercise_list, programme_active

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
    # On a retest: the same test and side as recorded at the baseline.
    baseline_finding: Finding | None = None
    is_retest: bool = False

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
        attrs = {
            "hx-post": row.url,
            "hx-trigger": "change",
            "hx-select-oob": status,
            # Saves of one row go in turn; a later one carries the whole row, so only the last
            # waiting is kept.
            "hx-sync": "closest form:queue last",
        }
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
    baseline = assessment.baseline
    earlier = {(f.test_id, f.side): f for f in baseline.findings.all()} if baseline else {}
    groups = []
    for item in assessment.items.all():
        group = TestRows(item=item)
        for side in item.test.sides:
            finding = findings.get((item.test_id, side))
            before = earlier.get((item.test_id, side))
            for loaded in (finding, before):
                if loaded is not None:
                    loaded.test = item.test  # already loaded with the round's tests
            if bound is not None and (bound.item.test_id, bound.side) == (item.test_id, side):
                bound.finding = finding
                row = bound
            else:
                row = _row(item, side, finding, can_write=can_write)
            row.baseline_finding, row.is_retest = before, baseline is not None
            group.rows.append(row)
        groups.append(group)
    return groups


def _render_entry(
    request: HttpRequest,
    assessment: Assessment,
    *,
    bound: FindingRow | None = None,
    intervention_form: InterventionForm | None = None,
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
        "interventions": assessment.interventions.all(),
        "intervention_form": intervention_form
        or (_intervention_form(request) if can_write else None),
        "baseline_pk": assessment.baseline_id or assessment.pk,
    }
    template = f"{ENTRY_TEMPLATE}#entry-table" if request.htmx else ENTRY_TEMPLATE
    return render(request, template, context)


def _intervention_form(request: HttpRequest, data=None) -> InterventionForm:
    clinic = membership_for(request).clinic
    return InterventionForm(data, exercises=exercise_list(clinic=clinic).select_related(None))


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


@require_POST
def retest_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a retest of this round's baseline (from a retest: another one of the same baseline)."""
    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    baseline = round_.baseline if round_.baseline_id else round_
    try:
        retest = services.assessment_create_retest(baseline=baseline, clinician=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment-detail", pk=pk)
    return redirect("assessments:assessment-detail", pk=retest.pk)


@require_POST
@vary_on_headers("HX-Request")
def intervention_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    form = _intervention_form(request, request.POST)
    if form.is_valid():
        try:
            services.intervention_log(
                after_round=round_, clinician=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not request.htmx:
        if form.errors:
            full = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
            return _render_entry(request, full, intervention_form=form)
        messages.success(request, "Treatment logged.")
        return redirect(f"{reverse('assessments:assessment-detail', args=[pk])}#treatment")
    context = {
        "assessment": round_,
        "interventions": round_.interventions.select_related("exercise"),
        # After a save the form starts empty for the next entry; a refusal keeps what was typed.
        "intervention_form": form if form.errors else _intervention_form(request),
        "can_write": True,
        "logged": not form.errors,
    }
    return render(request, f"{ENTRY_TEMPLATE}#treatment", context)


@require_POST
def intervention_delete(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_rw_object_for_user(
        request, Intervention.objects.select_related("after_round__client"), pk=pk
    )
    round_pk = intervention.after_round_id
    try:
        services.intervention_remove(intervention=intervention)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Treatment entry removed.")
    return redirect(f"{reverse('assessments:assessment-detail', args=[round_pk])}#treatment")


def _report_for(request: HttpRequest, pk: int) -> report.Report | HttpResponse:
    """The report of a baseline; a retest's address leads to its baseline's report."""
    round_ = get_object_for_user(request, Assessment.objects.only("pk", "baseline"), pk=pk)
    if round_.baseline_id:
        return redirect(request.resolver_match.view_name, pk=round_.baseline_id)
    baseline = get_object_for_user(request, selectors.report_queryset(), pk=pk)
    return report.build(baseline)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk)
    if isinstance(built, HttpResponse):
        return built
    membership = membership_for(request)
    form = None
    if membership.can_write:
        form = ReflectionForm(instance=built.reflection)
    context = {
        "report": built,
        "client": built.baseline.client,
        "can_write": membership.can_write,
        "reflection_form": form,
        "baseline_pk": built.baseline.pk,
    }
    return render(request, "assessments/report_detail.html", context)


@require_GET
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk)
    if isinstance(built, HttpResponse):
        return built
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = timezone.localdate(built.baseline.performed_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="retest-report-{pk}-{day}.csv"'
    writer = csv.writer(response)
    writer.writerow(report.CSV_HEADER)
    writer.writerows(report.csv_rows(built))
    return response


@require_GET
def report_summary(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk)
    if isinstance(built, HttpResponse):
        return built
    lines = [
        {
            "label": line.row.label,
            "before": line.cells[0].value,
            "after": line.latest.value,
            "words": report.plain_words(line.row, line.row.latest),
            "css": line.latest.css,
            "symbol": line.latest.symbol,
        }
        for line in built.lines
        if line.row.latest is not None and line.rank is not None
    ]
    client = built.baseline.client
    context = {
        "report": built,
        "client": client,
        "lines": lines,
        "programme": programme_active(client=client),
    }
    return render(request, "assessments/report_summary.html", context)


@require_POST
@vary_on_headers("HX-Request")
def reflection_save(request: HttpRequest, pk: int) -> HttpResponse:
    baseline = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    form = ReflectionForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.reflection_save(baseline=baseline, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
    if not request.htmx:
        if saved:
            messages.success(request, "Reflection saved.")
            return redirect(f"{reverse('assessments:report-detail', args=[pk])}#reflection")
        built = report.build(get_object_for_user(request, selectors.report_queryset(), pk=pk))
        context = {
            "report": built,
            "client": built.baseline.client,
            "can_write": True,
            "reflection_form": form,
            "baseline_pk": pk,
        }
        return render(request, "assessments/report_detail.html", context)
    context = {"baseline_pk": baseline.pk, "reflection_form": form, "saved": saved}
    return render(request, "assessments/report_detail.html#reflection", context)
