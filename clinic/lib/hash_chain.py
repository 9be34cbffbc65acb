"""A hash chain: each link's hash covers its own fields and the hash of the link before it.

Change one field of one link, and that link no longer matches its hash; rewrite the hash too,
and the next link no longer matches. Hiding a change means recomputing every link from it to
the end, which a copy of the last hash kept elsewhere (a log, a backup report) exposes.

Plain SHA-256 over a canonical text, so anyone holding a copy of the rows can check them
without a key. Knows no model: it takes the fields as plain values.
"""

import datetime
import hashlib
import json
from collections.abc import Mapping

# The "previous hash" of a chain's first link.
GENESIS = "0" * 64

Value = str | int | datetime.datetime | None


def canonical(value: Value) -> str | int | None:
    """One text for one value: times in UTC with microseconds, whatever their zone."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def link_hash(previous: str, fields: Mapping[str, Value]) -> str:
    """The hash of one link: its fields, by name, and the previous link's hash."""
    body = {name: canonical(value) for name, value in fields.items()}
    text = json.dumps([previous, body], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
