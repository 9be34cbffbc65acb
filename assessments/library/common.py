"""Wording and figures shared by several shipped tests."""

from decimal import Decimal as D
from typing import Any

from assessments.comparison import Band

NO_THRESHOLD = "No threshold known: no MDC or MCID has been published for this test."
GOOD_FAIR_POOR = ("Poor", "Fair", "Good")

# The NPRS's MCID depends on the starting pain, or is reached by a 30 % fall; 2.2 points
# outside the bands (a baseline of 0). Where a source gives a range, the larger figure is used.
NPRS_BANDS_STUDY = "1232 in-patients with specific back pain, doi:10.1055/a-1304-3677"
NPRS_THRESHOLDS: dict[str, Any] = {
    "mdc": D(2),
    "mdc_source": (
        "2 points, from an SEM of 1.02 (Childs et al., Spine 2005, low back pain); 1.77 points "
        f"({NPRS_BANDS_STUDY}): 1.77–2 points; 2 used, the conservative end."
    ),
    "mcid": D("2.2"),
    "mcid_percent": D(30),
    "mcid_bands": (Band(1, 4, 1), Band(5, 7, 2), Band(8, 10, 4)),
    "mcid_source": (
        "2.2 points at one week and 1.5 at four weeks (Childs et al., Spine 2005), 2 points by "
        "consensus (Ostelo et al., Spine 2008), all in low back pain: 1.5–2.2 points; 2.2 used, "
        "the conservative end. Or a 30 % improvement (Ostelo et al. 2008). By baseline "
        f"({NPRS_BANDS_STUDY}): 1 point for a baseline of 1–4, 2 for 5–7, and for 8–10 a "
        "range of 3–4 points; 4 used, the conservative end. Abbott & Schmitt, JOSPT 2014 "
        "(musculoskeletal outpatients): 1.5 to 3.5 points for a small to a large change."
    ),
    "threshold_population": "low back pain",
}

# Pain recorded beside a movement is the pain that movement brings on: judged as the NPRS
# with the provoking movement.
PAIN_WITH_MOVEMENT = "nprs-movement"

# The pain with the provoking movement names that movement in its note at baseline; it and the
# symptom response repeat it at every retest, and their rows show it there.
MOVEMENT_NAMED_BY = PAIN_WITH_MOVEMENT
REPEATS_NAMED_MOVEMENT = frozenset({PAIN_WITH_MOVEMENT, "symptom-response"})
