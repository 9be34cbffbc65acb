import pytest

from assessments.models import Assessment, TestDefinition, TestSet
from assessments.services import assessment_create_baseline, test_library_load


@pytest.fixture
def library(db) -> dict[str, TestDefinition]:
    """The shipped test library, by slug."""
    test_library_load()
    return {t.slug: t for t in TestDefinition.objects.filter(clinic__isnull=True)}


@pytest.fixture
def screen(library, ana, alice) -> Assessment:
    """Ana's baseline from the shipped glute / low-back screen (ten tests, eight sided)."""
    test_set = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    tests = [item.test for item in test_set.items.select_related("test")]
    return assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)


@pytest.fixture
def catalog(db):
    """The shipped exercise catalog (the cable pull-through is in it)."""
    from exercises.services import catalog_load

    return catalog_load()
