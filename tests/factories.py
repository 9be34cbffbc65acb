import datetime
import time
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.comparison import Better
from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentTest,
    BodyRegion,
    Intervention,
    RecordingKind,
    TestDefinition,
    Unit,
)
from clinic.invitations import token_hash
from clinic.models import Client, Clinic, Invitation, Membership, Role
from exercises.models import (
    Aim,
    Exercise,
    ExerciseImage,
    PictureLicence,
    Prescription,
    Progression,
    Tier,
)

TEST_PASSWORD = "correct horse battery staple"


def second_factor_passed(http: HttpClient, user) -> TOTPDevice:
    """Give a signed-in test client's session a passed second factor, as the verify page would,
    with a confirmed authenticator of the user's own. Pages then cost no query for it."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(device: TOTPDevice, *, steps_ago: int = 0) -> str:
    """The code the user's authenticator app shows now (or `steps_ago` 30-second steps ago)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() - steps_ago * device.step
    return f"{totp.token():0{device.digits}d}"


def signed_in(user, http: HttpClient | None = None) -> HttpClient:
    """A test client signed in as `user`, past the password and the second factor."""
    http = http or HttpClient()
    http.force_login(user)
    second_factor_passed(http, user)
    return http


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    # Hashed before the INSERT, so a user costs one query, not an INSERT and an UPDATE.
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.CLINICIAN


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation whose link's token is the `token` parameter (see `invited`)."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"test-invitation-token-{n:04d}-abcdefghijklmnop")

    clinic = factory.SubFactory(ClinicFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.CLINICIAN
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=7))


INVITATION_TOKEN = "a-test-invitation-token-0123456789abcdef"


def invited(token: str = INVITATION_TOKEN, **kwargs) -> tuple[Invitation, str]:
    """A pending invitation and the token of its link."""
    return InvitationFactory(token=token, **kwargs), token


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Client {n}")


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aim
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"aim-{n}")
    name = factory.Sequence(lambda n: f"Aim {n}")


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A clinic's own exercise unless built with clinic=None and a slug."""

    class Meta:
        model = Exercise

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Exercise {n}")
    aim = factory.SubFactory(AimFactory)
    tier = Tier.ISOLATION
    setup = "Lying on the back, knees bent."
    cues = factory.LazyFunction(lambda: ["Ribs down.", "Drive through the heels."])
    faults = factory.LazyFunction(lambda: ["The low back arches."])
    sets = 3
    reps = 10


class ExerciseImageFactory(factory.django.DjangoModelFactory):
    """A clinic's picture (a 40 × 30 JPEG) of one of its own exercises unless given another."""

    class Meta:
        model = ExerciseImage

    clinic = factory.SubFactory(ClinicFactory)
    exercise = factory.SubFactory(ExerciseFactory, clinic=factory.SelfAttribute("..clinic"))
    image = factory.django.ImageField(
        width=40, height=30, color="teal", format="JPEG", filename="picture.jpg"
    )
    width = 40
    height = 30
    alt_text = "Lying on the side, knees bent, lifting the top knee."
    licence = PictureLicence.OWN_WORK
    author = "Northside Physio"
    uploaded_at = factory.LazyFunction(timezone.now)


class ProgressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progression

    easier = factory.SubFactory(ExerciseFactory)
    harder = factory.SubFactory(ExerciseFactory)
    criterion = "3 × 10 with good form."


class TestDefinitionFactory(factory.django.DjangoModelFactory):
    """A number test by default: hip extension in degrees, 0–50, higher is better."""

    __test__ = False

    class Meta:
        model = TestDefinition

    clinic = None
    slug = factory.Sequence(lambda n: f"test-{n}")
    name = factory.Sequence(lambda n: f"Test {n}")
    body_region = BodyRegion.HIP
    kind = RecordingKind.NUMBER
    unit = Unit.DEGREES
    value_min = Decimal(0)
    value_max = Decimal(50)
    # A percent change means nothing on a range below zero: the model refuses one.
    percent_meaningful = factory.LazyAttribute(lambda t: t.value_min is None or t.value_min >= 0)
    better = Better.HIGHER

    class Params:
        pain = factory.Trait(
            kind=RecordingKind.PAIN, unit="", value_min=None, value_max=None, better=Better.LOWER
        )
        # Its pain is judged on a pain test of the same clinic with no threshold of its own.
        graded = factory.Trait(
            kind=RecordingKind.GRADE,
            unit="",
            value_min=None,
            value_max=None,
            grade_labels=["Poor", "Fair", "Good"],
            records_pain=True,
            pain_test=factory.SubFactory(
                "tests.factories.TestDefinitionFactory",
                pain=True,
                clinic=factory.SelfAttribute("..clinic"),
            ),
            compensations=["Lumbar extension", "Hamstring dominance"],
        )
        symptom = factory.Trait(
            kind=RecordingKind.SYMPTOM,
            unit="",
            value_min=None,
            value_max=None,
            better=Better.LOWER,
        )
        sign = factory.Trait(
            kind=RecordingKind.SIGN, unit="", value_min=None, value_max=None, better=Better.LOWER
        )


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A baseline round; pass `tests=[...]` to put tests in it, in that order."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    kind = AssessmentKind.BASELINE
    clinician = factory.SubFactory(UserFactory)

    @factory.post_generation
    def tests(obj, create, extracted, **kwargs):
        if create and extracted:
            AssessmentTest.objects.bulk_create(
                AssessmentTest(assessment=obj, test=test, position=index)
                for index, test in enumerate(extracted)
            )


class InterventionFactory(factory.django.DjangoModelFactory):
    """An exercise of the round's clinic done after the round, with no dose unless one is
    given; `InterventionFactory.manual(...)` for a manual treatment."""

    class Meta:
        model = Intervention

    after_round = factory.SubFactory(AssessmentFactory)
    clinician = factory.SelfAttribute("after_round.clinician")
    kind = "exercise"
    exercise = factory.SubFactory(
        ExerciseFactory, clinic=factory.SelfAttribute("..after_round.client.clinic")
    )

    @classmethod
    def manual(cls, **kwargs):
        """Manual treatment: technique, region and minutes, no exercise and no dose."""
        defaults = {
            "kind": "manual",
            "exercise": None,
            "technique": "Soft-tissue release",
            "region": "Left hip flexors",
            "duration_minutes": 5,
        }
        return cls(**{**defaults, **kwargs})


class PrescriptionFactory(factory.django.DjangoModelFactory):
    """An active prescription at the end of its client's programme, with the exercise's dose."""

    class Meta:
        model = Prescription

    client = factory.SubFactory(ClientFactory)
    exercise = factory.SubFactory(ExerciseFactory, clinic=factory.SelfAttribute("..client.clinic"))
    sets = factory.SelfAttribute("exercise.sets")
    reps = factory.SelfAttribute("exercise.reps")
    hold_seconds = factory.SelfAttribute("exercise.hold_seconds")
    hold_to_fatigue = factory.SelfAttribute("exercise.hold_to_fatigue")
    position = factory.LazyAttribute(
        lambda o: Prescription.objects.filter(client=o.client, status="active").count()
    )
    started_at = factory.LazyFunction(timezone.now)
