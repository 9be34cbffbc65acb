"""A small inline SVG line chart of one numeric finding over the rounds.

The axis fits the values recorded (and the measurement-error band around the baseline when the
test has an MDC), with a little room either side, inside the test's valid range: a hold going
from 10 to 35 s is drawn on 0–40 s, not on the 0–600 s a hold may last.
"""

import math
from dataclasses import dataclass

from assessments.comparison import (
    Better,
    Row,
    Scale,
)

from .text import amount_text, value_text


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str
    # Under the axis: "B" for the baseline, "R1", "R2"… for the retests.
    short: str
    # Where the value's label sits against the point: inside the plot at either end.
    anchor: str = "middle"


@dataclass(frozen=True)
class ChartTick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A small line chart of one numeric finding over the rounds, in SVG user units."""

    title: str
    description: str
    points: tuple[ChartPoint, ...]
    # The baseline ± MDC band: changes inside it are within measurement error.
    band_top: float | None
    band_bottom: float | None
    axis_top: str
    axis_bottom: str
    ticks: tuple[ChartTick, ...] = ()
    # Printed under the title: which way is better, and what the shading means.
    legend: str = ""
    width: int = 320
    height: int = 140

    @property
    def band_height(self) -> float | None:
        if self.band_top is None or self.band_bottom is None:
            return None
        return self.band_bottom - self.band_top

    @property
    def left(self) -> float:
        return CHART_LEFT

    @property
    def right(self) -> float:
        return CHART_RIGHT

    @property
    def plot_width(self) -> float:
        return CHART_RIGHT - CHART_LEFT

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 52.0, 300.0, 16.0, 112.0
# Room above and below the values, as a share of their spread.
PADDING = 0.1


def _tick_step(span: float) -> float:
    """A round step (1, 2 or 5 × a power of ten) that cuts `span` into three to six parts."""
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def axis_range(
    numbers: list[float], scale: Scale, band: tuple[float, float] | None
) -> tuple[float, float, float]:
    """The axis's bottom, top and tick step: the values (and the band) with some room, rounded
    out to whole steps, never beyond the test's valid range."""
    shown = [*numbers, *(band or ())]
    low, high = min(shown), max(shown)
    spread = high - low
    room = spread * PADDING if spread else max(abs(high) * PADDING, 1.0)
    low, high = low - room, high + room
    if scale.minimum is not None:
        low = max(low, scale.minimum)
    if scale.maximum is not None:
        high = min(high, scale.maximum)
    if high <= low:
        high = low + 1
    step = _tick_step(high - low)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    if scale.minimum is not None:
        bottom = max(bottom, scale.minimum)
    if scale.maximum is not None:
        top = min(top, scale.maximum)
    return bottom, top, step


def chart_for(row: Row, scale: Scale, labels: tuple[str, ...], better: str = "") -> Chart | None:
    """A chart when at least two rounds have a value; None otherwise."""
    known = [(i, v) for i, v in enumerate(row.values) if isinstance(v, int | float)]
    if len(known) < 2:
        return None
    numbers = [float(v) for _, v in known]
    base = row.values[0]
    band = None
    if isinstance(base, int | float) and scale.mdc:
        band = (float(base) - scale.mdc, float(base) + scale.mdc)
    low, high, step = axis_range(numbers, scale, band)

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        return CHART_BOTTOM - (clamped - low) / (high - low) * (CHART_BOTTOM - CHART_TOP)

    ticks = []
    count = round((high - low) / step)
    for n in range(count + 1):
        value = low + n * step
        if value > high + 1e-9:
            break
        ticks.append(ChartTick(y=y(value), label=value_text(row, round(value, 6))))
    if ticks and abs(ticks[-1].y - y(high)) > 0.5:
        ticks.append(ChartTick(y=y(high), label=value_text(row, high)))

    x_step = (CHART_RIGHT - CHART_LEFT) / max(len(labels) - 1, 1)
    points = tuple(
        ChartPoint(
            x=CHART_LEFT + i * x_step,
            y=y(float(v)),
            label=labels[i],
            value=value_text(row, v),
            short=f"R{i}" if i else "B",
            anchor="start" if i == 0 else "end" if i == len(labels) - 1 else "middle",
        )
        for i, v in known
    )
    described = ", ".join(f"{p.label} {p.value}" for p in points)
    better = better or ("higher is better" if scale.better == Better.HIGHER else "lower is better")
    legend = better[0].upper() + better[1:] + "."
    if band is not None and scale.mdc is not None:
        legend += (
            " Shaded: within measurement error of the baseline"
            f" (± {amount_text(row.unit, scale.mdc)})."
        )
    description = f"{row.label}: {described}. Axis {ticks[0].label} to {ticks[-1].label}. {legend}"
    return Chart(
        title=f"{row.label} over the rounds",
        description=description,
        points=points,
        band_top=y(band[1]) if band else None,
        band_bottom=y(band[0]) if band else None,
        axis_top=value_text(row, high),
        axis_bottom=value_text(row, low),
        ticks=tuple(ticks),
        legend=legend,
    )
