"""The fixed cast every test can ask for.

alice — a clinician at Northside; bob — her read-only colleague at Northside;
charlie — a clinician at another clinic, Southside, who must never see Northside's records.
"""

import pytest
from django.test import Client as HttpClient

from assessments.models import TestDefinition
from assessments.services import test_library_load
from clinic.models import Client, Clinic, Membership, Role
from exercises.services import CatalogLoad, catalog_load
from tests.factories import ClientFactory, ClinicFactory, MembershipFactory


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


def _logged_in(membership: Membership) -> HttpClient:
    http = HttpClient()
    http.force_login(membership.user)
    return http


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
def ana(northside, alice) -> Client:
    """A Northside client with a low-back complaint."""
    return ClientFactory(
        clinic=northside,
        name="Ana Souza",
        presenting_complaint="Low back pain on bending",
        created_by=alice.user,
    )


@pytest.fixture
def catalog(db) -> CatalogLoad:
    """The shipped exercise catalog, loaded as `load_catalog` loads it."""
    return catalog_load()


@pytest.fixture
def library(db) -> dict[str, TestDefinition]:
    """The shipped test library and test sets, by test slug."""
    test_library_load()
    return {t.slug: t for t in TestDefinition.objects.filter(clinic__isnull=True)}
