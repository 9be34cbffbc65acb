"""The shipped test sets: named, ordered bundles that start a baseline in one click."""

from .types import TestSetData

TEST_SETS = (
    TestSetData(
        slug="glute-low-back-screen",
        name="Glute / low-back screen",
        description=(
            "Pain, hip extension, and how the glutes carry load in the bridge, isolation holds "
            "and single-leg patterns."
        ),
        tests=(
            "nprs-movement",
            "hip-extension-rom",
            "modified-thomas",
            "glute-bridge",
            "single-leg-bridge-reps",
            "prone-hip-extension-hold",
            "side-lying-abduction",
            "single-leg-squat",
            "single-leg-rdl",
            "trendelenburg",
        ),
    ),
    TestSetData(
        slug="lateral-hip-pain",
        name="Lateral hip pain",
        description="Load tolerance of the lateral hip and single-leg control.",
        tests=(
            "nprs-rest",
            "single-leg-stance-30s",
            "trendelenburg",
            "side-lying-abduction",
            "hip-abduction-rom",
            "lateral-step-down",
            "lefs",
        ),
    ),
    TestSetData(
        slug="hip-rom",
        name="Hip range of motion",
        description="Goniometer hip range in five directions, both sides.",
        tests=(
            "hip-flexion-rom",
            "hip-extension-rom",
            "hip-abduction-rom",
            "hip-internal-rotation-rom",
            "hip-external-rotation-rom",
        ),
    ),
    TestSetData(
        slug="low-back-outcomes",
        name="Low back pain outcomes",
        description="Questionnaires and pain for low back pain, at intake and discharge.",
        tests=(
            "nprs-rest",
            "nprs-movement",
            "odi",
            "psfs-activity-1",
            "psfs-activity-2",
            "psfs-activity-3",
            "psfs-mean",
            "side-bridge-hold",
        ),
    ),
)
