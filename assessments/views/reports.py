"""The comparison report, its CSV, the client summary, and the reflection beside it."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import report, selectors, services
from assessments.forms import (
    ReflectionForm,
)
from assessments.models import (
    Assessment,
    Reflection,
)
from assessments.views import saves
from clinic import audit
from clinic.idempotency import saved_once
from clinic.lib.request_types import HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import AccessKind
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    membership_for,
)
from exercises.home_selectors import home_between_rounds
from exercises.selectors import programme_active


def _rounds_with_home(built: report.Report) -> list[tuple[report.RoundColumn, object]]:
    """Each round with what the client logged at home until the next one (None after the last)."""
    moments = [c.assessment.performed_at for c in built.columns]
    home = home_between_rounds(client=built.baseline.client, moments=moments)
    return list(zip(built.columns, home, strict=True))


def _report_for(request: HttpRequest, pk: int, kind: AccessKind) -> report.Report | HttpResponse:
    """The report of a baseline; a retest's address leads to its baseline's report."""
    round_ = get_object_for_user(request, Assessment.objects.only("pk", "baseline"), pk=pk)
    if round_.baseline_id and request.resolver_match is not None:
        return redirect(request.resolver_match.view_name, pk=round_.baseline_id)
    baseline = get_object_for_user(request, selectors.report_queryset(), pk=pk)
    audit.record_view(request, baseline.client, kind)
    return report.build(baseline)


def _reflection_form(round_pk: int, reflection: Reflection | None, data=None) -> ReflectionForm:
    # One form per retest on the page: ids of their own, the same field names.
    return ReflectionForm(data, instance=reflection, auto_id=f"id_reflection-{round_pk}-%s")


def _reflection_entries(
    built: report.Report,
    *,
    can_write: bool,
    bound: ReflectionForm | None = None,
    pk: int = 0,
    conflict: object = None,
) -> list[dict]:
    """Per retest in order (and a baseline holding an older reflection), what the page shows:
    its label, its reflection, and for members who may write its form."""
    entries = []
    for entry in built.reflections:
        round_pk = entry.round.pk
        form = None
        if bound is not None and round_pk == pk:
            form = bound
        elif can_write:
            form = _reflection_form(round_pk, entry.reflection)
        entries.append(
            {
                "round_pk": round_pk,
                "label": entry.column.label,
                "reflection": entry.reflection,
                "reflection_form": form,
                "is_baseline": not entry.round.is_retest,
                "conflict": conflict if round_pk == pk else None,
            }
        )
    return entries


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk, AccessKind.REPORT)
    if isinstance(built, HttpResponse):
        return built
    membership = membership_for(request)
    context = {
        "report": built,
        "client": built.baseline.client,
        "can_write": membership.can_write,
        "reflections": _reflection_entries(built, can_write=membership.can_write),
        "baseline_pk": built.baseline.pk,
        "rounds": _rounds_with_home(built),
    }
    return render(request, "assessments/report_detail.html", context)


@require_GET
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk, AccessKind.REPORT_CSV)
    if isinstance(built, HttpResponse):
        return built
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = timezone.localdate(built.baseline.performed_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="retest-report-{pk}-{day}.csv"'
    writer = csv.writer(response)
    writer.writerow(report.CSV_HEADER)
    writer.writerows(report.csv_rows(built))
    treatment = list(report.treatment_csv_rows(built))
    if treatment:
        writer.writerow([])
        writer.writerow(report.TREATMENT_CSV_HEADER)
        writer.writerows(treatment)
    return response


@require_GET
def report_summary(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk, AccessKind.SUMMARY)
    if isinstance(built, HttpResponse):
        return built
    client = built.baseline.client
    context = {
        "report": built,
        "client": client,
        "summary": report.summary_for(built),
        "programme": programme_active(client=client),
    }
    return render(request, "assessments/report_summary.html", context)


@require_POST
@vary_on_headers("HX-Request")
def reflection_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the reflection on one retest (`pk`) of the report; the report is its baseline's."""
    round_ = get_rw_object_for_user(
        request, Assessment.objects.live().select_related("client"), pk=pk
    )
    baseline_pk = round_.baseline_id or round_.pk
    form = _reflection_form(pk, None, request.POST)
    saved = False
    merged = ""
    conflict = None
    if form.is_valid():
        edit = edit_of(form)
        try:
            written = saved_once(
                request,
                save=lambda: services.reflection_save(
                    round_=round_,
                    author=request.user,
                    version=edit.version,
                    seen=edit.seen,
                    **edit.mine,
                ),
                now=lambda: saves.reflection_now(round_),
            )
        except StaleEdit as stale:
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = _reflection_form(pk, None, data)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
            if written.merged:
                merged = merged_message(form, written, user=request.user)
            # The form again as saved, with the merged-in changes and the new version.
            form = _reflection_form(pk, written.row)
    status = 409 if conflict is not None else 200
    if not request.htmx:
        report_url = reverse("assessments:report-detail", args=[baseline_pk])
        if saved:
            messages.success(request, f"Reflection saved. {merged}".strip())
            return redirect(f"{report_url}#reflection-{pk}")
        full = get_object_for_user(request, selectors.report_queryset(), pk=baseline_pk)
        built = report.build(full)
        if all(entry.round.pk != pk for entry in built.reflections):
            # No reflection section for this round on its report (a baseline without one).
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
            return redirect(f"{report_url}#reflections")
        audit.record_view(request, full.client, AccessKind.REPORT)
        context = {
            "report": built,
            "client": built.baseline.client,
            "can_write": True,
            "reflections": _reflection_entries(
                built, can_write=True, bound=form, pk=pk, conflict=conflict
            ),
            "baseline_pk": baseline_pk,
            "rounds": _rounds_with_home(built),
        }
        return render(request, "assessments/report_detail.html", context, status=status)
    audit.record_view(request, round_.client, AccessKind.REFLECTION)
    entry = {
        "round_pk": pk,
        "reflection_form": form,
        "saved": saved,
        "merged": merged,
        "conflict": conflict,
    }
    context = {"entry": entry}
    return render(request, "assessments/_reflection.html", context, status=status)
