"""The migration to several clinics per login keeps every existing membership as it was: same
user, clinic and role, active, at version 1; the user may then join a second clinic."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinic.models import Membership, Role
from tests.factories import ClinicFactory, MembershipFactory
from tests.migrating import migrate

MIGRATION = "memberships_in_several_clinics"


def before_and_after() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    graph = MigrationExecutor(connection).loader.graph
    (node,) = [n for n in graph.nodes if n[0] == "clinic" and n[1].endswith(MIGRATION)]
    (parent,) = [p for p in graph.node_map[node].parents if p.key[0] == "clinic"]
    return [parent.key], graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_memberships_are_kept_as_they_were():
    before, after = before_and_after()
    old = migrate(before)
    try:
        clinic = old.get_model("clinic", "Clinic").objects.create(name="North", slug="north")
        user = old.get_model("auth", "User").objects.create(username="olivia@north.example")
        old.get_model("clinic", "Membership").objects.create(
            user_id=user.pk, clinic_id=clinic.pk, role="owner"
        )
    finally:
        migrate(after)

    (kept,) = Membership.objects.filter(user_id=user.pk)
    assert (kept.clinic_id, kept.role, kept.version) == (clinic.pk, Role.OWNER, 1)
    assert kept.is_active and kept.deactivated_by is None
    MembershipFactory(user=kept.user, clinic=ClinicFactory())
    assert Membership.objects.filter(user_id=user.pk).count() == 2
