"""When a person can come, as the form asks it (which days, which parts of the day) and as
matching takes it (weekly windows such as TU 09:00-12:00), and back into plain words."""

from __future__ import annotations

from typing import Any

from kith_web.prescriber.words import DAYS, TIMES

ANY_TIME = "Any time"


def windows(days: list[str], times: list[str]) -> list[dict[str, str]]:
    """Every chosen day at every chosen part of the day; none chosen of one means all of it,
    none chosen of both means any time (no windows)."""
    if not days and not times:
        return []
    on = [d for d in DAYS if d in days] or list(DAYS)
    at = [t for t in TIMES if t in times] or list(TIMES)
    return [{"day": d, "start": TIMES[t][1], "end": TIMES[t][2]} for d in on for t in at]


def _part(window: dict[str, Any]) -> str | None:
    span = (window["start"], window["end"])
    return next((t for t, (_, start, end) in TIMES.items() if (start, end) == span), None)


def chosen(recorded: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The form's days and times for recorded windows (those the form can say)."""
    said = [(w["day"], _part(w)) for w in recorded if w["day"] in DAYS and _part(w)]
    days = {d for d, _ in said}
    times = {t for _, t in said}
    return [d for d in DAYS if d in days], [t for t in TIMES if t in times]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def words(recorded: list[dict[str, Any]]) -> str:
    """For example "Mondays and Fridays: mornings and afternoons"."""
    if not recorded:
        return ANY_TIME
    by_day: dict[str, list[str]] = {}
    for w in recorded:
        part = _part(w)
        said = TIMES[part][0].split(" (")[0].lower() if part else f"{w['start']} to {w['end']}"
        by_day.setdefault(w["day"], []).append(said)
    groups: dict[tuple[str, ...], list[str]] = {}
    for day in [d for d in DAYS if d in by_day]:
        groups.setdefault(tuple(by_day[day]), []).append(f"{DAYS[day]}s")
    return "; ".join(f"{_listed(days)}: {_listed(list(t))}" for t, days in groups.items())
