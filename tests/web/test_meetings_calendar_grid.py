"""The meetings calendar's month grid (pure): every day once, Monday first, meetings on
their UK day, and any `month` a client sends gives a month (never an error)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from kith_web.meetings.calendar import month_of, shifted, weeks

TODAY = date(2026, 12, 3)
months = st.builds(lambda y, m: date(y, m, 1), st.integers(2000, 2200), st.integers(1, 12))


@given(months)
def test_every_day_of_the_month_appears_once_in_monday_first_weeks(first: date) -> None:
    grid = weeks(first, [])
    days = [d.on for week in grid for d in week]
    assert all(len(week) == 7 and week[0].on.weekday() == 0 for week in grid)
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]
    in_month = [d.on for week in grid for d in week if d.in_month]
    last = shifted(first, 1) - timedelta(days=1)
    assert in_month == [first + timedelta(days=n) for n in range(last.day)]


def test_a_meeting_goes_on_the_day_it_starts_in_uk_time() -> None:
    late = {"id": "m1", "title": "Night MDT", "startsAt": "2026-06-30T23:30:00+00:00"}
    july = [d for week in weeks(date(2026, 7, 1), [late]) for d in week if d.meetings]
    assert [(d.on, d.meetings[0]["time"]) for d in july] == [(date(2026, 7, 1), "00:30")]
    june = [d for week in weeks(date(2026, 6, 1), [late]) for d in week if d.meetings]
    assert [d.on for d in june] == [date(2026, 7, 1)]  # shown in June's last week, as July's


@given(st.text(max_size=30))
def test_any_month_parameter_gives_the_first_of_a_month(text: str) -> None:
    first = month_of(text, TODAY)
    assert first.day == 1
    assert 2000 <= first.year <= 2200


def test_months_given_and_moved() -> None:
    assert month_of("2027-02", TODAY) == date(2027, 2, 1)
    assert month_of("2027-13", TODAY) == month_of("99999-01", TODAY) == date(2026, 12, 1)
    assert (shifted(date(2026, 12, 1), 1), shifted(date(2026, 1, 1), -1)) == (
        date(2027, 1, 1), date(2025, 12, 1))  # fmt: skip
