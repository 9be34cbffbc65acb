import datetime
import re
import threading

import pytest
import time_machine
from django.db import connection

from clinic import services
from clinic.models import Client
from tests.factories import ClientFactory, ClinicFactory

VALID = {
    "name": "Ana Souza",
    "date_of_birth": "1985-04-12",
    "email": "ana@example.org",
    "phone": "+44 20 7946 0000",
    "presenting_complaint": "Low back pain on bending",
    "notes": "",
}


def edit_form(http, client: Client) -> dict[str, str]:
    """The fields a browser would send back from the edit page, as it was opened."""
    html = http.get(f"/clients/{client.pk}/edit/").content.decode()
    values = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    values.pop("csrfmiddlewaretoken", None)
    return values | {k: v for k, v in VALID.items()}


def test_a_clinician_adds_a_client_and_lands_on_their_page(alice_http, northside):
    response = alice_http.post("/clients/new/", VALID)
    client = Client.objects.get()
    assert response["Location"] == f"/clients/{client.pk}/"
    assert (client.clinic, client.name, client.version) == (northside, "Ana Souza", 1)
    assert client.date_of_birth == datetime.date(1985, 4, 12)


@time_machine.travel("2026-11-22 10:00 +0000")
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Enter the client&#x27;s name."),
        ("date_of_birth", "2026-11-23", "The date of birth cannot be in the future."),
        ("date_of_birth", "1890-01-01", "That date of birth gives an age over 120"),
        ("date_of_birth", "12/31/abc", "Enter a valid date."),
        ("email", "ana@", "Enter a valid email address."),
        ("phone", "call me maybe", "Use digits, spaces and + ( ) - only."),
        ("name", "x" * 201, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_values_are_refused_beside_the_field_and_what_was_typed_is_kept(
    alice_http, northside, field, value, message
):
    response = alice_http.post("/clients/new/", VALID | {field: value})
    body = response.content.decode()
    assert response.status_code == 200
    assert not Client.objects.exists()
    assert f'id="id_{field}_error">{message}' in body
    assert 'aria-invalid="true"' in body
    # Everything else the clinician typed is still there.
    assert 'value="+44 20 7946 0000"' in body or field == "phone"
    assert "Low back pain on bending" in body


def test_nul_bytes_and_huge_text_never_cause_an_error_page(alice_http, northside):
    for payload in ("Ana\x00Souza", "é" * 10_000):
        response = alice_http.post("/clients/new/", VALID | {"name": payload, "notes": payload})
        assert response.status_code == 200
        assert not Client.objects.exists()


def test_an_edit_saves_and_bumps_the_version(alice_http, ana):
    form = edit_form(alice_http, ana) | {"phone": "0123 456"}
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.version) == ("0123 456", 2)


def test_a_second_tab_cannot_silently_overwrite_the_first(alice_http, ana):
    tab_one, tab_two = edit_form(alice_http, ana), edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})

    response = alice_http.post(f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222"})

    assert response.status_code == 409
    ana.refresh_from_db()
    assert ana.phone == "111"
    body = response.content.decode()
    assert "Not saved: someone else saved this client while you were editing." in body
    assert "<strong>Phone</strong>: “(empty)” → “111”" in body
    # The second tab's typed value is kept, and saving again is now a deliberate overwrite.
    assert 'name="phone" value="222"' in body
    assert 'name="version" value="2"' in body


def test_saving_again_after_a_conflict_replaces_the_other_edit(alice_http, ana):
    tab_one, tab_two = edit_form(alice_http, ana), edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})
    refused = alice_http.post(f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222"})
    resend = (
        dict(
            re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', refused.content.decode()
            )
        )
        | {k: v for k, v in VALID.items()}
        | {"phone": "222"}
    )
    assert alice_http.post(f"/clients/{ana.pk}/edit/", resend).status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.version) == ("222", 3)


def test_a_stale_save_after_a_discharge_is_refused_too(alice_http, ana):
    form = edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form)
    assert response.status_code == 409
    assert "changed the record's status" in response.content.decode()


def test_the_service_lets_exactly_one_of_two_saves_from_the_same_version_win(ana):
    services.client_update(client=ana, expected_version=1, changes={"phone": "111"})
    with pytest.raises(services.StaleClientEdit) as refused:
        services.client_update(
            client=Client.objects.get(pk=ana.pk), expected_version=1, changes={"phone": "222"}
        )
    assert refused.value.current.phone == "111"
    assert Client.objects.get(pk=ana.pk).phone == "111"


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_one_version_have_exactly_one_winner():
    client = ClientFactory(clinic=ClinicFactory())
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def save(n: int) -> None:
        try:
            barrier.wait()
            services.client_update(
                client=Client.objects.get(pk=client.pk),
                expected_version=1,
                changes={"phone": f"{n:03}"},
            )
            outcomes.append(f"won {n:03}")
        except services.StaleClientEdit:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o.startswith("won")]
    assert len(winners) == 1 and outcomes.count("refused") == 7
    client.refresh_from_db()
    assert (client.version, f"won {client.phone}") == (2, winners[0])


def test_an_archived_client_cannot_be_edited_until_restored(alice_http, ana):
    form = edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/archive/")
    form["version"] = "2"
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form | {"phone": "999"})
    assert (
        "This client is archived. Restore them before making changes." in response.content.decode()
    )
    ana.refresh_from_db()
    assert ana.phone == ""
