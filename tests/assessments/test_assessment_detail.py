"""The entry page of a round: rows in test order, keyboard-first, saved findings on reload."""

import re
from decimal import Decimal

import pytest

from assessments import services
from assessments.entry import finding_row
from tests.assessments.helpers import item_of
from tests.factories import AssessmentFactory, TestDefinitionFactory


def input_names(body: str) -> list[str]:
    # A row's inputs; its version travels in a hidden input of its own.
    # A checklist item's radio group is named by its place on the list: "f4-none-check-0".
    names = re.findall(r'<(?:input|select)[^>]*\bname="(f\d+-[a-z]+-[a-z]+)(?:-\d+)?"', body)
    return [name for name in names if not name.endswith("-version")]


def test_the_rows_and_their_inputs_follow_the_order_of_the_tests(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    rows_in_page = list(dict.fromkeys(n.rsplit("-", 1)[0] for n in input_names(body)))
    expected = [
        f"f{item.test_id}-{side}"
        for item in screen.items.select_related("test")
        for side in item.test.sides
    ]
    assert rows_in_page == expected
    assert len(expected) == 18  # ten tests, eight of them with a left and a right row
    # Within a row the main measure comes first and the note last.
    rom = item_of(screen, "hip-extension-rom").test_id
    bridge = item_of(screen, "glute-bridge").test_id
    names = input_names(body)
    assert names[names.index(f"f{rom}-left-value") + 1] == f"f{rom}-left-note"
    bridge_names = [n for n in names if n.startswith(f"f{bridge}-")]
    assert [n.split("-")[-1] for n in dict.fromkeys(bridge_names)] == [
        "grade",
        "pain",
        "check",
        "note",
    ]


def test_the_tab_order_is_the_page_order_and_numbers_are_typed(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert not re.search(r'tabindex="[1-9]', body)
    assert 'type="number"' not in body and 'type="range"' not in body
    rom = item_of(screen, "hip-extension-rom").test_id
    value_input = re.search(rf'<input[^>]*name="f{rom}-left-value"[^>]*>', body).group(0)
    assert 'inputmode="decimal"' in value_input and 'type="text"' in value_input


def test_every_input_has_a_label_naming_its_test_and_side(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    ids = re.findall(r'<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', body)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in body, input_id
    rom = item_of(screen, "hip-extension-rom").test_id
    assert re.search(
        rf'<label for="id_f{rom}-left-value"><span class="visually-hidden">'
        r"Hip extension ROM, left: </span>Degrees</label>",
        body,
    )


def test_each_test_shows_its_unit_valid_range_and_direction(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert "degrees, valid -30 to 50°" in body
    assert "seconds, valid 0–600 s" in body
    assert "higher is better" in body


def test_a_reload_shows_every_saved_finding(alice_http, screen):
    save = services.finding_save
    save(item=item_of(screen, "hip-extension-rom"), side="left", value=Decimal(5))
    save(item=item_of(screen, "hip-extension-rom"), side="right", value=Decimal("12"))
    save(
        item=item_of(screen, "glute-bridge"),
        side="none",
        grade=0,
        pain=6,
        compensations=["Lumbar extension"],
        note="extends through the low back",
    )
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    rom = item_of(screen, "hip-extension-rom").test_id
    bridge = item_of(screen, "glute-bridge").test_id
    assert f'name="f{rom}-left-value" value="5"' in body
    assert f'name="f{rom}-right-value" value="12"' in body
    assert f'name="f{bridge}-none-pain" value="6"' in body
    assert re.search(r'<option value="0" selected>Poor', body)
    # The checklist's one item, Lumbar extension, shows as present.
    assert re.search(rf'name="f{bridge}-none-check-0" id="[^"]+" value="present" checked', body)
    assert 'value="extends through the low back"' in body
    assert "3 of 18 findings recorded" in body


def test_each_row_posts_to_its_own_finding_and_works_without_javascript(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    rom = item_of(screen, "hip-extension-rom").test_id
    url = f"/assessments/{screen.pk}/findings/{rom}/left/"
    form = re.search(rf'<form id="finding-{rom}-left"[^>]*>', body).group(0)
    assert f'action="{url}"' in form and 'method="post"' in form and f'hx-post="{url}"' in form
    # The wrapper of each typed input saves its row on change and brings back only itself.
    wrapper = re.search(rf'<div[^>]*id="id_f{rom}-left-value-field"[^>]*>', body).group(0)
    assert f'hx-post="{url}"' in wrapper and 'hx-trigger="change"' in wrapper
    assert f'hx-select="#id_f{rom}-left-value-field"' in wrapper
    assert f'hx-indicator="#finding-{rom}-left-saving"' in form
    assert 'class="htmx-indicator"' in body


def test_the_saves_are_wired_in_the_template_and_not_on_the_inputs(alice_http, screen):
    item = item_of(screen, "glute-bridge")
    row = finding_row(item, "none", None, can_write=True)
    assert "hx-" not in str(row.form)
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    inputs = re.findall(r"<(?:input|select)\b[^>]*>", body)
    assert inputs and not [tag for tag in inputs if "hx-" in tag]
    url = f"/assessments/{screen.pk}/findings/{item.test_id}/none/"
    form = re.search(rf'<form id="finding-{item.test_id}-none"[^>]*>', body).group(0)
    status = f"#finding-{item.test_id}-none-status:innerHTML"
    sync = f"#finding-{item.test_id}-none-sync:outerHTML"
    # The errors beside the grade and the checklist come back too, without their inputs.
    beside = ",".join(
        f"#id_f{item.test_id}-none-{name}_error:outerHTML" for name in ("grade", "compensations")
    )
    assert 'hx-swap="none"' in form and f'hx-select-oob="{status},{sync},{beside}"' in form
    assert 'hx-sync="this:drop"' in form
    wrappers = {
        name: re.search(
            rf'<[a-z]+[^>]*id="id_f{item.test_id}-none-{name}-field"[^>]*>', body
        ).group(0)
        for name in ("grade", "pain", "compensations", "note")
    }
    for wrapper in wrappers.values():
        assert f'hx-post="{url}"' in wrapper and 'hx-trigger="change"' in wrapper
        assert 'hx-sync="closest form:queue last"' in wrapper
    # A typed input's wrapper comes back beside it; a select or checkbox only updates the status.
    for name in ("pain", "note"):
        own = f"#id_f{item.test_id}-none-{name}-field"
        assert f'hx-target="this" hx-select="{own}" hx-swap="outerHTML"' in wrappers[name]
    for name in ("grade", "compensations"):
        assert "hx-target" not in wrappers[name] and "hx-swap" not in wrappers[name]


def test_a_read_only_member_sees_the_findings_but_no_inputs(bob_http, screen):
    services.finding_save(item=item_of(screen, "glute-bridge"), side="none", pain=6, grade=0)
    services.finding_save(
        item=item_of(screen, "hip-extension-rom"), side="left", value=Decimal("7.0")
    )
    body = bob_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert "6/10" in body and "Poor: extends through the low back" in body and ">7°<" in body
    assert input_names(body) == []
    assert "hx-post" not in body and "/findings/" not in body


def test_htmx_gets_the_table_without_the_layout(alice_http, screen):
    response = alice_http.get(f"/assessments/{screen.pk}/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert '<div id="entry-table"' in body and "<html" not in body
    assert "HX-Request" in response["Vary"]
    full = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert "<html" in full and '<div id="entry-table"' in full


def test_the_page_links_back_to_the_client(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert f'href="/clients/{screen.client_id}/"' in body


def test_another_clinics_round_is_not_found_and_other_methods_are_refused(
    charlie_http, alice_http, screen
):
    assert charlie_http.get(f"/assessments/{screen.pk}/").status_code == 404
    assert alice_http.post(f"/assessments/{screen.pk}/").status_code == 405


def round_with(count: int, ana, alice):
    # Every third test is sided and every other one has a finding, so rows and findings grow too.
    tests = [TestDefinitionFactory(sided=n % 3 == 0) for n in range(count)]
    assessment = AssessmentFactory(client=ana, clinician=alice.user, tests=tests)
    for item in assessment.items.select_related("test")[::2]:
        services.finding_save(item=item, side=item.test.sides[0], value=Decimal(10))
    return assessment


@pytest.mark.parametrize("count", [10, 30])
def test_the_entry_page_takes_the_same_queries_for_10_or_30_tests(
    alice_http, ana, alice, count, django_assert_num_queries
):
    assessment = round_with(count, ana, alice)
    # session, user, membership, the round with client and clinician, the access audit row,
    # its tests, its findings, and the treatment logged after it; for corrections, whether the
    # round holds anything and the tests it could add. The treatment picker searches the
    # catalog only once words are typed.
    with django_assert_num_queries(10):
        response = alice_http.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 200
