"""A small inline SVG line chart of one numeric finding over the rounds."""

from dataclasses import dataclass

from assessments.comparison import (
    Better,
    Row,
    Scale,
)

from .text import value_text


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str
    # Under the axis: "B" for the baseline, "R1", "R2"… for the retests.
    short: str


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
    width: int = 320
    height: int = 140

    @property
    def band_height(self) -> float | None:
        if self.band_top is None or self.band_bottom is None:
            return None
        return self.band_bottom - self.band_top

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44.0, 304.0, 16.0, 112.0


def chart_for(row: Row, scale: Scale, labels: tuple[str, ...]) -> Chart | None:
    """A chart when at least two rounds have a value; None otherwise."""
    known = [(i, v) for i, v in enumerate(row.values) if isinstance(v, int | float)]
    if len(known) < 2:
        return None
    numbers = [float(v) for _, v in known]
    low = scale.minimum if scale.minimum is not None else min(numbers)
    high = scale.maximum if scale.maximum is not None else max(numbers)
    base = row.values[0]
    band = None
    if isinstance(base, int | float) and scale.mdc:
        band = (float(base) - scale.mdc, float(base) + scale.mdc)
    if high <= low:
        high = low + 1

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        return CHART_BOTTOM - (clamped - low) / (high - low) * (CHART_BOTTOM - CHART_TOP)

    step = (CHART_RIGHT - CHART_LEFT) / max(len(labels) - 1, 1)
    points = tuple(
        ChartPoint(
            x=CHART_LEFT + i * step,
            y=y(float(v)),
            label=labels[i],
            value=value_text(row, v),
            short=f"R{i}" if i else "B",
        )
        for i, v in known
    )
    described = ", ".join(f"{p.label} {p.value}" for p in points)
    direction = "higher" if scale.better == Better.HIGHER else "lower"
    description = f"{row.label}: {described}. {direction.capitalize()} is better."
    if band is not None:
        description += (
            f" Shaded: within measurement error of the baseline (± {value_text(row, scale.mdc)})."
        )
    return Chart(
        title=f"{row.label} over the rounds",
        description=description,
        points=points,
        band_top=y(band[1]) if band else None,
        band_bottom=y(band[0]) if band else None,
        axis_top=value_text(row, high),
        axis_bottom=value_text(row, low),
    )
