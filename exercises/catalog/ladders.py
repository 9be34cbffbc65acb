"""The ladders: easier → harder, each with the criterion to move on; read backwards, regressions."""

from exercises.catalog.types import ProgressionData

# Ordered: where an exercise has several ways up, the first listed is the usual next step.
PROGRESSIONS = (
    # Rotation ladder: more load, more planes, more freedom at each step.
    ProgressionData(
        "clam-shell",
        "side-plank-clam",
        "3 × 10 each side with the pelvis still and no roll backward.",
    ),
    ProgressionData(
        "side-plank-clam",
        "fire-hydrant",
        "3 × 8 each side with the hips lifted and level throughout.",
    ),
    ProgressionData(
        "fire-hydrant",
        "standing-fire-hydrant",
        "3 × 10 each side with no pelvic tilt and no arching of the low back.",
    ),
    ProgressionData(
        "standing-fire-hydrant",
        "step-down",
        "3 × 8 each side with the standing knee over the foot and the pelvis level.",
    ),
    # Bridge to thruster.
    ProgressionData(
        "glute-bridge",
        "hip-thruster",
        "3 × 10 felt in the glutes, the hamstrings and low back staying quiet and pain-free.",
    ),
    ProgressionData(
        "hip-thruster",
        "single-leg-hip-thruster",
        "3 × 10 reaching full hip extension with the ribs down.",
    ),
    ProgressionData(
        "single-leg-hip-thruster",
        "loaded-hip-thrust",
        "3 × 8 each side with a level pelvis and the glutes, not the hamstrings, doing the work.",
    ),
    ProgressionData(
        "loaded-hip-thrust",
        "kettlebell-swing",
        "3 × 8 under load with a full lock-out and no arching: ready to make the drive fast.",
    ),
    # Bridge to the standing hinge.
    ProgressionData(
        "glute-bridge",
        "kneeling-hip-thruster",
        "3 × 10 with no low-back pain, when the client is not yet ready to hinge standing.",
    ),
    ProgressionData(
        "kneeling-hip-thruster",
        "standing-hip-hinge",
        "3 × 12 with a straight trunk and the finish coming from the glutes.",
    ),
    ProgressionData(
        "standing-hip-hinge",
        "cable-pull-through",
        "10 hinges in a row with all three points on the dowel.",
    ),
    ProgressionData(
        "cable-pull-through",
        "kettlebell-deadlift",
        "4 × 10 with no low-back movement and the neck in line.",
    ),
    ProgressionData(
        "kettlebell-deadlift",
        "kettlebell-swing",
        "3 × 8 at a moderate load with a flat back and the hips leading.",
    ),
    # Abduction ladder.
    ProgressionData(
        "side-lying-abduction",
        "wall-hip-push",
        "Holds the lifted leg for 30 s each side, three times, without hitching the pelvis.",
    ),
    ProgressionData(
        "wall-hip-push",
        "banded-lateral-walk",
        "Holds 3 × 30 s each side with the pelvis level and the trunk upright.",
    ),
    ProgressionData(
        "banded-lateral-walk",
        "lateral-bound-and-stick",
        "3 × 10 steps each way with no trunk sway and no knees caving.",
    ),
    # Single leg.
    ProgressionData(
        "single-leg-squat",
        "step-down",
        "3 × 8 each side with the knee over the second toe and the arch of the foot held.",
    ),
    ProgressionData(
        "step-down",
        "lateral-bound-and-stick",
        "3 × 10 each side from a 20 cm step with a level pelvis and a light heel touch.",
    ),
    ProgressionData(
        "single-leg-rdl",
        "loaded-single-leg-rdl",
        "3 × 8 each side with a level pelvis and quiet low-back muscles.",
    ),
    ProgressionData(
        "kneeling-hip-extension-3d",
        "split-squat",
        "Reaches every 3D direction without pain and without the low back arching.",
    ),
    ProgressionData(
        "split-squat",
        "split-squat-jump",
        "3 × 10 each side with the front knee tracking straight and the pelvis square.",
    ),
    # Prone extension.
    ProgressionData(
        "glute-set-neutral",
        "prone-leg-extension",
        "Holds the set 3 × 30 s without the pelvis rocking or the back arching.",
    ),
    ProgressionData(
        "prone-leg-extension",
        "prone-double-leg-extension",
        "Moves one leg at a time, 3 × 10 each side, with both hip bones staying on the mat.",
    ),
)
