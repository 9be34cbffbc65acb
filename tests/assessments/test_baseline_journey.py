"""A first baseline from the screen, over HTTP as the browser sends it (htmx posts, one per row)."""

import re

from assessments.models import PAIN_OUT_OF_RANGE, Assessment, Finding, TestSet
from tests.assessments.helpers import post_finding

# Ten findings across the screen's recording kinds: (test, side, fields as typed).
TEN = [
    ("nprs-movement", "none", {"pain": "6", "note": "bending forward"}),
    ("hip-extension-rom", "left", {"value": "5"}),
    ("hip-extension-rom", "right", {"value": "12"}),
    ("modified-thomas", "left", {"value": "-10", "compensations": "Knee extends"}),
    ("glute-bridge", "none", {"grade": "0", "pain": "6", "compensations": "Lumbar extension"}),
    ("single-leg-bridge-reps", "left", {"value": "14", "pain": "3"}),
    ("prone-hip-extension-hold", "right", {"value": "22"}),
    ("side-lying-abduction", "left", {"value": "35", "grade": "1"}),
    ("single-leg-squat", "right", {"grade": "0", "compensations": "Knee moves inside the foot"}),
    ("trendelenburg", "left", {"sign": "positive"}),
]


def test_a_new_user_records_a_baseline_from_the_screen_and_a_refused_pain_loses_nothing(
    alice_http, ana, library
):
    screen = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/",
        {"performed_at": "2026-03-02T09:30", "test_set": screen.pk},
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{assessment.pk}/"

    for slug, side, fields in TEN:
        response = post_finding(alice_http, assessment, slug, side, **fields)
        assert "✓ Saved" in response.content.decode(), slug
    assert Finding.objects.count() == 10

    response = post_finding(alice_http, assessment, "glute-bridge", grade="0", pain="14")
    assert PAIN_OUT_OF_RANGE in response.content.decode()

    page = alice_http.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "10 of 18 findings recorded" in page
    assert Finding.objects.get(test__slug="glute-bridge").pain == 6
    values = dict(re.findall(r'name="(f\d+-\w+-(?:value|pain|note))" value="([^"]*)"', page))
    typed = sorted(v for _, _, f in TEN for k, v in f.items() if k in {"value", "pain", "note"})
    assert sorted(values.values()) == typed
