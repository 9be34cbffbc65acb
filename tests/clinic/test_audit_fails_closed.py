"""When the access audit cannot be written, nothing of the record is served.

The failure is made at the database itself: a trigger, created for the test and dropped after
it, refuses every insert into the audit table, as a full disk or a revoked grant would.
"""

import logging
from decimal import Decimal

import pytest
from django.db import connection, transaction

from assessments.models import Finding
from clinic.models import AccessEvent
from tests.clinic.audit_cases import VIEWS, client_record

REFUSE_INSERTS = """
    CREATE FUNCTION test_refuse_access_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the access audit refuses rows in this test'; END $$;
    CREATE TRIGGER test_refuse_access_audit BEFORE INSERT ON clinic_accessevent
    FOR EACH ROW EXECUTE FUNCTION test_refuse_access_audit();
"""
ALLOW_INSERTS = """
    DROP TRIGGER test_refuse_access_audit ON clinic_accessevent;
    DROP FUNCTION test_refuse_access_audit();
"""


@pytest.fixture
def audit_refused(db):
    with connection.cursor() as cursor:
        cursor.execute(REFUSE_INSERTS)
    yield
    with connection.cursor() as cursor:
        cursor.execute(ALLOW_INSERTS)


@pytest.fixture
def record(northside, alice):
    return client_record(northside, alice)


@pytest.fixture
def members(alice_http, northside_owner_http):
    return {"clinician": alice_http, "owner": northside_owner_http}


def assert_refused_without_phi(response, record) -> None:
    assert response.status_code == 503
    body = response.content.decode()
    assert "This record can't be shown right now" in body
    assert "Access could not be recorded" in body
    assert response["X-Request-ID"] in body
    assert response["Content-Type"].startswith("text/html")
    for phi in record.phi:
        assert phi not in body
    # Nor a number from the record: the finding's value.
    assert "37" not in body.replace(response["X-Request-ID"], "")


@pytest.mark.parametrize("name", VIEWS)
def test_a_view_whose_audit_row_cannot_be_written_serves_no_client_data(
    name, record, members, audit_refused, caplog
):
    view = VIEWS[name]
    # The request runs in a transaction of its own, as every request does in production;
    # the failed insert rolls it back, whatever the view had written before.
    with caplog.at_level(logging.ERROR), transaction.atomic():
        response = view.send(members[view.by], record)
    assert_refused_without_phi(response, record)
    assert not AccessEvent.objects.exists()
    assert Finding.objects.get().value == Decimal("37")
    assert "access audit write failed" in caplog.text
    for phi in record.phi:
        assert phi not in caplog.text


def test_the_htmx_variant_is_refused_the_same_way(record, alice_http, audit_refused):
    with transaction.atomic():
        response = alice_http.get(
            f"/assessments/{record.baseline.pk}/", headers={"HX-Request": "true"}
        )
    assert_refused_without_phi(response, record)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/clients/{client}/", "/assessments/{baseline}/report.csv"])
def test_without_a_surrounding_transaction_the_view_is_refused_too(
    path, northside, alice, alice_http
):
    # Each statement commits on its own here (autocommit), as in a command or a shell.
    record = client_record(northside, alice)
    with connection.cursor() as cursor:
        cursor.execute(REFUSE_INSERTS)
    try:
        response = alice_http.get(path.format(client=record.client.pk, baseline=record.baseline.pk))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(ALLOW_INSERTS)
    assert_refused_without_phi(response, record)
    assert not AccessEvent.objects.exists()


def test_staff_in_the_admin_are_refused_the_same_way(admin_client, record, audit_refused):
    for url in ("/admin/clinic/client/", f"/admin/clinic/client/{record.client.pk}/change/"):
        with transaction.atomic():
            response = admin_client.get(url)
        assert_refused_without_phi(response, record)
