"""Counting the queries of a request the same way in production and inside a test."""

import re
from typing import Any

from django.test.utils import CaptureQueriesContext

# Django's transaction statements: BEGIN, COMMIT, ROLLBACK, and for savepoints SAVEPOINT "s…_x1",
# RELEASE SAVEPOINT "s…_x1" and ROLLBACK TO SAVEPOINT "s…_x1".
TRANSACTION = re.compile(
    r'^(BEGIN|COMMIT|ROLLBACK)$|^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) "?([^"\s]+)"?$'
)

# The history context pghistory puts in front of each statement of a request
# (clinic/lib/history_context.py): it rides on the statement, so it is no query of its own.
HISTORY_CONTEXT = re.compile(
    r"^SELECT set_config\('pghistory\.context_id', '[^']*', true\), "
    r"set_config\('pghistory\.context_metadata', '(?:[^']|'')*', true\); "
)


class CountedQueries(CaptureQueriesContext):
    """Captures the block's queries; `counted` leaves out the outermost transaction's own.

    Every request runs in one transaction (clinic/lib/request_transaction.py). In production it
    is BEGIN … COMMIT; inside a test's transaction the same block is a savepoint, SAVEPOINT …
    RELEASE. Either way those two statements are left out, so the count of a page is the same
    in the benchmark and in the suite, and what it counts is reads and writes. Savepoints nested
    inside (a service's own atomic block) are savepoints everywhere, and are counted.
    """

    def __enter__(self) -> "CountedQueries":
        # Inside a test's transaction the outermost block of the capture is a savepoint.
        self.nested = self.connection.in_atomic_block
        super().__enter__()
        return self

    @property
    def counted(self) -> list[dict[str, Any]]:
        return without_own_transaction(self.captured_queries, nested=self.nested)


def without_own_transaction(queries: list[dict[str, Any]], *, nested: bool) -> list[dict[str, Any]]:
    """The queries less BEGIN, COMMIT and ROLLBACK, and when nested the outermost savepoints."""
    kept: list[dict[str, Any]] = []
    open_here: list[str] = []
    for query in queries:
        found = TRANSACTION.match(HISTORY_CONTEXT.sub("", query["sql"].strip(), count=1))
        if found is None:
            kept.append(query)
            continue
        if found.group(1):  # BEGIN, COMMIT or ROLLBACK: the outermost block itself
            continue
        verb, sid = found.group(2, 3)
        if verb == "SAVEPOINT":
            if open_here or not nested:
                kept.append(query)
            open_here.append(sid)
            continue
        if sid in open_here:
            outermost = nested and open_here.index(sid) == 0
            del open_here[open_here.index(sid) :]
            if outermost:
                continue
        kept.append(query)
    return kept
