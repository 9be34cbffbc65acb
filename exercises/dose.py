"""A dose, defined once: its columns, their limits and messages, and the words it reads as.

The catalog's default dose (`Exercise`), a home programme's dose (`Prescription`) and the
treatment given in a visit (`assessments.Intervention`) all take their dose from here, so the
three accept the same numbers, refuse the same slips with the same words, and print alike.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from clinic.lib.units import plain_number, unit_gap

# The limits catch a slip of the keyboard (30 sets, 1000 reps, an hour-long hold) and leave the
# clinical choice alone: 20 sets covers cluster sets and repeated isometrics, 500 reps the
# high-repetition work of a visit (a cable pull-through is about 40 reps) and endurance drills,
# ten minutes a long hold or stretch. They are as wide as the widest of the three used to be,
# so no dose already stored falls outside them.
MAX_SETS = 20
MAX_REPS = 500
MAX_HOLD_SECONDS = 600
MAX_LOAD_LENGTH = 80

SETS_RANGE = f"Sets go from 1 to {MAX_SETS}."
REPS_RANGE = f"Reps go from 1 to {MAX_REPS}."
HOLD_RANGE = f"A hold lasts from 1 to {MAX_HOLD_SECONDS} seconds."
HOLD_EITHER = "Give a hold in seconds or tick 'hold to fatigue', not both."
DOSE_MISSING = "Give the dose: reps, a hold in seconds, or 'hold to fatigue'."

# Each number of a dose: its column, top, message, and the name a message calls it by.
DOSE_NUMBERS = (
    ("sets", MAX_SETS, SETS_RANGE, "Sets"),
    ("reps", MAX_REPS, REPS_RANGE, "Reps"),
    ("hold_seconds", MAX_HOLD_SECONDS, HOLD_RANGE, "The hold"),
)


def _dose_number(message: str, top: int, verbose_name: str | None = None) -> models.Field:
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message), MaxValueValidator(top, message)],
    )


def load_field() -> models.CharField:
    """The load or band given with a dose ("red band", "8 kg"): free text, never a number to
    compare, because kit differs from clinic to clinic."""
    return models.CharField("load or band", max_length=MAX_LOAD_LENGTH, blank=True)


@dataclass(frozen=True)
class Dose:
    """How much of one exercise: the catalog's default, a programme's or a visit's.

    `per_side` belongs to the exercise (the numbers are done on each side) and `load` to the
    client's dose, so each model fills in the ones it has.
    """

    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    hold_to_fatigue: bool = False
    per_side: bool = False
    load: str = ""


class DoseFields(models.Model):
    """The numbers of a dose as columns. A model with them also lists `dose_constraints`
    in its Meta, under its own prefix, so each table names its own constraints."""

    sets = _dose_number(SETS_RANGE, MAX_SETS)
    reps = _dose_number(REPS_RANGE, MAX_REPS)
    hold_seconds = _dose_number(HOLD_RANGE, MAX_HOLD_SECONDS, "hold (seconds)")
    hold_to_fatigue = models.BooleanField(default=False)

    class Meta:
        abstract = True

    def _dose_with(self, *, per_side: bool = False, load: str = "") -> Dose:
        return Dose(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            hold_to_fatigue=self.hold_to_fatigue,
            per_side=per_side,
            load=load,
        )


def _in_range(field: str, top: int) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": top})


def dose_constraints(prefix: str, *, required: bool = True) -> list[models.CheckConstraint]:
    """The database's copy of the dose rules. `required` is False where a dose may be left
    out entirely, as for manual treatment in a visit."""
    constraints = [
        models.CheckConstraint(
            condition=_in_range("sets", MAX_SETS),
            name=f"{prefix}_sets_in_range",
            violation_error_message=SETS_RANGE,
        ),
        models.CheckConstraint(
            condition=_in_range("reps", MAX_REPS),
            name=f"{prefix}_reps_in_range",
            violation_error_message=REPS_RANGE,
        ),
        models.CheckConstraint(
            condition=_in_range("hold_seconds", MAX_HOLD_SECONDS),
            name=f"{prefix}_hold_in_range",
            violation_error_message=HOLD_RANGE,
        ),
        models.CheckConstraint(
            condition=Q(hold_seconds__isnull=True) | Q(hold_to_fatigue=False),
            name=f"{prefix}_hold_seconds_or_to_fatigue",
            violation_error_message=HOLD_EITHER,
        ),
    ]
    if required:
        constraints.append(
            models.CheckConstraint(
                condition=Q(reps__isnull=False)
                | Q(hold_seconds__isnull=False)
                | Q(hold_to_fatigue=True),
                name=f"{prefix}_has_a_dose",
                violation_error_message=DOSE_MISSING,
            )
        )
    return constraints


def _plain(template: str, *args: object) -> str:
    return template.format(*args)


def _number_html(value: int) -> str:
    return format_html('<span class="num">{}</span>', plain_number(value))


def _phrases(dose: Dose, *, number: Callable[[int], str], fmt: Callable[..., str]) -> list[str]:
    def amount(value: int, unit: str) -> str:
        return fmt("{}{}{}", number(value), unit_gap(unit), unit)

    phrases = []
    if dose.reps:
        phrases.append(amount(dose.reps, "rep" if dose.reps == 1 else "reps"))
    if dose.hold_seconds:
        phrases.append(fmt("hold {}", amount(dose.hold_seconds, "s")))
    elif dose.hold_to_fatigue:
        phrases.append("hold to fatigue")
    # Sets multiply what is done in each ("3 × 10 reps", "3 × hold to fatigue"); given alone,
    # as a visit may record them, they are "3 sets".
    if dose.sets and phrases:
        phrases[0] = fmt("{} × {}", number(dose.sets), phrases[0])
    elif dose.sets:
        phrases.append(amount(dose.sets, "set" if dose.sets == 1 else "sets"))
    if dose.per_side:
        phrases.append("each side")
    if dose.load:
        phrases.append(dose.load)
    return phrases


SEPARATOR = " · "


def dose_text(dose: Dose) -> str:
    """The dose in words: "3 × 10 reps · hold 5 s · each side · red band"; "" for none."""
    return SEPARATOR.join(_phrases(dose, number=plain_number, fmt=_plain))


def dose_html(dose: Dose) -> SafeString:
    """`dose_text` for a page: each number in a `num` span, the load escaped."""
    phrases = _phrases(dose, number=_number_html, fmt=format_html)
    return format_html_join(SEPARATOR, "{}", ((phrase,) for phrase in phrases))
