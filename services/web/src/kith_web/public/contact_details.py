"""On the receiving organisation's page of a self-referral: how to reach the person who asked
("ask this service to contact me"), read from the gateway (only that organisation may, and
each read is audited there), or, once the retention sweep has deleted them, when that was."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request

from kith_web.web import call

CONTACT = """query($id: ID!) { contactDetails(referralId: $id) {
  reference contactBy bestTime language askedAt name phone email erasedAt } }"""
BEST_TIME = {"ANY": "Any time", "MORNING": "Morning", "AFTERNOON": "Afternoon",
             "EVENING": "Evening"}  # fmt: skip
LANGUAGE = {"en": "English", "ur": "Urdu", "pa": "Punjabi", "bn": "Bengali", "pl": "Polish"}


def _day(value: str | None) -> str | None:
    return datetime.fromisoformat(value).strftime("%-d %B %Y") if value else None


async def for_referral(request: Request, referral: dict[str, Any]) -> dict[str, Any] | None:
    """The words for the page's "How to contact them" section (None: not a self-referral)."""
    if not referral.get("selfReferral"):
        return None
    found = (await call(request, CONTACT, {"id": referral["id"]}))["contactDetails"]
    if found is None:
        return None
    return {
        **found,
        "asked_on": _day(found["askedAt"]),
        "erased_on": _day(found["erasedAt"]),
        "best_time": BEST_TIME.get(found["bestTime"], found["bestTime"]),
        "language_name": LANGUAGE.get(found["language"], found["language"]),
        "by_phone": found["contactBy"] == "PHONE",
    }
