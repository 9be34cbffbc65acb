"""The assessments app's forms, by sub-domain: rounds and findings, the test library, and
treatment and reflection."""

from .library import BAND_EXPECTED, McidBandsField, TestDefinitionForm, TestSetForm
from .rounds import (
    NOT_IN_FUTURE,
    NOTE_MAX,
    TOO_LONG_AGO,
    WHOLE_PAIN_EXPECTED,
    BaselineForm,
    FindingForm,
    RetestForm,
    RoundForm,
    VoidForm,
)
from .treatment import ExerciseChoiceField, InterventionForm, ReflectionForm

__all__ = [
    "BAND_EXPECTED",
    "NOTE_MAX",
    "NOT_IN_FUTURE",
    "TOO_LONG_AGO",
    "WHOLE_PAIN_EXPECTED",
    "BaselineForm",
    "ExerciseChoiceField",
    "FindingForm",
    "InterventionForm",
    "McidBandsField",
    "ReflectionForm",
    "RetestForm",
    "RoundForm",
    "TestDefinitionForm",
    "TestSetForm",
    "VoidForm",
]
