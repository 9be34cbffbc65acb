"""Counting a block's queries as production runs them, also inside a test's transaction."""

import re
from typing import Any

from django.test.utils import CaptureQueriesContext

# Django's savepoint statements: SAVEPOINT "s…_x1", RELEASE SAVEPOINT …, ROLLBACK TO SAVEPOINT ….
SAVEPOINT = re.compile(r'^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) "?([^"\s]+)"?$')


class ProductionQueries(CaptureQueriesContext):
    """Captures the block's queries; `counted` leaves out what production does not run.

    In production a request (or a command) starts outside any transaction, so its outermost
    `atomic()` blocks, the request's own transaction among them, are BEGIN … COMMIT, which
    Django does not count as queries. Inside a test's transaction the same blocks are
    savepoints, and their SAVEPOINT and RELEASE would be counted. Savepoints nested in them are
    savepoints in production too, and are counted.
    """

    def __enter__(self) -> "ProductionQueries":
        self.nested = self.connection.in_atomic_block
        super().__enter__()
        return self

    @property
    def counted(self) -> list[dict[str, Any]]:
        if not self.nested:
            return self.captured_queries
        kept, open_here = [], []
        for query in self.captured_queries:
            found = SAVEPOINT.match(query["sql"].strip())
            if found is None:
                kept.append(query)
                continue
            verb, sid = found.groups()
            if verb == "SAVEPOINT":
                if open_here:
                    kept.append(query)
                open_here.append(sid)
                continue
            if sid in open_here:
                outermost = open_here.index(sid) == 0
                del open_here[open_here.index(sid) :]
                if outermost:
                    continue
            kept.append(query)
        return kept
