from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from clinic.models import Client, Clinic, Membership
from demo.clinic import DEMO_EMAIL, DEMO_PASSWORD


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_a_working_login_and_a_second_run_changes_nothing():
    first = run("seed_demo")
    assert f"Log in as {DEMO_EMAIL} with password {DEMO_PASSWORD}" in first
    assert authenticate(username=DEMO_EMAIL, password=DEMO_PASSWORD) is not None
    counts = (Clinic.objects.count(), Membership.objects.count(), Client.objects.count())
    assert counts[2] >= 3
    second = run("seed_demo")
    assert "Kept the existing demo clinic" in second
    assert (Clinic.objects.count(), Membership.objects.count(), Client.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_login_reaches_the_demo_clinic_without_a_second_factor(client):
    """Every new clinic asks for a second factor; the demo's does not, so the quick start's
    printed login opens it on a laptop with no authenticator app to hand."""
    out = run("seed_demo")
    assert "asks for no second factor" in out
    assert not Clinic.objects.get(memberships__user__username=DEMO_EMAIL).two_factor_required
    login = client.post("/accounts/login/", {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert client.get(login["Location"]).status_code == 200
