"""The shapes of the catalog data: plain frozen dataclasses, no database."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AimData:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Dose:
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    hold_to_fatigue: bool = False
    per_side: bool = False


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
