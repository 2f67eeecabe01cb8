"""Opening times in plain words (kith_web.partner.opening_words): what the page writes reads
back as the same times, the ways people write times are understood, and a line that cannot be
read is refused by its number, never guessed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_web.partner.opening_words import DAYS, OpeningTime, UnreadableLine, in_words, read

clock = st.tuples(st.integers(0, 23), st.sampled_from([0, 15, 30, 45])).map(
    lambda t: f"{t[0]:02d}:{t[1]:02d}"
)


@st.composite
def opening_times(draw: st.DrawFn) -> OpeningTime:
    days = draw(st.sets(st.sampled_from(DAYS), min_size=1))
    opens, closes = sorted(draw(st.sets(clock, min_size=2, max_size=2)))
    nth = draw(st.sampled_from([None, 1, 2, 3, 4, 5, -1]))
    return OpeningTime(tuple(d for d in DAYS if d in days), opens, closes, nth)


@given(st.lists(opening_times(), max_size=5))
def test_what_the_page_writes_reads_back_the_same(times: list[OpeningTime]) -> None:
    assert read("\n".join(in_words(t) for t in times)) == times


def _outcome(text: str) -> tuple[list[OpeningTime], UnreadableLine | None]:
    try:
        return read(text), None
    except UnreadableLine as refused:
        return [], refused


@given(st.text(alphabet=st.sampled_from("MondayTuesFri 0123456789:.-toamp,&\n"), max_size=60))
def test_any_text_is_read_into_valid_times_or_refused_by_line(text: str) -> None:
    times, refused = _outcome(text)
    if refused is not None:
        assert 1 <= refused.line <= len(text.splitlines())
        assert refused.message
    for time in times:
        assert time.days
        assert time.opens_at < time.closes_at


@pytest.mark.parametrize(
    ("written", "days", "opens", "closes", "nth"),
    [
        ("Monday to Friday 9:30 to 16:30", "MO TU WE TH FR", "09:30", "16:30", None),
        ("mon, wed & fri 10-12", "MO WE FR", "10:00", "12:00", None),
        ("Tuesdays 9.30am - 4pm", "TU", "09:30", "16:00", None),
        ("2nd Tuesday of the month 6pm-8pm", "TU", "18:00", "20:00", 2),
        ("last Friday 14:00\u201316:00", "FR", "14:00", "16:00", -1),
        ("weekends noon till 5pm", "SA SU", "12:00", "17:00", None),
        ("every day 8am to 8pm", "MO TU WE TH FR SA SU", "08:00", "20:00", None),
        ("Saturday to Monday 10-11", "MO SA SU", "10:00", "11:00", None),
    ],
)
def test_the_ways_people_write_times(
    written: str, days: str, opens: str, closes: str, nth: int | None
) -> None:
    assert read(written) == [OpeningTime(tuple(days.split()), opens, closes, nth)]


@pytest.mark.parametrize(
    ("written", "line", "says"),
    [
        ("Mondays 10-12\nMondy 10-12", 2, "“mondy” is not a day of the week"),
        ("Monday", 1, "say when it opens and closes"),
        ("Monday 9-5", 1, "closing time must be after the opening time"),
        ("Monday 25:00-26:00", 1, "times are like"),
        ("\n\n 13:00-14:00", 3, "say which days"),
    ],
)
def test_a_line_that_cannot_be_read_is_named(written: str, line: int, says: str) -> None:
    with pytest.raises(UnreadableLine) as refused:
        read(written)
    assert refused.value.line == line
    assert says in refused.value.message
