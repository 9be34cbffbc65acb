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
        mdc=D(10),
        mdc_source=(
            "MDC90 ≈ 10–11 points (Ostelo et al., Spine 2008; Fritz & Irrgang, Phys Ther 2001; "
            "Mannion et al., Eur Spine J 2006)."
        ),
        mcid=D(10),
        mcid_percent=D(30),
        mcid_source=(
            "10 points or 30 % (Ostelo et al., Spine 2008); 6 points for the modified ODI "
            "(Fritz & Irrgang, Phys Ther 2001)."
        ),
        evidence_note="Some figures were recalled: check Ostelo 2008 and Fritz & Irrgang 2001.",
        evidence_to_check=True,
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
        mdc_source="9 points at 90 % confidence (Binkley et al., Phys Ther 1999).",
        mcid=D(9),
        mcid_source="9 points (Binkley et al., Phys Ther 1999; Wang et al., Phys Ther 2011).",
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
        mdc_source="Mean score: 2 points (Stratford et al., Physiother Can 1995).",
        mcid=D(2),
        mcid_source=(
            "Mean score: 2 points (Stratford et al., Physiother Can 1995); small, medium and "
            "large changes 1.3, 2.3 and 2.7 (Abbott & Schmitt, JOSPT 2014)."
        ),
        evidence_note="Some figures were recalled: check Stratford et al. 1995.",
        evidence_to_check=True,
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
            mdc_source="Single activity: 3 points (Stratford et al., Physiother Can 1995).",
            mcid=D(3),
            mcid_source="Single activity: 3 points (Stratford et al., Physiother Can 1995).",
            evidence_note="Some figures were recalled: check Stratford et al. 1995.",
            evidence_to_check=True,
            protocol=(
                "Write the activity the client named in the note, and keep it the same at "
                "every retest. 0 = unable to do it, 10 = able to do it as before the problem."
            ),
            sort_order=60 + n,
        )
        for n in (1, 2, 3)
    ),
)
