"""Who owes a second factor, and that nothing opens before it is passed (checklist T10):
every route of tests/access.py and every page of the admin, tried with a password alone."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.lib.queries import CountedQueries
from tests.access import ROUTES
from tests.clinic.test_access_policy import objects, snapshot  # noqa: F401  (the fixture)
from tests.factories import MembershipFactory, signed_in, totp_code

VERIFY = "/account/two-factor/verify/"
SETUP = "/account/two-factor/setup/"


def password_only(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def admin_urls(resolver=None) -> list[str]:
    """Every named page of the Django admin, with its arguments filled in."""
    urls: list[str] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if resolver is None and entry.app_name != "admin":
                continue
            urls += admin_urls(entry)
        elif resolver is not None and isinstance(entry, URLPattern) and entry.name:
            # Object ids and primary keys as 1; the app list of the clinic app.
            names = entry.pattern.regex.groupindex
            kwargs = {k: "clinic" if k == "app_label" else "1" for k in names}
            urls.append(reverse(f"admin:{entry.name}", kwargs=kwargs))
    return sorted(set(urls))


@pytest.fixture
def owing(alice, northside, django_user_model) -> dict[str, tuple[HttpClient, str]]:
    """Password-only browsers of everyone who owes a factor, and where each is sent."""
    TOTPDevice.objects.create(user=alice.user, confirmed=True)
    newcomer = MembershipFactory(clinic=northside, user__username="nina@northside.example")
    staff = django_user_model.objects.create_superuser("root@retest.example", password="x" * 20)
    return {
        "a clinician with an authenticator": (password_only(alice.user), VERIFY),
        "a new member of a clinic that requires it": (password_only(newcomer.user), SETUP),
        "a superuser with no clinic": (password_only(staff), SETUP),
    }


def test_no_route_answers_a_password_only_session(owing, objects):  # noqa: F811
    """T10: 0 of N client-data URLs reachable before the second factor; writes change nothing."""
    before = snapshot()
    tried = 0
    for who, (http, sent_to) in owing.items():
        for name, route in ROUTES.items():
            url = route.url(objects)
            for response in (http.get(url), http.post(url, {"name": "Changed"})):
                tried += 1
                assert response.status_code == 302, (who, name, response.status_code)
                assert response["Location"].startswith(sent_to), (who, name)
    assert tried == 3 * 2 * len(ROUTES)
    assert snapshot() == before


def test_no_admin_page_answers_a_password_only_session(owing):
    """T10: staff see every clinic in the admin, so no admin page opens on a password alone."""
    pages = admin_urls()
    assert "/admin/clinic/client/" in pages and len(pages) > 50
    for who, (http, _) in owing.items():
        for url in pages:
            status = http.get(url).status_code
            assert not 200 <= status < 300, (who, url, status)


def test_an_htmx_request_before_the_factor_sends_the_whole_page_to_it(owing):
    http, _ = owing["a clinician with an authenticator"]
    response = http.get("/", headers={"HX-Request": "true", "HX-Current-URL": "http://t/tests/"})
    assert response["HX-Redirect"] == f"{VERIFY}?next=/tests/"
    assert response.content == b""


def test_staff_pass_the_factor_to_reach_the_admin(django_user_model):
    staff = django_user_model.objects.create_superuser("root@retest.example", password="x" * 20)
    http = password_only(staff)
    assert http.get("/admin/clinic/client/")["Location"] == f"{SETUP}?next=/admin/clinic/client/"
    http.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    http.post(SETUP, {"code": totp_code(device)})
    assert http.get("/admin/clinic/client/").status_code == 200


def test_a_member_whose_clinic_leaves_it_to_them_and_who_has_none_is_let_through(bob):
    bob.clinic.two_factor_required = False
    bob.clinic.save()
    assert password_only(bob.user).get("/").status_code == 200


def test_whoever_set_one_up_always_passes_it_even_where_the_clinic_does_not_ask(bob):
    bob.clinic.two_factor_required = False
    bob.clinic.save()
    TOTPDevice.objects.create(user=bob.user, confirmed=True)
    assert password_only(bob.user).get("/")["Location"].startswith(VERIFY)


def test_a_verified_page_costs_no_query_for_the_gate(alice, ana, bob):
    """The verified session is trusted as it stands; only an unverified one asks, once."""
    verified = signed_in(alice.user)
    bob.clinic.two_factor_required = False
    bob.clinic.save()
    unverified_but_free = password_only(bob.user)
    url = f"/clients/{ana.pk}/"
    counts = []
    for http in (verified, unverified_but_free):
        http.get(url)  # warm up
        with CountedQueries(connection) as captured:
            assert http.get(url).status_code == 200
        counts.append(len(captured.counted))
    assert counts[1] == counts[0] + 1
