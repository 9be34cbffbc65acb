"""A clinic's picture of an exercise: one per clinic and exercise, for the clinic's own exercises
and for shipped ones alike, seen by that clinic only. The shipped catalog carries none.

The file is kept through Django's storage API (a folder by default, any storage backend in
production) under a random name, never the uploader's; it holds only the pixels
(clinic/lib/pictures.py). Each picture says what it shows, for screen readers, and under which
licence and by whom it was made.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.models import Clinic
from exercises.models.catalog import Exercise

ALT_TEXT_LENGTH = 250
AUTHOR_LENGTH = 200


class PictureLicence(models.TextChoices):
    OWN_WORK = "own-work", "Own work of the clinic"
    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0 (public domain)"


def picture_path(instance: "ExerciseImage", filename: str) -> str:
    """A random name: the uploader's file name says nothing about the picture, and may say
    something about the uploader."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"exercise-pictures/{uuid.uuid4().hex}.{extension}"


class ExerciseImage(models.Model):
    """The clinic's picture of an exercise."""

    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="images")
    image = models.ImageField(upload_to=picture_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(
        "what the picture shows",
        max_length=ALT_TEXT_LENGTH,
        help_text="Read aloud by screen readers instead of the picture.",
    )
    licence = models.CharField(max_length=20, choices=PictureLicence.choices)
    author = models.CharField(max_length=AUTHOR_LENGTH, help_text="Who took or drew the picture.")
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["exercise", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "exercise"], name="exercise_image_one_per_clinic"
            ),
            models.CheckConstraint(
                condition=Q(licence__in=PictureLicence.values), name="exercise_image_licence_known"
            ),
            models.CheckConstraint(
                condition=~Q(alt_text="") & ~Q(author=""),
                name="exercise_image_says_what_and_whose",
            ),
            models.CheckConstraint(
                condition=Q(width__gte=1, height__gte=1), name="exercise_image_has_pixels"
            ),
        ]

    def __str__(self) -> str:
        return f"Picture of {self.exercise_id}"

    @property
    def credit(self) -> str:
        return f"{self.author}, {self.get_licence_display()}"
