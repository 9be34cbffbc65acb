"""The exercises app's event models: every change to an exercise, a clinic's picture of one and
a home programme, kept by database triggers (see clinic/history.py)."""

from clinic.history import event_model
from exercises.models import Exercise, ExerciseImage, Prescription, ProgrammeLink

ExerciseEvent = event_model(Exercise, "ExerciseEvent")
ExerciseImageEvent = event_model(ExerciseImage, "ExerciseImageEvent")
PrescriptionEvent = event_model(Prescription, "PrescriptionEvent")
ProgrammeLinkEvent = event_model(ProgrammeLink, "ProgrammeLinkEvent")
