"""Opening times in plain words, both ways: "Monday to Friday 9:30 to 16:30" or "2nd Tuesday of
the month 10am-12pm", one per line, read into the gateway's OpeningTimeInput; and the listing's
opening times written back in the same words, so what a worker sees is what they can type.
Pure. The gateway still checks every time it is sent; this only reads the words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
_ORDINAL_WORDS = {
    **{word: n for n, word in ORDINALS.items()},
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_GROUPS = {
    "weekdays": DAYS[:5],
    "weekday": DAYS[:5],
    "weekends": DAYS[5:],
    "weekend": DAYS[5:],
    "every day": DAYS,
    "daily": DAYS,
    "all week": DAYS,
}
_TIME = r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|noon|midday)"
_TIMES = re.compile(rf"(?P<opens>{_TIME})\s*(?:-|to|until|till)\s*(?P<closes>{_TIME})$")
_NOISE = re.compile(r"\b(?:of the month|of each month|of every month|each month|every|each|on)\b")
EXAMPLE = "Monday to Friday 9:30 to 16:30"


class UnreadableLine(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class OpeningTime:
    days: tuple[str, ...]
    opens_at: str
    closes_at: str
    week_of_month: int | None = None

    def as_input(self) -> dict[str, Any]:
        """The gateway's OpeningTimeInput."""
        return {
            "days": list(self.days),
            "opensAt": self.opens_at,
            "closesAt": self.closes_at,
            "weekOfMonth": self.week_of_month,
        }


def _clock(text: str) -> str | None:
    """ "9", "9:30", "9.30am", "noon" as HH:MM (24-hour), or None."""
    if text in ("noon", "midday"):
        return "12:00"
    found = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", text)
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), found[3]
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _day(word: str) -> int | None:
    word = word.strip().rstrip("s") if len(word.strip()) > 3 else word.strip()
    for index, name in enumerate(NAMES):
        if len(word) >= 2 and name.lower().startswith(word):
            return index
    return None


def _days(text: str, line: int) -> tuple[str, ...]:
    chosen: set[int] = set()
    for piece in re.split(r",|\band\b|&|/", text):
        piece = piece.strip()
        if not piece:
            continue
        if piece in _GROUPS:
            chosen.update(DAYS.index(d) for d in _GROUPS[piece])
            continue
        found = [_day(p) for p in re.split(r"\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*", piece)]
        ends = [i for i in found if i is not None]
        if len(ends) != len(found) or not 1 <= len(ends) <= 2:
            raise UnreadableLine(line, f"“{piece}” is not a day of the week")
        first, last = ends[0], ends[-1]
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        chosen.update(span)
    if not chosen:
        raise UnreadableLine(line, f"say which days first, for example “{EXAMPLE}”")
    return tuple(DAYS[i] for i in sorted(chosen))


def read_line(text: str, line: int) -> OpeningTime:
    plain = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").split())
    plain = plain.replace("every day", "daily")
    times = _TIMES.search(plain)
    if times is None:
        raise UnreadableLine(
            line, f"say when it opens and closes after the days, for example “{EXAMPLE}”"
        )
    opens, closes = _clock(times["opens"].strip()), _clock(times["closes"].strip())
    if opens is None or closes is None:
        raise UnreadableLine(line, "times are like 9:30, 16:30, 9.30am or 4pm")
    if closes <= opens:
        raise UnreadableLine(
            line, "the closing time must be after the opening time (5pm is 17:00 or 5pm)"
        )
    days_text = _NOISE.sub(" ", plain[: times.start()]).strip(" ,:-")
    nth = None
    first, _, rest = days_text.partition(" ")
    if first in _ORDINAL_WORDS:
        nth, days_text = _ORDINAL_WORDS[first], rest
    return OpeningTime(_days(days_text, line), opens, closes, nth)


def read(text: str) -> list[OpeningTime]:
    """Every non-empty line, or UnreadableLine for the first that cannot be read."""
    lines = [(n, raw) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    return [read_line(raw, n) for n, raw in lines]


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def days_in_words(days: tuple[str, ...] | list[str], week_of_month: int | None = None) -> str:
    indexes = sorted(DAYS.index(d) for d in days)
    if week_of_month is not None:
        names = _joined([NAMES[i] for i in indexes])
        ordinal = ORDINALS.get(week_of_month, str(week_of_month))
        return f"{ordinal[0].upper()}{ordinal[1:]} {names} of the month"
    if len(indexes) == 7:
        return "Every day"
    if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{NAMES[indexes[0]]} to {NAMES[indexes[-1]]}"
    return _joined([f"{NAMES[i]}s" for i in indexes])


def in_words(time: OpeningTime) -> str:
    return f"{days_in_words(time.days, time.week_of_month)} {time.opens_at} to {time.closes_at}"
