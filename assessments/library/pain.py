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
            "The MCID depends on the starting pain. Checked: the SEM of 1.02, the MDC of 2 and "
            "the MCID of 2.2 and 1.5 points in the abstract of Childs et al. 2005 (Spine "
            "30:1331–1334); 2 points or a 30 % improvement in Ostelo et al. 2008 (Spine "
            "33:90–94); the MDC of 1.77 and the MCID of 1 point for a baseline of 1 to 4, 2 for "
            "5 to 7 and 3 to 4 for 8 to 10 in the abstract of doi:10.1055/a-1304-3677 (1232 "
            "in-patients with specific back pain). Suzuki et al. 2020 (PLoS One 15:e0229228), "
            "to which the bands were once credited, reports 1.3 to 1.8 points by baseline in "
            "chronic low back pain, rounded up to 2."
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
            "The MCID depends on the starting pain; see the pain at rest for what was checked. "
            "Repeat the same movement at retest, or the change means little."
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
