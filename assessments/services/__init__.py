"""Every write of the assessments app, by sub-domain: rounds, findings, treatment and
reflection, and the test library."""

from .common import (
    CLIENT_ARCHIVED,
    NO_TESTS,
    RETEST_OF_RETEST,
    ROUND_VOIDED,
    TEST_NOT_AVAILABLE,
    TEST_TWICE,
)
from .findings import FINDING_FIELDS, finding_save
from .library import (
    SET_NAME_TAKEN,
    SET_NEEDS_TESTS,
    TEST_NAME_TAKEN,
    LibraryLoad,
    test_definition_create,
    test_library_load,
    test_set_create,
)
from .rounds import (
    ALREADY_VOIDED,
    BASELINE_HAS_RETESTS,
    DOUBLE_SUBMIT_WINDOW,
    RETEST_BEFORE_ITS_BASELINE,
    ROUND_DETAILS,
    SUBMISSION_ELSEWHERE,
    VOID_NEEDS_REASON,
    assessment_create_baseline,
    assessment_create_retest,
    assessment_update,
    assessment_void,
    round_details,
)
from .treatment import (
    EXERCISE_NOT_AVAILABLE,
    REFLECTION_FIELDS,
    intervention_log,
    intervention_remove,
    reflection_save,
)

__all__ = [
    "ALREADY_VOIDED",
    "BASELINE_HAS_RETESTS",
    "CLIENT_ARCHIVED",
    "DOUBLE_SUBMIT_WINDOW",
    "EXERCISE_NOT_AVAILABLE",
    "FINDING_FIELDS",
    "NO_TESTS",
    "REFLECTION_FIELDS",
    "RETEST_BEFORE_ITS_BASELINE",
    "RETEST_OF_RETEST",
    "ROUND_DETAILS",
    "ROUND_VOIDED",
    "SET_NAME_TAKEN",
    "SET_NEEDS_TESTS",
    "SUBMISSION_ELSEWHERE",
    "TEST_NAME_TAKEN",
    "TEST_NOT_AVAILABLE",
    "TEST_TWICE",
    "VOID_NEEDS_REASON",
    "LibraryLoad",
    "assessment_create_baseline",
    "assessment_create_retest",
    "assessment_update",
    "assessment_void",
    "finding_save",
    "intervention_log",
    "intervention_remove",
    "reflection_save",
    "round_details",
    "test_definition_create",
    "test_library_load",
    "test_set_create",
]
