"""Working days for SLAs: weekends and England & Wales bank holidays never count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kith_referrals.calendar import (
    add_working_days,
    bank_holidays,
    due_after,
    is_working_day,
    london_day,
    working_days_between,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=40)
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 1), timezones=st.just(UTC)
)


@settings(deadline=None)  # the first call per year builds that year's holidays
@given(day=days, n=counts)
def test_the_nth_working_day_is_a_working_day_exactly_n_working_days_on(day: date, n: int) -> None:
    due = add_working_days(day, n)
    assert due > day
    assert is_working_day(due)
    assert working_days_between(day, due) == n
    assert working_days_between(day, due - timedelta(days=1)) == n - 1


@settings(deadline=None)
@given(day=days, n=counts, m=counts)
def test_adding_working_days_composes(day: date, n: int, m: int) -> None:
    assert add_working_days(add_working_days(day, n), m) == add_working_days(day, n + m)


@settings(deadline=None)
@given(first=days, second=days, n=counts)
def test_a_later_start_never_gives_an_earlier_deadline(first: date, second: date, n: int) -> None:
    early, late = sorted((first, second))
    assert add_working_days(early, n) <= add_working_days(late, n)


@settings(deadline=None)
@given(day=days, n=counts)
def test_agrees_with_numpys_business_day_arithmetic(day: date, n: int) -> None:
    # An independent implementation: roll a non-working day back to the last working day
    # (no working day lies between them), then step n business days.
    years = range(day.year, day.year + 2)
    closed = sorted(d for year in years for d in bank_holidays(year))
    expected = numpy.busday_offset(day, n, roll="backward", holidays=closed)
    assert add_working_days(day, n) == expected.astype(date)


@settings(deadline=None)
@given(received=instants, n=counts)
def test_an_sla_ends_at_london_midnight_after_n_full_working_days(
    received: datetime, n: int
) -> None:
    due = due_after(received, n)
    assert due > received
    last_day = london_day(due - timedelta(microseconds=1))
    assert is_working_day(last_day)
    assert working_days_between(london_day(received), last_day) == n
    assert london_day(due) == last_day + timedelta(days=1)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_england_and_wales_share_one_list_of_bank_holidays(year: int) -> None:
    wales = frozenset(holidays.country_holidays("GB", subdiv="WLS", years=year).keys())
    assert bank_holidays(year) == wales
    assert len(bank_holidays(year)) >= 8


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        # Monday morning: five working days are Tue..Mon, due at the end of the next Monday.
        (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), 5, datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
        # Saturday: counting starts on Monday.
        (datetime(2026, 11, 28, 9, 0, tzinfo=UTC), 1, datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
        # Christmas Eve 2026: 25 Dec, 28 Dec (Boxing Day observed) and 1 Jan are skipped.
        (datetime(2026, 12, 24, 10, 0, tzinfo=UTC), 5, datetime(2027, 1, 6, 0, 0, tzinfo=UTC)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (datetime(2027, 3, 25, 10, 0, tzinfo=UTC), 1, datetime(2027, 3, 30, 23, 0, tzinfo=UTC)),
        # 23:30 London (BST) on a Friday is still Friday, though it is 22:30 UTC.
        (datetime(2026, 7, 3, 22, 30, tzinfo=UTC), 1, datetime(2026, 7, 6, 23, 0, tzinfo=UTC)),
        # The clocks go forward on 29 March 2026: the deadline is London midnight, 23:00 UTC.
        (datetime(2026, 3, 27, 12, 0, tzinfo=UTC), 1, datetime(2026, 3, 30, 23, 0, tzinfo=UTC)),
    ],
)
def test_known_deadlines(received: datetime, n: int, due: datetime) -> None:
    assert due_after(received, n) == due


def test_bad_arguments_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2026, 1, 5), 0)
    with pytest.raises(ValueError, match="time zone"):
        due_after(datetime(2026, 1, 5, 9, 0), 5)  # naive on purpose
