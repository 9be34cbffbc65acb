"""Every way a client's record can be viewed, for the access audit's tests.

`client_record` builds a Northside client whose record holds a distinct piece of text in every
place a page can show one; `VIEWS` lists each response that shows client data, as a request
and the audit row it must write.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from typing import Any

from django.forms.models import model_to_dict
from django.test import Client as HttpClient
from django.test.client import MULTIPART_CONTENT

from assessments import services as assessment_services
from assessments.models import Assessment, TestDefinition
from clinic.models import AccessKind, Client
from exercises.forms import PrescriptionDoseForm
from exercises.models import Prescription
from tests.assessments.helpers import opened_row
from tests.factories import ClientFactory, PrescriptionFactory, TestDefinitionFactory

HTMX = {"HX-Request": "true"}
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?')


@dataclass
class ClientRecord:
    client: Client
    baseline: Assessment
    test: TestDefinition
    prescription: Prescription
    retest: Assessment
    # Text from every part of the record; none may reach an audit row or a refused response.
    phi: list[str] = field(default_factory=list)


def client_record(clinic, clinician) -> ClientRecord:
    client = ClientFactory(
        clinic=clinic,
        name="Ana Souza",
        presenting_complaint="Low back pain on bending",
        notes="Prefers morning appointments; lives with her sister",
        email="ana.souza@example.org",
        created_by=clinician.user,
    )
    test = TestDefinitionFactory(name="Hip extension range")
    baseline = assessment_services.assessment_create_baseline(
        client=client, clinician=clinician.user, tests=[test], rater="Rater Quill"
    )
    item = baseline.items.select_related("test", "assessment__client").get()
    assessment_services.finding_save(
        item=item, side="none", value=Decimal("37"), note="Guarded at end range, left"
    )
    assessment_services.intervention_log(
        after_round=baseline, clinician=clinician.user, description="Cable pull-through, 40 reps"
    )
    retest = assessment_services.assessment_create_retest(
        baseline=baseline, clinician=clinician.user
    )
    assessment_services.reflection_save(
        round_=retest, author=clinician.user, why="Glute drive replaced lumbar extension"
    )
    prescription = PrescriptionFactory(
        client=client, exercise__name="Side-plank clam", note="Stop if the knee aches"
    )
    phi = [
        client.name,
        client.presenting_complaint,
        client.notes,
        client.email,
        "Guarded at end range",
        "Cable pull-through",
        "Glute drive replaced",
        "Stop if the knee aches",
    ]
    return ClientRecord(client, baseline, test, prescription, retest, phi)


@dataclass(frozen=True)
class View:
    kind: AccessKind
    url: Callable[[ClientRecord], str]
    method: str = "get"
    data: Callable[[ClientRecord], dict[str, Any]] = lambda r: {}
    htmx: bool = False
    # False for a page about many clients: its row names none.
    one_client: bool = True
    # "clinician" (alice) or "owner": who opens it.
    by: str = "clinician"

    def send(self, http: HttpClient, record: ClientRecord):
        headers = HTMX if self.htmx else {}
        if self.method == "post":
            return http.post(
                self.url(record),
                self.data(record),
                content_type=MULTIPART_CONTENT,
                headers=headers,
            )
        return http.get(self.url(record), headers=headers)


def _finding(r: ClientRecord) -> dict[str, Any]:
    # From the row as the page opened it: the finding's version and what it showed.
    return opened_row(r.baseline, r.test.slug) | {
        f"f{r.test.pk}-none-value": "38",
        f"f{r.test.pk}-none-note": "Guarded at end range",
    }


def _dose(r: ClientRecord) -> dict[str, Any]:
    # The dose form's version and what it showed, as its page renders them (without asking the
    # page, which would write an audit row of its own).
    initial = model_to_dict(r.prescription, fields=PrescriptionDoseForm.Meta.fields)
    form = str(PrescriptionDoseForm(initial=initial, version=r.prescription.version))
    opened: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?', form
    ):
        opened.setdefault(name, []).append(unescape(value))
    return opened | {
        "sets": "3",
        "reps": "12",
        "frequency_times": "2",
        "frequency_unit": "day",
        "note": "Stop if the knee aches",
    }


VIEWS: dict[str, View] = {
    "client list": View(AccessKind.CLIENT_LIST, lambda r: "/", one_client=False),
    "client list, htmx page": View(
        AccessKind.CLIENT_LIST, lambda r: "/?page=1", htmx=True, one_client=False
    ),
    "client search": View(
        AccessKind.CLIENT_SEARCH,
        lambda r: "/clients/search/",
        method="post",
        data=lambda r: {"q": "souza"},
        htmx=True,
        one_client=False,
    ),
    "client page": View(AccessKind.CLIENT_PAGE, lambda r: f"/clients/{r.client.pk}/"),
    "client edit form": View(AccessKind.CLIENT_FORM, lambda r: f"/clients/{r.client.pk}/edit/"),
    "client edit refused": View(
        AccessKind.CLIENT_FORM,
        lambda r: f"/clients/{r.client.pk}/edit/",
        method="post",
        data=lambda r: {"name": "", "version": r.client.version},
    ),
    "new baseline form": View(
        AccessKind.BASELINE_FORM, lambda r: f"/clients/{r.client.pk}/assessments/new/"
    ),
    "round page": View(AccessKind.ROUND_PAGE, lambda r: f"/assessments/{r.baseline.pk}/"),
    "round details form": View(
        AccessKind.ROUND_PAGE, lambda r: f"/assessments/{r.baseline.pk}/edit/"
    ),
    "round page, htmx": View(
        AccessKind.ROUND_PAGE, lambda r: f"/assessments/{r.baseline.pk}/", htmx=True
    ),
    "finding saved, htmx": View(
        AccessKind.ENTRY_PARTIAL,
        lambda r: f"/assessments/{r.baseline.pk}/findings/{r.test.pk}/none/",
        method="post",
        data=_finding,
        htmx=True,
    ),
    "finding refused, page": View(
        AccessKind.ROUND_PAGE,
        lambda r: f"/assessments/{r.baseline.pk}/findings/{r.test.pk}/none/",
        method="post",
        data=lambda r: {f"f{r.test.pk}-none-value": "999"},
    ),
    "treatment logged, htmx": View(
        AccessKind.ENTRY_PARTIAL,
        lambda r: f"/assessments/{r.baseline.pk}/interventions/",
        method="post",
        data=lambda r: {"description": "Hip flexor release"},
        htmx=True,
    ),
    "treat: this visit or the home programme": View(
        AccessKind.CLIENT_PAGE, lambda r: f"/clients/{r.client.pk}/treat/"
    ),
    "report": View(AccessKind.REPORT, lambda r: f"/assessments/{r.baseline.pk}/report/"),
    "report CSV": View(AccessKind.REPORT_CSV, lambda r: f"/assessments/{r.baseline.pk}/report.csv"),
    "client summary": View(AccessKind.SUMMARY, lambda r: f"/assessments/{r.baseline.pk}/summary/"),
    "reflection saved, htmx": View(
        AccessKind.REFLECTION,
        lambda r: f"/assessments/{r.retest.pk}/reflection/",
        method="post",
        data=lambda r: {"why": "Glute drive replaced lumbar extension"},
        htmx=True,
    ),
    "programme page": View(
        AccessKind.PROGRAMME_PAGE, lambda r: f"/clients/{r.client.pk}/programme/"
    ),
    "programme, htmx": View(
        AccessKind.PROGRAMME_PAGE, lambda r: f"/clients/{r.client.pk}/programme/", htmx=True
    ),
    "programme picker, htmx": View(
        AccessKind.PROGRAMME_PICKER,
        lambda r: f"/clients/{r.client.pk}/programme/picker/",
        htmx=True,
    ),
    "dose form": View(AccessKind.DOSE_FORM, lambda r: f"/prescriptions/{r.prescription.pk}/edit/"),
    "dose saved, htmx": View(
        AccessKind.PROGRAMME_PAGE,
        lambda r: f"/prescriptions/{r.prescription.pk}/edit/",
        method="post",
        data=_dose,
        htmx=True,
    ),
    "exercise stopped, htmx": View(
        AccessKind.PROGRAMME_PAGE,
        lambda r: f"/prescriptions/{r.prescription.pk}/stop/",
        method="post",
        htmx=True,
    ),
    "handout": View(AccessKind.HANDOUT, lambda r: f"/clients/{r.client.pk}/programme/handout/"),
    "home logs CSV": View(
        AccessKind.HOME_LOGS_CSV, lambda r: f"/clients/{r.client.pk}/programme/logs.csv"
    ),
    "programme link issued, with its handout": View(
        AccessKind.PROGRAMME_LINK,
        lambda r: f"/clients/{r.client.pk}/programme/link/",
        method="post",
    ),
    "client history": View(AccessKind.HISTORY, lambda r: f"/clients/{r.client.pk}/history/"),
    "finding history": View(
        AccessKind.HISTORY,
        lambda r: f"/assessments/{r.baseline.pk}/findings/{r.test.pk}/none/history/",
    ),
    "void refused, page": View(
        AccessKind.ROUND_PAGE,
        lambda r: f"/assessments/{r.baseline.pk}/void/",
        method="post",
        data=lambda r: {"void_reason": ""},
    ),
    "round removal form": View(
        AccessKind.ROUND_PAGE, lambda r: f"/assessments/{r.baseline.pk}/remove/"
    ),
    "test removal form": View(
        AccessKind.ROUND_PAGE, lambda r: f"/assessments/{r.baseline.pk}/tests/{r.test.pk}/remove/"
    ),
    "test added refused, page": View(
        AccessKind.ROUND_PAGE,
        lambda r: f"/assessments/{r.baseline.pk}/tests/",
        method="post",
        data=lambda r: {"test": ""},
    ),
    "access audit": View(AccessKind.AUDIT_PAGE, lambda r: "/audit/", one_client=False, by="owner"),
    "access audit of the client": View(
        AccessKind.AUDIT_PAGE, lambda r: f"/audit/?client={r.client.pk}", by="owner"
    ),
    "access audit CSV": View(
        AccessKind.AUDIT_CSV, lambda r: f"/audit.csv?client={r.client.pk}", by="owner"
    ),
}
