"""The shapes of the catalog data: plain frozen dataclasses, no database."""

from dataclasses import dataclass

# The catalog's default dose is the app's one dose value; the catalog gives no load.
from exercises.dose import Dose


@dataclass(frozen=True)
class AimData:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class ExerciseData:
    slug: str
    name: str
    aim: str
    tier: int
    purpose: str
    muscles: tuple[str, ...]
    pattern: str
    equipment: tuple[str, ...]
    setup: str
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    dose: Dose


@dataclass(frozen=True)
class ProgressionData:
    easier: str
    harder: str
    criterion: str


@dataclass(frozen=True)
class Catalog:
    aims: tuple[AimData, ...]
    exercises: tuple[ExerciseData, ...]
    progressions: tuple[ProgressionData, ...]
