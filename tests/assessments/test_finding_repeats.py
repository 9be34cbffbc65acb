"""A finding sent again with its edit key leaves the finding's history as one save would: one
event per value entered, however many copies of it arrived."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Finding, FindingEvent
from tests.assessments.helpers import item_of, opened_row, post_finding
from tests.assessments.test_finding_versions import sync_of

SLUG = "single-leg-bridge-reps"


@pytest.fixture
def round_(library, ana, alice):
    return services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library[SLUG]]
    )


def keyed(round_, side: str, key: uuid.UUID | None = None) -> dict[str, list[str]]:
    return opened_row(round_, SLUG, side) | {"edit_key": [str(key or uuid.uuid4())]}


def history(round_, side: str) -> list[str]:
    finding = Finding.objects.get(assessment=round_, side=side)
    events = FindingEvent.objects.filter(pgh_obj_id=finding.pk).order_by("pgh_id")
    return list(events.values_list("pgh_label", flat=True))


def test_each_value_sent_twice_leaves_one_event_in_its_findings_history(alice_http, round_):
    for side, value in (("left", "12"), ("right", "9")):
        opened = keyed(round_, side)
        for _ in range(2):
            response = post_finding(alice_http, round_, SLUG, side, opened=opened, value=value)
            assert "✓ Saved" in response.content.decode()

    assert history(round_, "left") == history(round_, "right") == ["insert"]
    values = dict(Finding.objects.filter(assessment=round_).values_list("side", "value"))
    assert values == {"left": 12, "right": 9}


def test_a_clear_sent_twice_leaves_one_clear_in_the_history(alice_http, round_):
    services.finding_save(item=item_of(round_, SLUG), side="left", value=12)
    opened = keyed(round_, "left")

    answers = [
        post_finding(alice_http, round_, SLUG, "left", opened=opened, value="") for _ in range(2)
    ]

    assert all("✓ Cleared" in answer.content.decode() for answer in answers)
    assert history(round_, "left") == ["insert", "update"]
    assert Finding.objects.get(assessment=round_, side="left").is_empty


def test_a_new_value_after_a_repeat_goes_with_a_new_key_and_is_saved(alice_http, round_):
    opened = keyed(round_, "left")
    post_finding(alice_http, round_, SLUG, "left", opened=opened, value="12")
    repeat = post_finding(alice_http, round_, SLUG, "left", opened=opened, value="12")

    # The row the repeat answered carries a new key and the finding's version now.
    onward = sync_of(repeat)
    assert onward["edit_key"] != opened["edit_key"]
    post_finding(alice_http, round_, SLUG, "left", opened=onward, value="13")

    assert Finding.objects.get(assessment=round_, side="left").value == 13
    assert history(round_, "left") == ["insert", "update"]


def test_a_plain_post_sent_again_goes_back_to_the_row_saying_saved(alice_http, round_):
    opened = keyed(round_, "left")
    answers = [
        post_finding(alice_http, round_, SLUG, "left", htmx=False, opened=opened, value="12")
        for _ in range(2)
    ]

    test_pk = item_of(round_, SLUG).test_id
    for answer in answers:
        assert answer.status_code == 302
        assert answer.url.endswith(f"#finding-{test_pk}-left")
    page = alice_http.get(answers[1].url).content.decode()
    assert "Saved Single-leg bridge" in page
    assert history(round_, "left") == ["insert"]


def test_the_key_costs_a_save_one_query_and_a_repeat_answers_without_writing(alice_http, round_):
    def queries(side: str, opened) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            post_finding(alice_http, round_, SLUG, side, opened=opened, value="12")
        return [query["sql"] for query in captured.captured_queries]

    plain = queries("left", opened_row(round_, SLUG, "left"))
    opened = keyed(round_, "right")
    first = queries("right", opened)
    repeat = queries("right", opened)

    assert len(first) == len(plain) + 1
    assert not [sql for sql in repeat if 'INTO "assessments_finding"' in sql]
    assert not [sql for sql in repeat if 'UPDATE "assessments_finding"' in sql]
