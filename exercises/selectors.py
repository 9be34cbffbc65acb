from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import F, Func, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower

from clinic.models import Clinic
from exercises.models import Aim, Exercise, Progression

# pg_trgm's word similarity of the query to the closest stretch of the name. At 0.45 one wrong
# letter in a short word still matches ("hydrent" → "Fire hydrant" scores 0.5) while unrelated
# names sharing a syllable stay out ("hinge" → "Hip thruster" scores 0.33).
SEARCH_THRESHOLD = 0.45
NO_EQUIPMENT = "none"


class Unaccent(Func):
    function = "unaccent"


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
    name = Unaccent(F("name"))
    needle = Unaccent(Value(query))
    return (
        exercises.annotate(
            word_match=TrigramWordSimilarity(needle, name),
            # Among names that contain the word, the shortest is the closest: "Glute bridge"
            # before "Single-leg glute bridge".
            whole_match=TrigramSimilarity(name, needle),
        )
        .filter(Q(word_match__gte=SEARCH_THRESHOLD) | Q(name__unaccent__icontains=query))
        .order_by("-word_match", "-whole_match", Lower("name"), "pk")
    )


def exercise_get(*, clinic: Clinic, pk: int) -> Exercise:
    """One exercise a member of `clinic` may read, with its ladder both ways in two queries.

    Raises Exercise.DoesNotExist for another clinic's exercise as for a missing one.
    """
    ladder = Progression.objects.order_by("position", "pk")
    return (
        exercise_visible(clinic=clinic)
        .select_related("aim")
        .prefetch_related(
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
