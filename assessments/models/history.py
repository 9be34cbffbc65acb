"""The assessments app's event models: every change to a round, its tests and findings, the
treatment after it, the reflection on it, and the test library, kept by database triggers (see
clinic/history.py)."""

from clinic.history import event_model

from .definitions import TestDefinition
from .rounds import Assessment, AssessmentTest, Finding
from .test_sets import TestSet, TestSetItem
from .treatment import Intervention, Reflection

AssessmentEvent = event_model(Assessment, "AssessmentEvent")
AssessmentTestEvent = event_model(AssessmentTest, "AssessmentTestEvent")
FindingEvent = event_model(Finding, "FindingEvent")
InterventionEvent = event_model(Intervention, "InterventionEvent")
ReflectionEvent = event_model(Reflection, "ReflectionEvent")
TestDefinitionEvent = event_model(TestDefinition, "TestDefinitionEvent")
TestSetEvent = event_model(TestSet, "TestSetEvent")
TestSetItemEvent = event_model(TestSetItem, "TestSetItemEvent")
