"""One spelling per login (T09): accounts are stored, found and throttled under the normalised
identity, so two spellings of one address can never be two accounts nor two throttles."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient

from clinic.services import EMAIL_TAKEN, clinic_create_with_owner
from tests.factories import TEST_PASSWORD, UserFactory, signed_in

normalising = importlib.import_module("clinic.migrations.0007_normalise_usernames")


def log_in(username: str, password: str = TEST_PASSWORD):
    return HttpClient().post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize(
    "spelling",
    ["ｏlivia@northside.example", "OLIVIA@Northside.Example", " olivia@northside.example "],
)
def test_every_spelling_of_an_address_signs_in_to_its_one_account(northside_owner, spelling):
    response = log_in(spelling)
    assert response.status_code == 302
    assert response.wsgi_request.user == northside_owner.user


def test_a_new_clinics_owner_is_stored_in_the_normalised_spelling(db):
    membership = clinic_create_with_owner(
        name="Eastside Physio", owner_email="Ｅｖｅ@Eastside.Example", owner_password=TEST_PASSWORD
    )
    assert membership.user.username == membership.user.email == "eve@eastside.example"


def test_creating_alice_when_alice_exists_is_refused(alice):
    with pytest.raises(ValidationError) as refused:
        clinic_create_with_owner(
            name="Alice's Own Clinic",
            owner_email="Alice@Northside.example",
            owner_password=TEST_PASSWORD,
        )
    assert refused.value.message_dict == {"owner_email": [EMAIL_TAKEN]}
    assert User.objects.filter(username__iexact="alice@northside.example").count() == 1


def test_accounts_made_by_django_are_stored_normalised(db):
    user = User.objects.create_user("ＤＡＮＡ@Northside.example", password=TEST_PASSWORD)
    assert user.username == "dana@northside.example"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("Dana@northside.example", password=TEST_PASSWORD)


def test_createsuperuser_stores_the_normalised_spelling_and_refuses_a_second_one(db):
    out = io.StringIO()
    call_command(
        "createsuperuser", username="Root@Retest.example", email="", interactive=False, stdout=out
    )
    assert User.objects.get(is_superuser=True).username == "root@retest.example"
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command(
            "createsuperuser",
            username="ROOT@retest.example",
            email="",
            interactive=False,
            stdout=out,
        )
    assert User.objects.filter(is_superuser=True).count() == 1


@pytest.fixture
def admin_http(db) -> HttpClient:
    staff = UserFactory(username="admin@retest.example", is_staff=True, is_superuser=True)
    http = HttpClient()
    signed_in(staff, http)
    return http


def test_the_admins_add_user_form_refuses_another_spelling_of_an_existing_login(alice, admin_http):
    response = admin_http.post(
        "/admin/auth/user/add/",
        {
            "username": "ＡＬＩＣＥ@northside.example",
            "password1": "a long new passphrase 7",
            "password2": "a long new passphrase 7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username__iexact="alice@northside.example").count() == 1


def test_the_admins_add_user_form_stores_the_normalised_spelling(admin_http):
    response = admin_http.post(
        "/admin/auth/user/add/",
        {
            "username": "Frank@Northside.example",
            "password1": "a long new passphrase 7",
            "password2": "a long new passphrase 7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="frank@northside.example").exists()


def rename_behind_djangos_back(user: User, username: str) -> None:
    User.objects.filter(pk=user.pk).update(username=username)


def test_the_migration_normalises_existing_logins(alice, bob):
    rename_behind_djangos_back(alice.user, "Alice@NorthSide.example")
    normalising.normalise_usernames(apps, None)
    alice.user.refresh_from_db()
    assert alice.user.username == "alice@northside.example"


def test_the_migration_stops_naming_the_logins_that_would_become_one(alice):
    UserFactory(username="placeholder@northside.example")
    rename_behind_djangos_back(
        User.objects.get(username="placeholder@northside.example"), "ALICE@northside.example"
    )
    with pytest.raises(RuntimeError) as stopped:
        normalising.normalise_usernames(apps, None)
    assert "ALICE@northside.example and alice@northside.example" in str(stopped.value)
    assert User.objects.filter(username="ALICE@northside.example").exists()
