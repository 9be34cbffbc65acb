"""A hash chain: each link's hash covers its own fields and the hash of the link before it.

Change one field of one link, and that link no longer matches its hash; rewrite the hash too,
and the next link no longer matches. Hiding a change means recomputing every link from it to
the end, which a copy of the last hash kept elsewhere (a log, a backup report) exposes.

Plain SHA-256, so anyone holding a copy of the rows can check them without a key. The text a
link's hash covers is a JSON array, `[previous hash, field, field, …]`, written exactly as
PostgreSQL's `json_build_array(…)::text` writes it (", " between items, times as UTC text with
microseconds), so the database can build a link and Python can check it, or the other way round.
Knows no model: it takes the fields as plain values, in order.
"""

import datetime
import hashlib
import json
from collections.abc import Sequence

# The "previous hash" of a chain's first link.
GENESIS = "0" * 64
# PostgreSQL's to_char() pattern for the same text as `canonical` gives a time.
SQL_TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'

Value = str | int | datetime.datetime | None


def canonical(value: Value) -> str | int | None:
    """One text for one value: times in UTC with microseconds, whatever their zone."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def link_text(previous: str, values: Sequence[Value]) -> str:
    items = [previous, *(canonical(value) for value in values)]
    return json.dumps(items, separators=(", ", ": "), ensure_ascii=False)


def link_hash(previous: str, values: Sequence[Value]) -> str:
    """The hash of one link: its values, in order, after the previous link's hash."""
    return hashlib.sha256(link_text(previous, values).encode("utf-8")).hexdigest()
