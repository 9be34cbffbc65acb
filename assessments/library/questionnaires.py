"""Questionnaires and client-rated scales: ODI, LEFS and the Patient-Specific Functional Scale."""

from decimal import Decimal as D

from .types import TestData

TESTS = (
    TestData(
        slug="odi",
        name="Oswestry Disability Index",
        body_region="lumbar",
        kind="number",
        unit="percent",
        value_min=D(0),
        value_max=D(100),
        # A percentage of the maximum score: its zero is not a true zero.
        percent_meaningful=False,
        better="lower",
        mdc=D(15),
        mdc_source=(
            "MDC90 in low back pain treated by physical therapy (modified ODI, Davidson & "
            "Keating, Phys Ther 2002, table 5): 10.5 points in patients who rated themselves "
            "about the same, 15 in those classified as unchanged; 10.5–15 points; 15 used, the "
            "conservative end. Fritz & Irrgang, Phys Ther 2001: SEM 5.4 points (MDC90 ≈ 12.6)."
        ),
        mcid=D(12),
        mcid_percent=D(30),
        mcid_source=(
            "10 points or a 30 % improvement (Ostelo et al., Spine 2008, consensus for low back "
            "pain); 12 points (Abbott & Schmitt, JOSPT 2014); 10–12 points; 12 used, the "
            "conservative end. 6 points for the modified ODI in acute low back pain (Fritz & "
            "Irrgang, Phys Ther 2001)."
        ),
        evidence_note=(
            "Checked: the 10 points or 30 % in the abstract of Ostelo et al. 2008 (Spine "
            "33:90–94); the MCID of 6 points in Fritz & Irrgang 2001 (Phys Ther 81:776–788); the "
            "MDC90 of 10.5 and 15 points in Davidson & Keating 2002 (Phys Ther 82:8–24, table 5); "
            "12 points in Abbott & Schmitt 2014 (JOSPT 44:560–564)."
        ),
        threshold_population="low back pain",
        instrument="ODI questionnaire (10 sections)",
        protocol="Total score as a percentage of the maximum for the sections answered.",
        sort_order=40,
    ),
    TestData(
        slug="lefs",
        name="Lower Extremity Functional Scale",
        body_region="lower_limb",
        kind="number",
        unit="score",
        value_min=D(0),
        value_max=D(80),
        percent_meaningful=False,
        better="higher",
        mdc=D(9),
        mdc_source=(
            "9 points at 90 % confidence (Binkley et al., Phys Ther 1999, lower-extremity "
            "musculoskeletal conditions)."
        ),
        mcid=D(9),
        mcid_source=(
            "9 points (Binkley et al., Phys Ther 1999; Wang et al., Phys Ther 2011); Abbott & "
            "Schmitt, JOSPT 2014: 9 points for a small change, up to 16 for a large one."
        ),
        threshold_population="lower-extremity musculoskeletal conditions",
        evidence_note=(
            "Checked: the MDC and the MCID of 9 scale points (90 % confidence) in the abstract of "
            "Binkley et al. 1999 (Phys Ther 79:371–383, 107 outpatients); 9 to 16 points from a "
            "small to a large change in Abbott & Schmitt 2014 (JOSPT 44:560–564)."
        ),
        instrument="LEFS questionnaire (20 items, 0–4 each)",
        protocol="Sum of the 20 items.",
        sort_order=50,
    ),
    TestData(
        slug="psfs-mean",
        name="Patient-Specific Functional Scale (mean)",
        body_region="general",
        kind="number",
        unit="score",
        value_min=D(0),
        value_max=D(10),
        decimals=1,
        percent_meaningful=False,
        better="higher",
        mdc=D(2),
        mdc_source=(
            "Mean score: 2 points at 90 % confidence (Stratford et al., Physiother Can 1995)."
        ),
        mcid=D("1.3"),
        mcid_source=(
            "Mean score: 1.3 points for a small change, the minimal important difference; 2.3 "
            "for a medium and 2.7 for a large one (Abbott & Schmitt, JOSPT 2014, "
            "musculoskeletal outpatients)."
        ),
        evidence_note=(
            "Checked: the MDC90 of 2 points for the mean and 3 for one activity as printed on the "
            "scale reproduced with the authors' permission (Stratford et al. 1995, Physiother "
            "Can 47:258–263); the 1.3 / 2.3 / 2.7 in the abstract of Abbott & Schmitt 2014 "
            "(JOSPT 44:560–564). Stratford 1995 gives no MCID."
        ),
        threshold_population="musculoskeletal conditions",
        protocol="Mean of the activity scores the client rated, 0 (unable) to 10 (as before).",
        sort_order=60,
    ),
    *(
        TestData(
            slug=f"psfs-activity-{n}",
            name=f"PSFS activity {n}",
            body_region="general",
            kind="number",
            unit="score",
            value_min=D(0),
            value_max=D(10),
            percent_meaningful=False,
            better="higher",
            mdc=D(3),
            mdc_source=(
                "Single activity: 3 points at 90 % confidence (Stratford et al., Physiother "
                "Can 1995)."
            ),
            evidence_note=(
                "Checked: the MDC90 of 3 points for one activity as printed on the scale "
                "reproduced with the authors' permission (Stratford et al. 1995). No MCID is "
                "published for a single activity."
            ),
            threshold_population="musculoskeletal conditions",
            protocol=(
                "Write the activity the client named in the note, and keep it the same at "
                "every retest. 0 = unable to do it, 10 = able to do it as before the problem."
            ),
            sort_order=60 + n,
        )
        for n in (1, 2, 3)
    ),
)
