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
