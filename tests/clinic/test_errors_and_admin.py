import pytest
from django.template import engines

from assessments.models import TestDefinition
from clinic.models import Client
from tests.factories import TestDefinitionFactory


def test_templates_are_compiled_once_per_process_by_the_cached_loader():
    (partials,) = engines["django"].engine.template_loaders
    (cached,) = partials.loaders
    assert type(partials).__module__ == "template_partials.loader"
    assert type(cached).__module__ == "django.template.loaders.cached"


@pytest.mark.urls("tests.urls_failing")
def test_an_unexpected_error_shows_a_generic_page_without_internals(alice_http):
    alice_http.raise_request_exception = False
    response = alice_http.get("/explode/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body and "SELECT" not in body and "SECRET" not in body


@pytest.mark.urls("tests.urls_failing")
def test_the_error_page_quotes_the_request_id_that_the_log_line_carries(alice_http, caplog):
    alice_http.raise_request_exception = False
    response = alice_http.get("/explode/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert f"<code>{request_id}</code>" in response.content.decode()
    (logged,) = [r for r in caplog.records if r.name == "django.request"]
    assert logged.request_id == request_id


def test_every_response_names_its_request_and_no_two_share_an_id(alice_http):
    ids = {alice_http.get("/").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_a_request_id_sent_by_the_browser_is_not_taken_up(alice_http):
    response = alice_http.get("/", headers={"X-Request-ID": "planted"})
    assert response["X-Request-ID"] != "planted"


def test_an_unknown_address_is_a_plain_not_found(alice_http):
    response = alice_http.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_trace_is_not_allowed(alice_http):
    assert alice_http.generic("TRACE", "/").status_code == 405


def test_staff_reach_the_admin_and_members_do_not(admin_client, alice_http):
    assert admin_client.get("/admin/clinic/client/").status_code == 200
    response = alice_http.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def admin_change_data(admin_client, url: str) -> dict:
    """The admin change form's fields as it opens, hidden version included."""
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


@pytest.mark.parametrize("path", ["assessments/testdefinition", "clinic/client"])
def test_a_stale_admin_save_is_refused_and_changes_nothing(admin_client, ana, northside, path):
    # A clinic's own test: shipped ones are read-only to the app's role.
    own_test = TestDefinitionFactory(clinic=northside, name="Own hop test")
    record = own_test if "testdefinition" in path else ana
    url = f"/admin/{path}/{record.pk}/change/"
    data = admin_change_data(admin_client, url)
    model = TestDefinition if "testdefinition" in path else Client
    # Someone saves the record meanwhile, by any path: its version moves on.
    model.objects.filter(pk=record.pk).update(name="Saved meanwhile")

    response = admin_client.post(url, data | {"name": "Stale admin edit"})

    assert response.status_code == 200
    assert "Someone saved this record after you opened it." in response.content.decode()
    assert model.objects.get(pk=record.pk).name == "Saved meanwhile"
    assert admin_client.post(url, admin_change_data(admin_client, url)).status_code == 302
