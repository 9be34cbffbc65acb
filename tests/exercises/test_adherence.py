"""The share of planned sessions done, pain and effort over time, and the flags, from the
client's logs (exercises.adherence: plain values, no database)."""

import datetime

from exercises.adherence import (
    Adherence,
    Log,
    Plan,
    adherence,
    between_rounds,
    chart,
    flags,
    home_summary,
)

TODAY = datetime.date(2026, 12, 3)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def plan(pk=1, name="Glute bridge", times=1, per_week=False, first=-30, last=None) -> Plan:
    return Plan(pk, name, times, per_week, day(first), None if last is None else day(last))


def done(offset: int, pk=1, pain=None, effort=None, was_done=True) -> Log:
    return Log(pk, day(offset), was_done, pain, effort)


def share(plans, logs, start, end, logging_from=-30) -> Adherence:
    return adherence(plans, logs, day(start), day(end), logging_from=day(logging_from), today=TODAY)


def test_a_daily_exercise_plans_one_session_a_day_and_today_only_once_it_is_done():
    logs = [done(-d) for d in (1, 2, 4, 5, 6)]
    # Six days before today are planned; today is not over and nothing is logged yet.
    assert share([plan()], logs, -6, 0).text == "5 of 6 planned sessions done (83 %)"
    assert share([plan()], [*logs, done(0)], -6, 0).text == "6 of 7 planned sessions done (86 %)"


def test_a_weekly_frequency_plans_its_share_of_each_day():
    three_a_week = plan(times=3, per_week=True)
    assert share([three_a_week], [], -14, -1).planned == 6
    assert share([three_a_week], [done(-3), done(-10)], -14, -1).text == (
        "2 of 6 planned sessions done (33 %)"
    )


def test_twice_a_day_plans_two_sessions_a_day():
    assert share([plan(times=2)], [done(-1), done(-1), done(-2)], -2, -1).text == (
        "3 of 4 planned sessions done (75 %)"
    )


def test_not_today_is_not_done_and_partly_is():
    logs = [done(-1, was_done=False), done(-2)]
    assert share([plan()], logs, -2, -1) == Adherence(planned=2, done=1)


def test_more_sessions_than_planned_count_as_all_of_them():
    assert share([plan()], [done(-1)] * 3, -2, -1) == Adherence(planned=2, done=2)


def test_nothing_is_planned_before_the_client_had_a_link_or_the_exercise_was_prescribed():
    assert share([plan()], [], -10, -1, logging_from=-3).planned == 3
    assert share([plan(first=-2)], [], -10, -1).planned == 2
    assert adherence([plan()], [], day(-10), day(-1), logging_from=None, today=TODAY).planned == 0
    assert share([plan()], [], -10, -1, logging_from=-3).text.startswith("0 of 3")


def test_a_stopped_exercise_is_planned_until_the_day_it_stopped():
    assert share([plan(last=-5)], [], -10, -1).planned == 6


def test_with_nothing_planned_it_says_so():
    assert share([], [], -6, 0).text == "No sessions planned in this period"
    assert share([], [], -6, 0).share is None


def test_pain_of_seven_or_more_in_the_last_seven_days_is_a_flag():
    raised = flags(
        [plan()],
        [done(-10, pain=9), done(-2, pain=7), done(-1, pain=3)],
        logging_from=day(-30),
        today=TODAY,
        can_log=True,
    )
    assert [(f.kind, f.text) for f in raised] == [("pain", "Pain 7/10 during Glute bridge (1 Dec)")]


def test_pain_of_seven_longer_ago_is_not():
    assert not flags(
        [plan()], [done(-8, pain=8), done(-1)], logging_from=day(-30), today=TODAY, can_log=True
    )


def test_pain_rising_over_the_last_three_logs_that_give_it_is_a_flag():
    logs = [done(-4, pain=5), done(-3, pain=2), done(-2), done(-2, pain=3), done(-1, pain=4)]
    raised = flags([plan()], logs, logging_from=day(-30), today=TODAY, can_log=True)
    assert [f.text for f in raised] == ["Pain rising during Glute bridge: 2 → 3 → 4"]


def test_pain_that_holds_still_is_not_rising():
    logs = [done(-3, pain=2), done(-2, pain=4), done(-1, pain=4)]
    assert not flags([plan()], logs, logging_from=day(-30), today=TODAY, can_log=True)


def test_three_planned_sessions_missed_since_the_last_done_is_a_flag():
    raised = flags([plan()], [done(-4)], logging_from=day(-30), today=TODAY, can_log=True)
    assert [(f.kind, f.text) for f in raised] == [
        ("missed", "3 planned sessions of Glute bridge missed")
    ]
    # Two missed is not yet; today is not missed before it is over.
    assert not flags([plan()], [done(-3)], logging_from=day(-30), today=TODAY, can_log=True)


def test_sessions_are_not_missed_while_the_client_has_no_link_that_opens():
    assert not flags([plan()], [], logging_from=day(-30), today=TODAY, can_log=False)
    assert not flags([plan(last=-1)], [], logging_from=day(-30), today=TODAY, can_log=True)


def test_a_chart_places_values_0_to_10_over_the_days():
    line = chart([(0, 10), (27, 0)], 28)
    assert line.coords == ((0, 0), (112, 28))
    assert line.points == "0,0 112,28"
    assert (line.latest, line.words) == (0, "10, 0")
    assert chart([], 28) is None


def test_the_summary_gives_7_and_28_days_each_week_each_exercise_and_the_flags():
    plans = [plan(), plan(pk=2, name="Side plank", times=3, per_week=True)]
    logs = [done(-1, pain=4, effort=6), done(-2, pain=5), done(-5, pk=2, effort=3)]
    summary = home_summary(plans, logs, logging_from=day(-6), today=TODAY, can_log=True)
    assert summary.last_7.text == "3 of 9 planned sessions done (33 %)"
    assert summary.last_28 == summary.last_7
    assert [w.start for w in summary.weeks] == [day(-27), day(-20), day(-13), day(-6)]
    assert [w.adherence.share for w in summary.weeks] == [None, None, None, 33]
    bridge, plank = summary.exercises
    assert (bridge.name, bridge.pain.words, bridge.effort.words) == ("Glute bridge", "5, 4", "6")
    assert plank.pain is None and plank.effort.words == "3"
    assert summary.logged == 3
    # The bridge was done yesterday; the plank, 3 times a week, last done 5 days ago, has
    # missed one planned session since: no flag yet.
    assert summary.flags == ()


def at(offset: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day(offset), datetime.time(hour), tzinfo=datetime.UTC)


def logged(offset: int, pk=1, pain=None, hour=12, on=None) -> Log:
    """A session done on day `on` (the same day by default), logged at `hour` on day `offset`."""
    return Log(pk, day(offset if on is None else on), True, pain, None, at(offset, hour))


def period(plans, logs, start, end, logging_from=-20):
    return between_rounds(
        plans, logs, start, end, logging_from=day(logging_from), day_of=datetime.datetime.date
    )


def test_between_two_rounds_the_report_line_gives_the_share_and_each_exercises_pain():
    plans = [plan(), plan(pk=2, name="Dead bug")]
    days = [-13, -12, -11, -10, -9, -8, -7, -6, -5]
    logs = [logged(d, pain=4 if d == -13 else 1 if d == -5 else 2) for d in days]
    logs += [logged(d, pk=2) for d in days]
    # From the first round's day to the day before the next: 12 days of two daily exercises.
    assert period(plans, logs, at(-13), at(-1)).text == (
        "18 of 24 planned sessions done (75 %); Glute bridge pain 4 → 1 over the period"
    )


def test_the_next_rounds_day_plans_what_was_logged_before_the_round():
    logs = [logged(-2), logged(0, hour=9), logged(0, pk=2, hour=9), logged(0, pk=2, hour=11)]
    plans = [plan(), plan(pk=2, name="Dead bug")]
    # Days -2 and -1 planned for both (4), and this morning's two sessions logged before the
    # 10 o'clock retest; the one logged after it belongs to the period after that round.
    assert period(plans, logs, at(-2), at(0)).text == "3 of 6 planned sessions done (50 %)"


def test_a_log_arrives_in_the_period_it_was_sent_in_even_for_an_earlier_day():
    # Done yesterday, sent this morning before the retest: counted for yesterday.
    logs = [logged(0, hour=8, on=-1)]
    assert period([plan()], logs, at(-1, 9), at(0)).text == "1 of 1 planned session done (100 %)"


def test_between_rounds_says_nothing_without_a_link_or_a_log_or_time_between():
    assert period([plan()], [], at(-13), at(-1)) is None
    logs = [logged(-5)]
    no_link = between_rounds(
        [plan()], logs, at(-13), at(-1), logging_from=None, day_of=datetime.datetime.date
    )
    assert no_link is None
    assert period([plan()], logs, at(-13), at(-1), logging_from=0) is None
    # Two rounds of the same visit, minutes apart, with no log sent between them.
    assert period([plan()], logs, at(-5, 10), at(-5, 11)) is None
    assert period([plan()], logs, at(-1), at(-5)) is None
