"""Two people saving the same finding: the second save merges when it changed other fields, and
is refused (409) with the colleague's value beside what was typed when it changed the same one."""

import re
from html import unescape

import pytest

from assessments import services
from assessments.models import Finding
from tests.assessments.helpers import finding_url, item_of, opened_row, post_finding


def bridge(round_) -> Finding:
    return Finding.objects.get(assessment=round_, test__slug="glute-bridge")


def sync_of(response) -> dict[str, list[str]]:
    """The row's sync region as the response left it: its version and opening values."""
    region = re.search(
        r'<div class="finding-sync"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    opened: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', region[1]
    ):
        opened.setdefault(name, []).append(unescape(value))
    return opened


@pytest.fixture
def recorded(screen):
    """The screen with the glute bridge recorded: grade poor, pain 6 (version 1)."""
    services.finding_save(item=item_of(screen, "glute-bridge"), side="none", grade=0, pain=6)
    return screen


def test_a_save_of_the_same_field_from_an_older_version_is_refused_and_theirs_is_intact(
    alice_http, dana_http, recorded
):
    alice_opened = opened_row(recorded, "glute-bridge")
    assert post_finding(dana_http, recorded, "glute-bridge", grade="0", pain="4").status_code == 200

    response = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="0", pain="2"
    )

    assert response.status_code == 409
    assert (bridge(recorded).pain, bridge(recorded).version) == (4, 2)
    body = response.content.decode()
    assert "<html" not in body
    assert "✗ Not saved: this finding was saved by Dana Reyes at" in body
    test_pk = item_of(recorded, "glute-bridge").test_id
    pain_input = next(line for line in body.splitlines() if f'name="f{test_pk}-none-pain"' in line)
    # What Alice typed stays in her input, marked, with Dana's value beside it.
    assert 'value="2"' in pain_input and 'aria-invalid="true"' in pain_input
    assert re.search(
        r"Changed to “4” since you opened it \(it was “6”\); "
        r"last saved by Dana Reyes at \d\d:\d\d\.",
        body,
    )
    assert "Keep yours" in body and "Use theirs" in body
    # The row now stands on Dana's version, so keeping yours is a deliberate second save.
    assert sync_of(response)[f"f{test_pk}-none-version"] == ["2"]


def test_keeping_yours_after_a_refusal_saves_what_was_typed(alice_http, dana_http, recorded):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="0", pain="4")
    refused = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="0", pain="2"
    )
    test_pk = item_of(recorded, "glute-bridge").test_id

    response = post_finding(
        alice_http,
        recorded,
        "glute-bridge",
        opened=sync_of(refused),
        grade="0",
        pain="2",
        resolve="mine",
    )

    assert response.status_code == 200
    assert "✓ Saved" in response.content.decode()
    assert (bridge(recorded).pain, bridge(recorded).version) == (2, 3)
    assert f"f{test_pk}-none-conflicts" not in response.content.decode()


def test_using_theirs_after_a_refusal_keeps_their_value_and_saves_the_rest(
    alice_http, dana_http, recorded
):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="0", pain="4")
    refused = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="1", pain="2"
    )
    assert refused.status_code == 409

    response = post_finding(
        alice_http,
        recorded,
        "glute-bridge",
        opened=sync_of(refused),
        grade="1",
        pain="2",
        resolve="theirs",
    )

    assert response.status_code == 200
    assert (bridge(recorded).pain, bridge(recorded).grade) == (4, 1)
    # The pain input now shows Dana's value: the row is as saved.
    test_pk = item_of(recorded, "glute-bridge").test_id
    assert f'name="f{test_pk}-none-pain" value="4"' in response.content.decode()


def test_a_save_of_another_field_from_an_older_version_is_merged(alice_http, dana_http, recorded):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="1", pain="6")

    response = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="0", pain="3"
    )

    assert response.status_code == 200
    stored = bridge(recorded)
    assert (stored.grade, stored.pain, stored.version) == (1, 3, 3)
    body = response.content.decode()
    assert (
        "✓ Saved" in body
        and "Saved, keeping the grade as changed meanwhile (last saved by Dana Reyes at" in body
    )
    # Alice's grade select, still showing the old grade, comes back out of band with Dana's.
    test_pk = item_of(recorded, "glute-bridge").test_id
    grade = re.search(rf'<div[^>]*id="id_f{test_pk}-none-grade-field"[^>]*>.*?</div>', body, re.S)
    assert 'hx-swap-oob="outerHTML"' in grade[0]
    assert re.search(r'<option value="1" selected>', grade[0])
    assert sync_of(response)[f"f{test_pk}-none-version"] == ["3"]


def test_each_save_of_a_row_starts_from_the_version_the_last_one_left(alice_http, recorded):
    first = post_finding(alice_http, recorded, "glute-bridge", grade="0", pain="5")
    second = post_finding(
        alice_http, recorded, "glute-bridge", opened=sync_of(first), grade="1", pain="5"
    )
    third = post_finding(
        alice_http, recorded, "glute-bridge", opened=sync_of(second), grade="1", pain="4"
    )
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    assert "meanwhile" not in third.content.decode()
    assert (bridge(recorded).grade, bridge(recorded).pain, bridge(recorded).version) == (1, 4, 4)


def test_two_first_saves_of_a_new_finding_merge_or_refuse_like_any_other(
    alice_http, dana_http, screen
):
    # Both rows were opened before anything was recorded (version 0).
    alice_opened = opened_row(screen, "glute-bridge")
    dana_opened = opened_row(screen, "glute-bridge")
    assert (
        post_finding(dana_http, screen, "glute-bridge", opened=dana_opened, pain="4").status_code
        == 200
    )
    merged = post_finding(alice_http, screen, "glute-bridge", opened=alice_opened, grade="2")
    refused = post_finding(alice_http, screen, "glute-bridge", opened=alice_opened, pain="7")
    assert (merged.status_code, refused.status_code) == (200, 409)
    assert (bridge(screen).pain, bridge(screen).grade) == (4, 2)


def test_clearing_a_row_a_colleague_changed_meanwhile_is_refused_and_deletes_nothing(
    alice_http, dana_http, recorded
):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="0", pain="4")
    response = post_finding(alice_http, recorded, "glute-bridge", opened=alice_opened)
    assert response.status_code == 409
    assert bridge(recorded).pain == 4


def test_a_row_a_colleague_cleared_meanwhile_says_so(alice_http, dana_http, recorded):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge")
    response = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="0", pain="2"
    )
    assert response.status_code == 409
    assert (
        "Cleared since you opened it (it was “6”); last saved by Dana Reyes at"
        in response.content.decode()
    )
    assert not Finding.objects.recorded().filter(assessment=recorded).exists()


def test_without_javascript_a_refusal_is_the_whole_page_with_409(alice_http, dana_http, recorded):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="0", pain="4")
    response = post_finding(
        alice_http, recorded, "glute-bridge", htmx=False, opened=alice_opened, grade="0", pain="2"
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body and "Changed to “4” since you opened it" in body


def test_a_post_without_a_version_is_taken_as_made_on_an_empty_row(alice_http, recorded):
    # A stale or hand-made post that says nothing of what it saw cannot overwrite a finding.
    response = post_finding(alice_http, recorded, "glute-bridge", opened={}, grade="0", pain="2")
    assert response.status_code == 409
    assert bridge(recorded).pain == 6


def test_the_page_lets_htmx_swap_a_409_in_and_not_report_it_as_an_error(alice_http, recorded):
    body = alice_http.get(f"/assessments/{recorded.pk}/").content.decode()
    assert '{"code": "409", "swap": true}' in body


@pytest.mark.parametrize("already_recorded", [False, True], ids=["insert", "update"])
def test_a_versioned_save_takes_no_more_queries_than_before(
    alice_http, screen, django_assert_num_queries, already_recorded
):
    item = item_of(screen, "glute-bridge")
    if already_recorded:
        services.finding_save(item=item, side="none", pain=6)
    data = opened_row(screen, "glute-bridge") | {
        f"f{item.test_id}-none-pain": "4",
        f"f{item.test_id}-none-grade": "1",
    }
    # session, user, membership, round, its test item, the one conditional write in a
    # savepoint, and the access audit row of the partial it answers with.
    with django_assert_num_queries(9):
        response = alice_http.post(
            finding_url(screen, item.test_id), data, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200


def test_a_refusal_also_brings_back_their_other_changes_so_keeping_yours_keeps_them(
    alice_http, dana_http, recorded
):
    alice_opened = opened_row(recorded, "glute-bridge")
    post_finding(dana_http, recorded, "glute-bridge", grade="1", pain="4")
    refused = post_finding(
        alice_http, recorded, "glute-bridge", opened=alice_opened, grade="0", pain="2"
    )
    assert refused.status_code == 409
    # Dana's grade, which Alice did not touch, comes back into Alice's row out of band...
    test_pk = item_of(recorded, "glute-bridge").test_id
    body = refused.content.decode()
    grade = re.search(rf'<div[^>]*id="id_f{test_pk}-none-grade-field"[^>]*>.*?</div>', body, re.S)
    assert 'hx-swap-oob="outerHTML"' in grade[0] and '<option value="1" selected>' in grade[0]
    # ...so that keeping her pain does not put the old grade back.
    post_finding(
        alice_http,
        recorded,
        "glute-bridge",
        opened=sync_of(refused),
        grade="1",
        pain="2",
        resolve="mine",
    )
    assert (bridge(recorded).grade, bridge(recorded).pain) == (1, 2)
