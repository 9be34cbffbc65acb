import datetime

import pytest
import time_machine
from django.utils import timezone

from clinic import client_page
from tests.factories import ClientFactory


@time_machine.travel("2026-11-22 10:00 +0000")
def test_the_client_page_shows_the_essentials(alice_http, northside):
    client = ClientFactory(
        clinic=northside,
        name="Ana Souza",
        date_of_birth=datetime.date(1985, 11, 23),
        phone="+44 20 7946 0000",
        email="ana@example.org",
        presenting_complaint="Low back pain on bending",
    )
    body = alice_http.get(f"/clients/{client.pk}/").content.decode()
    assert "<h1>Ana Souza</h1>" in body
    assert "23 Nov 1985" in body and "(40 y)" in body
    assert 'href="tel:+44 20 7946 0000"' in body
    assert "Low back pain on bending" in body
    assert "Not yet seen" in body
    assert "Added to the clinic" in body


def test_a_clinician_sees_the_record_actions(alice_http, ana):
    body = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert f'href="/clients/{ana.pk}/edit/"' in body
    assert f'action="/clients/{ana.pk}/discharge/"' in body
    assert f'action="/clients/{ana.pk}/archive/"' in body


def test_a_read_only_member_sees_the_record_without_any_controls(bob_http, ana):
    body = bob_http.get(f"/clients/{ana.pk}/").content.decode()
    assert "<h1>Ana Souza</h1>" in body
    assert "/edit/" not in body and "/discharge/" not in body and "/archive/" not in body


@pytest.fixture
def extension(tmp_path, settings):
    """A capability that plugs a section, an action and timeline events into the page."""
    (tmp_path / "clinic").mkdir()
    (tmp_path / "clinic" / "_test_section.html").write_text(
        "{% for item in data.items %}<p class='item'>{{ item }}</p>{% endfor %}"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    section = client_page.ClientSection(
        key="example",
        title="An example section",
        template="clinic/_test_section.html",
        order=10,
        context=lambda request, client: {"items": ["Glute bridge 3 × 10"]},
    )
    client_page.register_section(section)
    client_page.register_action(
        "baseline",
        client_page.ClientAction(
            label="New baseline", url=lambda c: f"/clients/{c.pk}/baseline/", order=1, primary=True
        ),
    )
    client_page.register_timeline_source(
        "visits",
        lambda c: [
            client_page.TimelineEntry(at=timezone.now(), title="Baseline", kind="assessment")
        ],
    )
    yield
    client_page._sections.pop("example")
    client_page._actions.pop("baseline")
    client_page._timeline_sources.pop("visits")


def test_later_capabilities_add_sections_actions_and_timeline_events(
    alice_http, bob_http, ana, extension
):
    body = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert '<h2 id="example-title">An example section</h2>' in body
    assert "<p class='item'>Glute bridge 3 × 10</p>" in body
    assert f'<a class="button primary" href="/clients/{ana.pk}/baseline/">New baseline</a>' in body
    assert body.index("Baseline</span>") < body.index("Added to the clinic")
    # Actions that change things are offered only to members who may write.
    assert "New baseline" not in bob_http.get(f"/clients/{ana.pk}/").content.decode()


def test_actions_are_not_offered_for_a_discharged_client(alice_http, ana, extension):
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    assert "New baseline" not in alice_http.get(f"/clients/{ana.pk}/").content.decode()


@pytest.mark.parametrize("other_clients", [0, 50])
def test_the_client_page_runs_a_fixed_number_of_queries(
    alice_http, ana, northside, django_assert_num_queries, other_clients
):
    ClientFactory.create_batch(other_clients, clinic=northside)
    # session, user, client (with its creator), membership, the access audit row; then what
    # the other apps register: the home programme section's active prescriptions (with their
    # exercises) and the programme's timeline events; "between visits", the prescriptions as
    # planned (with the client's links) and the logs; the assessments section, and rounds and
    # treatment on the timeline.
    with django_assert_num_queries(12):
        alice_http.get(f"/clients/{ana.pk}/")
