"""GET /exercises/<pk>/: the exercise sheet and its ladder, walked both ways."""

import re

import pytest
from django.utils.html import escape

from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory, ProgressionFactory


def ladder_links(body: str, side: str) -> list[str]:
    heading = "<h3>Easier</h3>" if side == "easier" else "<h3>Harder</h3>"
    section = body.split(heading, 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="ladder-link" href="(/exercises/\d+/)"', section)


def test_the_page_shows_set_up_cues_faults_and_the_dose_with_units(catalog, alice_http):
    bridge = shipped("glute-bridge")
    body = alice_http.get(f"/exercises/{bridge.pk}/").content.decode()
    assert "<h1>Glute bridge</h1>" in body
    assert "Tier 1 · isolation and activation" in body
    assert escape(bridge.setup) in body
    for text in bridge.cues + bridge.faults:
        assert f"<li>{escape(text)}</li>" in body
    dose = re.search(r'<span class="dose">(.*?)</span>\n', body).group(1)
    assert re.sub(r"<[^>]+>", "", dose) == "3 × 10 reps · hold 3 s"
    assert "Gluteus maximus, Hamstrings, Abdominals" in body


def test_a_hold_to_fatigue_dose_reads_as_such(catalog, alice_http):
    abduction = shipped("side-lying-abduction")
    body = alice_http.get(f"/exercises/{abduction.pk}/").content.decode()
    assert re.search(r"\d × hold to fatigue · each side", re.sub(r"<[^>]+>", "", body))


def test_the_ladder_can_be_walked_up_and_back_down(catalog, alice_http):
    clam, side_plank, hydrant, standing = (
        shipped(slug)
        for slug in ("clam-shell", "side-plank-clam", "fire-hydrant", "standing-fire-hydrant")
    )
    body = alice_http.get(f"/exercises/{hydrant.pk}/").content.decode()
    assert ladder_links(body, "easier") == [f"/exercises/{side_plank.pk}/"]
    assert ladder_links(body, "harder") == [f"/exercises/{standing.pk}/"]
    assert "Move on when: 3 × 10 each side with no pelvic tilt" in body

    up = alice_http.get(f"/exercises/{standing.pk}/").content.decode()
    assert f"/exercises/{hydrant.pk}/" in ladder_links(up, "easier")
    down = alice_http.get(f"/exercises/{side_plank.pk}/").content.decode()
    assert ladder_links(down, "easier") == [f"/exercises/{clam.pk}/"]
    assert ladder_links(down, "harder") == [f"/exercises/{hydrant.pk}/"]


def test_the_bridge_leads_two_ways_in_the_catalogs_order(catalog, alice_http):
    bridge = shipped("glute-bridge")
    body = alice_http.get(f"/exercises/{bridge.pk}/").content.decode()
    assert ladder_links(body, "harder") == [
        f"/exercises/{shipped('hip-thruster').pk}/",
        f"/exercises/{shipped('kneeling-hip-thruster').pk}/",
    ]
    assert "Nothing easier in the catalog" in body


def test_every_clinic_reads_the_shipped_catalog(catalog, charlie_http):
    hydrant = shipped("fire-hydrant")
    response = charlie_http.get(f"/exercises/{hydrant.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert hydrant.name in body and hydrant.cues[0] in body


def test_only_a_writing_member_of_the_owning_clinic_is_offered_the_edit_button(
    catalog, alice_http, bob_http, northside
):
    own = ExerciseFactory(clinic=northside)
    edit = f'href="/exercises/{own.pk}/edit/"'
    assert edit in alice_http.get(f"/exercises/{own.pk}/").content.decode()
    assert edit not in bob_http.get(f"/exercises/{own.pk}/").content.decode()
    hydrant = shipped("fire-hydrant")
    assert "/edit/" not in alice_http.get(f"/exercises/{hydrant.pk}/").content.decode()


def test_a_ladder_step_to_another_clinics_exercise_is_not_shown(alice_http, northside, southside):
    own = ExerciseFactory(clinic=northside)
    theirs = ExerciseFactory(clinic=southside, name="Southside secret drill")
    ProgressionFactory(easier=own, harder=theirs)
    body = alice_http.get(f"/exercises/{own.pk}/").content.decode()
    assert "Southside secret drill" not in body
    assert "Nothing harder in the catalog yet" in body


def test_text_a_clinic_typed_is_escaped(alice_http, northside):
    own = ExerciseFactory(
        clinic=northside,
        name='<script>alert("x")</script>',
        cues=['"><img src=x onerror=alert(1)>'],
        video_url="https://example.org/watch",
    )
    body = alice_http.get(f"/exercises/{own.pk}/").content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert 'href="https://example.org/watch" rel="noopener noreferrer"' in body


def test_a_retired_exercise_still_opens_and_says_so(alice_http, northside):
    own = ExerciseFactory(clinic=northside, retired_at="2026-01-05T10:00:00Z")
    body = alice_http.get(f"/exercises/{own.pk}/").content.decode()
    assert "Retired 5 Jan 2026" in body


@pytest.mark.parametrize("steps", [1, 6])
def test_the_page_takes_the_same_queries_however_long_the_ladder(
    alice_http, northside, django_assert_num_queries, steps
):
    own = ExerciseFactory(clinic=northside)
    for _ in range(steps):
        ProgressionFactory(easier=own, harder__clinic=northside)
        ProgressionFactory(harder=own, easier__clinic=northside)
    # Session, user, membership, the exercise with its aim, then one query per ladder direction
    # and one for the clinic's picture of it.
    with django_assert_num_queries(7):
        response = alice_http.get(f"/exercises/{own.pk}/")
    assert len(ladder_links(response.content.decode(), "harder")) == steps
