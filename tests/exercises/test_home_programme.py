"""The client's programme link: the clinician prints it on the handout and revokes it; the client
opens it on a phone without a login, sees only the active programme, and logs each exercise."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.test import Client as HttpClient
from django.utils import timezone

from clinic import services as clinic_services
from exercises.models import LinkOpening, ProgrammeLink, SessionLog
from exercises.services import prescription_stop, programme_link_issue
from exercises.services.home import MAX_MISSES
from tests.factories import ClientFactory, PrescriptionFactory


@pytest.fixture
def bridge(ana):
    return PrescriptionFactory(
        client=ana, exercise__name="Glute bridge", exercise__cues=["Squeeze the glutes"]
    )


@pytest.fixture
def token(ana, alice, bridge):
    return programme_link_issue(client=ana, by=alice.user).token


def home(token):
    return f"/home/{token}/"


def log(phone, token, prescription, entry_id=None, *, headers=None, **values):
    data = {
        "entry_id": str(entry_id or uuid.uuid4()),
        "prescription": prescription.pk,
        "performed_on": timezone.localdate().isoformat(),
        "outcome": "done",
        "sets_done": "3",
        "pain": "2",
        "effort": "6",
        "comment": "",
    } | values
    return phone.post(f"/home/{token}/log/", data, headers=headers)


def test_printing_the_handout_with_a_link_shows_its_address_and_qr_code_once(
    alice_http, ana, bridge
):
    response = alice_http.post(f"/clients/{ana.pk}/programme/link/")
    page = response.content.decode()
    assert response.status_code == 200
    address = re.search(r"<code>(http://testserver/home/([^/]+)/)</code>", page)
    assert address, page
    assert '<svg role="img"' in page and "qr-code" in page
    link = ProgrammeLink.objects.get()
    assert address.group(2) not in link.token_digest
    # The programme page tells the link is live, never its address.
    programme = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert "A programme link is live until" in programme
    assert address.group(2) not in programme
    assert HttpClient().get(address.group(1)).status_code == 200


def test_the_client_opens_the_page_without_a_login_and_sees_only_the_programme(ana, token, bridge):
    ana.notes = "Private clinical note"
    ana.presenting_complaint = "Low back pain"
    ana.save()
    response = HttpClient().get(home(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hello Ana" in page and "Souza" not in page
    assert "Glute bridge" in page and "Squeeze the glutes" in page
    assert "Private clinical note" not in page and "Low back pain" not in page
    assert 'href="/clients/' not in page and "Log out" not in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]


def test_opening_the_link_is_recorded_without_the_address(token, ana):
    HttpClient(REMOTE_ADDR="198.51.100.7").get(home(token))
    opening = LinkOpening.objects.get()
    assert opening.address_digest and "198.51.100.7" not in opening.address_digest
    assert ProgrammeLink.objects.get().last_opened_at is not None


def test_a_stopped_exercise_is_not_on_the_page(ana, token, bridge):
    prescription_stop(prescription=bridge)
    page = HttpClient().get(home(token)).content.decode()
    assert "Glute bridge" not in page and "no exercises in your programme" in page


def test_a_logged_session_is_saved_and_shown(token, bridge):
    phone = HttpClient()
    response = log(phone, token, bridge, comment="Felt easier")
    assert response.status_code == 302
    assert response.url == f"{home(token)}?saved={bridge.pk}#exercise-{bridge.pk}"
    page = phone.get(response.url).content.decode()
    assert "Saved today just now" in page and "Done, 3 sets, pain 2/10, effort 6/10" in page
    stored = SessionLog.objects.get()
    assert (stored.outcome, stored.sets_done, stored.pain, stored.effort) == ("done", 3, 2, 6)
    assert stored.comment == "Felt easier"


def test_the_same_log_sent_twice_is_stored_once(token, bridge):
    entry = uuid.uuid4()
    phone = HttpClient()
    assert log(phone, token, bridge, entry).status_code == 302
    assert log(phone, token, bridge, entry, pain="9").status_code == 302
    assert SessionLog.objects.get().pain == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"pain": "11"}, "Pain goes from 0 (none) to 10"),
        ({"pain": "-1"}, "Pain goes from 0 (none) to 10"),
        ({"effort": "twelve"}, "Effort goes from 0"),
        ({"sets_done": "99"}, "Sets done go from 0 to 20"),
        ({"outcome": "maybe"}, "Choose done, partly or not today"),
        ({"outcome": ""}, "Choose done, partly or not today"),
        ({"performed_on": "2999-01-01"}, "That day has not come yet"),
        ({"comment": "x" * 501}, "at most 500 characters"),
    ],
)
def test_a_bad_log_is_refused_beside_its_field_and_nothing_is_stored(
    token, bridge, values, message
):
    response = log(HttpClient(), token, bridge, **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_comment_with_a_null_character_is_refused_before_the_view(token, bridge):
    assert log(HttpClient(), token, bridge, comment="nul\x00byte").status_code == 400
    assert not SessionLog.objects.exists()


def test_a_log_for_someone_elses_prescription_is_refused(token, northside):
    other = PrescriptionFactory(client=ClientFactory(clinic=northside))
    response = log(HttpClient(), token, other)
    assert response.status_code == 400
    assert "no longer in your programme" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_log_cannot_change_the_programme(token, bridge):
    before = (bridge.sets, bridge.reps, bridge.status, bridge.version)
    log(HttpClient(), token, bridge, sets_done="7")
    bridge.refresh_from_db()
    assert (bridge.sets, bridge.reps, bridge.status, bridge.version) == before


def not_found(response):
    return response.status_code == 404 and response.headers["Referrer-Policy"] == "no-referrer"


def test_a_wrong_token_is_a_404(token):
    assert not_found(HttpClient().get(home("nope" + token[4:])))
    assert not_found(HttpClient().get(home("x" * 300)))


def test_a_revoked_link_is_a_404(alice_http, ana, token, bridge):
    response = alice_http.post(f"/clients/{ana.pk}/programme/link/revoke/")
    assert response.status_code == 302
    assert not_found(HttpClient().get(home(token)))
    assert not_found(log(HttpClient(), token, bridge))
    assert not SessionLog.objects.exists()


def test_an_expired_link_is_a_404(token):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=121)):
        assert not_found(HttpClient().get(home(token)))


def test_a_discharged_or_archived_clients_link_is_a_404(ana, token):
    clinic_services.client_discharge(client=ana)
    assert not_found(HttpClient().get(home(token)))
    ana.refresh_from_db()
    clinic_services.client_reactivate(client=ana)
    assert not_found(HttpClient().get(home(token)))


def test_another_clinics_link_opens_only_its_own_client(token, charlie, southside):
    theirs = ClientFactory(clinic=southside, name="Zoe Park")
    PrescriptionFactory(client=theirs, exercise__name="Clam shell")
    their_token = programme_link_issue(client=theirs, by=charlie.user).token
    page = HttpClient().get(home(their_token)).content.decode()
    assert "Hello Zoe" in page and "Clam shell" in page and "Glute bridge" not in page
    mine = HttpClient().get(home(token)).content.decode()
    assert "Glute bridge" in mine and "Clam shell" not in mine


def test_guessing_tokens_is_stopped_even_for_the_right_one(token):
    guesser = HttpClient(REMOTE_ADDR="203.0.113.50")
    for n in range(MAX_MISSES):
        assert guesser.get(home(f"guess{n}")).status_code == 404
    assert guesser.get(home(token)).status_code == 404
    assert HttpClient(REMOTE_ADDR="203.0.113.51").get(home(token)).status_code == 200


def test_an_outsider_cannot_issue_or_revoke_a_link(charlie_http, bob_http, ana, token):
    for http, status in ((charlie_http, 404), (bob_http, 403)):
        assert http.post(f"/clients/{ana.pk}/programme/link/").status_code == status
        assert http.post(f"/clients/{ana.pk}/programme/link/revoke/").status_code == status
    assert ProgrammeLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_discharged_client_gets_no_new_link(alice_http, ana):
    clinic_services.client_discharge(client=ana)
    response = alice_http.post(f"/clients/{ana.pk}/programme/link/", follow=True)
    assert "is not active" in response.content.decode()
    assert not ProgrammeLink.objects.exists()


def test_the_methods_are_refused(alice_http, ana, token):
    assert alice_http.get(f"/clients/{ana.pk}/programme/link/").status_code == 405
    assert HttpClient().post(home(token)).status_code == 405
    assert HttpClient().get(f"/home/{token}/log/").status_code == 405


@pytest.mark.parametrize("count", [1, 8])
def test_the_clients_page_runs_a_fixed_number_of_queries(
    ana, token, django_assert_num_queries, count
):
    phone = HttpClient()
    for _ in range(count):
        prescription = PrescriptionFactory(client=ana)
        log(phone, token, prescription)
    # the throttle's count, the link (scoping the transaction), the client with the clinic; the
    # opening: the link's last-opened time and its row; the active programme, the clinic's
    # pictures of its exercises, today's logs
    with django_assert_num_queries(8):
        response = phone.get(home(token))
    assert response.content.decode().count('class="home-exercise"') == count + 1
