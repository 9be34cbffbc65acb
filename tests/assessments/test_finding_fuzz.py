"""Form fuzzing of the finding endpoint: any input re-renders the row or saves a valid one."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Finding
from tests.assessments.helpers import post_finding

FIELDS = ["value", "grade", "pain", "compensations", "note"]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
junk = st.one_of(
    numbers, st.text(max_size=3000), st.sampled_from(["", "Poor", "Hip flexes forward"])
)


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(FIELDS), junk, max_size=len(FIELDS)))
def test_any_input_to_a_row_gives_a_page_and_only_valid_findings(alice_http, screen, data):
    # side-lying abduction records a number, a grade and a checklist: the widest row.
    response = post_finding(alice_http, screen, "side-lying-abduction", "left", **data)
    # A NUL character makes the whole request malformed (clinic/lib/request_guard.py).
    malformed = any("\x00" in value for value in data.values())
    assert response.status_code == (400 if malformed else 200)
    for stored in Finding.objects.select_related("test"):
        stored.full_clean()
