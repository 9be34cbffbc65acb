"""Every change to a clinical record leaves exactly one history event, by every path, naming
the user and the request that made it; history can be added to and never changed (T23)."""

from collections.abc import Callable
from decimal import Decimal

import pghistory
import pgtrigger
import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from assessments import services
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    FindingEvent,
    Intervention,
    Reflection,
    TestDefinition,
    TestSet,
    TestSetItem,
)
from clinic.history import ClientEvent, HistoryEvent, MembershipEvent
from clinic.lib.history_context import HistoryContextMiddleware, command_context
from clinic.lib.request_id import RequestIdMiddleware
from clinic.models import Client, Membership
from exercises.models import Exercise, ExerciseImage, Prescription, ProgrammeLink
from exercises.services import programme_link_issue
from tests.assessments.helpers import opened_row
from tests.factories import (
    AssessmentFactory,
    ClientFactory,
    ExerciseImageFactory,
    InterventionFactory,
    PrescriptionFactory,
    TestDefinitionFactory,
)


def in_request(user, change: Callable[[], object], method: str = "POST") -> str:
    """Run `change` inside a request through the app's middleware; the request's id."""
    request = getattr(RequestFactory(), method.lower())("/clients/1/")
    request.user = user

    def view(request: HttpRequest) -> HttpResponse:
        change()
        return HttpResponse()

    response = RequestIdMiddleware(HistoryContextMiddleware(view))(request)
    return response["X-Request-ID"]


@pytest.fixture
def rom(db) -> TestDefinition:
    """A number test, 0–50°, not sided."""
    return TestDefinitionFactory(name="Hip extension")


@pytest.fixture
def round_(ana, alice, rom) -> Assessment:
    return AssessmentFactory(client=ana, clinician=alice.user, tests=[rom])


@pytest.fixture
def five(round_, rom) -> Finding:
    return Finding.objects.create(assessment=round_, test=rom, value=5)


def _save(f: Finding) -> None:
    f.value = Decimal(25)
    f.save()


def _save_fields(f: Finding) -> None:
    f.value = Decimal(25)
    f.save(update_fields=["value"])


def _update(f: Finding) -> None:
    Finding.objects.filter(pk=f.pk).update(value=25)


def _bulk_update(f: Finding) -> None:
    f.value = Decimal(25)
    Finding.objects.bulk_update([f], ["value"])


def _upsert(f: Finding) -> None:
    Finding.objects.bulk_create(
        [Finding(assessment=f.assessment, test=f.test, side=f.side, value=25)],
        update_conflicts=True,
        unique_fields=["assessment", "test", "side"],
        update_fields=["value"],
    )


def _raw(f: Finding) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_finding SET value = 25 WHERE id = %s", [f.pk])


def _service(f: Finding) -> None:
    item = AssessmentTest.objects.select_related("assessment__client", "test").get(
        assessment=f.assessment, test=f.test
    )
    services.finding_save(item=item, side=f.side, value=Decimal(25))


UPDATE_PATHS = [
    pytest.param(_save, id="model-save"),
    pytest.param(_save_fields, id="model-save-update-fields"),
    pytest.param(_update, id="queryset-update"),
    pytest.param(_bulk_update, id="bulk-update"),
    pytest.param(_upsert, id="bulk-create-upsert"),
    pytest.param(_raw, id="raw-sql"),
    pytest.param(_service, id="finding-save-service"),
]


@pytest.mark.parametrize("change", UPDATE_PATHS)
def test_each_way_of_changing_a_finding_leaves_one_event_with_the_user_and_request(
    alice, five, change
):
    request_id = in_request(alice.user, lambda: change(five))
    updates = FindingEvent.objects.filter(pgh_obj_id=five.pk, pgh_label="update")
    assert [e.value for e in updates] == [Decimal(25)]
    (event,) = updates
    assert event.pgh_context["user"] == alice.user.pk
    assert event.pgh_context["request_id"] == request_id
    # The earlier value stays beside it, in the insert's snapshot.
    assert FindingEvent.objects.get(pgh_obj_id=five.pk, pgh_label="insert").value == 5


def _create(round_, rom) -> None:
    Finding.objects.create(assessment=round_, test=rom, value=7)


def _bulk_create(round_, rom) -> None:
    Finding.objects.bulk_create([Finding(assessment=round_, test=rom, value=7)])


def _raw_insert(round_, rom) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assessments_finding (assessment_id, test_id, side, value, grade, "
            "symptom, sign, compensations, note, created_at, updated_at) "
            "VALUES (%s, %s, 'none', 7, NULL, '', '', '{}', '', now(), now())",
            [round_.pk, rom.pk],
        )


@pytest.mark.parametrize(
    "insert",
    [
        pytest.param(_create, id="create"),
        pytest.param(_bulk_create, id="bulk-create"),
        pytest.param(_raw_insert, id="raw-sql"),
    ],
)
def test_each_way_of_adding_a_finding_leaves_one_event(alice, round_, rom, insert):
    request_id = in_request(alice.user, lambda: insert(round_, rom))
    (event,) = FindingEvent.objects.all()
    assert (event.pgh_label, event.value) == ("insert", 7)
    assert event.pgh_context["request_id"] == request_id


def test_a_change_in_the_admin_leaves_one_event_with_the_admin_user(admin_client, five, rom):
    response = admin_client.post(
        f"/admin/assessments/finding/{five.pk}/change/",
        {
            "assessment": five.assessment_id,
            "test": rom.pk,
            "side": "none",
            "value": "25",
            "note": "corrected",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    (event,) = FindingEvent.objects.filter(pgh_label="update")
    assert (event.value, event.note) == (25, "corrected")
    assert event.pgh_context["user"] == response.wsgi_request.user.pk
    assert event.pgh_context["request_id"] == response["X-Request-ID"]
    assert event.pgh_context["url"] == f"/admin/assessments/finding/{five.pk}/change/"


def test_a_save_that_changes_nothing_leaves_no_event(five):
    five.save()
    assert FindingEvent.objects.filter(pgh_label="update").count() == 0


METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@pytest.mark.parametrize("method", METHODS)
def test_a_write_names_its_user_and_request_whatever_the_http_method(alice, ana, method):
    rename = lambda: Client.objects.filter(pk=ana.pk).update(name="Ana S.")  # noqa: E731
    request_id = in_request(alice.user, rename, method=method)
    event = ClientEvent.objects.get(pgh_obj_id=ana.pk, pgh_label="update")
    assert event.pgh_context == {
        "user": alice.user.pk,
        "url": "/clients/1/",
        "request_id": request_id,
    }


def test_an_htmx_post_names_its_user_and_request(alice_http, five, rom):
    response = alice_http.post(
        f"/assessments/{five.assessment_id}/findings/{rom.pk}/none/",
        opened_row(five.assessment, rom.slug) | {f"f{rom.pk}-none-value": "25"},
        headers={"HX-Request": "true"},
    )
    event = FindingEvent.objects.get(pgh_label="update")
    assert event.value == 25
    assert event.pgh_context["request_id"] == response["X-Request-ID"]
    assert event.pgh_context["user"] == response.wsgi_request.user.pk


def test_a_management_command_is_named_in_the_history_of_what_it_changes(ana):
    with command_context(["manage.py", "seed_demo"]):
        Client.objects.filter(pk=ana.pk).update(phone="0123 456 789")
    event = ClientEvent.objects.get(pgh_label="update")
    assert event.pgh_context == {"command": "seed_demo", "request_id": "-"}


def test_a_delete_where_one_is_allowed_is_recorded_too(bob):
    pk = bob.pk
    with pghistory.context(user=None, command="test"):
        bob.delete()
    (event,) = MembershipEvent.objects.filter(pgh_obj_id=pk, pgh_label="delete")
    assert event.role == bob.role


# The event tables are append-only: refused for any role, even with pgtrigger told to ignore.


@pytest.fixture
def one_event_of_each_kind(ana, alice, round_, five):
    InterventionFactory(after_round=round_)
    Reflection.objects.create(round=round_, why="Hinge first.", updated_by=alice.user)
    PrescriptionFactory(client=ana)
    programme_link_issue(client=ana, by=alice.user)
    ExerciseImageFactory(clinic=ana.clinic)
    # Exercises, tests and test sets have events of their own from the shipped catalog load.


TRACKED = {
    Client,
    Membership,
    Assessment,
    AssessmentTest,
    Finding,
    Intervention,
    Reflection,
    Prescription,
    ProgrammeLink,
    Exercise,
    ExerciseImage,
    TestDefinition,
    TestSet,
    TestSetItem,
}


def event_models() -> list[type[HistoryEvent]]:
    return sorted(pghistory.core.event_models(), key=lambda m: m._meta.label)


def test_every_clinical_model_is_tracked_by_an_append_only_event_model():
    models = event_models()
    assert {m.pgh_tracked_model for m in models} == TRACKED
    assert all(issubclass(m, HistoryEvent) and m.append_only is True for m in models)


def refused(statement: str, *params: object) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        return "Cannot update or delete rows" in str(error)
    return False


@pytest.mark.parametrize("model", event_models(), ids=lambda m: m._meta.label)
def test_update_and_delete_of_an_event_fail_for_any_role(one_event_of_each_kind, model):
    table = model._meta.db_table
    pk = model.objects.values_list("pgh_id", flat=True).first()
    assert pk is not None
    update = f"UPDATE {table} SET pgh_label = 'edited' WHERE pgh_id = %s"  # noqa: S608
    delete = f"DELETE FROM {table} WHERE pgh_id = %s"  # noqa: S608
    # As the table's owner, whom the suite connects as and who holds every privilege on it,
    assert refused(update, pk) and refused(delete, pk)
    # through the ORM,
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pgh_id=pk).update(pgh_label="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pgh_id=pk).delete()
    # and with pgtrigger's switch for ignoring triggers set (any session can set it). The app
    # role is refused before the trigger: it holds no UPDATE or DELETE privilege here at all
    # (tests/clinic/test_database_roles.py).
    with pgtrigger.ignore():
        assert refused(update, pk) and refused(delete, pk)
    assert model.objects.filter(pgh_id=pk).exclude(pgh_label="edited").exists()


# Clinical rows are never deleted: amended (cleared, removed, voided) instead.


def _kept_rows(ana, alice, round_, five) -> dict[type, int]:
    treatment = InterventionFactory(after_round=round_)
    reflection = Reflection.objects.create(round=round_, why="Hinge.", updated_by=alice.user)
    return {
        # A client with no rounds or programme: nothing of theirs stops the ORM first.
        Client: ClientFactory(clinic=ana.clinic).pk,
        Assessment: round_.pk,
        Finding: five.pk,
        Intervention: treatment.pk,
        Reflection: reflection.pk,
        Prescription: PrescriptionFactory(client=ana).pk,
    }


KEPT = [Client, Assessment, Finding, Intervention, Reflection, Prescription]
# A round is refused in words of its own: only an empty one may go (test_round_corrections.py).
REFUSED = "Cannot delete rows|a round that holds findings"


@pytest.mark.parametrize("model", KEPT, ids=lambda m: m._meta.label)
def test_no_path_can_delete_a_clinical_row(ana, alice, round_, five, model):
    pk = _kept_rows(ana, alice, round_, five)[model]
    table = model._meta.db_table
    raw = f"DELETE FROM {table} WHERE id = %s"  # noqa: S608
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        model._default_manager.filter(pk=pk).delete()
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(raw, [pk])
    # Nor does a session that sets pgtrigger's switch for ignoring triggers.
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        pgtrigger.ignore(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(raw, [pk])
    assert model._default_manager.filter(pk=pk).exists()


def test_a_finding_deleted_by_the_tables_owner_past_the_protection_still_leaves_an_event(five):
    # Only the table's owner can disable the trigger (ALTER TABLE); the history still records.
    with connection.cursor() as cursor:
        # The finding's deferred checks run now: ALTER TABLE waits for no pending trigger.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    pgtrigger.disable("assessments.Finding:keep_rows")
    Finding.objects.filter(pk=five.pk).delete()
    pgtrigger.enable("assessments.Finding:keep_rows")
    (event,) = FindingEvent.objects.filter(pgh_obj_id=five.pk, pgh_label="delete")
    assert event.value == 5
