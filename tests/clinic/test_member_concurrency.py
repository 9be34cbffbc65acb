"""Two owners demoting or deactivating each other at the same moment leave the clinic one
active owner, never none (T25: concurrent writes, one winner).

Each change locks the clinic's active owner rows before counting them (clinic/member_services.py):
the second change waits for the first, then finds its own owner gone and is refused.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client as HttpClient

from clinic import member_services
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome, Membership, Role
from tests.concurrency import run_at_once
from tests.factories import ClinicFactory, MembershipFactory
from tests.factories import signed_in as past_both_factors

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 4


def two_owners() -> tuple[Membership, Membership]:
    clinic = ClinicFactory()
    return (
        MembershipFactory(clinic=clinic, role=Role.OWNER),
        MembershipFactory(clinic=clinic, role=Role.OWNER),
    )


def signed_in(membership: Membership) -> HttpClient:
    http = HttpClient()
    past_both_factors(membership.user, http)
    return http


def active_owners(clinic_id: int) -> int:
    return Membership.objects.filter(
        clinic_id=clinic_id, role=Role.OWNER, deactivated_at__isnull=True
    ).count()


def outcome(response) -> str:
    return (
        f"error: {response!r}" if isinstance(response, BaseException) else str(response.status_code)
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda target: ("role/", {"role": "clinician", "version": target.version}), id="demote"
        ),
        pytest.param(lambda target: ("deactivate/", {"version": target.version}), id="deactivate"),
    ],
)
def test_two_owners_changing_each_other_at_once_leave_one_owner(change: Callable):
    for _ in range(ROUNDS):
        first, second = two_owners()
        pairs = [(signed_in(first), second), (signed_in(second), first)]

        def job(n: int, pairs=pairs):
            http, target = pairs[n]
            action, data = change(target)
            return http.post(f"/members/{target.pk}/{action}", data)

        responses = run_at_once(2, job)
        codes = [outcome(r) for r in responses]
        assert all(code in {"200", "302", "403"} for code in codes), codes
        # Exactly one change is made and audited. The other owner's request is refused: with
        # the reason on the page when it began before the first change was made, or at the
        # door (no longer an owner, 403; deactivated, signed out) when it began after.
        made = AuthEvent.objects.filter(clinic_id=first.clinic_id, outcome=AuthOutcome.SUCCESS)
        assert made.exclude(kind=AuthEventKind.LOGOUT).count() == 1, codes
        for response in responses:
            if response.status_code == 200:
                assert b"no longer an owner" in response.content
        assert active_owners(first.clinic_id) == 1


def test_the_second_change_waits_for_the_first_and_then_counts_the_owners_again():
    # Deterministic: the first change holds its transaction open until the second is seen
    # waiting; without the lock the second would count two owners and demote the last one.
    first, second = two_owners()
    made, release = threading.Event(), threading.Event()
    result: list[object] = []

    def demote_second_and_hold() -> None:
        try:
            with transaction.atomic():
                member_services.member_change_role(
                    member=second, role=Role.CLINICIAN, version=second.version, by=first
                )
                made.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def demote_first() -> None:
        try:
            made.wait(timeout=30)
            member_services.member_change_role(
                member=first, role=Role.CLINICIAN, version=first.version, by=second
            )
            result.append("changed")
        except ValidationError as error:
            result.append(error.messages)
        finally:
            connection.close()

    holder = threading.Thread(target=demote_second_and_hold)
    waiter = threading.Thread(target=demote_first)
    holder.start()
    waiter.start()
    assert made.wait(timeout=30)
    time.sleep(0.5)
    assert waiter.is_alive(), "the second change did not wait for the first"
    release.set()
    holder.join(timeout=30)
    waiter.join(timeout=30)
    assert result == [[member_services.NO_LONGER_OWNER]]
    assert active_owners(first.clinic_id) == 1
    assert Membership.objects.get(pk=first.pk).role == Role.OWNER
