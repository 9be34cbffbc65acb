from django.test import Client as HttpClient


def test_an_htmx_request_after_the_login_expired_sends_the_page_to_log_in(db):
    response = HttpClient().post(
        "/assessments/5/findings/7/none/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/assessments/5/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/assessments/5/"


def test_an_ordinary_request_is_redirected_as_usual(db):
    response = HttpClient().get("/clients/5/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/clients/5/"


def test_messages_naming_a_client_stay_on_the_server(alice_http):
    response = alice_http.post("/clients/new/", {"name": "Ana Souza"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "Added Ana Souza." in alice_http.get(response["Location"]).content.decode()
