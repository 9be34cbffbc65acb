"""From a baseline and its retests, as loaded by `selectors.report_queryset`, to what the report,
the CSV and the client summary show. The judging itself is `assessments.comparison`'s.

`facts` turns rows into the comparison's plain values, `build` assembles the report, `text`
words and formats it, `charts` draws it and `export` writes it as CSV.
"""

from .build import Cell, Entry, Line, Report, RoundColumn, build, round_label
from .charts import Chart, ChartPoint, ChartTick, chart_for
from .export import CSV_HEADER, TREATMENT_CSV_HEADER, csv_rows, treatment_csv_rows
from .facts import facts_for, pain_scale, reading_for
from .summary import Summary, conditions_sentence, summary_for
from .text import (
    change_text,
    number_text,
    plain_words,
    value_text,
    verdict_class,
    verdict_symbol,
    verdict_words,
)

__all__ = [
    "CSV_HEADER",
    "TREATMENT_CSV_HEADER",
    "Cell",
    "Chart",
    "ChartPoint",
    "ChartTick",
    "Entry",
    "Line",
    "Report",
    "RoundColumn",
    "Summary",
    "build",
    "change_text",
    "chart_for",
    "conditions_sentence",
    "csv_rows",
    "facts_for",
    "number_text",
    "pain_scale",
    "plain_words",
    "reading_for",
    "round_label",
    "summary_for",
    "treatment_csv_rows",
    "value_text",
    "verdict_class",
    "verdict_symbol",
    "verdict_words",
]
