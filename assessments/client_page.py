"""What the assessments app adds to the client page (registered in AssessmentsConfig.ready)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from assessments.forms import RetestForm
from assessments.models import Assessment, AssessmentKind, Intervention
from clinic.client_page import ClientAction, ClientSection, TimelineEntry
from clinic.models import Client


def rounds_section(request: HttpRequest, client: Client) -> dict[str, object]:
    """The client's baselines, newest first, each with its retests: one query. Voided rounds
    are left out (the client's history shows them)."""
    rounds = list(
        Assessment.objects.live()
        .filter(client=client)
        .order_by("performed_at", "pk")
        .only("pk", "kind", "baseline_id", "performed_at", "client_id")
    )
    series: dict[int, dict[str, Any]] = {
        r.pk: {"baseline": r, "retests": []} for r in rounds if not r.baseline_id
    }
    for r in rounds:
        if r.baseline_id in series:
            series[r.baseline_id]["retests"].append(r)
    for each in series.values():
        # Each "Retest" button opens one retest however often it is tapped.
        each["retest_form"] = RetestForm()
    return {"series": list(reversed(series.values()))}


def round_events(client: Client) -> Iterable[TimelineEntry]:
    rounds = Assessment.objects.live().filter(client=client).only("pk", "kind", "performed_at")
    for r in rounds:
        retest = r.kind == AssessmentKind.RETEST
        yield TimelineEntry(
            at=r.performed_at,
            title="Retest" if retest else "Baseline",
            url=reverse("assessments:assessment-detail", args=[r.pk]),
            kind="assessment",
        )


def treatment_events(client: Client) -> Iterable[TimelineEntry]:
    treatments = (
        Intervention.objects.current()
        .filter(after_round__client=client, after_round__voided_at__isnull=True)
        .select_related("exercise")
    )
    for t in treatments:
        yield TimelineEntry(
            at=t.performed_at,
            title=f"Treated: {t.title}",
            detail=t.amount_text,
            url=reverse("assessments:assessment-detail", args=[t.after_round_id]) + "#treatment",
            kind="treatment",
        )


SECTION = ClientSection(
    key="assessments",
    title="Assessments",
    template="assessments/_client_rounds.html",
    order=10,
    context=rounds_section,
)
NEW_BASELINE = ClientAction(
    label="New baseline",
    url=lambda client: reverse("assessments:baseline-create", args=[client.pk]),
    order=10,
    primary=True,
)
TREAT = ClientAction(
    label="Treat",
    # A choice of this visit (treatment after the latest round) or the home programme.
    url=lambda client: reverse("assessments:treatment-choose", args=[client.pk]),
    order=20,
)
