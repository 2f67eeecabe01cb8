"""From what a person types ("food bank in Keighley on Tuesday evening, Urdu, women only")
to what the directory search asks for: needs, a place, a day and time, languages, the
women-only / step-free / free filters, and the words left over for full-text search.

Pure and total: any text parses (unknown words are kept as search words, never an error).
`render` writes a parse back as text that parses to the same thing (a property test holds
it to that), which is also how the results page says what it understood.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from kith_gateway.public import vocabulary as v

MAX_TEXT = 300
_MAX_PHRASE = 4
_POSTCODE = re.compile(r"^([a-z]{1,2}\d[a-z\d]?)(\d[a-z]{2})?$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")
_PLACE_CUES = ("in", "near", "around", "at")


@dataclass(frozen=True)
class ParsedSearch:
    needs: tuple[str, ...] = ()
    place: str | None = None
    near_me: bool = False
    day: str | None = None
    time: str | None = None
    languages: tuple[str, ...] = ()
    women_only: bool = False
    step_free: bool = False
    free: bool = False
    words: tuple[str, ...] = field(default=())


def _phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    groups: list[tuple[str, dict[str, tuple[str, ...]]]] = [
        ("need", v.NEED_WORDS),
        ("language", v.LANGUAGE_WORDS),
        ("day", v.DAY_WORDS),
        ("part", {t: (p,) for p, t in v.PART_OF_DAY.items()}),
        ("flag", {"women_only": v.WOMEN_ONLY, "step_free": v.STEP_FREE, "free": v.FREE}),
        ("flag", {"near_me": v.NEAR_ME}),
    ]
    for kind, words in groups:
        for value, phrases in words.items():
            for phrase in phrases:
                table.setdefault(tuple(tokens(phrase)), (kind, value))
    return table


def tokens(text: str) -> list[str]:
    """Lower-case words; punctuation other than ' - : separates them."""
    text = unicodedata.normalize("NFKC", text[:MAX_TEXT]).casefold()
    cleaned = "".join(
        ch if ch.isalnum() or ch in "'-:" or unicodedata.category(ch) in ("Mn", "Mc") else " "
        for ch in text
    )
    return [t.strip("'-:") for t in cleaned.split() if t.strip("'-:")]


PHRASES = _phrases()


def _clock(token: str) -> str | None:
    found = _CLOCK.match(token)
    if not found or (found.group(2) is None and found.group(3) is None):
        return None  # a bare number is not a time
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if found.group(3) == "pm" and hour < 12:
        hour += 12
    elif found.group(3) == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _match(words: list[str], i: int) -> tuple[int, tuple[str, str] | None]:
    for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
        found = PHRASES.get(tuple(words[i : i + size]))
        if found is not None:
            return size, found
    return 1, None


def _apply(parsed: ParsedSearch, kind: str, value: str) -> ParsedSearch:
    if kind == "need" and value not in parsed.needs:
        return replace(parsed, needs=(*parsed.needs, value))
    if kind == "language" and value not in parsed.languages:
        return replace(parsed, languages=(*parsed.languages, value))
    if kind == "day":
        return replace(parsed, day=value)
    if kind == "part":
        return replace(parsed, time=value)
    if kind == "flag":
        return replace(parsed, **{value: True})  # type: ignore[arg-type]
    return parsed


def _postcode(words: list[str], i: int) -> tuple[int, str] | None:
    """A postcode district ("bd8") or a full postcode ("bd8 7ab" or "bd87ab")."""
    joined = words[i] + (words[i + 1] if i + 1 < len(words) else "")
    full = _POSTCODE.match(joined)
    if i + 1 < len(words) and full and full.group(2):
        return 2, f"{full.group(1)} {full.group(2)}".upper()
    alone = _POSTCODE.match(words[i])
    if alone and any(ch.isdigit() for ch in words[i]) and any(ch.isalpha() for ch in words[i]):
        return 1, " ".join(g for g in alone.groups() if g).upper()
    return None


def parse(text: str) -> ParsedSearch:
    words = tokens(text)
    parsed, place, rest = ParsedSearch(), list[str](), list[str]()
    i, in_place = 0, False
    while i < len(words):
        size, found = _match(words, i)
        clock = _clock(words[i])
        postcode = _postcode(words, i) if found is None and clock is None else None
        if found is not None:
            parsed, in_place = _apply(parsed, *found), False
        elif clock is not None:
            parsed, in_place = replace(parsed, time=clock), False
        elif postcode is not None:
            size, place, in_place = postcode[0], [postcode[1]], False
        elif words[i] in _PLACE_CUES:
            in_place, place = True, []
        elif in_place and words[i] not in v.FILLER:
            place.append(words[i])
        elif in_place:
            in_place = False
        elif words[i] not in v.FILLER:
            rest.append(words[i])
        i += size
    return replace(parsed, place=" ".join(place) or None, words=tuple(rest))


def render(parsed: ParsedSearch) -> str:
    """Text that parses back to `parsed` (canonical words for every part)."""
    out = [v.NEED_WORDS[n][0] for n in parsed.needs]
    out += [v.LANGUAGE_WORDS[code][0] for code in parsed.languages]
    out += list(parsed.words)
    if parsed.day:
        out.append(v.DAY_WORDS[parsed.day][0])
    if parsed.time:
        out.append(parsed.time)
    flags = (
        (parsed.women_only, v.WOMEN_ONLY[0]),
        (parsed.step_free, v.STEP_FREE[0]),
        (parsed.free, v.FREE[0]),
        (parsed.near_me, v.NEAR_ME[0]),
    )
    out += [phrase for wanted, phrase in flags if wanted]
    if parsed.place:
        out += ["in", parsed.place]
    return " ".join(out)
