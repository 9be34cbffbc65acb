import pytest

from exercises.models import Aim, Exercise
from exercises.services import CatalogLoad, catalog_load


@pytest.fixture
def catalog(db) -> CatalogLoad:
    """The shipped catalog, loaded as `load_catalog` loads it."""
    return catalog_load()


def shipped(slug: str) -> Exercise:
    return Exercise.objects.get(clinic__isnull=True, slug=slug)


def aim(slug: str) -> Aim:
    return Aim.objects.get(slug=slug)
