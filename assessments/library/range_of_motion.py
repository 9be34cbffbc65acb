"""Hip range of motion, measured with a goniometer, and the modified Thomas test."""

from decimal import Decimal as D

from .common import NO_THRESHOLD
from .types import TestData

ROM_MDC_SOURCE = (
    "Poulsen et al. 2012 (hip osteoarthritis, goniometer, same rater): SEM 3–5°, so MDC95 "
    "≈ 9–13° across hip movements; the upper figure is used."
)
ROM_NOTE = (
    "Error between raters is far larger than within one rater: keep the rater, the instrument "
    "and the position the same at retest. No MCID is published; compare with the other side "
    "and with the expected range."
)


def _rom(slug: str, name: str, low: int, high: int, position: str, order: int) -> TestData:
    return TestData(
        slug=slug,
        name=name,
        body_region="hip",
        kind="number",
        unit="degrees",
        value_min=D(low),
        value_max=D(high),
        # An angle measured either side of zero has no ratio: -10° → 5° is no percent change.
        percent_meaningful=low >= 0,
        sided=True,
        better="higher",
        mdc=D(13),
        mdc_source=ROM_MDC_SOURCE,
        evidence_note=ROM_NOTE,
        position=position,
        instrument="Universal goniometer",
        protocol=(
            "Stabilise the pelvis, move the hip passively to the end of range, and read the "
            "goniometer at the first firm end-feel or when the pelvis starts to move."
        ),
        sort_order=order,
    )


TESTS = (
    _rom("hip-flexion-rom", "Hip flexion ROM", 0, 150, "Supine, knee bent", 100),
    _rom(
        "hip-extension-rom",
        "Hip extension ROM",
        -30,
        50,
        "Prone, knee straight, pelvis held down",
        110,
    ),
    _rom("hip-abduction-rom", "Hip abduction ROM", 0, 80, "Supine, pelvis level", 120),
    _rom(
        "hip-internal-rotation-rom",
        "Hip internal rotation ROM",
        0,
        70,
        "Sitting, hip and knee at 90°",
        130,
    ),
    _rom(
        "hip-external-rotation-rom",
        "Hip external rotation ROM",
        0,
        90,
        "Sitting, hip and knee at 90°",
        140,
    ),
    TestData(
        slug="modified-thomas",
        name="Modified Thomas test (thigh angle)",
        body_region="hip",
        kind="number",
        unit="degrees",
        value_min=D(-45),
        value_max=D(45),
        percent_meaningful=False,
        sided=True,
        better="higher",
        compensations=(
            "Thigh rests above horizontal",
            "Knee extends",
            "Thigh abducts",
            "Low back lifts off the plinth",
        ),
        evidence_note=(
            NO_THRESHOLD + " Pass/fail agreement is only fair (κ ≈ 0.4–0.5) and poor unless the "
            "pelvic tilt is controlled (Peeler & Anderson 2007–2008; figures recalled)."
        ),
        evidence_to_check=True,
        position="Supine at the end of the plinth, the other knee held to the chest",
        instrument="Goniometer or inclinometer",
        protocol=(
            "Angle of the thigh to the horizontal: positive below the plinth line (hip "
            "extension), negative above it. Tick what the leg does as it hangs."
        ),
        sort_order=150,
    ),
)
