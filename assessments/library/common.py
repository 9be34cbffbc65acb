"""Wording and figures shared by several shipped tests."""

from decimal import Decimal as D
from typing import Any

from assessments.comparison import Band

NO_THRESHOLD = "No threshold known: no MDC or MCID has been published for this test."
GOOD_FAIR_POOR = ("Poor", "Fair", "Good")

# The NPRS's MCID depends on the starting pain, or is reached by a 30 % fall; 2 points
# outside the bands (a baseline of 0).
NPRS_THRESHOLDS: dict[str, Any] = {
    "mdc": D(2),
    "mdc_source": "Childs et al., Spine 2005: about 2 points.",
    "mcid": D(2),
    "mcid_percent": D(30),
    "mcid_bands": (Band(1, 4, 1), Band(5, 7, 2), Band(8, 10, 3.5)),
    "mcid_source": (
        "Childs et al., Spine 2005; Abbott & Schmitt, JOSPT 2014: about 2 points or 30 %. By "
        "baseline: 1 point for 1–4, 2 for 5–7, 3–4 for 8–10 (Suzuki et al., PLoS One 2020; "
        "3.5 used)."
    ),
}

# Pain recorded beside a movement is the pain that movement brings on: judged as the NPRS
# with the provoking movement.
PAIN_WITH_MOVEMENT = "nprs-movement"
