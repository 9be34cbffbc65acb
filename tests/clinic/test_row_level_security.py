"""Row-level security: a query that forgets the clinic filter finds no other clinic's rows.

The tenancy helpers (clinic/permissions.py) filter every query by the member's clinic. Below
them PostgreSQL keeps each clinic's rows apart on its own: these tests read and write every
clinic-scoped table as the app's role, bypassing the helpers on purpose.
"""

import datetime
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction

from assessments.models import (
    Assessment,
    Finding,
    Reflection,
    TestDefinition,
    TestSet,
    TestSetItem,
)
from clinic.lib.db_roles import app_role
from clinic.lib.db_security import clinic_scoped_models, policy_statements
from clinic.models import (
    AccessChainHead,
    AccessEvent,
    AccessSeal,
    AppliedEdit,
    Client,
    Clinic,
    Membership,
)
from exercises.models import Exercise
from exercises.services import home
from tests.database_roles import as_app
from tests.factories import (
    AssessmentFactory,
    ClientFactory,
    ExerciseFactory,
    ExerciseImageFactory,
    InterventionFactory,
    InvitationFactory,
    PrescriptionFactory,
    TestDefinitionFactory,
)

pytestmark = pytest.mark.skipif(
    not app_role(), reason="needs the two database roles (DATABASE_OWNER_URL)"
)


def fill(clinic: Clinic, membership: Membership) -> None:
    """One row of the clinic in every clinic-scoped table."""
    client = ClientFactory(clinic=clinic)
    prescription = PrescriptionFactory(client=client, exercise=ExerciseFactory(clinic=clinic))
    # The clinic's picture of its own exercise, and of a shipped one.
    ExerciseImageFactory(clinic=clinic, exercise=prescription.exercise)
    ExerciseImageFactory(clinic=clinic, exercise=Exercise.objects.filter(clinic=None).first())
    test = TestDefinitionFactory(clinic=clinic)
    test_set = TestSet.objects.create(clinic=clinic, slug="own", name="Own screen")
    TestSetItem.objects.create(test_set=test_set, test=test, position=0)
    round_ = AssessmentFactory(client=client, clinician=membership.user, tests=[test])
    Finding.objects.create(assessment=round_, test=test, value=10)
    InterventionFactory(after_round=round_, clinician=membership.user)
    Reflection.objects.create(round=round_, why="Hip extension improved")
    # The access audit's row, its seal and the clinic's chain head; history rows come from
    # the triggers of the writes above.
    event = AccessEvent.objects.create(
        clinic=clinic,
        user=membership.user,
        client=client,
        kind="client-page",
        url_name="x",
        request_id="0" * 32,
    )
    AccessSeal.objects.create(event=event, clinic=clinic, position=1, hash="0" * 64)
    AccessChainHead.objects.create(clinic=clinic, position=1, hash="0" * 64)
    InvitationFactory(clinic=clinic, created_by=membership.user)
    AppliedEdit.objects.create(clinic=clinic, user=membership.user, key=uuid.uuid4())
    # The client's programme link, its opening and a session logged through it.
    link = home.programme_link_issue(client=client, by=membership.user).link
    home.programme_link_opened(link=link, address="192.0.2.7")
    home.session_log_record(
        link=link,
        prescription_id=prescription.pk,
        entry_id=uuid.uuid4(),
        performed_on=datetime.date.today(),
        outcome="done",
        sets_done=3,
        pain=2,
    )


def ids(**lookup) -> dict[str, set[int]]:
    """Row ids of every clinic-scoped table, read as the owner, whom the policies let through."""
    found = {}
    for model in clinic_scoped_models():
        lookup_here = {key.replace("CLINIC", model.clinic_path): v for key, v in lookup.items()}
        found[model._meta.label] = set(
            model._default_manager.filter(**lookup_here).values_list("pk", flat=True)
        )
    return found


@pytest.fixture
def rows(northside, southside, alice, charlie) -> dict[str, dict[str, set[int]]]:
    fill(northside, alice)
    fill(southside, charlie)
    return {
        "northside": ids(CLINIC=northside),
        "southside": ids(CLINIC=southside),
        "shipped": ids(CLINIC__isnull=True),
    }


def visible(cursor, model) -> set[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(f"SELECT {model._meta.pk.column} FROM {table}")  # noqa: S608
    return {pk for (pk,) in cursor.fetchall()}


def test_every_clinic_scoped_table_holds_rows_of_both_clinics_here(rows):
    # Keeps the tests below honest: a table added later must get rows in fill() too.
    for clinic in ("northside", "southside"):
        empty = [label for label, pks in rows[clinic].items() if not pks]
        assert not empty, f"fill() writes no {clinic} row in {empty}"


def test_the_app_role_scoped_to_one_clinic_reads_none_of_anothers_rows_from_any_table(
    rows, northside
):
    with as_app(northside.pk) as cursor:
        seen = {model._meta.label: visible(cursor, model) for model in clinic_scoped_models()}
    for label, pks in seen.items():
        assert rows["northside"][label] <= pks, label
        assert not pks & rows["southside"][label], label
        assert pks <= rows["northside"][label] | rows["shipped"][label], label


@pytest.mark.urls("tests.urls_database")
@pytest.mark.parametrize(
    ("member", "own", "other"),
    [("alice", "northside", "southside"), ("charlie", "southside", "northside")],
)
def test_inside_a_request_a_query_without_the_clinic_filter_finds_only_the_members_clinic(
    rows, request, member, own, other
):
    answer = request.getfixturevalue(f"{member}_http").get("/unscoped/").json()
    assert answer["user"] == app_role()
    assert answer["scope"] == str(request.getfixturevalue(own).pk)
    for label, pks in answer["rows"].items():
        assert set(pks) == rows[own][label] | rows["shipped"][label], label
        assert not set(pks) & rows[other][label], label


def test_without_a_clinic_scope_the_app_role_reads_no_clinics_rows(rows):
    with as_app(None) as cursor:
        seen = {model: visible(cursor, model) for model in clinic_scoped_models()}
    for model, pks in seen.items():
        label = model._meta.label
        if getattr(model, "visible_before_scope", False):
            # The membership lookup that sets the scope reads memberships before there is one.
            continue
        assert pks == rows["shipped"][label], label


def test_the_app_role_cannot_write_into_another_clinic(rows, northside, southside):
    theirs = Client.objects.get(clinic=southside)
    their_round = Finding.objects.get(assessment__client=theirs).assessment_id
    with pytest.raises(DatabaseError, match="row-level security"), as_app(northside.pk):
        Client.objects.create(clinic=southside, name="Planted")
    # A finding of ours moved into their round.
    with pytest.raises(DatabaseError, match="row-level security"), as_app(northside.pk):
        Finding.objects.filter(assessment__client__clinic=northside).update(assessment=their_round)
    with as_app(northside.pk):
        assert Client.objects.filter(pk=theirs.pk).update(name="Renamed") == 0
        assert Finding.objects.filter(assessment=their_round).delete()[0] == 0
    theirs.refresh_from_db()
    assert theirs.name != "Renamed"
    assert Finding.objects.filter(assessment=their_round).exists()


def test_the_app_role_cannot_record_an_applied_edit_in_another_clinic_nor_read_its_keys(
    rows, northside, southside, alice
):
    theirs = AppliedEdit.objects.get(clinic=southside)
    with pytest.raises(DatabaseError, match="row-level security"), as_app(northside.pk):
        AppliedEdit.objects.create(clinic=southside, user=alice.user, key=uuid.uuid4())
    with as_app(northside.pk):
        assert not AppliedEdit.objects.filter(key=theirs.key).exists()
        assert AppliedEdit.objects.filter(pk=theirs.pk).update(clinic=northside) == 0
    theirs.refresh_from_db()
    assert theirs.clinic == southside


def test_the_app_role_reads_shipped_rows_but_cannot_change_them_or_add_to_them(rows, northside):
    shipped = TestSet.objects.filter(clinic__isnull=True).first()
    own_test = TestDefinition.objects.get(clinic=northside)
    with as_app(northside.pk):
        assert TestSet.objects.filter(pk=shipped.pk).exists()
        assert shipped.items.exists()
        assert TestSet.objects.filter(pk=shipped.pk).update(name="Ours now") == 0
        assert shipped.items.update(position=99) == 0
        assert shipped.items.all().delete()[0] == 0
    with pytest.raises(DatabaseError, match="row-level security"), as_app(northside.pk):
        TestSetItem.objects.create(test_set=shipped, test=own_test, position=99)


def test_staff_in_the_admin_see_every_clinics_rows(rows, admin_client, northside, southside):
    page = admin_client.get("/admin/clinic/client/").content.decode()
    for clinic in (northside, southside):
        assert Client.objects.get(clinic=clinic).name in page


def test_every_clinic_scoped_table_has_row_level_security_on(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, count(p.policyname) FROM pg_class c"
            " LEFT JOIN pg_policies p ON p.tablename = c.relname AND p.schemaname = 'public'"
            " WHERE c.relnamespace = 'public'::regnamespace GROUP BY c.relname, c.relrowsecurity"
        )
        tables = {name: (on, policies) for name, on, policies in cursor.fetchall()}
    for model in clinic_scoped_models():
        on, policies = tables[model._meta.db_table]
        assert on and policies >= 1, model._meta.db_table
    assert tables["clinic_clinic"] == (False, 0)


@pytest.mark.django_db(transaction=True)
def test_the_clinic_scope_ends_with_its_transaction(alice):
    from django.test import RequestFactory

    from clinic.permissions import membership_for

    request = RequestFactory().get("/")
    request.user = alice.user
    with transaction.atomic(), connection.cursor() as cursor:
        membership_for(request)
        cursor.execute("SELECT current_setting('app.clinic_id', true)")
        assert cursor.fetchone() == (str(alice.clinic_id),)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('app.clinic_id', true), '')")
        assert cursor.fetchone() == ("",)


def test_a_clinic_path_must_follow_its_parents_own(monkeypatch):
    monkeypatch.setattr(Assessment, "clinic_path", "baseline__client__clinic")
    with pytest.raises(ImproperlyConfigured, match="must then be 'client__clinic'"):
        policy_statements(Finding)


def test_rows_without_a_clinic_are_shared_only_where_the_model_says_they_ship(monkeypatch):
    # An audit or history row that lost its clinic must not become every clinic's to read.
    monkeypatch.delattr(TestSet, "shipped_rows")
    assert not any("IS NULL" in statement for statement in policy_statements(TestSet))
