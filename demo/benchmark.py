"""Request timings for the main pages on a realistically filled database.

Seeds clinics and clients through the services, then times each page through Django's test
client (the whole middleware stack and the database, no network) and counts its queries.
"""

import datetime
import gc
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

from django.contrib.auth import get_user_model
from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client as HttpClient
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.entry import finding_row
from assessments.models import Assessment, AssessmentTest, Finding
from assessments.services import test_library_load
from clinic.lib.db_roles import as_owner
from clinic.lib.queries import CountedQueries
from clinic.models import Client, Clinic, Membership, Role
from demo.history import history_record
from exercises.models import Exercise, SessionLog
from exercises.services import catalog_load, prescription_create, programme_link_issue

# Exercises in the timed client's home programme, and the days of home logs of each.
PROGRAMME_SIZE = 6
LOGGED_DAYS = 28

# A page that only reads must answer within 200 ms for 95 requests in 100.
READ_P95_MS = 200.0


@dataclass(frozen=True)
class Scenario:
    name: str
    send: Callable[[HttpClient], HttpResponseBase]


@dataclass(frozen=True)
class Result:
    name: str
    p50: float
    p95: float
    p99: float
    queries: int

    @property
    def passed(self) -> bool:
        return self.p95 < READ_P95_MS


def seed(*, clinics: int, clients_per_clinic: int) -> Membership:
    """Clinics full of clients; returns a clinician of the first clinic."""
    if clinics < 1:
        raise ValueError("The benchmark needs at least one clinic.")
    User = get_user_model()
    memberships = []
    for c in range(clinics):
        clinic = Clinic.objects.create(name=f"Bench Clinic {c}", slug=f"bench-clinic-{c}")
        user = User.objects.create_user(f"bench{c}@example.org", password=None)
        memberships.append(Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN))
        Client.objects.bulk_create(
            Client(
                clinic=clinic,
                name=f"Client {n:04} Souza-Martín",
                presenting_complaint="Low back pain on bending",
            )
            for n in range(clients_per_clinic)
        )
    _seed_programme(memberships[0])
    _seed_history(memberships[0])
    return memberships[0]


def _seed_programme(membership: Membership) -> None:
    """A home programme for the first client of the timed clinic, from the shipped catalog."""
    catalog_load()
    client = Client.objects.filter(clinic=membership.clinic).order_by("pk").first()
    if client is None:
        return
    started = timezone.now() - datetime.timedelta(days=LOGGED_DAYS)
    prescriptions = [
        prescription_create(
            client=client, exercise=exercise, prescribed_by=membership.user, at=started
        )
        for exercise in Exercise.objects.filter(clinic__isnull=True).order_by("pk")[:PROGRAMME_SIZE]
    ]
    # Four weeks of the client's logs, one session a day of each exercise, most of them done.
    link = programme_link_issue(client=client, by=membership.user).link
    today = timezone.localdate()
    SessionLog.objects.bulk_create(
        SessionLog(
            clinic_id=client.clinic_id,
            client=client,
            prescription=prescription,
            link=link,
            performed_on=today - datetime.timedelta(days=day),
            logged_at=timezone.now(),
            outcome="done" if day % 4 else "not_today",
            sets_done=3 if day % 4 else None,
            pain=(day % 7) if day % 4 else None,
            effort=6 if day % 4 else None,
            comment=f"Day {day}",
        )
        for prescription in prescriptions
        for day in range(LOGGED_DAYS)
    )


def _seed_history(membership: Membership) -> None:
    """The demo's baseline, treatment and two retests for the first client of the timed clinic."""
    test_library_load()
    client = Client.objects.filter(clinic=membership.clinic).order_by("pk").first()
    if client is not None:
        history_record(client=client, clinician=membership.user, now=timezone.now())


def scenarios(membership: Membership) -> list[Scenario]:
    client_pk = (
        Client.objects.filter(clinic=membership.clinic)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )
    htmx = {"HX-Request": "true"}
    return [
        Scenario("client list", lambda http: http.get("/", secure=True)),
        Scenario(
            "client list, page 3", lambda http: http.get("/?page=3", secure=True, headers=htmx)
        ),
        Scenario(
            "client search (htmx)",
            lambda http: http.post(
                "/clients/search/", {"q": "souza mart"}, secure=True, headers=htmx
            ),
        ),
        Scenario("client page", lambda http: http.get(f"/clients/{client_pk}/", secure=True)),
        Scenario(
            "client edit form", lambda http: http.get(f"/clients/{client_pk}/edit/", secure=True)
        ),
        Scenario(
            "programme page",
            lambda http: http.get(f"/clients/{client_pk}/programme/", secure=True),
        ),
        Scenario(
            "programme handout",
            lambda http: http.get(f"/clients/{client_pk}/programme/handout/", secure=True),
        ),
        *_round_scenarios(client_pk),
    ]


def _round_scenarios(client_pk: int) -> list[Scenario]:
    rounds = list(Assessment.objects.filter(client_id=client_pk).order_by("performed_at", "pk"))
    if not rounds:
        return []
    baseline, retest = rounds[0], rounds[-1]
    item = retest.items.select_related("test").filter(test__kind="pain").first()
    if item is None:
        raise RuntimeError("The timed client's retest has no pain test to save a finding of.")
    save = RowSave(
        url=f"/assessments/{retest.pk}/findings/{item.test_id}/none/",
        field=f"f{item.test_id}-none-pain",
        row=_opened_row(item),
    )
    htmx = {"HX-Request": "true"}
    return [
        Scenario(
            "round entry (retest)", lambda http: http.get(f"/assessments/{retest.pk}/", secure=True)
        ),
        Scenario(
            "finding save (htmx)",
            lambda http: save(http, headers=htmx),
        ),
        Scenario(
            "comparison report",
            lambda http: http.get(f"/assessments/{baseline.pk}/report/", secure=True),
        ),
        Scenario(
            "report CSV",
            lambda http: http.get(f"/assessments/{baseline.pk}/report.csv", secure=True),
        ),
    ]


# A row's hidden inputs: its version and the values it was opened with.
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?')


def _hidden(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in HIDDEN_INPUT.findall(html):
        found.setdefault(name, []).append(unescape(value))
    return found


def _opened_row(item: AssessmentTest) -> dict[str, list[str]]:
    finding = Finding.objects.filter(assessment=item.assessment, test=item.test).first()
    return _hidden(finding_row(item, "none", finding, can_write=True).sync_inputs)


@dataclass
class RowSave:
    """A finding's row saved again and again as a browser does: each save from the version and
    the values the previous answer left in the row."""

    url: str
    field: str
    row: dict[str, list[str]]

    def __call__(self, http: HttpClient, *, headers: dict[str, str]) -> HttpResponseBase:
        data = self.row | {self.field: ["1"]}
        response = http.post(self.url, data, secure=True, headers=headers)
        sync = re.search(r'class="finding-sync"[^>]*>(.*?)</div>', response.content.decode(), re.S)
        if sync is not None:
            self.row = _hidden(sync[1])
        return response


def measure(http: HttpClient, scenario: Scenario, *, requests: int) -> Result:
    scenario.send(http)  # warm caches: templates, connection
    timings = []
    with CountedQueries(connection) as captured:
        scenario.send(http)
    # Read now: the capture is a window on the live log, which the next request resets.
    queries = len(captured.counted)
    for _ in range(requests):
        start = time.perf_counter()
        response = scenario.send(http)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{scenario.name} answered {response.status_code}, not 200.")
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return Result(scenario.name, cuts[49], cuts[94], cuts[98], queries)


def run(*, clinics: int, clients_per_clinic: int, requests: int) -> list[Result]:
    # Filled as the owner role, like any data command; timed as the app role, like the app.
    with as_owner():
        membership = seed(clinics=clinics, clients_per_clinic=clients_per_clinic)
        timed = scenarios(membership)
    # As clinic/wsgi.py does when a worker starts: what is loaded now stays for good.
    gc.collect()
    gc.freeze()
    http = HttpClient()
    http.force_login(membership.user)
    _second_factor_passed(http, membership)
    return [measure(http, s, requests=requests) for s in timed]


def _second_factor_passed(http: HttpClient, membership: Membership) -> None:
    """Time pages as a clinician sees them once past the second factor, which a verified
    session passes without a query (clinic/two_factor/gate.py)."""
    with as_owner():
        device = TOTPDevice.objects.create(user=membership.user, confirmed=True)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def report(results: list[Result]) -> list[str]:
    head = f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}"
    lines = [f"{head}  target p95 < {READ_P95_MS:.0f} ms"]
    for r in results:
        verdict = "ok" if r.passed else "SLOW"
        lines.append(
            f"{r.name:<26}{r.p50:>9.1f}{r.p95:>9.1f}{r.p99:>9.1f}{r.queries:>9}  {verdict}"
        )
    return lines
