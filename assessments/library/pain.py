"""Pain and the symptom response: the measures every round can carry."""

from .common import NO_THRESHOLD, NPRS_THRESHOLDS
from .types import TestData

TESTS = (
    TestData(
        slug="nprs-rest",
        name="Pain at rest (NPRS)",
        body_region="general",
        kind="pain",
        better="lower",
        **NPRS_THRESHOLDS,
        evidence_note=(
            "The MCID depends on the starting pain: about 1 point for a baseline of 1–4, 2 for "
            "5–7 and 3–4 for 8–10 (Suzuki et al., PLoS One 2020). In low back pain, 2.2 points "
            "at one week and 1.5 at four weeks."
        ),
        position="Any comfortable position",
        protocol=(
            "Ask for current pain from 0 (no pain) to 10 (worst pain imaginable), in whole numbers."
        ),
        sort_order=10,
    ),
    TestData(
        slug="nprs-movement",
        name="Pain with the provoking movement (NPRS)",
        body_region="general",
        kind="pain",
        better="lower",
        **NPRS_THRESHOLDS,
        evidence_note=(
            "The MCID depends on the starting pain (Suzuki et al., PLoS One 2020). Repeat the "
            "same movement at retest, or the change means little."
        ),
        protocol=(
            "Choose the movement that reproduces the client's symptoms, name it in the note, "
            "and ask for pain 0–10 at its worst during the movement."
        ),
        sort_order=20,
    ),
    TestData(
        slug="symptom-response",
        name="Symptom response to the provoking movement",
        body_region="general",
        kind="symptom",
        better="lower",
        evidence_note=NO_THRESHOLD + " A change of category (same → less → gone) is read as is.",
        protocol=(
            "At a retest, repeat the provoking movement named at baseline and record whether "
            "the symptoms are gone, less, the same or more than before."
        ),
        sort_order=30,
    ),
)
