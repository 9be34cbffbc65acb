"""Wording and figures shared by several shipped tests."""

from decimal import Decimal as D
from typing import Any

NO_THRESHOLD = "No threshold known: no MDC or MCID has been published for this test."
GOOD_FAIR_POOR = ("Poor", "Fair", "Good")

NPRS_THRESHOLDS: dict[str, Any] = {
    "mdc": D(2),
    "mdc_source": "Childs et al., Spine 2005: about 2 points.",
    "mcid": D(2),
    "mcid_source": (
        "Childs et al., Spine 2005; Abbott & Schmitt, JOSPT 2014: about 2 points or 30 %."
    ),
}
