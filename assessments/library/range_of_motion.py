"""Hip range of motion, measured with a goniometer, and the modified Thomas test."""

from decimal import Decimal as D

from .common import NO_THRESHOLD
from .types import TestData

ROM_MDC_SOURCE = (
    "Pua et al., Arch Phys Med Rehabil 2008 (hip osteoarthritis, one rater, passive range, a "
    "week apart): SEM from 3.1° to 4.7° across hip movements, so MDC95 = 2.77 × SEM ≈ "
    "9–13°; 13 used, the conservative end."
)
ROM_NOTE = (
    "Checked: SEM 3.1° to 4.7° in the abstract of Pua et al. 2008 (Arch Phys Med Rehabil "
    "89:1146–1154). Error between raters is far larger than within one rater: between two "
    "raters the limits of agreement reached −28 to 12° for internal rotation (Poulsen et al., "
    "BMC Musculoskelet Disord 2012, hip osteoarthritis). Keep the rater, the instrument and "
    "the position the same at retest. No MCID is published; compare with the other side and "
    "with the expected range."
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
        threshold_population="hip osteoarthritis",
        mdc_same_rater=True,
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
            NO_THRESHOLD + " Checked: pass/fail agreement is poor (κ 0.40 within and 0.33 "
            "between raters; goniometer ICC 0.67 and 0.50, SEM 7°: Peeler & Anderson, J Athl "
            "Train 2008, healthy adults; κ 0.47 and 0.39 for the Thomas test, Peeler & "
            "Anderson, Phys Ther Sport 2007), and the thigh angle is not a valid measure of hip "
            "extension unless the pelvic tilt is controlled (Vigotsky et al., PeerJ 2016)."
        ),
        position="Supine at the end of the plinth, the other knee held to the chest",
        instrument="Goniometer or inclinometer",
        protocol=(
            "Angle of the thigh to the horizontal: positive below the plinth line (hip "
            "extension), negative above it. Tick what the leg does as it hangs."
        ),
        sort_order=150,
    ),
)
