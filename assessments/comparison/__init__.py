"""The before/after judgement: plain values in, plain verdicts out.

No ORM, no request, no templates. A selector turns rows into the facts and readings below;
pages, CSV and charts only format what `compare` returns.

How a change is judged:
- Every retest is judged against the baseline, measure by measure.
- Numbers. A change smaller than the test's MDC is "no real change: within measurement error",
  whatever its sign. At or beyond the MDC it is real ("better, beyond measurement error"); an
  improvement or a worsening that also reaches the MCID is "clinically important". A test with
  an MCID but no MDC is judged on the MCID alone. The MCID can depend on the baseline (a band
  of baselines with its own MCID) or be a share of the baseline ("30 %"); either way, reaching
  it counts.
- Exactly at a threshold is reached, for every kind of threshold (MDC, MCID, the MCID of the
  baseline's band, the percent MCID). Changes and shares are rounded to nine decimals first,
  so 0.3 → 2.3 is a change of exactly 2. Where the literature gives a range for a threshold,
  the test definition stores one figure (the conservative end) with its source; the
  comparison takes the figure it is given.
- Where the threshold was measured in another population than the client's, the words name
  it: "within the measurement error reported for hip osteoarthritis", "better, beyond the
  measurement error reported for hip osteoarthritis".
- Scales without any threshold (no MDC, no MCID of any kind, no bands: holds, reps) say only
  which way the number moved: "higher (no threshold known)" or "lower (no threshold known)",
  ↑ or ↓, never "better" or "worse" in words; the verdict's threshold is "no threshold known"
  and the report colours it neutral. A percent change is given only on ratio scales (degrees,
  seconds, reps, pain 0–10), never on a score whose zero is arbitrary, and a scale is judged
  the same wherever it is recorded: pain 0–10 as a test of its own or inside another test.
- Categories. Grades and signs change by category ("better: poor → good"). A banded score
  (the lateral step-down's 0–6: good 0–1, moderate 2–3, poor 4–6) changes only by band: a
  move inside one band is "no real change: within one category (moderate)", neutral; a move
  between bands is a category change that says which ("better: moderate → good").
- A symptom response reported at the retest ("gone", "less", "same", "more") is judged on its
  own value: gone or less is better, more is worse.
- Checklists have three states per item: present, absent (looked for, not seen) and not
  checked. Present → absent is resolved, absent → present is new, present → present is still
  present. An item not checked at either round is "not compared: not checked at <round>",
  never resolved. A checklist with nothing marked is not checked.
- Scored tests: when a test's total is made of items (the step-down's knee position 1–2,
  trunk lean 1, ...), each item compares in points, fewer being better: the knee moving from
  inside the foot (2) to inside the 2nd toe (1) is "better by 1 point", not one fault resolved
  and another new. An item scores 0 only when all of its faults were looked for; if any was
  not checked, the item is not checked.
- Who measured: a retest by another rater, with another instrument or in another position
  carries the caveat beside every finding, and so does a retest recorded by another login
  than the baseline's, even when the rater's name was copied. A change beyond an MDC that was
  measured with one rater, made by another rater (or login), also says that the error
  between two raters is larger, so the change may still be measurement error.
- The involved side is recorded per test (left, right, both or not recorded). The limb
  symmetry index is involved / uninvolved × 100, and can exceed 100 %, when exactly one side
  is involved; otherwise it is weaker / stronger × 100 and says so. It is given only on
  higher-is-better ratio scales that cannot go below zero.
- What changed most ranks sizes that compare: a number by its change in MDCs (else in MCIDs,
  else in shares of the percent MCID), signed so that improvement is positive. A test's
  categorical changes count once per test and side, as one entry: each category (or band)
  moved counts like reaching the MDC once; a reported "gone" 1, "less" ½, "more" −1; its
  compensations are summarised ("2 of 3 faults resolved, 1 new") and weigh together
  (resolved − new) / the faults seen at either round, so all of them at most one MDC; its
  scored items weigh together the points lost / the larger of the two totals, at most one.
  The entry weighs as much as its largest part, never the sum; parts pulling both ways weigh
  their net sum. A change within measurement error is listed by its size (below 1). Ties put
  a number before a test's categories, then the report's order.
- Changes on scales without any threshold are never ranked among those, and never divided by
  the scale's range: they are listed apart ("changed, no threshold to judge it"), by their
  change relative to the baseline (35 s from 10 s is 2.5 times the baseline), and those from
  a baseline of 0 after them, by the change itself.
- Findings that did not change, moved only inside one category, or were not compared appear
  in neither list; they follow in the report's order.
"""

from .compare import RANKING_RULE, UNJUDGED_RULE, compare
from .judge import (
    judge_compensation,
    judge_item,
    judge_ordinal,
    judge_response,
    judge_scale,
)
from .types import (
    SYMBOLS,
    Band,
    Better,
    Category,
    Comparison,
    Direction,
    Measure,
    Ordinal,
    Ranked,
    Reading,
    Response,
    Round,
    Row,
    Scale,
    ScoredItem,
    Step,
    Symmetry,
    TestFacts,
    Threshold,
    tone,
)

__all__ = [
    "RANKING_RULE",
    "SYMBOLS",
    "UNJUDGED_RULE",
    "Band",
    "Better",
    "Category",
    "Comparison",
    "Direction",
    "Measure",
    "Ordinal",
    "Ranked",
    "Reading",
    "Response",
    "Round",
    "Row",
    "Scale",
    "ScoredItem",
    "Step",
    "Symmetry",
    "TestFacts",
    "Threshold",
    "compare",
    "judge_compensation",
    "judge_item",
    "judge_ordinal",
    "judge_response",
    "judge_scale",
    "tone",
]
