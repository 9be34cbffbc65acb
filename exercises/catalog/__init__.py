"""The exercise catalog Retest ships: aims, exercises and the ladders between them.

Plain data, loaded into the database by `exercises.services.catalog_load`. Slugs are the stable
keys: rename an exercise here and the row is renamed; change a slug and a new row appears.

Tier 1 follows the principle of the glute programme it comes from: isolate before loading, and
hold in the position where the client is weakest until fatigue, rather than adding movement.
"""

from exercises.catalog.aims import AIMS
from exercises.catalog.glute_extension import GLUTE_EXTENSION
from exercises.catalog.glute_rotation import GLUTE_ROTATION
from exercises.catalog.hinge import HINGE
from exercises.catalog.ladders import PROGRESSIONS
from exercises.catalog.mobility import MOBILITY
from exercises.catalog.pelvic_control import PELVIC_CONTROL
from exercises.catalog.types import AimData, Catalog, Dose, ExerciseData, ProgressionData

EXERCISES = (*MOBILITY, *PELVIC_CONTROL, *GLUTE_ROTATION, *GLUTE_EXTENSION, *HINGE)
CATALOG = Catalog(aims=AIMS, exercises=EXERCISES, progressions=PROGRESSIONS)

__all__ = ["CATALOG", "AimData", "Catalog", "Dose", "ExerciseData", "ProgressionData"]
