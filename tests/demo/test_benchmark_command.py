from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_the_benchmark_prints_timings_and_queries_for_every_page():
    out = StringIO()
    # Timings belong to the benchmark run, not to the suite: only the query counts are checked.
    call_command(
        "benchmark",
        *("--in-place", "--no-target", "--clinics", "2", "--clients", "5", "--requests", "3"),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "2 clinics × 5 clients, 3 requests per page"
    rows = {line[:26].strip(): line.split() for line in lines[2:]}
    assert set(rows) == {
        "client list",
        "client list, page 3",
        "client search (htmx)",
        "client page",
        "client edit form",
        "programme page",
        "programme handout",
        "round entry (retest)",
        "finding save (htmx)",
        "comparison report",
        "report CSV",
    }
    queries = {name: int(cells[-2]) for name, cells in rows.items()}
    # Each page's count includes its access audit row. In place, inside the test's
    # transaction, the row's seal (one more statement after the commit) never runs.
    # The list's badges from home logs read the page's prescriptions and their logs.
    assert queries["client list"] == 9
    # The timed client has rounds and a home programme: the assessments section, rounds and
    # treatment on the timeline add three queries, the programme section and its events two,
    # "between visits" two.
    assert queries["client page"] == 12
    # The programme page also reads the client's live programme link.
    assert queries["programme page"] == 13
    assert queries["programme handout"] == 6
    # The report also reads what the client logged at home between rounds.
    assert queries["comparison report"] == 14
    assert queries["report CSV"] == 12


def test_the_benchmark_needs_at_least_two_requests():
    with pytest.raises(CommandError, match="at least 2"):
        call_command("benchmark", "--in-place", "--requests", "1")
