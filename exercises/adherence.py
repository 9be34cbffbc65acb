"""What the client did between visits, from their logs: the share of planned sessions done, pain
and effort per exercise over time, and the flags a clinician should see.

Pure: plain values in, plain values out, no database. `exercises.home_summary` feeds it.

A session is one exercise done once. What was planned comes from each prescription's frequency
(3 times a day is 3 sessions a day; 3 times a week is 3/7 of a session a day), counted only on
the days the exercise was in the programme and the client had a link to log it. Today is not
over, so it plans only the sessions already logged today: today's work counts, today's gap not
yet. A session done or partly done counts as done; per exercise, no more are counted done than
were planned, so the share never passes 100 %.
"""

import datetime
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

ONE_DAY = datetime.timedelta(days=1)

HIGH_PAIN = 7
# Pain read for its level over this many days, and for its trend over the last logs that have it.
HIGH_PAIN_DAYS = 7
RISING_OVER = 3
MISSED_IN_A_ROW = 3
TREND_DAYS = 28

CHART_WIDTH = 112
CHART_HEIGHT = 28
SCALE_TOP = 10


@dataclass(frozen=True)
class Plan:
    """One prescription as planned: the exercise, how often, and the days it was in the
    programme (`last` None: still is)."""

    prescription_id: int
    name: str
    times: int
    per_week: bool
    first: datetime.date
    last: datetime.date | None = None

    @property
    def per_day(self) -> float:
        return self.times / 7 if self.per_week else float(self.times)

    def days_in(self, start: datetime.date, end: datetime.date) -> int:
        """The days from `start` to `end`, both included, that the exercise was prescribed."""
        start = max(start, self.first)
        if self.last is not None:
            end = min(end, self.last)
        return max((end - start).days + 1, 0)


@dataclass(frozen=True)
class Log:
    prescription_id: int
    performed_on: datetime.date
    done: bool
    pain: int | None = None
    effort: int | None = None
    # When it reached the server (the day it was done may be earlier).
    logged_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Adherence:
    planned: int
    done: int

    @property
    def share(self) -> int | None:
        """Per cent done of planned, rounded; None when nothing was planned."""
        if not self.planned:
            return None
        return round(100 * self.done / self.planned)

    @property
    def text(self) -> str:
        if not self.planned:
            return "No sessions planned in this period"
        noun = "session" if self.planned == 1 else "sessions"
        return f"{self.done} of {self.planned} planned {noun} done ({self.share} %)"


@dataclass(frozen=True)
class Flag:
    kind: str  # "pain", "rising" or "missed": a CSS hook
    text: str


@dataclass(frozen=True)
class Chart:
    """A small line of values 0–10 over the trend's days: its points in the SVG's box, and the
    values in words."""

    coords: tuple[tuple[float, float], ...]
    values: tuple[int, ...]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def points(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.coords)

    @property
    def last(self) -> tuple[float, float]:
        return self.coords[-1]

    @property
    def latest(self) -> int:
        return self.values[-1]

    @property
    def words(self) -> str:
        return ", ".join(str(value) for value in self.values)


@dataclass(frozen=True)
class ExerciseTrend:
    name: str
    adherence: Adherence
    pain: Chart | None
    effort: Chart | None


@dataclass(frozen=True)
class WeekShare:
    start: datetime.date
    end: datetime.date
    adherence: Adherence


@dataclass(frozen=True)
class HomeSummary:
    last_7: Adherence
    last_28: Adherence
    weeks: tuple[WeekShare, ...]
    exercises: tuple[ExerciseTrend, ...]
    flags: tuple[Flag, ...] = field(default_factory=tuple)
    logged: int = 0


def adherence(
    plans: Iterable[Plan],
    logs: Sequence[Log],
    start: datetime.date,
    end: datetime.date,
    *,
    logging_from: datetime.date | None,
    today: datetime.date,
) -> Adherence:
    """Planned and done sessions from `start` to `end`, both included."""
    planned = done = 0
    for plan in plans:
        here = _adherence_of(plan, logs, start, end, logging_from=logging_from, today=today)
        planned += here.planned
        done += here.done
    return Adherence(planned=planned, done=done)


def _adherence_of(
    plan: Plan,
    logs: Sequence[Log],
    start: datetime.date,
    end: datetime.date,
    *,
    logging_from: datetime.date | None,
    today: datetime.date,
) -> Adherence:
    if logging_from is None:
        return Adherence(0, 0)
    start = max(start, logging_from)
    done_on: dict[datetime.date, int] = {}
    for log in logs:
        day = log.performed_on
        counts = log.done and log.prescription_id == plan.prescription_id
        if counts and start <= day <= end and plan.days_in(day, day):
            done_on[day] = done_on.get(day, 0) + 1
    planned = round(plan.days_in(start, min(end, today - ONE_DAY)) * plan.per_day)
    if start <= today <= end and plan.days_in(today, today):
        planned += min(done_on.get(today, 0), math.ceil(plan.per_day))
    return Adherence(planned=planned, done=min(sum(done_on.values()), planned))


def chart(values: Sequence[tuple[int, int]], days: int) -> Chart | None:
    """`values` as (day of the trend, value 0–10) in order; None with fewer than one."""
    if not values:
        return None
    step = CHART_WIDTH / max(days - 1, 1)
    coords = tuple(
        (round(day * step, 1), round(CHART_HEIGHT * (1 - value / SCALE_TOP), 1))
        for day, value in values
    )
    return Chart(coords=coords, values=tuple(value for _, value in values))


def flags(
    plans: Sequence[Plan],
    logs: Sequence[Log],
    *,
    logging_from: datetime.date | None,
    today: datetime.date,
    can_log: bool,
) -> list[Flag]:
    """Pain of 7/10 or more in the last 7 days; pain rising over the last 3 logs that give it;
    3 planned sessions or more missed since the last one done (while the client can log)."""
    found: list[Flag] = []
    for plan in plans:
        own = _in_order(log for log in logs if log.prescription_id == plan.prescription_id)
        recent = [log for log in own if log.performed_on > today - HIGH_PAIN_DAYS * ONE_DAY]
        high = [log for log in recent if log.pain is not None and log.pain >= HIGH_PAIN]
        if high:
            worst = high[-1]
            on = worst.performed_on.strftime("%-d %b")
            found.append(Flag("pain", f"Pain {worst.pain}/10 during {plan.name} ({on})"))
        pains = [log.pain for log in own if log.pain is not None][-RISING_OVER:]
        if len(pains) == RISING_OVER and all(a < b for a, b in pairwise(pains)):
            rising = " → ".join(str(p) for p in pains)
            found.append(Flag("rising", f"Pain rising during {plan.name}: {rising}"))
        missed = _missed_in_a_row(plan, own, logging_from=logging_from, today=today)
        if can_log and plan.last is None and missed >= MISSED_IN_A_ROW:
            found.append(Flag("missed", f"{missed} planned sessions of {plan.name} missed"))
    return found


def _in_order(logs: Iterable[Log]) -> list[Log]:
    """Oldest day first; logs of one day kept in the order they were given (logged)."""
    return sorted(logs, key=lambda log: log.performed_on)


def _missed_in_a_row(
    plan: Plan, own: Sequence[Log], *, logging_from: datetime.date | None, today: datetime.date
) -> int:
    """Planned sessions from the day after the last one done (or since the client could log it)
    to yesterday."""
    if logging_from is None:
        return 0
    done = [log.performed_on for log in own if log.done]
    since = max(logging_from, plan.first)
    if done:
        since = max(since, max(done) + ONE_DAY)
    return math.floor(plan.days_in(since, today - ONE_DAY) * plan.per_day)


def home_summary(
    plans: Sequence[Plan],
    logs: Sequence[Log],
    *,
    logging_from: datetime.date | None,
    today: datetime.date,
    can_log: bool,
) -> HomeSummary:
    """The clinician's view of the last 28 days: 7- and 28-day shares, the share of each of the
    last four weeks, each exercise's share and its pain and effort over the period, the flags."""
    first_day = today - (TREND_DAYS - 1) * ONE_DAY
    since = max(logging_from, first_day) if logging_from is not None else None

    def share(start: datetime.date, end: datetime.date, of=plans) -> Adherence:
        return adherence(of, logs, start, end, logging_from=logging_from, today=today)

    weeks = tuple(
        WeekShare(start, start + 6 * ONE_DAY, share(start, start + 6 * ONE_DAY))
        for start in (first_day + 7 * week * ONE_DAY for week in range(TREND_DAYS // 7))
    )
    exercises = []
    for plan in plans:
        own = _in_order(
            log
            for log in logs
            if log.prescription_id == plan.prescription_id and log.performed_on >= first_day
        )
        if plan.last is not None and plan.last < first_day:
            continue
        pain = _series(own, first_day, "pain")
        effort = _series(own, first_day, "effort")
        exercises.append(
            ExerciseTrend(
                name=plan.name,
                adherence=share(first_day, today, of=[plan]),
                pain=chart(pain, TREND_DAYS),
                effort=chart(effort, TREND_DAYS),
            )
        )
    return HomeSummary(
        last_7=share(today - 6 * ONE_DAY, today),
        last_28=share(first_day, today),
        weeks=weeks,
        exercises=tuple(exercises),
        # Sessions missed are counted within the 28 days, whatever came before them.
        flags=tuple(flags(plans, logs, logging_from=since, today=today, can_log=can_log)),
        logged=sum(1 for log in logs if log.performed_on >= first_day),
    )


def _series(logs: Sequence[Log], first_day: datetime.date, name: str) -> list[tuple[int, int]]:
    """(day of the trend, value) of each log that gives the value, in order."""
    found = []
    for log in logs:
        value = getattr(log, name)
        if value is not None:
            found.append(((log.performed_on - first_day).days, value))
    return found


@dataclass(frozen=True)
class PeriodSummary:
    """What the report says beside the treatment between two rounds."""

    adherence: Adherence
    pain_changes: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join([self.adherence.text, *self.pain_changes])


def between_rounds(
    plans: Sequence[Plan],
    logs: Sequence[Log],
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    logging_from: datetime.date | None,
    day_of: Callable[[datetime.datetime], datetime.date],
) -> PeriodSummary | None:
    """What was logged from one round to the next (by the moment each log arrived), against
    what was planned from the first round's day to the next round's: that day, like today,
    plans only the sessions logged of it before the round. None when the client could not log
    in the period or logged nothing in it (two rounds minutes apart, as a rule)."""
    if end <= start:
        return None
    start_day, end_day = day_of(start), day_of(end)
    inside = _in_order(
        log for log in logs if log.logged_at is not None and start <= log.logged_at < end
    )
    if logging_from is None or logging_from > end_day or not inside:
        return None
    changes = []
    for plan in plans:
        pains = [
            log.pain
            for log in inside
            if log.prescription_id == plan.prescription_id and log.pain is not None
        ]
        if len(pains) >= 2:
            changes.append(f"{plan.name} pain {pains[0]} → {pains[-1]} over the period")
    return PeriodSummary(
        adherence=adherence(
            plans, inside, start_day, end_day, logging_from=logging_from, today=end_day
        ),
        pain_changes=tuple(changes),
    )
