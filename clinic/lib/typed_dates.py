"""A date as a receptionist types it into a search box: day first, as written in the clinic.

"12/03/1980", "12.3.1980", "12-03-1980" and the ISO "1980-03-12" all read as 12 March 1980.
Two-digit years are not read (is "80" 1980 or 2080?), nor anything that is not a real date:
such text is searched for as a name instead.
"""

import datetime
import re

DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", re.ASCII)
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def typed_date(text: str) -> datetime.date | None:
    """The date `text` spells, or None when it is not one whole date."""
    text = text.strip()
    if match := ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
