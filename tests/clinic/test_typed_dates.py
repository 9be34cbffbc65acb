import datetime

import pytest

from clinic.lib.typed_dates import typed_date


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12/03/1980", datetime.date(1980, 3, 12)),
        ("12/3/1980", datetime.date(1980, 3, 12)),
        ("1/2/2001", datetime.date(2001, 2, 1)),
        ("12.03.1980", datetime.date(1980, 3, 12)),
        ("12-03-1980", datetime.date(1980, 3, 12)),
        ("1980-03-12", datetime.date(1980, 3, 12)),
        ("1980-3-12", datetime.date(1980, 3, 12)),
        ("  29/02/2000 ", datetime.date(2000, 2, 29)),
        # Not one whole, real date: looked for as a name instead.
        ("29/02/2001", None),
        ("31/04/1980", None),
        ("12/13/1980", None),
        ("12/03/80", None),
        ("1980", None),
        ("12/03", None),
        ("12/03/1980 Ana", None),
        ("12 March 1980", None),
        ("1980/03/12", None),
        ("", None),
        ("Ana", None),
        ("١٢/٠٣/١٩٨٠", None),
    ],
)
def test_a_typed_date_is_read_day_first_or_not_at_all(typed, read):
    assert typed_date(typed) == read
