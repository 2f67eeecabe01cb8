"""Cleaning real-world feed values: HTML to safe text, blanks to absent, messy dates and
numbers (URLs and emails: `urls`). Pure; every function returns None rather than raising on rubbish."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import nh3

_BLANKS = {"", "null", "none", "undefined", "n/a", "na", "-"}
_BLOCK_END = re.compile(r"<\s*(br|/p|/li|/div|/h[1-6]|/tr)\s*/?\s*>", re.IGNORECASE)
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
_OTHER_DATES = ("%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")
_TIMES = ("", " %H:%M", " %H:%M:%S")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _BLANKS)


def drop_blanks(value: Any) -> Any:
    """Recursively: blank strings ("", "null", "N/A"...) become absent keys, lists lose them."""
    if isinstance(value, Mapping):
        cleaned = {k: drop_blanks(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not is_blank(v)}
    if isinstance(value, list):
        return [drop_blanks(v) for v in value if not is_blank(v)]
    return value


def safe_text(raw: Any) -> str | None:
    """Plain text from possibly-HTML input: tags (and script/style content) removed, entities
    decoded, never anything a browser could read as a tag, whitespace tidied."""
    if not isinstance(raw, str):
        return None if raw is None else safe_text(str(raw))
    text = _BLOCK_END.sub("\n", raw)
    for _ in range(5):  # entity-encoded markup decodes into markup: clean until stable
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = _BLOCK_END.sub("\n", cleaned)
    text = _TAG_LIKE.sub("< ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    tidy = "\n".join(line for line in lines if line)
    return tidy or None


def parse_datetime(raw: Any) -> datetime | None:
    """ISO 8601 (with or without zone, "T" or space, "+0000"), UK day-first dates, long-form
    dates, compact dates and epoch milliseconds. Zone-less values are taken as UTC."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return _epoch(raw)
    if not isinstance(raw, str) or not raw.strip():
        return None
    # Java writes zones as "+0000"; Python wants "+00:00".
    text = re.sub(r"(\d:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2})(\d{2})$", r"\1:\2", raw.strip())
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = _by_formats(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(raw: Any) -> date | None:
    parsed = parse_datetime(raw)
    return parsed.date() if parsed else None


def _by_formats(text: str) -> datetime | None:
    for fmt in (*_DAY_FIRST, *_OTHER_DATES):
        for time_part in _TIMES:
            try:
                return datetime.strptime(text, fmt + time_part)
            except ValueError:
                continue
    return None


def _epoch(value: float) -> datetime | None:
    seconds = value / 1000 if abs(value) > 10**11 else value  # milliseconds, as Java writes
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    except OverflowError:
        return None


def number(raw: Any) -> float | None:
    """A finite number from a number or a numeric string ("12", " 3.5 ")."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return value if value == value and abs(value) != float("inf") else None
