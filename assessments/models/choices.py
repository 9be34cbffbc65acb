"""The fixed vocabularies of tests and findings: what is recorded, in which unit, which way
is better."""

from django.db import models

from assessments.comparison import Better

# The range of every pain score, on its own or beside another test.
PAIN_MIN, PAIN_MAX = 0, 10


class BodyRegion(models.TextChoices):
    GENERAL = "general", "General / whole person"
    LUMBAR = "lumbar", "Lumbar spine and pelvis"
    HIP = "hip", "Hip"
    LOWER_LIMB = "lower_limb", "Lower limb"


class RecordingKind(models.TextChoices):
    NUMBER = "number", "Number with a unit"
    PAIN = "pain", "Pain 0–10"
    GRADE = "grade", "Ordinal grade"
    SYMPTOM = "symptom", "Symptom response"
    SIGN = "sign", "Positive / negative sign"


class Unit(models.TextChoices):
    DEGREES = "degrees", "degrees"
    SECONDS = "seconds", "seconds"
    REPS = "reps", "reps"
    CM = "cm", "cm"
    KG = "kg", "kg"
    PERCENT = "percent", "%"
    SCORE = "score", "points"


# Short forms printed after a number; `clinic.lib.units.with_unit` decides the spacing
# ("12°", "30 s").
UNIT_SYMBOLS: dict[str, str] = {
    Unit.DEGREES: "°",
    Unit.SECONDS: "s",
    Unit.REPS: "reps",
    Unit.CM: "cm",
    Unit.KG: "kg",
    Unit.PERCENT: "%",
    Unit.SCORE: "points",
}


# The comparison core defines the direction; the model stores its value.
BETTER_CHOICES = [(b.value, b.label) for b in Better]


class BestGrade(models.TextChoices):
    """Which end of a test's grade labels is the best grade."""

    FIRST = "first", "The first grade is the best"
    LAST = "last", "The last grade is the best"


class Side(models.TextChoices):
    NONE = "none", "Not sided"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class SymptomResponse(models.TextChoices):
    # Listed from best to worst: the comparison reads them as an ordinal scale.
    GONE = "gone", "Gone"
    LESS = "less", "Less"
    SAME = "same", "Same"
    MORE = "more", "More"


class Sign(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
