import re

from clinic.models import Client, ClientStatus


def listed(http, query: str = "") -> list[str]:
    html = http.get(f"/{query}").content.decode()
    return re.findall(r'<th scope="row"><a href="/clients/\d+/">([^<]+)</a>', html)


def follow_message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_discharging_moves_a_client_to_the_discharged_list(alice_http, ana):
    response = alice_http.post(f"/clients/{ana.pk}/discharge/", follow=True)
    assert "Discharged Ana Souza." in follow_message(response)
    ana.refresh_from_db()
    assert ana.status == ClientStatus.DISCHARGED and ana.discharged_at is not None
    assert listed(alice_http) == []
    assert listed(alice_http, "?status=discharged") == ["Ana Souza"]


def test_reactivating_brings_a_discharged_client_back(alice_http, ana):
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    alice_http.post(f"/clients/{ana.pk}/reactivate/")
    ana.refresh_from_db()
    assert (ana.status, ana.discharged_at) == (ClientStatus.ACTIVE, None)
    assert listed(alice_http) == ["Ana Souza"]


def test_discharging_twice_explains_instead_of_failing(alice_http, ana):
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    response = alice_http.post(f"/clients/{ana.pk}/discharge/", follow=True)
    assert "This client is already discharged." in follow_message(response)


def test_archiving_hides_a_client_from_every_list_and_keeps_the_record(alice_http, ana):
    response = alice_http.post(f"/clients/{ana.pk}/archive/", follow=True)
    assert "Archived Ana Souza. Their records are kept." in follow_message(response)
    assert listed(alice_http) == [] and listed(alice_http, "?status=discharged") == []
    assert listed(alice_http, "?status=archived") == ["Ana Souza"]
    page = alice_http.get(f"/clients/{ana.pk}/")
    assert page.status_code == 200
    assert "The record is kept but hidden from the lists" in page.content.decode()
    assert Client.objects.filter(pk=ana.pk).exists()


def test_restoring_puts_an_archived_client_back_with_their_status(alice_http, ana):
    alice_http.post(f"/clients/{ana.pk}/discharge/")
    alice_http.post(f"/clients/{ana.pk}/archive/")
    alice_http.post(f"/clients/{ana.pk}/restore/")
    assert listed(alice_http, "?status=discharged") == ["Ana Souza"]


def test_an_archived_client_cannot_be_discharged_until_restored(alice_http, ana):
    alice_http.post(f"/clients/{ana.pk}/archive/")
    response = alice_http.post(f"/clients/{ana.pk}/discharge/", follow=True)
    assert "Restore them before making changes" in follow_message(response)
    ana.refresh_from_db()
    assert ana.status == ClientStatus.ACTIVE


def test_there_is_no_way_to_delete_a_client(alice_http, ana, admin_client):
    assert alice_http.delete(f"/clients/{ana.pk}/").status_code == 405
    assert alice_http.post(f"/clients/{ana.pk}/delete/").status_code == 404
    admin_page = admin_client.get(f"/admin/clinic/client/{ana.pk}/delete/")
    assert admin_page.status_code in {302, 403}
    assert Client.objects.filter(pk=ana.pk).exists()
