"""Rounds: opening a baseline or a retest, entering findings (treatment: views/treatment.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import selectors, services
from assessments.entry import FindingRow, entry_rows, finding_row
from assessments.forms import (
    BaselineForm,
    FindingForm,
    InterventionForm,
    RetestForm,
    RoundForm,
    VoidForm,
)
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    FindingEvent,
)
from assessments.views import saves
from clinic import audit
from clinic.history_page import history_page
from clinic.idempotency import saved_once
from clinic.lib.request_types import AuthenticatedHttpRequest, HtmxHttpRequest
from clinic.lib.versioned_forms import differing, edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import AccessKind, Client
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    history_membership_for,
    membership_for,
    writable_membership_for,
)

from .corrections import corrections_context, removed_test_answer
from .picker import treatment_section

ENTRY_TEMPLATE = "assessments/assessment_detail.html"


def _render_entry(
    request: HtmxHttpRequest,
    assessment: Assessment,
    *,
    bound: FindingRow | None = None,
    intervention_form: InterventionForm | None = None,
    status: int = 200,
    void_form: VoidForm | None = None,
    retest_form: RetestForm | None = None,
    add_test_form: object = None,
) -> HttpResponse:
    audit.record_view(request, assessment.client, AccessKind.ROUND_PAGE)
    membership = membership_for(request)
    # A voided round is kept to be read: nobody changes it any more.
    can_write = membership.can_write and not assessment.is_voided
    groups = entry_rows(assessment, can_write=can_write, bound=bound)
    recorded = sum(1 for g in groups for r in g.rows if r.finding is not None)
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "groups": groups,
        "can_write": can_write,
        "recorded": recorded,
        "expected": sum(len(g.rows) for g in groups),
        **treatment_section(request, assessment, can_write=can_write, form=intervention_form),
        "baseline_pk": assessment.baseline_id or assessment.pk,
        "retest_form": retest_form
        or (RetestForm.for_baseline(assessment.baseline or assessment) if can_write else None),
        "retest_form_open": retest_form is not None,
        "void_form": void_form or (VoidForm() if can_write else None),
        # Owners and clinicians read each finding's history, of a voided round too.
        "can_read_history": membership.can_write,
    }
    context.update(
        corrections_context(request, assessment, can_write=can_write, add_form=add_test_form)
    )
    template = f"{ENTRY_TEMPLATE}#entry-table" if request.htmx else ENTRY_TEMPLATE
    return render(request, template, context, status=status)


render_entry = _render_entry


@require_http_methods(["GET", "POST"])
def baseline_create(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
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
                involved_side=data["involved_side"],
                submission=data["submission"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("assessments:assessment-detail", pk=assessment.pk)
    audit.record_view(request, client, AccessKind.BASELINE_FORM)
    return render(request, "assessments/baseline_create.html", {"client": client, "form": form})


@require_GET
@vary_on_headers("HX-Request")
def assessment_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return _render_entry(request, assessment)


@require_POST
@vary_on_headers("HX-Request")
def finding_save(request: HtmxHttpRequest, pk: int, test_pk: int, side: str) -> HttpResponse:
    assessment = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    item = (
        AssessmentTest.objects.live()
        .select_related("test")
        .filter(assessment=assessment, test_id=test_pk)
        .first()
    )
    if item is None:
        return removed_test_answer(request, assessment, test_pk)
    if side not in item.test.sides:
        raise Http404
    item.assessment = assessment
    prefix = f"f{test_pk}-{side}"
    form = FindingForm(request.POST, test=item.test, prefix=prefix)
    saved = None
    conflict = None
    merged = ""
    adopted: tuple[str, ...] = ()
    if form.is_valid():
        edit = edit_of(form)
        try:
            # A copy of an edit already applied (sent again) applies nothing.
            saved = saved_once(
                request,
                save=lambda: services.finding_save(
                    item=item,
                    side=side,
                    version=edit.version,
                    seen=edit.seen,
                    by=request.user,
                    **edit.mine,
                ),
                now=lambda: saves.finding_now(item, side),
            )
        except StaleEdit as stale:
            # The row again over the finding as it now is: what was typed stays in the inputs,
            # and each field both changed says beside it who changed it to what.
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = FindingForm(data, test=item.test, prefix=prefix)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
            adopted = stale.kept
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The row stays bound, over the finding as saved: what was typed comes back as
            # typed, and the inputs a merge or a "use theirs" settled take the saved value.
            values = _finding_values(saved.row)
            adopted = differing(form, values)
            version = saved.row.version if saved.row else 0
            data = rebase(form, version=version, values=values, adopt=adopted)
            if saved.merged:
                merged = merged_message(form, saved, user=request.user)
            form = FindingForm(data, test=item.test, prefix=prefix)
            form.full_clean()
    finding = saved.row if saved else None
    if conflict is not None:
        state = "conflict"
    else:
        state = "error" if form.errors else ("saved" if finding else "cleared")
    status = 409 if conflict is not None else 200
    row = finding_row(item, side, finding, can_write=True, form=form, state=state)
    row.conflict, row.merged, row.adopted = conflict, merged, adopted
    if request.htmx:
        audit.record_view(request, assessment.client, AccessKind.ENTRY_PARTIAL)
        return render(request, f"{ENTRY_TEMPLATE}#finding-form", {"row": row}, status=status)
    if state in ("saved", "cleared"):
        done = f"{'Saved' if finding else 'Cleared'} {item.test.name}."
        messages.success(request, f"{done} {merged}" if merged else done)
        url = reverse("assessments:assessment-detail", kwargs={"pk": pk})
        return redirect(f"{url}#finding-{test_pk}-{side}")
    row.finding = None
    assessment = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return _render_entry(request, assessment, bound=row, status=status)


def _finding_values(finding: Finding | None) -> dict[str, object]:
    source = finding or Finding()
    return {name: getattr(source, name) for name in services.FINDING_FIELDS}


@require_http_methods(["GET", "POST"])
def assessment_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a round's details: when it was, who rated it with what, in which position."""
    rows = Assessment.objects.select_related("client", "baseline")
    round_ = get_rw_object_for_user(request, rows, pk=pk)
    items = services.sided_items(round_)
    initial = services.round_details(round_, items)
    baseline = not round_.is_retest
    form = RoundForm(
        request.POST or None,
        initial=initial,
        version=round_.version,
        baseline=baseline,
        items=items,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        edit = edit_of(form)
        try:
            saved = services.assessment_update(
                round_=round_, edit=edit, by=request.user, items=items
            )
        except StaleEdit as stale:
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = RoundForm(data, initial=initial, baseline=baseline, items=items)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"Saved the details of this {round_.get_kind_display().lower()}."
            if saved.merged:
                done = f"{done} {merged_message(form, saved, user=request.user)}"
            messages.success(request, done)
            return redirect("assessments:assessment-detail", pk=pk)
    audit.record_view(request, round_.client, AccessKind.ROUND_PAGE)
    context = {"round": round_, "client": round_.client, "form": form, "conflict": conflict}
    status = 409 if conflict is not None else 200
    return render(request, "assessments/assessment_update.html", context, status=status)


@require_GET
def finding_history(request: HttpRequest, pk: int, test_pk: int, side: str) -> HttpResponse:
    """Every value one finding has held, newest first, with who changed it and when."""
    history_membership_for(request)
    round_ = get_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    item = get_object_or_404(
        AssessmentTest.objects.select_related("test"), assessment=round_, test_id=test_pk
    )
    if side not in item.test.sides:
        raise Http404
    audit.record_view(request, round_.client, AccessKind.HISTORY)
    events = FindingEvent.objects.filter(assessment_id=pk, test_id=test_pk, side=side)
    context = {
        "assessment": round_,
        "client": round_.client,
        "item": item,
        "side": side,
        "history": history_page({"finding": events}, request.GET.get("page")),
    }
    return render(request, "assessments/finding_history.html", context)


@require_POST
def retest_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open a retest of this round's baseline (from a retest: another one of the same baseline)."""
    rows = Assessment.objects.select_related("client", "baseline")
    round_ = get_rw_object_for_user(request, rows, pk=pk)
    baseline = round_.baseline or round_
    form = RetestForm(request.POST)
    if not form.is_valid() and any(name in form.errors for name in form.conditions_fields):
        # A date ahead, a rater, instrument or position too long: said beside it, what was
        # typed kept.
        full = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
        return _render_entry(request, full, retest_form=form)
    submission = form.cleaned_data.get("submission")
    conditions = form.conditions()
    try:
        retest = services.assessment_create_retest(
            baseline=baseline,
            clinician=request.user,
            submission=submission,
            rater=conditions["rater"],
            instrument=conditions["instrument"],
            position=conditions["position"],
            performed_at=form.cleaned_data.get("performed_at"),
        )
    except ValidationError as error:
        if "performed_at" in getattr(error, "error_dict", {}):
            form.add_error("performed_at", error.error_dict["performed_at"])
            full = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
            return _render_entry(request, full, retest_form=form)
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment-detail", pk=pk)
    return redirect("assessments:assessment-detail", pk=retest.pk)


@require_POST
def assessment_void(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Void a round with a reason; a refusal shows the round again, the reason kept."""
    round_ = get_rw_object_for_user(request, Assessment.objects.select_related("client"), pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_void(
                assessment=round_, by=request.user, reason=form.cleaned_data["void_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            when = date_format(timezone.localtime(round_.performed_at), "j M Y")
            messages.success(
                request,
                f"Voided the {round_.get_kind_display().lower()} of {when}. "
                "It stays in the client's history.",
            )
            return redirect("clinic:client-detail", pk=round_.client_id)
    full = get_object_for_user(request, selectors.assessment_entry_queryset(), pk=pk)
    return _render_entry(request, full, void_form=form)
