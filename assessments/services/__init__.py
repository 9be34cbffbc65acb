"""Every write of the assessments app, by sub-domain: rounds and findings, treatment and
reflection, and the test library."""

from .common import CLIENT_ARCHIVED, NO_TESTS, RETEST_OF_RETEST, TEST_NOT_AVAILABLE, TEST_TWICE
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
    DOUBLE_SUBMIT_WINDOW,
    FINDING_FIELDS,
    SUBMISSION_ELSEWHERE,
    assessment_create_baseline,
    assessment_create_retest,
    finding_save,
)
from .treatment import (
    EXERCISE_NOT_AVAILABLE,
    REFLECTION_FIELDS,
    intervention_log,
    intervention_remove,
    reflection_save,
)

__all__ = [
    "CLIENT_ARCHIVED",
    "DOUBLE_SUBMIT_WINDOW",
    "EXERCISE_NOT_AVAILABLE",
    "FINDING_FIELDS",
    "NO_TESTS",
    "REFLECTION_FIELDS",
    "RETEST_OF_RETEST",
    "SET_NAME_TAKEN",
    "SET_NEEDS_TESTS",
    "SUBMISSION_ELSEWHERE",
    "TEST_NAME_TAKEN",
    "TEST_NOT_AVAILABLE",
    "TEST_TWICE",
    "LibraryLoad",
    "assessment_create_baseline",
    "assessment_create_retest",
    "finding_save",
    "intervention_log",
    "intervention_remove",
    "reflection_save",
    "test_definition_create",
    "test_library_load",
    "test_set_create",
]
