"""The exercises app's event models: every change to an exercise and to a home programme, kept
by database triggers (see clinic/history.py)."""

from clinic.history import event_model
from exercises.models import Exercise, Prescription, ProgrammeLink

ExerciseEvent = event_model(Exercise, "ExerciseEvent")
PrescriptionEvent = event_model(Prescription, "PrescriptionEvent")
ProgrammeLinkEvent = event_model(ProgrammeLink, "ProgrammeLinkEvent")
