"""The test library Retest ships: standard tests and outcome measures, and test sets.

Typed data, loaded by `assessments.services.test_library_load` (upsert by slug). Thresholds
come with their source so a clinician can check them; `evidence_to_check` marks entries with
figures that were recalled rather than read in the source and should be verified before a
clinic relies on them. Where no threshold is published the evidence note says so, and the
comparison reports "no threshold known".
"""

from . import movement, pain, questionnaires, range_of_motion
from .sets import TEST_SETS
from .types import TestData, TestSetData

TESTS: tuple[TestData, ...] = (
    *pain.TESTS,
    *questionnaires.TESTS,
    *range_of_motion.TESTS,
    *movement.TESTS,
)

__all__ = ["TESTS", "TEST_SETS", "TestData", "TestSetData"]
