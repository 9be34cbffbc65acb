"""Saving one finding of a round: the service, the htmx endpoint and the plain form post."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assessments import services
from assessments.models import PAIN_OUT_OF_RANGE, Finding, Side
from tests.assessments.helpers import finding_url, item_of, post_finding

# What a word typed for a number of whole degrees is told.
WHOLE_DEGREES = "Type a whole number of degrees, like 12."


def finding(assessment, slug: str, side: str = "none") -> Finding:
    return Finding.objects.get(assessment=assessment, test__slug=slug, side=side)


def saved(assessment, slug: str, side: str = "none", **fields) -> Finding:
    result = services.finding_save(item=item_of(assessment, slug), side=side, **fields).row
    assert result is not None
    return result


# One row per recording kind: the test, a side, and the fields a clinician enters.
KINDS = [
    pytest.param("hip-extension-rom", "left", {"value": Decimal("12")}, id="number-degrees"),
    pytest.param("nprs-movement", "none", {"pain": 6}, id="pain"),
    pytest.param(
        "glute-bridge",
        "none",
        {"grade": 0, "pain": 6, "compensations": ["Lumbar extension", "Low-back tension"]},
        id="grade-with-pain-and-compensations",
    ),
    pytest.param("symptom-response", "none", {"symptom": "less"}, id="symptom-response"),
    pytest.param("trendelenburg", "right", {"sign": "positive"}, id="sign"),
    pytest.param(
        "side-lying-abduction", "left", {"value": Decimal(25), "grade": 1}, id="hold-and-grade"
    ),
]

REFUSALS = [
    pytest.param("hip-extension-rom", "left", {"value": Decimal(51)}, "value", "-30 to 50°"),
    pytest.param("hip-extension-rom", "left", {"value": Decimal("4.5")}, "value", "whole"),
    pytest.param("nprs-movement", "none", {"pain": 14}, "pain", PAIN_OUT_OF_RANGE),
    pytest.param("glute-bridge", "none", {"grade": 3}, "grade", "scale"),
    pytest.param("glute-bridge", "none", {"compensations": ["Knee valgus"]}, "compensations", ""),
    pytest.param("glute-bridge", "none", {"value": Decimal(3)}, "value", "does not record"),
    pytest.param("trendelenburg", "left", {"symptom": "gone"}, "symptom", "does not record"),
    pytest.param("symptom-response", "none", {"sign": "negative"}, "sign", "does not record"),
]


@pytest.fixture
def round_(screen, library):
    """The screen, plus the symptom response test at its end."""
    screen.items.create(test=library["symptom-response"], position=10)
    return screen


@pytest.mark.parametrize(("slug", "side", "fields"), KINDS)
def test_each_recording_kind_is_saved_by_the_service(round_, slug, side, fields):
    result = saved(round_, slug, side, **fields)
    stored = finding(round_, slug, side)
    assert stored.pk == result.pk
    for name, value in fields.items():
        assert getattr(stored, name) == value


@pytest.mark.parametrize(("slug", "side", "fields", "field", "message"), REFUSALS)
def test_each_recording_kind_refuses_what_its_test_does_not_allow(
    round_, slug, side, fields, field, message
):
    with pytest.raises(ValidationError) as error:
        saved(round_, slug, side, **fields)
    assert message in " ".join(error.value.message_dict[field])
    assert not Finding.objects.exists()


def test_saving_again_replaces_the_finding_and_an_empty_one_clears_it(round_):
    first = saved(round_, "glute-bridge", pain=6, compensations=["Lumbar extension"])
    second = saved(round_, "glute-bridge", pain=2)
    assert second.pk == first.pk
    stored = finding(round_, "glute-bridge")
    assert (stored.pain, stored.compensations) == (2, [])
    assert services.finding_save(item=item_of(round_, "glute-bridge"), side="none").row is None
    cleared = finding(round_, "glute-bridge")
    assert cleared.pk == first.pk and cleared.is_empty and cleared.cleared_at is not None
    assert not Finding.objects.recorded().exists()


def test_a_result_saved_over_a_cleared_finding_makes_it_recorded_again(round_):
    first = saved(round_, "glute-bridge", pain=6)
    services.finding_save(item=item_of(round_, "glute-bridge"), side="none")
    again = saved(round_, "glute-bridge", pain=3)
    assert again.pk == first.pk
    assert list(Finding.objects.recorded().values_list("pain", "cleared_at")) == [(3, None)]


def test_a_sided_test_needs_a_side_and_an_unsided_one_refuses_one(round_):
    with pytest.raises(ValidationError, match="left or the right"):
        saved(round_, "hip-extension-rom", "none", value=Decimal(5))
    with pytest.raises(ValidationError, match="not recorded per side"):
        saved(round_, "glute-bridge", "left", pain=3)


# Through HTTP, the way the entry page posts a row.


@pytest.mark.parametrize(("slug", "side", "fields"), KINDS)
def test_each_recording_kind_is_saved_over_htmx_and_the_row_says_so(
    alice_http, round_, slug, side, fields
):
    posted = {k: (v if not isinstance(v, Decimal) else str(v)) for k, v in fields.items()}
    response = post_finding(alice_http, round_, slug, side, **posted)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and f'id="finding-{item_of(round_, slug).test_id}-{side}"' in body
    assert "✓ Saved" in body
    stored = finding(round_, slug, side)
    for name, value in fields.items():
        assert getattr(stored, name) == value


# What a browser can send: fields a test does not record are not in its row at all.
HTTP_REFUSALS = [
    pytest.param("hip-extension-rom", "left", {"value": "51"}, "-30 to 50°", id="rom-51"),
    pytest.param("hip-extension-rom", "left", {"value": "4.5"}, "whole numbers", id="rom-4.5"),
    pytest.param("hip-extension-rom", "left", {"value": "abc"}, WHOLE_DEGREES, id="rom-abc"),
    pytest.param("nprs-movement", "none", {"pain": "14"}, PAIN_OUT_OF_RANGE, id="pain-14"),
    pytest.param("nprs-movement", "none", {"pain": "2.5"}, "whole number", id="pain-2.5"),
    pytest.param("glute-bridge", "none", {"grade": "3"}, "valid choice", id="grade-3"),
    pytest.param(
        "glute-bridge", "none", {"compensations": "Knee valgus"}, "valid choice", id="comp"
    ),
    pytest.param("trendelenburg", "left", {"sign": "maybe"}, "valid choice", id="sign"),
    pytest.param("symptom-response", "none", {"symptom": "worse"}, "valid choice", id="symptom"),
]


@pytest.mark.parametrize(("slug", "side", "fields", "message"), HTTP_REFUSALS)
def test_each_refusal_over_htmx_shows_why_and_saves_nothing(
    alice_http, round_, slug, side, fields, message
):
    response = post_finding(alice_http, round_, slug, side, **fields)
    assert response.status_code == 200
    body = response.content.decode()
    assert "✗ Not saved" in body
    assert message in body
    assert not Finding.objects.exists()


def test_pain_14_is_refused_beside_its_input_and_every_other_finding_is_kept(alice_http, round_):
    saved(round_, "glute-bridge", grade=0, pain=6, compensations=["Lumbar extension"])
    saved(round_, "hip-extension-rom", "left", value=Decimal(5))
    saved(round_, "hip-extension-rom", "right", value=Decimal(9))
    before = list(Finding.objects.order_by("pk").values())

    response = post_finding(alice_http, round_, "glute-bridge", grade="2", pain="14")

    body = response.content.decode()
    test_pk = item_of(round_, "glute-bridge").test_id
    pain_input = next(line for line in body.splitlines() if f'name="f{test_pk}-none-pain"' in line)
    # What was typed stays in the input, marked invalid and tied to its message.
    assert 'value="14"' in pain_input
    assert 'aria-invalid="true"' in pain_input
    assert f'aria-describedby="id_f{test_pk}-none-pain_error"' in pain_input
    assert f'<p class="field-error" id="id_f{test_pk}-none-pain_error">{PAIN_OUT_OF_RANGE}' in body
    # Nothing changed: not the bridge's saved grade and pain, not any other finding.
    assert list(Finding.objects.order_by("pk").values()) == before


def test_a_word_typed_for_a_number_is_kept_and_explained(alice_http, round_):
    response = post_finding(alice_http, round_, "hip-extension-rom", "left", value="twelve")
    body = response.content.decode()
    assert 'value="twelve"' in body and WHOLE_DEGREES in body
    assert not Finding.objects.exists()


def test_a_saved_row_comes_back_with_what_was_saved(alice_http, round_):
    response = post_finding(alice_http, round_, "hip-extension-rom", "left", value="12", note="ok")
    body = response.content.decode()
    assert 'value="12"' in body and 'value="ok"' in body


def test_clearing_every_input_of_a_row_clears_its_finding_and_keeps_the_row(alice_http, round_):
    kept = saved(round_, "nprs-movement", pain=6)
    response = post_finding(alice_http, round_, "nprs-movement", pain="", note="")
    assert "✓ Cleared" in response.content.decode()
    assert not Finding.objects.recorded().exists()
    assert Finding.objects.get().pk == kept.pk


def test_without_javascript_a_row_posts_and_the_page_comes_back(alice_http, round_):
    response = post_finding(alice_http, round_, "nprs-movement", htmx=False, pain="6")
    test_pk = item_of(round_, "nprs-movement").test_id
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{round_.pk}/#finding-{test_pk}-none"
    page = alice_http.get(response["Location"]).content.decode()
    assert "Saved Pain with the provoking movement (NPRS)." in page
    assert finding(round_, "nprs-movement").pain == 6


def test_without_javascript_a_refusal_rerenders_the_page_keeping_the_other_rows(alice_http, round_):
    saved(round_, "hip-extension-rom", "left", value=Decimal(5))
    response = post_finding(alice_http, round_, "nprs-movement", htmx=False, pain="14")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and PAIN_OUT_OF_RANGE in body and 'value="14"' in body
    rom_pk = item_of(round_, "hip-extension-rom").test_id
    assert f'name="f{rom_pk}-left-value" value="5"' in body
    assert "1 of 19 findings recorded" in body


GARBAGE = [
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e999999",
    "-1e-999999",
    "9" * 10_000,
    "x" * 10_000,
    "\x00",
    "12\x0034",
    "<script>alert(1)</script>",
    "0x10",
    "1_0",
    "١٢",
    "\u22125",  # a typographic minus
    "12,5",
    " ",
    "{{7*7}}",
    '"><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("field", ["value", "pain", "grade", "compensations", "note"])
@pytest.mark.parametrize("junk", GARBAGE, ids=lambda j: repr(j[:12]))
def test_garbage_in_any_field_never_breaks_the_endpoint(alice_http, round_, field, junk):
    slug = {"value": "side-lying-abduction"}.get(field, "glute-bridge")
    side = "left" if slug == "side-lying-abduction" else "none"
    response = post_finding(alice_http, round_, slug, side, **{field: junk})
    # A NUL character makes the whole request malformed (clinic/lib/request_guard.py).
    assert response.status_code == (400 if "\x00" in junk else 200)
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    for stored in Finding.objects.select_related("test"):
        stored.full_clean()


def test_a_nul_byte_in_the_note_is_refused_with_a_message(alice_http, round_):
    response = post_finding(alice_http, round_, "glute-bridge", note="left\x00right")
    assert response.status_code == 400
    assert "cannot be stored (such as a NUL character)" in response.content.decode()
    assert not Finding.objects.exists()


# Who may save where.


def test_an_outsider_saving_into_another_clinics_round_gets_404_and_changes_nothing(
    charlie_http, round_
):
    saved(round_, "nprs-movement", pain=6)
    before = list(Finding.objects.values())
    response = post_finding(charlie_http, round_, "nprs-movement", pain="0")
    assert response.status_code == 404
    response = post_finding(charlie_http, round_, "glute-bridge", pain="0")
    assert response.status_code == 404
    assert list(Finding.objects.values()) == before


def test_a_test_that_is_not_in_the_round_is_not_found(alice_http, round_, library):
    outside = library["lefs"]
    url = finding_url(round_, outside.pk)
    response = alice_http.post(url, {f"f{outside.pk}-none-value": "40"})
    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_a_side_the_test_does_not_have_is_not_found(alice_http, round_):
    bridge = item_of(round_, "glute-bridge").test_id
    rom = item_of(round_, "hip-extension-rom").test_id
    assert alice_http.post(finding_url(round_, bridge, "left")).status_code == 404
    assert alice_http.post(finding_url(round_, rom, "none")).status_code == 404
    assert alice_http.post(finding_url(round_, rom, "middle")).status_code == 404


def test_a_read_only_member_cannot_save_a_finding(bob_http, round_):
    response = post_finding(bob_http, round_, "nprs-movement", pain="3")
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_the_endpoint_only_takes_posts(alice_http, round_):
    url = finding_url(round_, item_of(round_, "nprs-movement").test_id)
    assert alice_http.get(url).status_code == 405


def test_saving_a_finding_takes_a_fixed_number_of_queries(
    alice_http, round_, django_assert_num_queries
):
    item = item_of(round_, "glute-bridge")
    url = finding_url(round_, item.test_id)
    data = {f"f{item.test_id}-none-pain": "4", f"f{item.test_id}-none-grade": "1"}
    # session, user, membership, round, its test item, then the upsert in a savepoint (a test
    # removed from the round meanwhile is refused there) and the access audit row.
    with django_assert_num_queries(9):
        response = alice_http.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_findings_of_one_round_saved_at_the_same_moment_both_survive(ana, alice, library):
    round_ = services.assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library["hip-extension-rom"], library["glute-bridge"]],
    )
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def save(slug: str, side: str, **fields) -> None:
        try:
            start.wait(timeout=10)
            services.finding_save(item=item_of(round_, slug), side=side, **fields)
        except BaseException as error:  # reported below, from the main thread
            errors.append(error)
        finally:
            connection.close()

    jobs = [
        ("hip-extension-rom", Side.LEFT, {"value": Decimal(5)}),
        ("hip-extension-rom", Side.RIGHT, {"value": Decimal(8)}),
        ("glute-bridge", Side.NONE, {"pain": 6, "grade": 0}),
        ("glute-bridge", Side.NONE, {"pain": 6, "grade": 0}),  # the same row, twice at once
    ]
    threads = [threading.Thread(target=save, args=(s, d), kwargs=f) for s, d, f in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = {(f.test.slug, f.side): f for f in Finding.objects.select_related("test")}
    assert stored["hip-extension-rom", "left"].value == 5
    assert stored["hip-extension-rom", "right"].value == 8
    assert stored["glute-bridge", "none"].pain == 6
    assert len(stored) == 3


def test_extra_fields_in_a_post_cannot_move_a_finding_elsewhere(alice_http, round_, ana, alice):
    other = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[item_of(round_, "nprs-movement").test]
    )
    test_pk = item_of(round_, "nprs-movement").test_id
    prefix = f"f{test_pk}-none"
    alice_http.post(
        finding_url(round_, test_pk),
        {
            f"{prefix}-pain": "3",
            f"{prefix}-assessment": other.pk,
            "assessment": other.pk,
            f"{prefix}-side": "left",
            "id": 1,
        },
    )
    stored = Finding.objects.get()
    assert (stored.assessment_id, stored.side, stored.pain) == (round_.pk, "none", 3)


def test_a_compensation_ticked_twice_is_stored_once(round_):
    stored = saved(round_, "glute-bridge", compensations=["Lumbar extension", "Lumbar extension"])
    assert stored.compensations == ["Lumbar extension"]
