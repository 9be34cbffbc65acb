"""Writes between visits that two people, or two copies of one request, can make at the same
moment: each leaves one consistent result and answers without an error.

- Two clinicians printing a new link for the same client at once leave one live link.
- A client's log sent twice at once (a queued copy and a retry) is stored once.
- A log arriving while the clinician revokes the link is stored (it came first) or refused as
  a dead link (it came after); never an error, never stored and refused at once.
"""

import uuid

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from clinic.models import Role
from exercises.models import ProgrammeLink, SessionLog
from exercises.services import programme_link_issue
from tests.concurrency import run_at_once
from tests.factories import (
    ClientFactory,
    ClinicFactory,
    MembershipFactory,
    PrescriptionFactory,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


def clinician_http(clinic):
    http = HttpClient()
    signed_in(MembershipFactory(clinic=clinic, role=Role.CLINICIAN).user, http)
    return http


def outcome(response) -> str:
    return (
        f"error: {response!r}" if isinstance(response, BaseException) else str(response.status_code)
    )


def test_two_clinicians_printing_a_new_link_at_once_leave_one_live_link():
    for _ in range(ROUNDS):
        clinic = ClinicFactory()
        client = ClientFactory(clinic=clinic)
        PrescriptionFactory(client=client)
        https = [clinician_http(clinic), clinician_http(clinic)]
        responses = run_at_once(
            2, lambda n, https=https, pk=client.pk: https[n].post(f"/clients/{pk}/programme/link/")
        )
        codes = [outcome(r) for r in responses]
        assert all(code in {"200", "302"} for code in codes), codes
        live = ProgrammeLink.objects.filter(client=client, revoked_at__isnull=True)
        assert live.count() == 1, codes


def test_the_same_log_sent_twice_at_once_is_stored_once():
    clinic = ClinicFactory()
    client = ClientFactory(clinic=clinic)
    prescription = PrescriptionFactory(client=client)
    by = MembershipFactory(clinic=clinic, role=Role.CLINICIAN).user
    token = programme_link_issue(client=client, by=by).token
    for _ in range(ROUNDS):
        data = {
            "entry_id": str(uuid.uuid4()),
            "prescription": prescription.pk,
            "performed_on": timezone.localdate().isoformat(),
            "outcome": "done",
            "sets_done": "3",
            "pain": "2",
            "effort": "5",
            "comment": "",
        }
        responses = run_at_once(
            2, lambda n, data=data: HttpClient().post(f"/home/{token}/log/", data)
        )
        codes = [outcome(r) for r in responses]
        assert all(code in {"200", "302"} for code in codes), codes
        assert SessionLog.objects.filter(entry_id=data["entry_id"]).count() == 1, codes


def test_a_log_sent_while_the_link_is_revoked_is_stored_through_a_live_link_or_refused():
    for _ in range(ROUNDS):
        clinic = ClinicFactory()
        client = ClientFactory(clinic=clinic)
        prescription = PrescriptionFactory(client=client)
        http = clinician_http(clinic)
        by = MembershipFactory(clinic=clinic, role=Role.CLINICIAN).user
        issued = programme_link_issue(client=client, by=by)
        data = {
            "entry_id": str(uuid.uuid4()),
            "prescription": prescription.pk,
            "performed_on": timezone.localdate().isoformat(),
            "outcome": "done",
        }

        def job(n, token=issued.token, pk=client.pk, data=data, http=http):
            if n == 0:
                return http.post(f"/clients/{pk}/programme/link/revoke/")
            return HttpClient().post(f"/home/{token}/log/", data)

        revoke, log = run_at_once(2, job)
        assert outcome(revoke) == "302" and outcome(log) in {"302", "404"}, outcome(log)
        stored = SessionLog.objects.filter(entry_id=data["entry_id"]).exists()
        assert stored == (outcome(log) == "302")
