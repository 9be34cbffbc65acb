"""Test sets and the test library pages: shipped ones read-only, a clinic's own kept to itself."""

from assessments.models import TestSet
from tests.factories import TestDefinitionFactory


def test_the_set_list_shows_shipped_sets_and_the_clinics_own_only(
    alice_http, northside, southside, library
):
    TestSet.objects.create(clinic=northside, slug="ours", name="Our knee screen")
    TestSet.objects.create(clinic=southside, slug="theirs", name="Their secret screen")
    body = alice_http.get("/test-sets/").content.decode()
    assert "Glute / low-back screen" in body and "Our knee screen" in body
    assert "Their secret screen" not in body
    assert 'href="/test-sets/new/"' in body


def test_a_clinician_makes_a_clinic_test_set_from_shipped_and_own_tests(
    alice_http, northside, library
):
    own = TestDefinitionFactory(clinic=northside, name="Our hop test", sort_order=5)
    picked = [library["glute-bridge"].pk, own.pk, library["nprs-rest"].pk]
    response = alice_http.post(
        "/test-sets/new/", {"name": "Runner's screen", "description": "", "tests": picked}
    )
    assert response.status_code == 302 and response["Location"] == "/test-sets/"
    made = TestSet.objects.get(clinic=northside)
    assert (made.name, made.slug) == ("Runner's screen", "runners-screen")
    assert list(made.items.values_list("test__name", flat=True)) == [
        "Our hop test",
        "Pain at rest (NPRS)",
        "Glute bridge",
    ]
    assert "Runner&#x27;s screen" in alice_http.get("/test-sets/").content.decode()


def test_a_new_set_needs_a_free_name_and_some_tests(alice_http, northside, library):
    TestSet.objects.create(clinic=northside, slug="hip-rom", name="Hip ROM")
    response = alice_http.post("/test-sets/new/", {"name": "Hip ROM", "tests": [library["odi"].pk]})
    assert "already has a test set with this name" in response.content.decode()
    response = alice_http.post("/test-sets/new/", {"name": "Empty"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert TestSet.objects.filter(clinic=northside).count() == 1


def test_a_clinic_may_name_a_set_like_a_shipped_one_without_touching_it(
    alice_http, northside, library
):
    shipped = TestSet.objects.get(slug="hip-rom", clinic__isnull=True)
    before = list(shipped.items.values_list("test_id", flat=True))
    alice_http.post("/test-sets/new/", {"name": "Hip ROM", "tests": [library["odi"].pk]})
    assert TestSet.objects.filter(slug="hip-rom").count() == 2
    assert list(shipped.items.values_list("test_id", flat=True)) == before


def test_another_clinics_test_cannot_go_into_a_set(alice_http, southside, library):
    theirs = TestDefinitionFactory(clinic=southside)
    response = alice_http.post("/test-sets/new/", {"name": "Mixed", "tests": [theirs.pk]})
    assert "valid choice" in response.content.decode()
    assert not TestSet.objects.filter(name="Mixed").exists()


def test_a_read_only_member_sees_sets_but_cannot_make_one(bob_http, library):
    body = bob_http.get("/test-sets/").content.decode()
    assert "Glute / low-back screen" in body and 'href="/test-sets/new/"' not in body
    assert bob_http.post("/test-sets/new/", {"name": "Nope"}).status_code == 403


def test_the_library_page_shows_thresholds_with_their_sources_and_flags(
    alice_http, southside, library
):
    TestDefinitionFactory(clinic=southside, name="Their private test")
    body = alice_http.get("/tests/").content.decode()
    assert "Childs et al., Spine 2005" in body
    # Every shipped figure was checked in its source: no test carries a notice.
    assert "Not confirmed in the source" not in body and "recalled" not in body
    assert "None known" in body
    assert "Their private test" not in body


def test_the_set_and_library_pages_take_a_fixed_number_of_queries(
    alice_http, library, django_assert_num_queries
):
    # session, user, membership, then the sets and their tests (two), or the tests (one).
    with django_assert_num_queries(5):
        alice_http.get("/test-sets/")
    with django_assert_num_queries(4):
        alice_http.get("/tests/")
