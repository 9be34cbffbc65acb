"""The before/after judgement: plain values in, plain verdicts out.

No ORM, no request, no templates. A selector turns rows into the facts and readings below;
pages, CSV and charts only format what `compare` returns.

How a change is judged:
- A numeric change smaller than the test's MDC is within measurement error, whatever its sign.
- At or beyond the MDC it is real; an improvement that also reaches the MCID is clinically
  important. A test with an MCID but no MDC is judged on the MCID alone.
- Ordinal grades and signs compare by category; each compensation is present → absent
  (resolved), absent → present (new) or still present.
- Findings are ranked by |change| / MDC, else / MCID, else / the test's range, signed so that
  improvement is positive. Raw numbers of different units are never ranked against each other.
"""

from .compare import compare
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
)

__all__ = [
    "SYMBOLS",
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
]
