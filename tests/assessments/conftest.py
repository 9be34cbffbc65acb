import pytest

from assessments.models import Assessment, TestSet
from assessments.services import assessment_create_baseline


@pytest.fixture
def screen(library, ana, alice) -> Assessment:
    """Ana's baseline from the shipped glute / low-back screen (ten tests, eight sided)."""
    test_set = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    tests = [item.test for item in test_set.items.select_related("test")]
    return assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)
