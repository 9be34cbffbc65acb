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
)
from clinic import audit
from clinic.lib.request_types import HtmxHttpRequest
from clinic.lib.versioned_forms import edit_of, merged_message, rebase, refuse
from clinic.lib.versions import StaleEdit
from clinic.models import AccessKind
from clinic.permissions import (
    get_object_for_user,
    get_rw_object_for_user,
    membership_for,
)
from exercises.selectors import programme_active


def _report_for(request: HttpRequest, pk: int, kind: AccessKind) -> report.Report | HttpResponse:
    """The report of a baseline; a retest's address leads to its baseline's report."""
    round_ = get_object_for_user(request, Assessment.objects.only("pk", "baseline"), pk=pk)
    if round_.baseline_id and request.resolver_match is not None:
        return redirect(request.resolver_match.view_name, pk=round_.baseline_id)
    baseline = get_object_for_user(request, selectors.report_queryset(), pk=pk)
    audit.record_view(request, baseline.client, kind)
    return report.build(baseline)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    built = _report_for(request, pk, AccessKind.REPORT)
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
    built = _report_for(request, pk, AccessKind.REPORT_CSV)
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
    baseline = get_rw_object_for_user(
        request, Assessment.objects.live().select_related("client"), pk=pk
    )
    form = ReflectionForm(request.POST)
    saved = False
    merged = ""
    conflict = None
    if form.is_valid():
        edit = edit_of(form)
        try:
            written = services.reflection_save(
                baseline=baseline,
                author=request.user,
                version=edit.version,
                seen=edit.seen,
                **edit.mine,
            )
        except StaleEdit as stale:
            data = rebase(
                form,
                version=stale.current.version,
                values=stale.current.values,
                adopt=stale.kept,
            )
            form = ReflectionForm(data)
            form.full_clean()
            conflict = refuse(form, stale, edit, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
            if written.merged:
                merged = merged_message(form, written, user=request.user)
            # The form again as saved, with the merged-in changes and the new version.
            form = ReflectionForm(instance=written.row)
    status = 409 if conflict is not None else 200
    if not request.htmx:
        if saved:
            messages.success(request, f"Reflection saved. {merged}".strip())
            return redirect(f"{reverse('assessments:report-detail', args=[pk])}#reflection")
        full = get_object_for_user(request, selectors.report_queryset(), pk=pk)
        audit.record_view(request, full.client, AccessKind.REPORT)
        built = report.build(full)
        context = {
            "report": built,
            "client": built.baseline.client,
            "can_write": True,
            "reflection_form": form,
            "baseline_pk": pk,
            "conflict": conflict,
        }
        return render(request, "assessments/report_detail.html", context, status=status)
    audit.record_view(request, baseline.client, AccessKind.REFLECTION)
    context = {
        "baseline_pk": baseline.pk,
        "reflection_form": form,
        "saved": saved,
        "merged": merged,
        "conflict": conflict,
    }
    return render(request, "assessments/report_detail.html#reflection", context, status=status)
