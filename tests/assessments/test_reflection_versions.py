"""Two clinicians writing the reflection on one comparison: no save silently replaces the other."""

import re
from html import unescape

import pytest

from assessments import services
from assessments.models import Reflection


@pytest.fixture
def retest(screen, alice):
    """A retest of Ana's screen: the reflection is written on its comparison."""
    return services.assessment_create_retest(baseline=screen, clinician=alice.user)


def opened_reflection(http, retest) -> dict[str, list[str]]:
    """The retest's reflection form's hidden inputs as the report page renders them now."""
    html = http.get(f"/assessments/{retest.baseline_id}/report/").content.decode()
    form = re.search(rf'<div id="reflection-{retest.pk}".*?</form>', html, re.S)[0]
    hidden: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        hidden.setdefault(name, []).append(unescape(value))
    hidden.pop("csrfmiddlewaretoken", None)
    # An empty hidden input has no value attribute: an empty opening value.
    for name in re.findall(r'<input type="hidden" name="([^"]+)"(?! value)', form):
        hidden.setdefault(name, [""])
    return hidden


def post_reflection(http, retest, opened, **fields):
    data = {"expected": "", "why": "", "next_step": ""} | dict(opened) | fields
    return http.post(f"/assessments/{retest.pk}/reflection/", data, headers={"HX-Request": "true"})


def test_a_first_reflection_written_by_two_at_once_is_merged_or_refused(
    alice_http, dana_http, retest
):
    alice_opened, dana_opened = (
        opened_reflection(alice_http, retest),
        opened_reflection(dana_http, retest),
    )
    assert post_reflection(dana_http, retest, dana_opened, why="Hinge taught").status_code == 200
    merged = post_reflection(alice_http, retest, alice_opened, next_step="Hip thruster")
    assert merged.status_code == 200
    assert (
        "keeping the why do you think it happened? as changed meanwhile (last saved by Dana Reyes"
        in merged.content.decode()
    )
    stored = Reflection.objects.get(round=retest)
    assert (stored.why, stored.next_step, stored.version) == ("Hinge taught", "Hip thruster", 2)


def test_a_stale_reflection_of_the_same_field_is_refused_and_keeps_what_was_typed(
    alice_http, dana_http, retest
):
    alice_opened = opened_reflection(alice_http, retest)
    post_reflection(dana_http, retest, opened_reflection(dana_http, retest), why="Dana's reading")

    response = post_reflection(alice_http, retest, alice_opened, why="Alice's reading")

    assert response.status_code == 409
    body = response.content.decode()
    assert "Not saved: this reflection was saved by Dana Reyes at" in body
    assert "Changed to “Dana&#x27;s reading” since you opened it" in body
    assert "Alice&#x27;s reading</textarea>" in body
    assert Reflection.objects.get(round=retest).why == "Dana's reading"


def test_saving_twice_from_one_page_carries_the_version_forward(alice_http, retest):
    first = post_reflection(alice_http, retest, opened_reflection(alice_http, retest), why="a")
    hidden = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', first.content.decode())
    )
    hidden.pop("csrfmiddlewaretoken", None)
    second = post_reflection(alice_http, retest, hidden, why="a", next_step="b")
    assert (first.status_code, second.status_code) == (200, 200)
    assert "meanwhile" not in second.content.decode()
    assert Reflection.objects.get(round=retest).version == 2


def test_the_service_without_a_version_replaces_the_reflection(retest, alice):
    services.reflection_save(round_=retest, author=alice.user, why="first")
    saved = services.reflection_save(round_=retest, author=alice.user, why="second")
    assert (saved.row.why, saved.row.version) == ("second", 2)


@pytest.mark.parametrize("written", [False, True], ids=["insert", "update"])
def test_saving_a_reflection_takes_no_more_queries_than_before(
    alice_http, retest, alice, django_assert_max_num_queries, written
):
    if written:
        services.reflection_save(round_=retest, author=alice.user, why="first")
    opened = opened_reflection(alice_http, retest)
    # session, user, membership, the baseline with its client, the form's check of the
    # expected choice (savepoint, check, release), the edit key's record (clinic/idempotency.py),
    # the one conditional write, and the access audit row; before versions it was 14
    # (full_clean in the service checked both keys and every constraint).
    with django_assert_max_num_queries(10):
        response = post_reflection(alice_http, retest, opened, why="second")
    assert response.status_code == 200
