"""Plain words for what the directory API says about a listing: capacity, freshness, and the
opening times it states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kith_web.partner.opening_words import OpeningTime, days_in_words, in_words

# capacity code (the API's enum value) → (the words a worker chooses, NHS.UK tag colour)
CAPACITY = {
    "open": ("Accepting referrals", "green"),
    "waitlist": ("Limited: there is a waiting list", "yellow"),
    "closed": ("Full: not accepting referrals", "red"),
    "additional-assessment": ("Accepting after an assessment", "blue"),
}
CAPACITY_ENUM = {
    "open": "OPEN",
    "waitlist": "WAITLIST",
    "closed": "CLOSED",
    "additional-assessment": "ADDITIONAL_ASSESSMENT",
}
FRESHNESS = {
    "FRESH": ("Up to date", "green"),
    "DUE": ("Due a check", "yellow"),
    "STALE": ("Out of date", "red"),
}


def capacity_words(capacity: dict[str, Any], waiting_weeks: int | None) -> dict[str, Any]:
    words, colour = CAPACITY.get(capacity.get("status") or "", ("Not said", "grey"))
    details = []
    if capacity.get("available") is not None:
        total = capacity.get("maximum")
        unit = capacity.get("unit") or "places"
        of = f" of {total}" if total is not None else ""
        details.append(f"{capacity['available']}{of} {unit} free")
    if waiting_weeks is not None:
        details.append(
            "no wait to start" if waiting_weeks == 0 else f"about {weeks(waiting_weeks)} wait"
        )
    return {"text": words, "colour": colour, "details": sentence("; ".join(details))}


def sentence(text: str) -> str:
    """The first letter in capitals, the rest as written (Jinja's capitalize lowers it)."""
    return text[:1].upper() + text[1:]


def weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"


def opening_time_words(raw: dict[str, Any]) -> str:
    """One opening time from `ourServices` in words (what the edit form shows too)."""
    if raw["opensAt"] and raw["closesAt"] and raw["days"]:
        time = OpeningTime(tuple(raw["days"]), raw["opensAt"], raw["closesAt"], raw["weekOfMonth"])
        return in_words(time)
    if raw["days"]:
        times = raw.get("description") or "times not given"
        return f"{days_in_words(raw['days'], raw['weekOfMonth'])}: {times}"
    return str(raw.get("description") or "Not said")


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    days = (now - when).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    return f"on {when.strftime('%-d %B %Y')}"


def listing_view(raw: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A listing from `ourServices` with everything the pages say in words."""
    verified = datetime.fromisoformat(raw["verifiedAt"]) if raw["verifiedAt"] else None
    ours = raw["providerVerifiedAt"]
    fresh_text, fresh_colour = FRESHNESS.get(raw["freshness"], ("Not known", "grey"))
    return {
        **raw,
        "capacity_words": capacity_words(raw["capacity"], raw["waitingWeeks"]),
        "times": [opening_time_words(t) for t in raw["openingTimes"]],
        "fresh_text": fresh_text,
        "fresh_colour": fresh_colour,
        "checked": ago(verified, now),
        "confirmed_by_us": ago(datetime.fromisoformat(ours), now) if ours else None,
    }
