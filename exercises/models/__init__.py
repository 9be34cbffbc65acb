"""The exercises app's models: the catalog and a clinic's pictures of it, the home programme, and
the programme between visits (the client's link and logs)."""

from exercises.models.catalog import (
    NAME_TAKEN_CLINIC,
    NAME_TAKEN_GLOBAL,
    Aim,
    Equipment,
    Exercise,
    Muscle,
    Progression,
    Tier,
)
from exercises.models.home import (
    MAX_COMMENT_LENGTH,
    LinkMiss,
    LinkOpening,
    ProgrammeLink,
    SessionLog,
    SessionOutcome,
    token_digest,
)
from exercises.models.images import (
    ALT_TEXT_LENGTH,
    AUTHOR_LENGTH,
    ExerciseImage,
    PictureLicence,
)
from exercises.models.programme import (
    ENDED_WHEN_NOT_ACTIVE,
    ENDS_AFTER_START,
    FREQUENCY_RANGE,
    MAX_NOTE_LENGTH,
    MAX_TIMES_PER_DAY,
    MAX_TIMES_PER_WEEK,
    FrequencyUnit,
    Prescription,
    PrescriptionStatus,
)

__all__ = [
    "ALT_TEXT_LENGTH",
    "AUTHOR_LENGTH",
    "ENDED_WHEN_NOT_ACTIVE",
    "ENDS_AFTER_START",
    "FREQUENCY_RANGE",
    "MAX_COMMENT_LENGTH",
    "MAX_NOTE_LENGTH",
    "MAX_TIMES_PER_DAY",
    "MAX_TIMES_PER_WEEK",
    "NAME_TAKEN_CLINIC",
    "NAME_TAKEN_GLOBAL",
    "Aim",
    "Equipment",
    "Exercise",
    "ExerciseImage",
    "FrequencyUnit",
    "LinkMiss",
    "LinkOpening",
    "Muscle",
    "PictureLicence",
    "Prescription",
    "PrescriptionStatus",
    "ProgrammeLink",
    "Progression",
    "SessionLog",
    "SessionOutcome",
    "Tier",
    "token_digest",
]

# The event models live beside the models they track; importing them here is what registers
# them with Django (they subclass models defined above, so this import comes last).
from exercises import history  # noqa: F401
