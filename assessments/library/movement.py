"""Movement quality, holds and reps: how the glutes and the pelvis carry load."""

from decimal import Decimal as D
from typing import Any

from .common import GOOD_FAIR_POOR, NO_THRESHOLD, PAIN_WITH_MOVEMENT
from .types import CategoryData, ScoredFault, TestData

HOLD_NOTE = (
    "No threshold known for this hold. For comparison, the side bridge's week-to-week error "
    "is about 11 s (MDC95 ≈ 30 s), so hold times vary a lot between attempts."
)

# Holds to fatigue, per side, in seconds; ten minutes is beyond any plausible hold.
SIDED_HOLD: dict[str, Any] = {
    "kind": "number",
    "unit": "seconds",
    "value_min": D(0),
    "value_max": D(600),
    "sided": True,
    "better": "higher",
}

# A movement pattern graded good / fair / poor per side, with the pain it brings on.
SIDED_QUALITY: dict[str, Any] = {
    "kind": "grade",
    "grade_labels": GOOD_FAIR_POOR,
    "sided": True,
    "better": "higher",
    "records_pain": True,
    "pain_test": PAIN_WITH_MOVEMENT,
}

TESTS = (
    TestData(
        slug="glute-bridge",
        name="Glute bridge",
        body_region="lumbar",
        kind="grade",
        grade_labels=(
            "Poor: extends through the low back",
            "Fair: partly through the hips",
            "Good: extends through the hips, spine neutral",
        ),
        better="higher",
        records_pain=True,
        pain_test=PAIN_WITH_MOVEMENT,
        compensations=(
            "Lumbar extension",
            "Hamstring dominance",
            "Low-back tension",
            "Pelvic rotation",
        ),
        evidence_note=NO_THRESHOLD + " Compare the grade and each compensation.",
        position="Crook lying, feet hip-width apart",
        protocol=(
            "Bridge slowly to full hip extension and hold for a breath. Watch where the "
            "extension comes from, and ask for pain 0–10 and where it is felt."
        ),
        sort_order=200,
    ),
    TestData(
        slug="single-leg-bridge-reps",
        name="Single-leg bridge (reps to failure)",
        body_region="hip",
        kind="number",
        unit="reps",
        value_min=D(0),
        value_max=D(150),
        sided=True,
        better="higher",
        records_pain=True,
        pain_test=PAIN_WITH_MOVEMENT,
        compensations=(
            "Pelvic rotation",
            "Hamstring cramp",
            "Lumbar extension",
        ),
        evidence_note=(
            NO_THRESHOLD + " Norms: under 20 poor, about 25 average, over 30 good (Freckleton "
            "et al., Br J Sports Med 2014, 482 Australian football players). Compare sides "
            "(LSI)."
        ),
        position="Supine, heel on a 60 cm box, other leg held vertical",
        protocol=(
            "Push through the heel to lift the bottom until the hip is straight; count clean "
            "reps until form is lost or the client stops."
        ),
        sort_order=210,
    ),
    TestData(
        slug="prone-hip-extension-hold",
        name="Prone knee-bent hip extension lock-out (hold)",
        body_region="hip",
        **SIDED_HOLD,
        compensations=(
            "Pelvis or belly drives into the table",
            "Lumbar extension",
            "Pelvic rotation",
            "Hamstring takes over",
        ),
        evidence_note=HOLD_NOTE,
        position="Prone, knee bent to 90°",
        protocol=(
            "Lift the thigh just off the table by extending the hip, without the pelvis or "
            "belly pressing down; hold to fatigue or until form is lost."
        ),
        sort_order=220,
    ),
    TestData(
        slug="side-lying-abduction",
        name="Side-lying hip abduction (hold and quality)",
        body_region="hip",
        **SIDED_HOLD,
        grade_labels=GOOD_FAIR_POOR,
        compensations=(
            "Driven from the spine (hip hike)",
            "Pelvis not held down (no depression)",
            "Hip flexes forward",
            "Trunk rolls back",
        ),
        evidence_note=HOLD_NOTE,
        position="Side-lying, underneath leg bent, top leg straight in line with the trunk",
        protocol=(
            "Lift the top leg slightly behind the body line while holding the pelvis down; "
            "hold to fatigue. Grade whether the lift comes from the hip or the spine."
        ),
        sort_order=230,
    ),
    TestData(
        slug="single-leg-squat",
        name="Single-leg squat (quality)",
        body_region="lower_limb",
        **SIDED_QUALITY,
        compensations=(
            "Trunk leans or rotates",
            "Pelvis drops or shifts",
            "Hip adducts or rotates in",
            "Knee moves inside the foot",
            "Unsteady",
        ),
        evidence_note=(
            NO_THRESHOLD + " Visual rating agreement is moderate to good (Crossley et al., "
            "Am J Sports Med 2011)."
        ),
        position="Standing on one leg, arms crossed",
        protocol=(
            "Five squats to about 60° of knee bend. Grade overall, trunk, pelvis, hip and knee: "
            "good, fair or poor."
        ),
        sort_order=240,
    ),
    TestData(
        slug="lateral-step-down",
        name="Lateral step-down (0–6)",
        body_region="lower_limb",
        kind="grade",
        grade_labels=(
            "0 · good",
            "1 · good",
            "2 · moderate",
            "3 · moderate",
            "4 · poor",
            "5 · poor",
            "6 · poor",
        ),
        sided=True,
        better="lower",
        best_grade="first",
        records_pain=True,
        pain_test=PAIN_WITH_MOVEMENT,
        compensations=(
            "Arm strategy",
            "Trunk lean",
            "Pelvis not level",
            "Knee inside the 2nd toe",
            "Knee inside the foot",
            "Unsteady stance",
        ),
        category_bands=(
            CategoryData("good", 0, 1),
            CategoryData("moderate", 2, 3),
            CategoryData("poor", 4, 6),
        ),
        # The knee's two positions are one item: inside the foot includes inside the 2nd toe.
        scored_items=(
            ScoredFault("Arm strategy", "Arm strategy", 1),
            ScoredFault("Trunk lean", "Trunk lean", 1),
            ScoredFault("Pelvis not level", "Pelvis not level", 1),
            ScoredFault("Knee position", "Knee inside the 2nd toe", 1),
            ScoredFault("Knee position", "Knee inside the foot", 2),
            ScoredFault("Unsteady stance", "Unsteady stance", 1),
        ),
        evidence_note=(
            NO_THRESHOLD + " A change of category (good 0–1, moderate 2–3, poor 4–6) is "
            "meaningful; inter-rater κ 0.67 in patellofemoral pain (Piva et al., BMC "
            "Musculoskelet Disord 2006), 0.59 to 0.81 in later studies (Rabin et al. 2010, 2014)."
        ),
        position="Standing on a 20 cm step",
        protocol=(
            "Five slow step-downs touching the heel to the floor. One point each for arm "
            "strategy, trunk lean, pelvis, unsteady stance; knee inside the 2nd toe 1, inside "
            "the foot 2."
        ),
        sort_order=250,
    ),
    TestData(
        slug="single-leg-rdl",
        name="Single-leg Romanian deadlift (quality)",
        body_region="hip",
        **SIDED_QUALITY,
        compensations=(
            "Knee locked (not soft)",
            "No backward weight shift",
            "Pelvis not level",
            "Low-back muscles tense",
        ),
        evidence_note=NO_THRESHOLD,
        position="Standing on one leg",
        protocol=(
            "Hinge at the hip with a soft knee, weight shifting back, pelvis level and the "
            "low-back muscles relaxed. Grade the pattern; tick each fault seen."
        ),
        sort_order=260,
    ),
    TestData(
        slug="trendelenburg",
        name="Trendelenburg sign",
        body_region="hip",
        kind="sign",
        sided=True,
        better="lower",
        evidence_note=(
            "No MDC or MCID applies to a sign. Intra-observer κ ≈ 0.68 (Bird et al., Arthritis "
            "Rheum 2001)."
        ),
        position="Standing on the tested leg, other hip flexed",
        protocol="Positive when the pelvis drops on the lifted side within 30 s.",
        sort_order=270,
    ),
    TestData(
        slug="single-leg-stance-30s",
        name="30-second single-leg stance (time to pain)",
        body_region="hip",
        kind="number",
        unit="seconds",
        value_min=D(0),
        value_max=D(30),
        sided=True,
        better="higher",
        records_pain=True,
        pain_test=PAIN_WITH_MOVEMENT,
        evidence_note=(
            NO_THRESHOLD + " Positive for lateral hip pain when pain reaches 2/10 or more within "
            "30 s (Lequesne et al. 2008; Grimaldi et al., Am J Sports Med 2017). Record 30 when "
            "no pain came on."
        ),
        position="Standing on the tested leg, fingertips on a wall for balance",
        protocol="Time until lateral hip pain reaches 2/10, up to 30 s; record the pain.",
        sort_order=280,
    ),
    TestData(
        slug="side-bridge-hold",
        name="Side-bridge hold",
        body_region="lumbar",
        **SIDED_HOLD,
        mdc=D("30.3"),
        mdc_source=(
            "Typical error 10.95 s a week apart (Juan-Recio et al., Biology 2022, 24 physically "
            "active women), so MDC95 = 2.77 × 10.95 ≈ 30.3 s; protocol after McGill et al. 1999."
        ),
        evidence_note=(
            "No MCID published. Checked: the typical error of 10.95 s (ICC 0.81) in the abstract "
            "of Juan-Recio et al. 2022 (Biology 11:1043); McGill, Childs & Liebenson 1999 (Arch "
            "Phys Med Rehabil 80:941–944) timed the side bridge in 75 young healthy adults, "
            "reliability coefficients above 0.97."
        ),
        threshold_population="physically active women",
        position="Side-lying on the elbow, feet stacked",
        protocol="Lift the hips into a straight line and hold until the line is lost.",
        sort_order=290,
    ),
)
