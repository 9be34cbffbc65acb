"""A clinic's picture of an exercise: put (a first one, or one replacing the last) and removed.

The file goes to storage first and the row is written after; a write that fails takes its new
file away again, and the file a replaced or removed picture had is deleted once the change is
committed, so storage holds the files of stored pictures only.
"""

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.lib.pictures import CleanPicture
from clinic.models import Clinic
from exercises.models import Exercise, ExerciseImage


def _delete_later(storage: Storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def exercise_picture_put(
    *,
    clinic: Clinic,
    exercise: Exercise,
    picture: CleanPicture,
    alt_text: str,
    licence: str,
    author: str,
    by: User,
) -> ExerciseImage:
    """The clinic's picture of the exercise, new or replacing the one it had."""
    field = ExerciseImage._meta.get_field("image")
    storage = field.storage
    name = storage.save(
        field.generate_filename(None, f"picture.{picture.extension}"),
        ContentFile(picture.content),
    )
    fields = {
        "image": name,
        "width": picture.width,
        "height": picture.height,
        "alt_text": alt_text,
        "licence": licence,
        "author": author,
        "uploaded_at": timezone.now(),
        "uploaded_by": by,
    }
    try:
        with transaction.atomic():
            row = _replace(clinic=clinic, exercise=exercise, fields=fields, storage=storage)
    except BaseException:
        storage.delete(name)
        raise
    return row


def _replace(
    *, clinic: Clinic, exercise: Exercise, fields: dict, storage: Storage
) -> ExerciseImage:
    mine = ExerciseImage.objects.select_for_update().filter(clinic=clinic, exercise=exercise)
    row = mine.first()
    if row is None:
        row = ExerciseImage(clinic=clinic, exercise=exercise, **fields)
        row.full_clean()
        try:
            # Two first uploads at once: the second finds the first's row and replaces it.
            with transaction.atomic():
                row.save()
            return row
        except IntegrityError:
            row = mine.get()
    old = row.image.name
    for key, value in fields.items():
        setattr(row, key, value)
    row.full_clean()
    row.save()
    _delete_later(storage, old)
    return row


def exercise_picture_remove(*, clinic: Clinic, exercise: Exercise) -> bool:
    """Removes the clinic's picture of the exercise; False when it had none."""
    with transaction.atomic():
        row = (
            ExerciseImage.objects.select_for_update()
            .filter(clinic=clinic, exercise=exercise)
            .first()
        )
        if row is None:
            return False
        name = row.image.name
        storage = row.image.storage
        row.delete()
        _delete_later(storage, name)
    return True
