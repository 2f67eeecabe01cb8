"""The find-help search parser: total, case-blind, and `render` is its inverse."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.public import vocabulary as v
from kith_gateway.public.parse import PHRASES, ParsedSearch, parse, render, tokens

KNOWN = {w for phrase in PHRASES for w in phrase} | set(v.FILLER) | {"in", "near", "around", "at"}
plain_word = st.text(string.ascii_lowercase, min_size=3, max_size=9).filter(
    lambda w: w not in KNOWN and not any(c.isdigit() for c in w)
)
searches = st.builds(
    ParsedSearch,
    needs=st.lists(st.sampled_from(sorted(v.NEED_WORDS)), unique=True, max_size=3).map(tuple),
    place=st.one_of(st.none(), st.lists(plain_word, min_size=1, max_size=3).map(" ".join)),
    near_me=st.booleans(),
    day=st.one_of(st.none(), st.sampled_from(sorted(v.DAY_WORDS))),
    time=st.one_of(
        st.none(),
        st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    ),
    languages=st.lists(st.sampled_from(sorted(v.LANGUAGE_WORDS)), unique=True, max_size=2).map(
        tuple
    ),
    women_only=st.booleans(),
    step_free=st.booleans(),
    free=st.booleans(),
    words=st.lists(plain_word, max_size=3).map(tuple),
)


@given(searches)
def test_render_then_parse_gives_back_the_same_search(search: ParsedSearch) -> None:
    assert parse(render(search)) == search


@given(st.text(max_size=400))
def test_any_text_parses_and_keeps_only_words_it_was_given(text: str) -> None:
    parsed = parse(text)
    given_words = set(tokens(text))
    assert set(parsed.words) <= given_words
    assert set(parsed.needs) <= set(v.NEED_WORDS)
    assert set(parsed.languages) <= set(v.LANGUAGE_WORDS)
    assert parsed.day is None or parsed.day in v.DAY_WORDS
    assert parse(render(parsed)).needs == parsed.needs


@given(st.text(string.ascii_letters + string.digits + " ,.:'-", max_size=120))
def test_capital_letters_do_not_change_what_is_understood(text: str) -> None:
    assert parse(text.upper()) == parse(text.lower())


@given(st.sampled_from(sorted((p, k) for p, k in PHRASES.items())))
def test_every_phrase_of_the_vocabulary_is_understood_alone(
    item: tuple[tuple[str, ...], tuple[str, str]],
) -> None:
    phrase, (kind, value) = item
    parsed = parse(" ".join(phrase))
    found = {
        "need": value in parsed.needs,
        "language": value in parsed.languages,
        "day": parsed.day == value,
        "part": parsed.time == value,
        "flag": getattr(parsed, value, False) is True,
    }
    assert found[kind], (phrase, parsed)


def test_a_sentence_a_person_might_type() -> None:
    parsed = parse("Food bank in Keighley on Tuesday evening, Urdu, women only")
    assert parsed == ParsedSearch(
        needs=("food",),
        place="keighley",
        day="TU",
        time="18:30",
        languages=("ur",),
        women_only=True,
    )


def test_postcodes_and_clock_times() -> None:
    assert parse("debt advice bd8 7ab 2pm").place == "BD8 7AB"
    assert parse("debt advice BD8").place == "BD8"
    assert parse("yoga 10:30am").time == "10:30"
    assert parse("12am").time == "00:00"
    assert parse("25:00").time is None


def test_urdu_language_name_in_its_own_script() -> None:
    assert parse("اردو").languages == ("ur",)
