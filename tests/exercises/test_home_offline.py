"""The client's page with htmx and offline: a log is answered with its exercise alone, a resend
of a queued log is answered as saved and stored once, and the service worker is served from our
static files at the folder it serves."""

import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client as HttpClient

from exercises.models import LinkMiss, SessionLog
from exercises.services import prescription_stop, programme_link_issue, programme_link_revoke
from tests.exercises.test_home_programme import home, log
from tests.factories import PrescriptionFactory

HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def bridge(ana):
    return PrescriptionFactory(client=ana, exercise__name="Glute bridge")


@pytest.fixture
def clam(ana, bridge):
    return PrescriptionFactory(client=ana, exercise__name="Clam shell")


@pytest.fixture
def token(ana, alice, clam):
    return programme_link_issue(client=ana, by=alice.user).token


def test_the_page_loads_htmx_and_its_offline_script_and_each_form_posts_with_htmx(
    token, bridge, clam
):
    page = HttpClient().get(home(token)).content.decode()
    assert "htmx" in page and "js/home.js" in page and 'data-worker="/home/sw.js"' in page
    for prescription in (bridge, clam):
        assert f'hx-target="#exercise-{prescription.pk}"' in page
        assert f'hx-post="/home/{token}/log/"' in page
    # Without JavaScript the same forms post plainly.
    assert page.count(f'action="/home/{token}/log/"') == 2


def test_an_htmx_log_is_answered_with_its_exercise_alone(token, bridge):
    response = log(HttpClient(), token, bridge, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="exercise-{bridge.pk}"' in body and "Clam shell" not in body
    assert "Saved today just now" in body and "Done, 3 sets, pain 2/10, effort 6/10" in body
    assert response.headers["Cache-Control"] == "no-store, private"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert SessionLog.objects.count() == 1


def test_the_answer_carries_a_new_entry_id_for_the_next_log(token, bridge):
    entry = uuid.uuid4()
    body = log(HttpClient(), token, bridge, entry, **HTMX).content.decode()
    assert str(entry) not in body and 'name="entry_id"' in body


def test_a_refused_htmx_log_shows_its_reason_beside_the_field_and_keeps_the_values(token, bridge):
    response = log(HttpClient(), token, bridge, pain="14", comment="Sore knee", **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<html" not in body and f'id="exercise-{bridge.pk}"' in body
    assert f'id="log-{bridge.pk}-pain-error"' in body and "Pain goes from 0" in body
    assert 'value="14"' in body and "Sore knee" in body
    assert not SessionLog.objects.exists()


def test_a_log_for_an_exercise_stopped_meanwhile_answers_the_whole_programme(token, bridge):
    prescription_stop(prescription=bridge)
    response = log(HttpClient(), token, bridge, **HTMX)
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#main"
    assert response.headers["HX-Reselect"] == "#main"
    body = response.content.decode()
    assert "Not saved:" in body and "Clam shell" in body
    assert f'id="exercise-{bridge.pk}"' not in body
    assert not SessionLog.objects.exists()


def test_a_queued_log_sent_again_is_answered_as_saved_and_stored_once(token, bridge):
    entry = uuid.uuid4()
    phone = HttpClient()
    first = log(phone, token, bridge, entry, **HTMX)
    again = log(phone, token, bridge, entry, **HTMX)
    assert first.status_code == again.status_code == 200
    assert "Saved today just now" in again.content.decode()
    assert SessionLog.objects.count() == 1


def test_a_log_sent_through_a_revoked_link_is_a_404_and_stores_nothing(token, bridge, ana, alice):
    programme_link_revoke(client=ana, by=alice.user)
    assert log(HttpClient(), token, bridge, **HTMX).status_code == 404
    assert not SessionLog.objects.exists()


def test_an_old_handouts_revoked_token_is_not_counted_as_a_guess(token, ana, alice):
    programme_link_revoke(client=ana, by=alice.user)
    phone = HttpClient(REMOTE_ADDR="203.0.113.60")
    for _ in range(3):
        assert phone.get(home(token)).status_code == 404
    assert not LinkMiss.objects.exists()
    assert phone.get(home("never-issued")).status_code == 404
    assert LinkMiss.objects.count() == 1


@pytest.mark.parametrize("prescription", ["٣", "³", "1" * 12, "-1", " 1"])
def test_a_prescription_id_that_is_not_plain_digits_is_refused_with_a_message(token, prescription):
    response = HttpClient().post(
        f"/home/{token}/log/",
        {"entry_id": str(uuid.uuid4()), "prescription": prescription, "performed_on": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "Not saved" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_an_htmx_log_runs_a_fixed_number_of_queries(
    ana, token, bridge, django_assert_max_num_queries, count
):
    phone = HttpClient()
    for _ in range(count):
        log(phone, token, PrescriptionFactory(client=ana), **HTMX)
    # the throttle, the link, the client; the resend check, the prescription, the link's lock;
    # the log's validation (a query per constraint, with the history context set before each)
    # and its insert; then the programme, its exercises' pictures and today's logs for the
    # answer. None grows with the logs.
    with django_assert_max_num_queries(31):
        response = log(phone, token, bridge, **HTMX)
    assert response.status_code == 200


def test_the_service_worker_is_our_static_file_served_at_the_folder_it_serves(db):
    response = HttpClient().get("/home/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Cache-Control"] == "no-cache"
    with open(finders.find("js/home-sw.js"), "rb") as source:
        assert response.content == source.read()
    assert HttpClient().post("/home/sw.js").status_code == 405
