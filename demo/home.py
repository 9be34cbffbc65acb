"""The demo client's home programme since her first visit, and four weeks of her logs of it, so
the client page's "Between visits" and the report's line between rounds have something to show.

Her link was made at the first visit; its address was never kept, so a clinician trying the demo
prints the handout with a new link from the programme page to open her phone page.
"""

import datetime
import secrets
import uuid

from django.contrib.auth.models import User
from django.db import transaction

from clinic.models import Client
from exercises.models import Exercise, Prescription, ProgrammeLink, SessionLog, token_digest
from exercises.services import prescription_create

# What she does at home: once a day each.
PROGRAMME = ("glute-bridge", "bird-dog", "clam-shell")
# Her pain during the bridge, day by day, settling as the bridge comes right.
BRIDGE_PAIN = (4, 4, 3, 4, 3, 3, 2, 3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0)


def demo_home_seed(
    *, client: Client, clinician: User, first_visit: datetime.datetime
) -> list[Prescription]:
    """The programme from `first_visit`, her link, and a log for most days since; nothing when
    she already has a programme."""
    if Prescription.objects.filter(client=client).exists():
        return []
    with transaction.atomic():
        prescriptions = [
            prescription_create(
                client=client,
                exercise=Exercise.objects.get(clinic=None, slug=slug),
                prescribed_by=clinician,
                at=first_visit,
            )
            for slug in PROGRAMME
        ]
        link = ProgrammeLink.objects.create(
            clinic_id=client.clinic_id,
            client=client,
            token_digest=token_digest(secrets.token_urlsafe(32)),
            created_at=first_visit,
            created_by=clinician,
            expires_at=first_visit + datetime.timedelta(days=client.clinic.programme_link_days),
        )
        SessionLog.objects.bulk_create(_logs(client, link, prescriptions, first_visit))
    return prescriptions


def _logs(client, link, prescriptions, first_visit):
    first_day = first_visit.date()
    for day, pain in enumerate(BRIDGE_PAIN, start=1):
        performed_on = first_day + datetime.timedelta(days=day)
        logged_at = first_visit + datetime.timedelta(days=day, hours=9)
        for index, prescription in enumerate(prescriptions):
            # A day off now and then, more often for the exercises after the first.
            if (day + index) % (7 - index) == 0:
                continue
            yield SessionLog(
                clinic_id=client.clinic_id,
                client=client,
                prescription=prescription,
                link=link,
                entry_id=uuid.uuid4(),
                performed_on=performed_on,
                logged_at=logged_at,
                outcome="done" if day % 5 else "partly",
                sets_done=prescription.sets if day % 5 else 1,
                pain=pain if index == 0 else max(pain - 1, 0),
                effort=6 if day < 14 else 5,
                comment="Felt it in the glutes, not the back" if index == 0 and day == 10 else "",
            )
