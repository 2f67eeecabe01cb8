"""Plain words and local times for the meeting pages (the API speaks codes and UTC)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

DECISION = {
    "refer": "Refer",
    "step-up-tier": "Step up a tier",
    "joint-visit": "Joint visit",
    "other": "Note",
}
# what the chair may choose (GraphQL enum names) → words
DECISION_CHOICES = {"REFER": "Refer to a service", "STEP_UP_TIER": "Step up a tier",
                    "OTHER": "Note"}  # fmt: skip
EARLY = " (recorded before the meeting)"
RECURRENCE = {
    "none": "Once",
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly": "Every four weeks",
}
ACTION_STATUS = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
ACTION_COLOUR = {"open": "blue", "done": "green", "cancelled": "grey"}
REFERRAL_STATUS = {
    "requested": "sent",
    "received": "received",
    "accepted": "accepted",
    "in-progress": "in progress",
    "on-hold": "on hold",
    "completed": "completed",
    "rejected": "declined",
    "failed": "closed, not completed",
    "cancelled": "cancelled",
}


def day(value: date) -> str:
    """Like "Thu 3 Dec 2026"."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def local(value: str | datetime) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(LONDON)


def when(start: str, end: str) -> str:
    """Like "Thu 3 Dec 2026, 10:00-11:00" (an en dash), in UK time."""
    a, b = local(start), local(end)
    until = f"{b:%H:%M}" if a.date() == b.date() else f"{day(b.date())}, {b:%H:%M}"
    return f"{day(a.date())}, {a:%H:%M}\u2013{until}"


def at(value: str) -> str:
    moment = local(value)
    return f"{day(moment.date())}, {moment:%H:%M}"


def due(value: str) -> str:
    return day(date.fromisoformat(value))
