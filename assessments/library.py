"""The test library Retest ships: standard tests and outcome measures, and test sets.

Plain data, loaded by `assessments.services.test_library_load` (upsert by slug). Thresholds
come with their source so a clinician can check them; `evidence_to_check` marks entries with
figures that were recalled rather than read in the source and should be verified before a
clinic relies on them. Where no threshold is published the evidence note says so, and the
comparison reports "no threshold known".
"""

from decimal import Decimal as D

NO_THRESHOLD = "No threshold known: no MDC or MCID has been published for this test."
GOOD_FAIR_POOR = ["Poor", "Fair", "Good"]
ROM_MDC_SOURCE = (
    "Poulsen et al. 2012 (hip osteoarthritis, goniometer, same rater): SEM 3–5°, so MDC95 "
    "≈ 9–13° across hip movements; the upper figure is used."
)
ROM_NOTE = (
    "Error between raters is far larger than within one rater: keep the rater, the instrument "
    "and the position the same at retest. No MCID is published; compare with the other side "
    "and with the expected range."
)
HOLD_NOTE = (
    "No threshold known for this hold. For comparison, the side bridge's trial-to-trial error "
    "is about 11 s (MDC95 ≈ 30 s), so hold times vary a lot between attempts."
)


NPRS_THRESHOLDS = {
    "mdc": D(2),
    "mdc_source": "Childs et al., Spine 2005: about 2 points.",
    "mcid": D(2),
    "mcid_source": (
        "Childs et al., Spine 2005; Abbott & Schmitt, JOSPT 2014: about 2 points or 30 %."
    ),
}


# Holds to fatigue, per side, in seconds; ten minutes is beyond any plausible hold.
SIDED_HOLD = {
    "kind": "number",
    "unit": "seconds",
    "value_min": D(0),
    "value_max": D(600),
    "sided": True,
    "better": "higher",
}


# A movement pattern graded good / fair / poor per side, with the pain it brings on.
SIDED_QUALITY = {
    "kind": "grade",
    "grade_labels": GOOD_FAIR_POOR,
    "sided": True,
    "better": "higher",
    "records_pain": True,
}


def _rom(slug: str, name: str, low: int, high: int, position: str, order: int) -> dict:
    return {
        "slug": slug,
        "name": name,
        "body_region": "hip",
        "kind": "number",
        "unit": "degrees",
        "value_min": D(low),
        "value_max": D(high),
        "sided": True,
        "better": "higher",
        "mdc": D(13),
        "mdc_source": ROM_MDC_SOURCE,
        "evidence_note": ROM_NOTE,
        "position": position,
        "instrument": "Universal goniometer",
        "protocol": (
            "Stabilise the pelvis, move the hip passively to the end of range, and read the "
            "goniometer at the first firm end-feel or when the pelvis starts to move."
        ),
        "sort_order": order,
    }


TESTS: list[dict] = [
    {
        "slug": "nprs-rest",
        "name": "Pain at rest (NPRS)",
        "body_region": "general",
        "kind": "pain",
        "better": "lower",
        **NPRS_THRESHOLDS,
        "evidence_note": (
            "The MCID depends on the starting pain: about 1 point for a baseline of 1–4, 2 for "
            "5–7 and 3–4 for 8–10 (Suzuki et al., PLoS One 2020). In low back pain, 2.2 points "
            "at one week and 1.5 at four weeks."
        ),
        "position": "Any comfortable position",
        "protocol": (
            "Ask for current pain from 0 (no pain) to 10 (worst pain imaginable), in whole numbers."
        ),
        "sort_order": 10,
    },
    {
        "slug": "nprs-movement",
        "name": "Pain with the provoking movement (NPRS)",
        "body_region": "general",
        "kind": "pain",
        "better": "lower",
        **NPRS_THRESHOLDS,
        "evidence_note": (
            "The MCID depends on the starting pain (Suzuki et al., PLoS One 2020). Repeat the "
            "same movement at retest, or the change means little."
        ),
        "protocol": (
            "Choose the movement that reproduces the client's symptoms, name it in the note, "
            "and ask for pain 0–10 at its worst during the movement."
        ),
        "sort_order": 20,
    },
    {
        "slug": "symptom-response",
        "name": "Symptom response to the provoking movement",
        "body_region": "general",
        "kind": "symptom",
        "better": "lower",
        "evidence_note": NO_THRESHOLD + " A change of category (same → less → gone) is read as is.",
        "protocol": (
            "At a retest, repeat the provoking movement named at baseline and record whether "
            "the symptoms are gone, less, the same or more than before."
        ),
        "sort_order": 30,
    },
    {
        "slug": "odi",
        "name": "Oswestry Disability Index",
        "body_region": "lumbar",
        "kind": "number",
        "unit": "percent",
        "value_min": D(0),
        "value_max": D(100),
        "better": "lower",
        "mdc": D(10),
        "mdc_source": (
            "MDC90 ≈ 10–11 points (Ostelo et al., Spine 2008; Fritz & Irrgang, Phys Ther 2001; "
            "Mannion et al., Eur Spine J 2006)."
        ),
        "mcid": D(10),
        "mcid_source": (
            "10 points or 30 % (Ostelo et al., Spine 2008); 6 points for the modified ODI "
            "(Fritz & Irrgang, Phys Ther 2001)."
        ),
        "evidence_note": "Some figures were recalled: check Ostelo 2008 and Fritz & Irrgang 2001.",
        "evidence_to_check": True,
        "instrument": "ODI questionnaire (10 sections)",
        "protocol": "Total score as a percentage of the maximum for the sections answered.",
        "sort_order": 40,
    },
    {
        "slug": "lefs",
        "name": "Lower Extremity Functional Scale",
        "body_region": "lower_limb",
        "kind": "number",
        "unit": "score",
        "value_min": D(0),
        "value_max": D(80),
        "better": "higher",
        "mdc": D(9),
        "mdc_source": "9 points at 90 % confidence (Binkley et al., Phys Ther 1999).",
        "mcid": D(9),
        "mcid_source": "9 points (Binkley et al., Phys Ther 1999; Wang et al., Phys Ther 2011).",
        "instrument": "LEFS questionnaire (20 items, 0–4 each)",
        "protocol": "Sum of the 20 items.",
        "sort_order": 50,
    },
    {
        "slug": "psfs-mean",
        "name": "Patient-Specific Functional Scale (mean)",
        "body_region": "general",
        "kind": "number",
        "unit": "score",
        "value_min": D(0),
        "value_max": D(10),
        "decimals": 1,
        "better": "higher",
        "mdc": D(2),
        "mdc_source": "Mean score: 2 points (Stratford et al., Physiother Can 1995).",
        "mcid": D(2),
        "mcid_source": (
            "Mean score: 2 points (Stratford et al., Physiother Can 1995); small, medium and "
            "large changes 1.3, 2.3 and 2.7 (Abbott & Schmitt, JOSPT 2014)."
        ),
        "evidence_note": "Some figures were recalled: check Stratford et al. 1995.",
        "evidence_to_check": True,
        "protocol": "Mean of the activity scores the client rated, 0 (unable) to 10 (as before).",
        "sort_order": 60,
    },
    *[
        {
            "slug": f"psfs-activity-{n}",
            "name": f"PSFS activity {n}",
            "body_region": "general",
            "kind": "number",
            "unit": "score",
            "value_min": D(0),
            "value_max": D(10),
            "better": "higher",
            "mdc": D(3),
            "mdc_source": "Single activity: 3 points (Stratford et al., Physiother Can 1995).",
            "mcid": D(3),
            "mcid_source": "Single activity: 3 points (Stratford et al., Physiother Can 1995).",
            "evidence_note": "Some figures were recalled: check Stratford et al. 1995.",
            "evidence_to_check": True,
            "protocol": (
                "Write the activity the client named in the note, and keep it the same at "
                "every retest. 0 = unable to do it, 10 = able to do it as before the problem."
            ),
            "sort_order": 60 + n,
        }
        for n in (1, 2, 3)
    ],
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
    {
        "slug": "modified-thomas",
        "name": "Modified Thomas test (thigh angle)",
        "body_region": "hip",
        "kind": "number",
        "unit": "degrees",
        "value_min": D(-45),
        "value_max": D(45),
        "sided": True,
        "better": "higher",
        "compensations": [
            "Thigh rests above horizontal",
            "Knee extends",
            "Thigh abducts",
            "Low back lifts off the plinth",
        ],
        "evidence_note": (
            NO_THRESHOLD + " Pass/fail agreement is only fair (κ ≈ 0.4–0.5) and poor unless the "
            "pelvic tilt is controlled (Peeler & Anderson 2007–2008; figures recalled)."
        ),
        "evidence_to_check": True,
        "position": "Supine at the end of the plinth, the other knee held to the chest",
        "instrument": "Goniometer or inclinometer",
        "protocol": (
            "Angle of the thigh to the horizontal: positive below the plinth line (hip "
            "extension), negative above it. Tick what the leg does as it hangs."
        ),
        "sort_order": 150,
    },
    {
        "slug": "glute-bridge",
        "name": "Glute bridge",
        "body_region": "lumbar",
        "kind": "grade",
        "grade_labels": [
            "Poor: extends through the low back",
            "Fair: partly through the hips",
            "Good: extends through the hips, spine neutral",
        ],
        "better": "higher",
        "records_pain": True,
        "compensations": [
            "Lumbar extension",
            "Hamstring dominance",
            "Low-back tension",
            "Pelvic rotation",
        ],
        "evidence_note": NO_THRESHOLD + " Compare the grade and each compensation.",
        "position": "Crook lying, feet hip-width apart",
        "protocol": (
            "Bridge slowly to full hip extension and hold for a breath. Watch where the "
            "extension comes from, and ask for pain 0–10 and where it is felt."
        ),
        "sort_order": 200,
    },
    {
        "slug": "single-leg-bridge-reps",
        "name": "Single-leg bridge (reps to failure)",
        "body_region": "hip",
        "kind": "number",
        "unit": "reps",
        "value_min": D(0),
        "value_max": D(150),
        "sided": True,
        "better": "higher",
        "records_pain": True,
        "compensations": ["Pelvic rotation", "Hamstring cramp", "Lumbar extension"],
        "evidence_note": (
            NO_THRESHOLD + " Norms: under 20 poor, about 25 average, over 30 good; healthy men "
            "27 ± 7 (Freckleton et al., Br J Sports Med 2014). Compare sides (LSI)."
        ),
        "position": "Supine, heel on a 60 cm box, other leg held vertical",
        "protocol": (
            "Push through the heel to lift the bottom until the hip is straight; count clean "
            "reps until form is lost or the client stops."
        ),
        "sort_order": 210,
    },
    {
        "slug": "prone-hip-extension-hold",
        "name": "Prone knee-bent hip extension lock-out (hold)",
        "body_region": "hip",
        **SIDED_HOLD,
        "compensations": [
            "Pelvis or belly drives into the table",
            "Lumbar extension",
            "Pelvic rotation",
            "Hamstring takes over",
        ],
        "evidence_note": HOLD_NOTE,
        "position": "Prone, knee bent to 90°",
        "protocol": (
            "Lift the thigh just off the table by extending the hip, without the pelvis or "
            "belly pressing down; hold to fatigue or until form is lost."
        ),
        "sort_order": 220,
    },
    {
        "slug": "side-lying-abduction",
        "name": "Side-lying hip abduction (hold and quality)",
        "body_region": "hip",
        **SIDED_HOLD,
        "grade_labels": GOOD_FAIR_POOR,
        "compensations": [
            "Driven from the spine (hip hike)",
            "Pelvis not held down (no depression)",
            "Hip flexes forward",
            "Trunk rolls back",
        ],
        "evidence_note": HOLD_NOTE,
        "position": "Side-lying, underneath leg bent, top leg straight in line with the trunk",
        "protocol": (
            "Lift the top leg slightly behind the body line while holding the pelvis down; "
            "hold to fatigue. Grade whether the lift comes from the hip or the spine."
        ),
        "sort_order": 230,
    },
    {
        "slug": "single-leg-squat",
        "name": "Single-leg squat (quality)",
        "body_region": "lower_limb",
        **SIDED_QUALITY,
        "compensations": [
            "Trunk leans or rotates",
            "Pelvis drops or shifts",
            "Hip adducts or rotates in",
            "Knee moves inside the foot",
            "Unsteady",
        ],
        "evidence_note": (
            NO_THRESHOLD + " Visual rating agreement is moderate to good (Crossley et al., "
            "Am J Sports Med 2011)."
        ),
        "position": "Standing on one leg, arms crossed",
        "protocol": (
            "Five squats to about 60° of knee bend. Grade overall, trunk, pelvis, hip and knee: "
            "good, fair or poor."
        ),
        "sort_order": 240,
    },
    {
        "slug": "lateral-step-down",
        "name": "Lateral step-down (0–6)",
        "body_region": "lower_limb",
        "kind": "grade",
        "grade_labels": [
            "0 · good",
            "1 · good",
            "2 · moderate",
            "3 · moderate",
            "4 · poor",
            "5 · poor",
            "6 · poor",
        ],
        "sided": True,
        "better": "lower",
        "records_pain": True,
        "compensations": [
            "Arm strategy",
            "Trunk lean",
            "Pelvis not level",
            "Knee inside the 2nd toe",
            "Knee inside the foot",
            "Unsteady stance",
        ],
        "evidence_note": (
            NO_THRESHOLD + " A change of category (good 0–1, moderate 2–3, poor 4–6) is "
            "meaningful; inter-rater κ ≈ 0.6–0.8 (Piva et al., BMC Musculoskelet Disord 2006)."
        ),
        "position": "Standing on a 20 cm step",
        "protocol": (
            "Five slow step-downs touching the heel to the floor. One point each for arm "
            "strategy, trunk lean, pelvis, unsteady stance; knee inside the 2nd toe 1, inside "
            "the foot 2."
        ),
        "sort_order": 250,
    },
    {
        "slug": "single-leg-rdl",
        "name": "Single-leg Romanian deadlift (quality)",
        "body_region": "hip",
        **SIDED_QUALITY,
        "compensations": [
            "Knee locked (not soft)",
            "No backward weight shift",
            "Pelvis not level",
            "Low-back muscles tense",
        ],
        "evidence_note": NO_THRESHOLD,
        "position": "Standing on one leg",
        "protocol": (
            "Hinge at the hip with a soft knee, weight shifting back, pelvis level and the "
            "low-back muscles relaxed. Grade the pattern; tick each fault seen."
        ),
        "sort_order": 260,
    },
    {
        "slug": "trendelenburg",
        "name": "Trendelenburg sign",
        "body_region": "hip",
        "kind": "sign",
        "sided": True,
        "better": "lower",
        "evidence_note": (
            "No MDC or MCID applies to a sign. Intra-observer κ ≈ 0.68 (Bird et al., Arthritis "
            "Rheum 2001)."
        ),
        "position": "Standing on the tested leg, other hip flexed",
        "protocol": "Positive when the pelvis drops on the lifted side within 30 s.",
        "sort_order": 270,
    },
    {
        "slug": "single-leg-stance-30s",
        "name": "30-second single-leg stance (time to pain)",
        "body_region": "hip",
        "kind": "number",
        "unit": "seconds",
        "value_min": D(0),
        "value_max": D(30),
        "sided": True,
        "better": "higher",
        "records_pain": True,
        "evidence_note": (
            NO_THRESHOLD + " Positive for lateral hip pain when pain reaches 2/10 or more within "
            "30 s (Lequesne et al. 2008; Grimaldi et al., Am J Sports Med 2017). Record 30 when "
            "no pain came on."
        ),
        "position": "Standing on the tested leg, fingertips on a wall for balance",
        "protocol": "Time until lateral hip pain reaches 2/10, up to 30 s; record the pain.",
        "sort_order": 280,
    },
    {
        "slug": "side-bridge-hold",
        "name": "Side-bridge hold",
        "body_region": "lumbar",
        **SIDED_HOLD,
        "mdc": D(30),
        "mdc_source": (
            "Typical error ≈ 11 s, MDC95 ≈ 30 s (Juan-Recio et al., Biology 2022); protocol "
            "after McGill et al. 1999."
        ),
        "evidence_note": "No MCID published. The McGill 1999 reference was recalled: check it.",
        "evidence_to_check": True,
        "position": "Side-lying on the elbow, feet stacked",
        "protocol": "Lift the hips into a straight line and hold until the line is lost.",
        "sort_order": 290,
    },
]

TEST_SETS: list[dict] = [
    {
        "slug": "glute-low-back-screen",
        "name": "Glute / low-back screen",
        "description": (
            "Pain, hip extension, and how the glutes carry load in the bridge, isolation holds "
            "and single-leg patterns."
        ),
        "tests": [
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
        ],
    },
    {
        "slug": "lateral-hip-pain",
        "name": "Lateral hip pain",
        "description": "Load tolerance of the lateral hip and single-leg control.",
        "tests": [
            "nprs-rest",
            "single-leg-stance-30s",
            "trendelenburg",
            "side-lying-abduction",
            "hip-abduction-rom",
            "lateral-step-down",
            "lefs",
        ],
    },
    {
        "slug": "hip-rom",
        "name": "Hip range of motion",
        "description": "Goniometer hip range in five directions, both sides.",
        "tests": [
            "hip-flexion-rom",
            "hip-extension-rom",
            "hip-abduction-rom",
            "hip-internal-rotation-rom",
            "hip-external-rotation-rom",
        ],
    },
    {
        "slug": "low-back-outcomes",
        "name": "Low back pain outcomes",
        "description": "Questionnaires and pain for low back pain, at intake and discharge.",
        "tests": [
            "nprs-rest",
            "nprs-movement",
            "odi",
            "psfs-activity-1",
            "psfs-activity-2",
            "psfs-activity-3",
            "psfs-mean",
            "side-bridge-hold",
        ],
    },
]
