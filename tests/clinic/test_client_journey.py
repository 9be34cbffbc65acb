"""A new user's clients end to end over HTTP: add, find, edit in two tabs, discharge."""

import re

HTMX = {"HTTP_HX_REQUEST": "true"}


def listed(response) -> list[str]:
    return re.findall(
        r'<th scope="row"><a href="/clients/\d+/">([^<]+)</a>', response.content.decode()
    )


def hidden_fields(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_new_user_adds_finds_edits_in_two_tabs_and_discharges(alice_http):
    for name in ("Ana Souza", "Ben Okafor", "Chloé Martin"):
        assert alice_http.post("/clients/new/", {"name": name}).status_code == 302

    found = alice_http.post("/clients/search/", {"q": "okaf", "status": "active"}, **HTMX)
    assert listed(found) == ["Ben Okafor"]
    ben = re.search(r'href="/clients/(\d+)/"', found.content.decode()).group(1)

    tab_one = alice_http.get(f"/clients/{ben}/edit/")
    tab_two = alice_http.get(f"/clients/{ben}/edit/")
    first = hidden_fields(tab_one) | {"name": "Ben Okafor", "phone": "0700 000 001"}
    second = hidden_fields(tab_two) | {"name": "Ben Okafor", "phone": "0700 000 002"}
    assert alice_http.post(f"/clients/{ben}/edit/", first).status_code == 302
    refused = alice_http.post(f"/clients/{ben}/edit/", second)
    assert refused.status_code == 409
    assert "Changed to “0700 000 001” since you opened it" in refused.content.decode()

    alice_http.post(f"/clients/{ben}/discharge/")
    assert listed(alice_http.get("/?status=discharged")) == ["Ben Okafor"]
    assert "Ben Okafor" not in listed(alice_http.get("/"))
