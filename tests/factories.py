import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from clinic.models import Client, Clinic, Membership, Role
from exercises.models import Aim, Exercise, Prescription, Progression, Tier

TEST_PASSWORD = "correct horse battery staple"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.CLINICIAN


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


class ProgressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progression

    easier = factory.SubFactory(ExerciseFactory)
    harder = factory.SubFactory(ExerciseFactory)
    criterion = "3 × 10 with good form."


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
