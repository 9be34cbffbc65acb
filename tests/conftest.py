"""The fixed cast every test can ask for, on a database that already holds what Retest ships.

alice — a clinician at Northside; bob — her read-only colleague at Northside;
charlie — a clinician at another clinic, Southside, who must never see Northside's records;
olivia and sam — the owners of Northside and Southside (`northside_owner`, `southside_owner`).

The shipped exercise catalog and test library are loaded once, right after the test database is
created, so every test's transaction starts with them and rolls back to them. A transactional
test (`transaction=True`, `transactional_db`, `live_server`) ends by emptying every table; the
next test must not find them gone, so after such a test the rows are checked and, if missing,
loaded again outside any test transaction.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client as HttpClient
from pytest_django import DjangoDbBlocker

from assessments.models import TestDefinition, TestSet
from assessments.services import test_library_load
from clinic.lib.queries import CountedQueries
from clinic.models import Client, Clinic, Membership, Role
from exercises.models import Exercise
from exercises.services import catalog_load
from tests.database_roles import connect_request_role
from tests.factories import ClientFactory, ClinicFactory, MembershipFactory, signed_in

connect_request_role()

# Set while the test database exists: the way back to it for the check after each test.
TEST_DATABASE = pytest.StashKey[DjangoDbBlocker]()


def shipped_rows_load() -> None:
    catalog_load()
    test_library_load()


def shipped_rows_present() -> bool:
    # A flush empties every table at once, so one shipped row of each kind stands for them all.
    shipped_sets = TestSet.objects.filter(clinic__isnull=True)
    return Exercise.objects.filter(clinic__isnull=True).exists() and shipped_sets.exists()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, request: pytest.FixtureRequest
) -> Iterator[None]:
    with django_db_blocker.unblock():
        # A reused database (--reuse-db) already has them: the load then writes nothing.
        shipped_rows_load()
    request.config.stash[TEST_DATABASE] = django_db_blocker
    yield
    del request.config.stash[TEST_DATABASE]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield
    blocker = item.config.stash.get(TEST_DATABASE, None)
    # Every transactional test ends by closing its connection, so an open one means the test
    # ran in a transaction that was rolled back, or used no database: nothing to check.
    if blocker is not None and connection.connection is None:
        with blocker.unblock():
            if not shipped_rows_present():
                shipped_rows_load()
    return result


@contextmanager
def _assert_queries(
    num: int,
    connection: BaseDatabaseWrapper | None = None,
    info: str | None = None,
    *,
    exact: bool,
    verbose: bool,
) -> Iterator[CountedQueries]:
    """pytest-django's query assertion, less the request's own transaction (CountedQueries).

    A request made inside a test's transaction runs its transaction as a savepoint: its
    SAVEPOINT and RELEASE are left out, as the benchmark leaves out BEGIN and COMMIT.
    """
    with CountedQueries(connection or connections["default"]) as captured:
        yield captured
    performed = len(captured.counted)
    if performed == num or (not exact and performed < num):
        return
    message = f"Expected {'' if exact else 'at most '}{num} queries but {performed} were done"
    if info:
        message += f"\n{info}"
    if verbose:
        message += "\n\nQueries:\n========\n\n" + "\n\n".join(q["sql"] for q in captured.counted)
    pytest.fail(message)


@pytest.fixture
def django_assert_num_queries(pytestconfig: pytest.Config):
    verbose = pytestconfig.getoption("verbose") > 0
    return partial(_assert_queries, exact=True, verbose=verbose)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig: pytest.Config):
    verbose = pytestconfig.getoption("verbose") > 0
    return partial(_assert_queries, exact=False, verbose=verbose)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory) -> None:
    """Uploaded files go to a folder of the test's own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def northside(db) -> Clinic:
    return ClinicFactory(name="Northside Physio", slug="northside")


@pytest.fixture
def southside(db) -> Clinic:
    return ClinicFactory(name="Southside Physio", slug="southside")


@pytest.fixture
def alice(northside) -> Membership:
    return MembershipFactory(
        clinic=northside, role=Role.CLINICIAN, user__username="alice@northside.example"
    )


@pytest.fixture
def bob(northside) -> Membership:
    return MembershipFactory(
        clinic=northside, role=Role.READ_ONLY, user__username="bob@northside.example"
    )


@pytest.fixture
def charlie(southside) -> Membership:
    return MembershipFactory(
        clinic=southside, role=Role.CLINICIAN, user__username="charlie@southside.example"
    )


@pytest.fixture
def northside_owner(northside) -> Membership:
    return MembershipFactory(
        clinic=northside, role=Role.OWNER, user__username="olivia@northside.example"
    )


@pytest.fixture
def southside_owner(southside) -> Membership:
    return MembershipFactory(
        clinic=southside, role=Role.OWNER, user__username="sam@southside.example"
    )


def _logged_in(membership: Membership) -> HttpClient:
    # Past both steps: every clinic asks for a second factor unless its owner says otherwise.
    return signed_in(membership.user)


@pytest.fixture
def admin_client(admin_user) -> HttpClient:
    """pytest-django's admin client, past the second factor that staff always need."""
    return signed_in(admin_user)


@pytest.fixture
def alice_http(alice) -> HttpClient:
    return _logged_in(alice)


@pytest.fixture
def bob_http(bob) -> HttpClient:
    return _logged_in(bob)


@pytest.fixture
def charlie_http(charlie) -> HttpClient:
    return _logged_in(charlie)


@pytest.fixture
def northside_owner_http(northside_owner) -> HttpClient:
    return _logged_in(northside_owner)


@pytest.fixture
def southside_owner_http(southside_owner) -> HttpClient:
    return _logged_in(southside_owner)


@pytest.fixture
def ana(northside, alice) -> Client:
    """A Northside client with a low-back complaint."""
    return ClientFactory(
        clinic=northside,
        name="Ana Souza",
        presenting_complaint="Low back pain on bending",
        created_by=alice.user,
    )


@pytest.fixture
def catalog(db) -> dict[str, Exercise]:
    """The shipped exercises, by slug, as `load_catalog` loads them (with aims and ladders)."""
    return {e.slug: e for e in Exercise.objects.filter(clinic__isnull=True)}


@pytest.fixture
def library(db) -> dict[str, TestDefinition]:
    """The shipped tests, by slug, as `load_test_library` loads them (with the test sets)."""
    return {t.slug: t for t in TestDefinition.objects.filter(clinic__isnull=True)}


@pytest.fixture
def dana(northside) -> Membership:
    """Alice's fellow clinician at Northside: the colleague who saves the same record meanwhile."""
    return MembershipFactory(
        clinic=northside,
        role=Role.CLINICIAN,
        user__username="dana@northside.example",
        user__first_name="Dana",
        user__last_name="Reyes",
    )


@pytest.fixture
def dana_http(dana) -> HttpClient:
    return _logged_in(dana)
