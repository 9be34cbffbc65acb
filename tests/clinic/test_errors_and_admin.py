import pytest
from django.template import engines


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
