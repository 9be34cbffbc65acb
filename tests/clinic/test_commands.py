from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from clinic.models import Clinic, Membership, Role

STRONG = "a long enough pass phrase"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_create_clinic_makes_the_clinic_and_its_owner(monkeypatch):
    monkeypatch.setenv("RETEST_OWNER_PASSWORD", STRONG)
    output = run("create_clinic", "Northside Physio", "Owner@Northside.example")
    membership = Membership.objects.select_related("clinic", "user").get()
    assert (membership.clinic.name, membership.clinic.slug) == (
        "Northside Physio",
        "northside-physio",
    )
    assert membership.role == Role.OWNER
    assert membership.user.username == "owner@northside.example"
    assert authenticate(username="owner@northside.example", password=STRONG) == membership.user
    assert "Created Northside Physio" in output


@pytest.mark.django_db
def test_create_clinic_can_generate_and_print_a_password():
    output = run("create_clinic", "Eastside", "owner@eastside.example", "--generate")
    password = output.split("Password: ")[1].strip()
    assert authenticate(username="owner@eastside.example", password=password) is not None


@pytest.mark.django_db
def test_create_clinic_refuses_a_weak_password_and_creates_nothing(monkeypatch):
    monkeypatch.setenv("RETEST_OWNER_PASSWORD", "password")
    with pytest.raises(CommandError, match=r"too short|too common"):
        run("create_clinic", "Weak Clinic", "owner@weak.example")
    assert not Clinic.objects.exists()


@pytest.mark.django_db
def test_create_clinic_refuses_an_email_already_used(monkeypatch, alice):
    monkeypatch.setenv("RETEST_OWNER_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="already exists"):
        run("create_clinic", "Another", "alice@northside.example")
    assert Clinic.objects.count() == 1


@pytest.mark.django_db
def test_create_clinic_without_a_password_source_explains_what_to_do(monkeypatch):
    monkeypatch.delenv("RETEST_OWNER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="RETEST_OWNER_PASSWORD"):
        run("create_clinic", "Quiet", "owner@quiet.example")
