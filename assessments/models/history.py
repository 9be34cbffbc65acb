"""The assessments app's event models: every change to a round, its tests and findings, the
treatment after it, the reflection on it, and the test library, kept by database triggers (see
clinic/history.py)."""

from clinic.history import event_model

from .definitions import TestDefinition
from .rounds import Assessment, AssessmentTest, Finding
from .test_sets import TestSet, TestSetItem
from .treatment import Intervention, Reflection


class AssessmentEvent(event_model(Assessment)):
    pass


class AssessmentTestEvent(event_model(AssessmentTest)):
    pass


class FindingEvent(event_model(Finding)):
    pass


class InterventionEvent(event_model(Intervention)):
    pass


class ReflectionEvent(event_model(Reflection)):
    pass


class TestDefinitionEvent(event_model(TestDefinition)):
    __test__ = False


class TestSetEvent(event_model(TestSet)):
    __test__ = False


class TestSetItemEvent(event_model(TestSetItem)):
    __test__ = False
