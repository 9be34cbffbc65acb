"""Every test finds the shipped catalog and test library in the database, loaded once for the
session, even after a transactional test has emptied every table.

pytest-django runs tests that use the database in a transaction first, then transactional ones,
then the rest; the last test here asks for the database only while it runs, so it comes after
the transactional one and sees what that test left behind.
"""

import pytest

from assessments import library as shipped_library
from exercises.catalog import CATALOG

# Primary keys seen by the transactional test. The flush after it keeps the sequences, so rows
# loaded again afterwards have new keys.
SEEN_BEFORE_THE_FLUSH: dict[str, int] = {}


def test_a_test_in_a_transaction_starts_with_the_shipped_rows(catalog, library):
    assert len(catalog) == len(CATALOG.exercises)
    assert len(library) == len(shipped_library.TESTS)
    catalog["glute-bridge"].delete()  # rolled back at the end of the test


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_with_them_too(catalog, library):
    assert "glute-bridge" in catalog
    assert len(library) == len(shipped_library.TESTS)
    SEEN_BEFORE_THE_FLUSH["glute-bridge"] = catalog["glute-bridge"].pk


def test_they_are_back_after_a_transactional_test_emptied_every_table(
    request: pytest.FixtureRequest,
):
    catalog = request.getfixturevalue("catalog")
    library = request.getfixturevalue("library")
    assert len(catalog) == len(CATALOG.exercises)
    assert len(library) == len(shipped_library.TESTS)
    if "glute-bridge" in SEEN_BEFORE_THE_FLUSH:
        assert catalog["glute-bridge"].pk != SEEN_BEFORE_THE_FLUSH["glute-bridge"]
