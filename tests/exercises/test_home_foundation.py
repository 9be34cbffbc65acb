"""The programme link and the client's logs, below any view: what the services and the database
guarantee."""

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic import services as clinic_services
from exercises.models import LinkOpening, ProgrammeLink, SessionLog, token_digest
from exercises.services import (
    programme_link_for_token,
    programme_link_issue,
    programme_link_opened,
    programme_link_revoke,
    session_log_record,
)
from tests.factories import PrescriptionFactory


@pytest.fixture
def issued(ana, alice):
    return programme_link_issue(client=ana, by=alice.user)


def test_a_link_stores_only_the_digest_of_its_token(issued):
    link = ProgrammeLink.objects.get()
    assert link.token_digest == token_digest(issued.token)
    assert issued.token not in str(link.__dict__)
    assert len(issued.token) >= 40


def test_a_link_lasts_the_clinics_period(ana, alice, northside):
    northside.programme_link_days = 30
    northside.save()
    ana.refresh_from_db()
    link = programme_link_issue(client=ana, by=alice.user).link
    assert link.expires_at - link.created_at == datetime.timedelta(days=30)


def test_issuing_again_revokes_the_old_link(issued, ana, alice):
    again = programme_link_issue(client=ana, by=alice.user)
    assert programme_link_for_token(issued.token) is None
    assert programme_link_for_token(again.token).pk == again.link.pk
    assert ProgrammeLink.objects.filter(client=ana, revoked_at__isnull=True).count() == 1


def test_a_wrong_revoked_or_expired_token_finds_nothing(issued, ana, alice):
    assert programme_link_for_token(issued.token).client == ana
    assert programme_link_for_token("x" + issued.token[1:]) is None
    assert programme_link_for_token("") is None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=121)):
        assert programme_link_for_token(issued.token) is None
    assert programme_link_revoke(client=ana, by=alice.user) == 1
    assert programme_link_for_token(issued.token) is None


def test_discharging_the_client_kills_the_link_for_good(issued, ana):
    clinic_services.client_discharge(client=ana)
    assert ProgrammeLink.objects.get().revoked_at is not None
    ana.refresh_from_db()
    clinic_services.client_reactivate(client=ana)
    assert programme_link_for_token(issued.token) is None


def test_archiving_the_client_kills_the_link(issued, ana):
    clinic_services.client_archive(client=ana)
    assert programme_link_for_token(issued.token) is None
    assert ProgrammeLink.objects.get().revoked_at is not None


def test_an_opening_keeps_a_digest_of_the_address_not_the_address(issued):
    opening = programme_link_opened(link=issued.link, address="203.0.113.9")
    assert "203.0.113.9" not in opening.address_digest
    assert len(opening.address_digest) == 64
    again = programme_link_opened(link=issued.link, address="203.0.113.9")
    assert again.address_digest == opening.address_digest
    assert LinkOpening.objects.count() == 2


def _log(link, prescription, entry_id=None, **values):
    defaults = {"performed_on": timezone.localdate(), "outcome": "done", "sets_done": 3, "pain": 2}
    return session_log_record(
        link=link,
        prescription_id=prescription.pk,
        entry_id=entry_id or uuid.uuid4(),
        **(defaults | values),
    )


def test_a_log_sent_twice_is_stored_once(issued, ana):
    prescription = PrescriptionFactory(client=ana)
    entry = uuid.uuid4()
    first = _log(issued.link, prescription, entry)
    second = _log(issued.link, prescription, entry, pain=9)
    assert first.created and not second.created
    assert second.log.pk == first.log.pk and second.log.pain == 2
    assert SessionLog.objects.count() == 1


def test_not_today_keeps_no_figures(issued, ana):
    prescription = PrescriptionFactory(client=ana)
    log = _log(issued.link, prescription, outcome="not_today", pain=5).log
    assert (log.sets_done, log.pain, log.effort) == (None, None, None)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"effort": 11}, "effort"),
        ({"sets_done": 21}, "sets_done"),
        ({"performed_on": timezone.localdate() + datetime.timedelta(days=1)}, "performed_on"),
        ({"performed_on": timezone.localdate() - datetime.timedelta(days=8)}, "performed_on"),
    ],
)
def test_a_log_out_of_range_is_refused(issued, ana, values, field):
    prescription = PrescriptionFactory(client=ana)
    with pytest.raises(ValidationError):
        _log(issued.link, prescription, **values)
    assert not SessionLog.objects.exists()


def test_a_log_reaches_only_the_links_own_active_programme(issued, ana, northside):
    other = PrescriptionFactory(client__clinic=northside)
    with pytest.raises(ValidationError):
        _log(issued.link, other)
    assert not SessionLog.objects.exists()


def test_the_database_refuses_a_log_of_not_today_with_figures(issued, ana):
    prescription = PrescriptionFactory(client=ana)
    log = _log(issued.link, prescription).log
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLog.objects.create(
            clinic_id=log.clinic_id,
            client=ana,
            prescription=prescription,
            performed_on=log.performed_on,
            logged_at=log.logged_at,
            outcome="not_today",
            pain=3,
        )


def test_logs_and_links_are_never_deleted(issued, ana):
    log = _log(issued.link, PrescriptionFactory(client=ana)).log
    for row in (log, issued.link):
        with pytest.raises(Exception, match="Cannot delete"), transaction.atomic():
            row.delete()
