"""Cleaning feed values (pure, property-based): HTML becomes safe text, messy dates parse to
the date they spell, blanks disappear, opening times normalise."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from kith_directory.domain.cleaning import (
    drop_blanks,
    parse_date,
    parse_datetime,
    safe_text,
)
from kith_directory.domain.schedules import normalise_time
from kith_directory.domain.urls import clean_email, clean_url

TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
markup = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<b>",
                "</b>",
                "<script>alert(1)</script>",
                "&lt;img src=x onerror=alert(1)&gt;",
                "&amp;lt;i&amp;gt;",
                "&nbsp;",
                "&amp;",
                "<a href='javascript:x()'>",
                "</a>",
                "<!-- c -->",
                "<",
                ">",
                "&lt;",
                "<style>p{}</style>",
                "&#60;svg onload=x&#62;",
            ]
        ),
    ),
    max_size=12,
).map("".join)


@given(markup)
def test_safe_text_never_contains_anything_a_browser_reads_as_a_tag(raw: str) -> None:
    text = safe_text(raw)
    if text is not None:
        assert not TAG_LIKE.search(text)
        assert "alert(1)" not in text or "onerror" not in text
        assert text == text.strip()
        assert safe_text(text) == text or safe_text(text) is not None


def test_safe_text_keeps_words_and_lines_and_decodes_entities() -> None:
    raw = "<p>Food &amp; drink<br>for <b>all</b></p><script>steal()</script>&lt;b&gt;ok&lt;/b&gt;"
    assert safe_text(raw) == "Food & drink\nfor all\nok"
    assert safe_text("<b> </b>") is None
    assert safe_text("a < b > c") == "a < b > c"


formats = {
    "%Y-%m-%d": "{:%Y-%m-%d}",
    "%d/%m/%Y": "{:%d/%m/%Y}",
    "%d-%m-%Y": "{:%d-%m-%Y}",
    "%d.%m.%Y": "{:%d.%m.%Y}",
    "%Y/%m/%d": "{:%Y/%m/%d}",
    "%Y%m%d": "{:%Y%m%d}",
    "%d %B %Y": "{:%d %B %Y}",
    "%d %b %Y": "{:%d %b %Y}",
    "%B %d, %Y": "{:%B %d, %Y}",
    "iso-java": "{:%Y-%m-%d}T00:00:00.000+0000",
    "iso-z": "{:%Y-%m-%d}T00:00:00Z",
    "space": "{:%Y-%m-%d} 00:00:00",
}


@given(
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
    fmt=st.sampled_from(sorted(formats)),
)
def test_a_date_written_in_any_supported_format_reads_back(day: date, fmt: str) -> None:
    assert parse_date(formats[fmt].format(day)) == day


def test_epoch_milliseconds_and_rubbish() -> None:
    assert parse_datetime(1614816000000) == datetime(2021, 3, 4, tzinfo=UTC)
    assert parse_datetime(1614816000) == datetime(2021, 3, 4, tzinfo=UTC)
    rubbish_values: tuple[object, ...] = ("the 4th of March", "31/02/2021", "", None, True, [])
    for rubbish in (*rubbish_values, "2021-13-01"):
        assert parse_datetime(rubbish) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["", " ", "null", "N/A"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


def _has_blank(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_blank(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_blank(v) for v in value)
    return value is None or (
        isinstance(value, str) and value.strip().lower() in {"", "null", "n/a"}
    )


@given(json_values)
def test_blanks_are_dropped_at_every_depth(value: object) -> None:
    cleaned = drop_blanks(value)
    if isinstance(value, dict | list):
        assert not _has_blank(cleaned)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_times_of_day_normalise(hour: int, minute: int) -> None:
    want = f"{hour:02d}:{minute:02d}"
    assert normalise_time(f"{hour}:{minute:02d}") == want
    assert normalise_time(f"{hour:02d}:{minute:02d}:00Z") == want
    twelve = hour % 12 or 12
    suffix = "pm" if hour >= 12 else "am"
    assert normalise_time(f"{twelve}.{minute:02d}{suffix}") == want
    assert normalise_time(f"{hour}") is None


def test_urls_and_emails() -> None:
    assert clean_url("www.example.org/x") == "https://www.example.org/x"
    assert clean_url("http://example.org") == "http://example.org"
    assert clean_url("javascript:alert(1)") is None
    assert clean_url("not a url") is None
    assert clean_email("mailto:Help@Example.org") == "Help@Example.org"
    assert clean_email("nobody at example") is None
