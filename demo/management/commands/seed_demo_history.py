from django.core.management.base import BaseCommand

from clinic.lib.db_roles import as_owner
from demo.history import DEMO_CLIENT, demo_history_seed
from demo.home import demo_home_seed


class Command(BaseCommand):
    help = (
        "Give the demo clinic's first client a baseline, an in-visit treatment and two "
        "retests, and a home programme with four weeks of her logs, if she has no assessments "
        "yet. Touches nothing outside the demo clinic."
    )

    def handle(self, *args, **options) -> None:
        with as_owner():
            baseline = demo_history_seed()
            if baseline is not None:
                demo_home_seed(
                    client=baseline.client,
                    clinician=baseline.clinician,
                    first_visit=baseline.performed_at,
                )
        if baseline is None:
            self.stdout.write(f"Kept the demo history as it is ({DEMO_CLIENT}).")
        else:
            self.stdout.write(
                f"Recorded {DEMO_CLIENT}'s baseline, treatment, two retests and home logs; "
                f"report at /assessments/{baseline.pk}/report/"
            )
