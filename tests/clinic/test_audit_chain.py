"""The access audit is insert-only, and its hash chain shows any row changed behind its back."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client as HttpClient
from django.utils import timezone

from clinic import audit
from clinic.lib import hash_chain
from clinic.models import AccessEvent, AccessKind, AccessSeal
from tests.factories import ClientFactory, MembershipFactory, signed_in


def add_rows(membership, client, count: int) -> list[AccessEvent]:
    """Rows as views write them, straight into the table."""
    return AccessEvent.objects.bulk_create(
        AccessEvent(
            clinic=membership.clinic,
            user=membership.user,
            client=client,
            kind=AccessKind.CLIENT_PAGE,
            url_name="clinic:client-detail",
            object_id=client.pk,
            at=timezone.now(),
            request_id=f"{n:032x}",
            remote_addr="192.0.2.7",
        )
        for n in range(count)
    )


def verify_audit() -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError:
        return out.getvalue(), 1
    return out.getvalue(), 0


def as_superuser_without_the_trigger(table: str, sql: str, params: list) -> None:
    """What someone with full control of the database could do: switch the protection off."""
    without_the_triggers([table], [(sql, params)])


def without_the_triggers(tables: list[str], statements: list[tuple[str, list]]) -> None:
    """Run statements with the tables' protections off, as their owner can (the suite connects
    as the owner role)."""
    with triggers_off(tables), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


@contextmanager
def triggers_off(tables: list[str]) -> Iterator[None]:
    """The block runs with the tables' user triggers disabled and foreign keys deferred; both
    are back on (and every deferred key checked) when it ends."""
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign-key checks that ALTER TABLE waits on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


AUDIT_TABLES = ["clinic_accessseal", "clinic_accessevent"]
REMOVE_SEAL = "DELETE FROM clinic_accessseal WHERE event_id = %s"
REMOVE_EVENT = "DELETE FROM clinic_accessevent WHERE id = %s"


@pytest.fixture
def sealed(alice, ana, charlie, southside):
    """Five sealed Northside rows and three Southside ones."""
    add_rows(alice, ana, 5)
    add_rows(charlie, ClientFactory(clinic=southside), 3)
    audit.seal_all()
    return list(AccessEvent.objects.filter(clinic=alice.clinic).order_by("pk"))


def test_a_view_is_sealed_into_its_clinics_chain_once_its_request_commits(
    alice_http, ana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alice_http.get(f"/clients/{ana.pk}/")
    row = AccessEvent.objects.get()
    assert not AccessSeal.objects.exists(), "sealed before the request's transaction committed"
    for callback in callbacks:
        callback()
    seal = AccessSeal.objects.get()
    assert (seal.event_id, seal.clinic_id, seal.position) == (row.pk, row.clinic_id, 1)
    # The database built the link; Python's reading of the same fields gives the same hash.
    link = [1, seal.sealed_at, *(getattr(row, name) for name in audit.EVENT_FIELDS)]
    assert seal.hash == hash_chain.link_hash(hash_chain.GENESIS, link)


def test_awkward_values_hash_the_same_in_the_database_and_in_python(alice, ana):
    awkward = [
        {"client": None, "object_id": None, "remote_addr": "2001:DB8::1"},
        {"remote_addr": None, "url_name": 'a "quoted" \\ name', "request_id": "-"},
        {"remote_addr": "::ffff:192.0.2.1", "object_id": 2**62},
    ]
    for values in awkward:
        fields = {
            "clinic": alice.clinic,
            "user": alice.user,
            "client": ana,
            "kind": AccessKind.REPORT,
            "url_name": "assessments:report-detail",
            "object_id": 1,
            "at": timezone.now(),
            "request_id": "f" * 32,
        }
        AccessEvent.objects.create(**(fields | values))
    audit.seal_all()
    check = audit.verify(alice.clinic)
    assert (check.sealed, check.mismatches) == (3, [])


def test_each_clinic_has_a_chain_of_its_own(sealed, northside, southside):
    northside_positions = AccessSeal.objects.filter(clinic=northside).order_by("position")
    assert list(northside_positions.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert AccessSeal.objects.filter(clinic=southside).count() == 3


def test_an_honest_audit_verifies_with_no_mismatch(sealed):
    output, status = verify_audit()
    assert status == 0
    assert "northside: 5 sealed, 0 mismatches, 0 unsealed" in output
    assert "southside: 3 sealed, 0 mismatches, 0 unsealed" in output
    assert output.rstrip().endswith("0 mismatches")


@pytest.mark.parametrize(
    ("column", "value"),
    [("kind", "handout"), ("client_id", None), ("at", "2020-01-01T00:00:00Z"), ("user_id", 0)],
)
def test_a_row_changed_in_sql_with_the_trigger_off_is_found(sealed, column, value, bob):
    tampered = sealed[2]
    value = bob.user_id if column == "user_id" else value
    as_superuser_without_the_trigger(
        "clinic_accessevent",
        f"UPDATE clinic_accessevent SET {column} = %s WHERE id = %s",  # noqa: S608
        [value, tampered.pk],
    )
    output, status = verify_audit()
    assert status == 1
    assert "northside: 5 sealed, 1 mismatches" in output
    assert f"position 3 (row {tampered.pk}): hash differs" in output
    assert "southside: 3 sealed, 0 mismatches" in output


def test_a_rewritten_seal_shows_at_the_next_link(sealed):
    # Recomputing the changed row's own hash is not enough: the next link covers it.
    as_superuser_without_the_trigger(
        "clinic_accessseal",
        "UPDATE clinic_accessseal SET hash = %s WHERE event_id = %s",
        ["f" * 64, sealed[2].pk],
    )
    output, status = verify_audit()
    assert status == 1
    assert f"position 3 (row {sealed[2].pk}): hash differs" in output
    assert f"position 4 (row {sealed[3].pk}): hash differs" in output


def test_a_row_removed_with_its_seal_leaves_a_gap(sealed):
    gone = sealed[1].pk
    without_the_triggers(AUDIT_TABLES, [(REMOVE_SEAL, [gone]), (REMOVE_EVENT, [gone])])
    output, status = verify_audit()
    assert status == 1
    assert "positions 2 to 2 are missing" in output


def test_a_row_removed_under_its_seal_is_missing(sealed):
    gone = sealed[4].pk
    # Its seal is left pointing at nothing, which the foreign key would refuse: the seal goes
    # too, once the verifier has run.
    with triggers_off(AUDIT_TABLES), connection.cursor() as cursor:
        cursor.execute(REMOVE_EVENT, [gone])
        output, status = verify_audit()
        cursor.execute(REMOVE_SEAL, [gone])
    assert status == 1
    assert f"position 5 (row {gone}): the row is missing" in output


def test_links_cut_from_the_end_of_the_chain_are_found(sealed):
    cuts = [(sql, [row.pk]) for row in sealed[3:] for sql in (REMOVE_SEAL, REMOVE_EVENT)]
    without_the_triggers(AUDIT_TABLES, cuts)
    output, status = verify_audit()
    assert status == 1
    assert "the chain ends at position 3, its head says 5" in output


@pytest.mark.parametrize("model", [AccessEvent, AccessSeal])
def test_the_database_refuses_to_change_or_remove_audit_rows(sealed, model):
    rows = model.objects.all()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        rows.update(clinic=rows[0].clinic)
    # Raw SQL, as nothing in Django stands in its way (the ORM refuses to delete a sealed row).
    table = model._meta.db_table
    refused = pytest.raises(DatabaseError, match="Cannot update or delete")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    assert model.objects.count() == 8


def test_the_audit_tables_say_they_are_append_only():
    assert AccessEvent.append_only is True
    assert AccessSeal.append_only is True


def test_rows_whose_seal_failed_are_reported_and_sealed_by_seal_audit(sealed, alice, ana):
    add_rows(alice, ana, 2)
    output, status = verify_audit()
    assert status == 0
    assert "northside: 5 sealed, 0 mismatches, 2 unsealed" in output
    out = StringIO()
    call_command("seal_audit", stdout=out)
    assert out.getvalue().strip() == "Sealed 2 rows."
    output, _ = verify_audit()
    assert "northside: 7 sealed, 0 mismatches, 0 unsealed" in output


def test_verify_audit_can_check_one_clinic(sealed):
    out = StringIO()
    call_command("verify_audit", "--clinic", "southside", stdout=out)
    assert "northside" not in out.getvalue()
    with pytest.raises(CommandError, match="No clinic"):
        call_command("verify_audit", "--clinic", "nowhere")


@pytest.mark.django_db(transaction=True)
def test_views_at_the_same_moment_each_get_their_own_place_in_the_chain(northside, ana):
    # Eight members open the client's page ten times each, all at once; every request commits
    # and seals on its own connection, so the sealing steps race for the clinic's chain.
    logins = []
    for n in range(8):
        membership = MembershipFactory(clinic=northside, user__username=f"m{n}@northside.example")
        logins.append(signed_in(membership.user))
    start = threading.Barrier(len(logins))
    errors: list[BaseException] = []

    def browse(http: HttpClient) -> None:
        try:
            start.wait(timeout=10)
            for _ in range(10):
                assert http.get(f"/clients/{ana.pk}/").status_code == 200
        except BaseException as error:  # reported below, from the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=browse, args=(http,)) for http in logins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    positions = AccessSeal.objects.filter(clinic=northside).values_list("position", flat=True)
    assert sorted(positions) == list(range(1, 81))
    check = audit.verify(northside)
    assert (check.sealed, check.mismatches, check.unsealed) == (80, [], 0)
