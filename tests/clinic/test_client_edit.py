import datetime
import re
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from clinic import services
from clinic.lib.versions import Edit, StaleEdit
from clinic.models import Client
from tests.factories import ClientFactory, ClinicFactory, MembershipFactory

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
    # A NUL character is a malformed request (400); a name too long is explained (200).
    for payload, status in (("Ana\x00Souza", 400), ("é" * 10_000, 200)):
        response = alice_http.post("/clients/new/", VALID | {"name": payload, "notes": payload})
        assert response.status_code == status
        assert not Client.objects.exists()


def test_an_edit_saves_and_bumps_the_version(alice_http, ana):
    form = edit_form(alice_http, ana) | {"phone": "0123 456"}
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.version) == ("0123 456", 2)


def hidden_inputs(response) -> dict[str, str]:
    return dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.content.decode()
        )
    )


def opened_form(http, client: Client) -> dict[str, str]:
    """The edit page's fields as it shows them, untouched."""
    shown = {name: getattr(client, name) or "" for name in VALID}
    shown["date_of_birth"] = client.date_of_birth.isoformat() if client.date_of_birth else ""
    return edit_form(http, client) | shown


def test_a_second_tab_cannot_silently_overwrite_the_first(alice_http, ana):
    tab_one, tab_two = edit_form(alice_http, ana), edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})

    response = alice_http.post(f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222"})

    assert response.status_code == 409
    ana.refresh_from_db()
    assert ana.phone == "111"
    body = response.content.decode()
    assert "Not saved: this client was saved by you in another tab or window at" in body
    # Beside the field, in words: what it is now, and what it was when this tab opened it.
    assert (
        'id="id_phone_error">Changed to “111” since you opened it (it was “(empty)”); '
        "last saved by you in another tab or window at" in body
    )
    assert "(it was “(empty)”)" in body
    # The second tab's typed value is kept, and saving again is now a deliberate choice.
    assert 'name="phone" value="222"' in body
    assert 'name="version" value="2"' in body
    assert 'name="phone-keep" value="mine" checked' in body


def test_a_colleagues_save_is_named_with_the_time_in_the_refusal(alice_http, ana, northside):
    colleague = MembershipFactory(
        clinic=northside, user__first_name="Dana", user__last_name="Reyes"
    ).user
    form = edit_form(alice_http, ana)
    with time_machine.travel(timezone.localtime().replace(hour=10, minute=42), tick=False):
        services.client_update(
            client=ana, edit=Edit(version=1, mine={"phone": "111"}), by=colleague
        )
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form | {"phone": "222"})
    assert response.status_code == 409
    assert (
        "Changed to “111” since you opened it (it was “(empty)”); "
        "last saved by Dana Reyes at 10:42." in response.content.decode()
    )


def test_saving_again_after_a_conflict_keeps_yours_where_you_chose(alice_http, ana):
    tab_one, tab_two = edit_form(alice_http, ana), edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})
    refused = alice_http.post(f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222"})
    resend = hidden_inputs(refused) | VALID | {"phone": "222", "phone-keep": "mine"}
    assert alice_http.post(f"/clients/{ana.pk}/edit/", resend).status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.version) == ("222", 3)


def test_choosing_theirs_keeps_the_colleagues_value_and_saves_the_rest(alice_http, ana):
    tab_one, tab_two = edit_form(alice_http, ana), edit_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})
    refused = alice_http.post(
        f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222", "notes": "Prefers mornings"}
    )
    assert refused.status_code == 409
    resend = hidden_inputs(refused) | VALID | {"phone": "222", "notes": "Prefers mornings"}
    response = alice_http.post(f"/clients/{ana.pk}/edit/", resend | {"phone-keep": "theirs"})
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.notes) == ("111", "Prefers mornings")


def test_edits_of_different_fields_in_two_tabs_merge(alice_http, ana):
    # The case: a colleague saved a phone number, this tab the date of birth.
    tab_one, tab_two = opened_form(alice_http, ana), opened_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111"})

    response = alice_http.post(
        f"/clients/{ana.pk}/edit/", tab_two | {"date_of_birth": "1985-05-01"}
    )

    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.date_of_birth, ana.version) == ("111", datetime.date(1985, 5, 1), 3)
    page = alice_http.get(response["Location"]).content.decode()
    assert (
        "Saved, keeping the phone as changed meanwhile "
        "(last saved by you in another tab or window at" in page
    )


def test_a_stale_save_after_a_discharge_is_merged_and_keeps_the_discharge(alice_http, ana):
    form = opened_form(alice_http, ana) | {"notes": "Call before the visit"}
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    response = alice_http.post(f"/clients/{ana.pk}/edit/", form)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.status, ana.notes) == ("discharged", "Call before the visit")


def test_the_service_lets_exactly_one_of_two_saves_of_a_field_from_the_same_version_win(ana):
    services.client_update(client=ana, edit=Edit(version=1, mine={"phone": "111"}, seen=SEEN))
    with pytest.raises(StaleEdit) as refused:
        services.client_update(
            client=Client.objects.get(pk=ana.pk),
            edit=Edit(version=1, mine={"phone": "222"}, seen=SEEN),
        )
    assert refused.value.conflicts == ("phone",)
    assert refused.value.current.values["phone"] == "111"
    assert Client.objects.get(pk=ana.pk).phone == "111"


def test_the_service_merges_two_saves_of_different_fields_from_the_same_version(ana, alice):
    first = services.client_update(
        client=ana, edit=Edit(version=1, mine={"phone": "111", "notes": ""}, seen=SEEN)
    )
    second = services.client_update(
        client=Client.objects.get(pk=ana.pk),
        edit=Edit(version=1, mine={"phone": "", "notes": "Prefers mornings"}, seen=SEEN),
        by=alice.user,
    )
    assert (first.kept, second.kept) == ((), ("phone",))
    ana.refresh_from_db()
    assert (ana.phone, ana.notes, ana.version, ana.updated_by) == (
        "111",
        "Prefers mornings",
        3,
        alice.user,
    )


# What the edit form showed of Ana when it was opened (the fields these saves touch).
SEEN = {"phone": "", "notes": ""}


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
                edit=Edit(version=1, mine={"phone": f"{n:03}"}, seen={"phone": ""}),
            )
            outcomes.append(f"won {n:03}")
        except StaleEdit:
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


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_different_fields_all_land():
    client = ClientFactory(clinic=ClinicFactory())
    fields = ["phone", "email", "notes", "presenting_complaint"]
    values = {"phone": "0123", "email": "a@example.org", "notes": "n", "presenting_complaint": "p"}
    seen = dict.fromkeys(fields, "")
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(fields))

    def save(name: str) -> None:
        try:
            barrier.wait()
            mine = seen | {name: values[name]}
            services.client_update(
                client=Client.objects.get(pk=client.pk),
                edit=Edit(version=1, mine=mine, seen=seen),
            )
        except BaseException as error:  # reported below, from the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in fields]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    client.refresh_from_db()
    assert {name: getattr(client, name) for name in fields} == values
    assert client.version == 1 + len(fields)


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


def test_a_refusal_shows_the_colleagues_other_changes_so_saving_again_keeps_them(alice_http, ana):
    tab_one, tab_two = opened_form(alice_http, ana), opened_form(alice_http, ana)
    alice_http.post(f"/clients/{ana.pk}/edit/", tab_one | {"phone": "111", "notes": "Mornings"})

    refused = alice_http.post(f"/clients/{ana.pk}/edit/", tab_two | {"phone": "222"})

    assert refused.status_code == 409
    body = refused.content.decode()
    # The notes only the other tab changed are in this form now, as the record has them...
    assert ">\nMornings</textarea>" in body
    # ...so keeping this tab's phone does not put the old notes back.
    resend = hidden_inputs(refused) | tab_two | {"phone": "222", "notes": "Mornings"}
    assert alice_http.post(f"/clients/{ana.pk}/edit/", resend).status_code == 302
    ana.refresh_from_db()
    assert (ana.phone, ana.notes) == ("222", "Mornings")
