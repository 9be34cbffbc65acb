"""The test library Retest ships: standard tests and outcome measures, and test sets.

Typed data, loaded by `assessments.services.test_library_load` (upsert by slug). Thresholds
come with their source, the population they were measured in and, for each, what was checked
where, so a clinician can check them too. Where the sources give a range, the conservative end
is used (the larger MDC or MCID) and the source says so: "10.5–15 points; 15 used, the
conservative end". `evidence_to_check` marks a figure not confirmed in its source. Where no
threshold is published the evidence note says so, and the comparison reports "no threshold
known"."""

from . import movement, pain, questionnaires, range_of_motion
from .common import MOVEMENT_NAMED_BY, REPEATS_NAMED_MOVEMENT
from .sets import TEST_SETS
from .types import TestData, TestSetData

TESTS: tuple[TestData, ...] = (
    *pain.TESTS,
    *questionnaires.TESTS,
    *range_of_motion.TESTS,
    *movement.TESTS,
)

__all__ = [
    "MOVEMENT_NAMED_BY",
    "REPEATS_NAMED_MOVEMENT",
    "TESTS",
    "TEST_SETS",
    "TestData",
    "TestSetData",
]
