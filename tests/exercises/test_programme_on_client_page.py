"""The client page's Home programme section, its Treat action and the programme's timeline."""

import datetime

from django.utils import timezone

from exercises.services import prescription_progress, prescription_stop
from tests.factories import PrescriptionFactory, ProgressionFactory


def test_the_section_lists_the_active_programme_with_links(alice_http, ana):
    PrescriptionFactory(client=ana, exercise__name="Glute bridge", sets=3, reps=10)
    body = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    section = body[body.index('<h2 id="programme-title">Home programme</h2>') :]
    assert "<strong>Glute bridge</strong>" in section
    assert f'href="/clients/{ana.pk}/programme/"' in section
    assert f'href="/clients/{ana.pk}/programme/handout/"' in section


def test_treat_is_offered_to_the_clinician_only(alice_http, bob_http, ana):
    # Treat offers this visit or the home programme (tests/assessments/test_treatment_kinds.py).
    treat = f'<a class="button" href="/clients/{ana.pk}/treat/">Treat</a>'
    assert treat in alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert treat not in bob_http.get(f"/clients/{ana.pk}/").content.decode()


def test_the_timeline_shows_programme_changes_newest_first(alice, alice_http, ana):
    start = timezone.now() - datetime.timedelta(days=10)
    bridge = PrescriptionFactory(client=ana, exercise__name="Glute bridge", started_at=start)
    ProgressionFactory(
        easier=bridge.exercise, harder__clinic=ana.clinic, harder__name="Hip thruster"
    )
    clam = PrescriptionFactory(client=ana, exercise__name="Clam shell", started_at=start)
    prescription_progress(
        prescription=bridge, prescribed_by=alice.user, at=start + datetime.timedelta(days=3)
    )
    prescription_stop(prescription=clam, at=start + datetime.timedelta(days=5))
    body = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    timeline = body[body.index('id="timeline-title"') :]
    stopped = timeline.index("Stopped Clam shell")
    progressed = timeline.index("Progressed Glute bridge to Hip thruster")
    added = timeline.index("Added Glute bridge to the home programme")
    assert stopped < progressed < added
