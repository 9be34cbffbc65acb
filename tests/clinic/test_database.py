import pytest
from django.db import IntegrityError, connection

from clinic.models import Client
from tests.factories import ClinicFactory


@pytest.mark.django_db
def test_the_suite_runs_on_a_real_postgresql_server():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()
    assert version >= 150000


@pytest.mark.django_db
def test_the_database_refuses_a_client_with_an_unknown_status():
    clinic = ClinicFactory()
    with pytest.raises(IntegrityError):
        Client.objects.bulk_create([Client(clinic=clinic, name="X", status="deleted")])


@pytest.mark.django_db
def test_the_database_refuses_a_client_without_a_clinic():
    with connection.cursor() as cursor, pytest.raises(IntegrityError):
        cursor.execute(
            "INSERT INTO clinic_client (name, email, phone, presenting_complaint, notes, status,"
            " version, created_at, updated_at)"
            " VALUES ('X', '', '', '', '', 'active', 1, now(), now())"
        )
