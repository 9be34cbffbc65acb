from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Intervention, Reflection
from demo.clinic import demo_seed
from exercises.models import Prescription, SessionLog
from tests.factories import ClientFactory


@pytest.fixture
def shipped(library, catalog):
    return None


def run() -> str:
    out = StringIO()
    call_command("seed_demo_history", stdout=out)
    return out.getvalue()


def test_the_demo_client_gets_a_complete_loop_once(shipped):
    demo = demo_seed().membership
    first = run()
    assert "Recorded Ana Souza's baseline, treatment, two retests and home logs" in first
    rounds = Assessment.objects.filter(client__clinic=demo.clinic).order_by("performed_at")
    assert [r.kind for r in rounds] == ["baseline", "retest", "retest"]
    assert Intervention.objects.get().exercise.slug == "cable-pull-through"
    assert Reflection.objects.count() == 1
    logs = SessionLog.objects.filter(client__clinic=demo.clinic).count()
    assert logs > 60
    assert "Kept the demo history as it is" in run()
    assert Assessment.objects.count() == 3
    assert Prescription.objects.count() == 3
    assert SessionLog.objects.count() == logs


def test_the_demo_client_page_and_report_show_what_she_did_at_home(shipped, client):
    demo = demo_seed().membership
    run()
    client.force_login(demo.user)
    baseline = Assessment.objects.get(kind="baseline")
    page = client.get(f"/clients/{baseline.client_id}/").content.decode()
    assert "Between visits" in page and "planned sessions done" in page
    assert "Pain during Glute bridge, oldest first: 4, 4, 3" in page
    report = client.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert "At home until the next round:" in report
    assert "Glute bridge pain 4 → 0 over the period" in report


def test_the_demo_report_shows_real_verdicts(shipped, client):
    demo = demo_seed().membership
    run()
    client.force_login(demo.user)
    baseline = Assessment.objects.get(kind="baseline")
    body = client.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert "better, clinically important" in body
    assert "resolved" in body
    assert "no real change: within the measurement error" in body


def test_nothing_outside_the_demo_clinic_is_touched(shipped, northside):
    ClientFactory(clinic=northside, name="Ana Souza")
    assert "Kept the demo history" in run()  # no demo clinic yet: nothing to do
    assert not Assessment.objects.exists()
