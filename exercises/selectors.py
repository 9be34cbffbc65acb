import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from clinic.lib.name_search import close_to, with_name_match
from clinic.models import Client, Clinic
from exercises.models import (
    Aim,
    Exercise,
    ExerciseImage,
    Prescription,
    PrescriptionStatus,
    Progression,
    SessionLog,
)

# pg_trgm's word similarity of the query to the closest stretch of the name. At 0.45 one wrong
# letter in a short word still matches ("hydrent" → "Fire hydrant" scores 0.5) while unrelated
# names sharing a syllable stay out ("hinge" → "Hip thruster" scores 0.33).
SEARCH_THRESHOLD = 0.45
NO_EQUIPMENT = "none"


def exercise_visible(*, clinic: Clinic) -> QuerySet[Exercise]:
    """Every exercise a member of `clinic` may read: the shipped catalog and the clinic's own.

    Retired exercises are included, so a programme that uses one can still show it.
    """
    return Exercise.objects.filter(Q(clinic__isnull=True) | Q(clinic=clinic))


def exercise_list(
    *,
    clinic: Clinic,
    query: str = "",
    tier: int | None = None,
    aim: Aim | None = None,
    equipment: str = "",
    muscle: str = "",
) -> QuerySet[Exercise]:
    """The catalog as a member of `clinic` browses it, retired exercises left out.

    With a query the best matches come first, tolerant of typos, partial words and accents;
    without one the list runs from tier 1 to tier 3, by name. `equipment="none"` keeps the
    exercises that need nothing but the floor.
    """
    exercises = (
        exercise_visible(clinic=clinic).filter(retired_at__isnull=True).select_related("aim")
    )
    if tier is not None:
        exercises = exercises.filter(tier=tier)
    if aim is not None:
        exercises = exercises.filter(aim=aim)
    if equipment == NO_EQUIPMENT:
        exercises = exercises.filter(equipment=[])
    elif equipment:
        exercises = exercises.filter(equipment__contains=[equipment])
    if muscle:
        exercises = exercises.filter(muscles__contains=[muscle])
    if not query:
        # Lower-cased so the order is the same whatever the database's collation.
        return exercises.order_by("tier", Lower("name"), "pk")
    return (
        with_name_match(exercises, query=query)
        .filter(close_to(SEARCH_THRESHOLD) | Q(name__unaccent__icontains=query))
        .order_by("-word_match", "-whole_match", Lower("name"), "pk")
    )


def clinic_pictures(*, clinic_id: int, lookup: str = "images") -> Prefetch:
    """The clinic's own picture of each exercise, in one query for them all, read as
    `exercise.picture`; `lookup` reaches the pictures from the rows the prefetch is put on."""
    return Prefetch(
        lookup,
        queryset=ExerciseImage.objects.filter(clinic_id=clinic_id),
        to_attr="clinic_pictures",
    )


def exercise_get(*, clinic: Clinic, pk: int) -> Exercise:
    """One exercise a member of `clinic` may read, with its ladder both ways and the clinic's
    picture of it, one query each.

    Raises Exercise.DoesNotExist for another clinic's exercise as for a missing one.
    """
    ladder = Progression.objects.order_by("position", "pk")
    return (
        exercise_visible(clinic=clinic)
        .select_related("aim")
        .prefetch_related(
            clinic_pictures(clinic_id=clinic.pk),
            Prefetch(
                "regressions",
                queryset=ladder.filter(Q(easier__clinic__isnull=True) | Q(easier__clinic=clinic))
                .select_related("easier")
                .order_by("easier__tier", Lower("easier__name"), "pk"),
            ),
            Prefetch(
                "progressions",
                queryset=ladder.filter(
                    Q(harder__clinic__isnull=True) | Q(harder__clinic=clinic)
                ).select_related("harder"),
            ),
        )
        .get(pk=pk)
    )


def ladder_edges(*, clinic_id: int, harder: bool) -> QuerySet[Progression]:
    """Ladder edges, read towards harder (progressions) or easier steps (regressions), whose
    far end a member of the clinic may prescribe: shipped or the clinic's own, not retired."""
    step = "harder" if harder else "easier"
    visible = Q(**{f"{step}__clinic__isnull": True}) | Q(**{f"{step}__clinic_id": clinic_id})
    return (
        Progression.objects.filter(visible, **{f"{step}__retired_at__isnull": True})
        .select_related(step)
        .order_by("position", "pk")
    )


def programme_active(*, client: Client) -> QuerySet[Prescription]:
    """The client's home programme: the active prescriptions in order, with their exercises."""
    return (
        Prescription.objects.filter(client=client, status=PrescriptionStatus.ACTIVE)
        .select_related("exercise")
        .order_by("position", "pk")
    )


def programme_active_with_pictures(*, client: Client) -> QuerySet[Prescription]:
    """The active programme as the client's phone shows it: each exercise with the clinic's
    picture of it (`prescription.exercise.picture`), in one more query however long it is."""
    return programme_active(client=client).prefetch_related(
        clinic_pictures(clinic_id=client.clinic_id, lookup="exercise__images")
    )


def programme_with_steps(*, client: Client) -> QuerySet[Prescription]:
    """The active programme with each exercise's ladder steps both ways, in three queries:
    `exercise.next_steps` and `exercise.previous_steps` are lists of Progression."""
    return programme_active(client=client).prefetch_related(
        Prefetch(
            "exercise__progressions",
            queryset=ladder_edges(clinic_id=client.clinic_id, harder=True),
            to_attr="next_steps",
        ),
        Prefetch(
            "exercise__regressions",
            queryset=ladder_edges(clinic_id=client.clinic_id, harder=False),
            to_attr="previous_steps",
        ),
    )


def programme_history(*, client: Client) -> QuerySet[Prescription]:
    """What left the programme, latest first, each with what replaced it (if anything)."""
    return (
        Prescription.objects.filter(client=client)
        .exclude(status=PrescriptionStatus.ACTIVE)
        .select_related("exercise", "replaced_by__exercise")
        .order_by("-ended_at", "-pk")
    )


def programme_events(*, client: Client) -> QuerySet[Prescription]:
    """Every prescription of the client, in one query, for the timeline: each one's start
    (added, or progressed from its predecessor) and, for stopped ones, its end."""
    return (
        Prescription.objects.filter(client=client)
        .select_related("exercise", "progressed_from__exercise")
        .order_by("started_at", "pk")
    )


def session_logs_on(
    *, client: Client, day: datetime.date, prescriptions: Iterable[Prescription]
) -> QuerySet[SessionLog]:
    """What the client logged on one day of the given prescriptions, in the order logged."""
    return SessionLog.objects.filter(
        client=client, performed_on=day, prescription__in=list(prescriptions)
    ).order_by("logged_at", "pk")


def session_logs(*, client: Client) -> QuerySet[SessionLog]:
    """Every session the client logged, oldest first, with its exercise."""
    return (
        SessionLog.objects.filter(client=client)
        .select_related("prescription__exercise")
        .order_by("performed_on", "logged_at", "pk")
    )
