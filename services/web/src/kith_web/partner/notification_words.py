"""Plain words for notification settings: what an organisation can be told about, how often,
and how its webhook endpoints are doing."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any

from kith_web.partner.words import sentence

# what a receiving organisation is offered on the page, in the order shown
OFFERED = {
    "referral.received": "A new referral arrives",
    "referral.escalated": "A referral has waited too long for an answer",
    "referral.cancelled": "The referrer cancels a referral",
    "consent.withdrawn": "A person withdraws their consent",
    "directory.listing-stale": "One of our listings is due a check",
}
OTHER_EVENTS = {
    "referral.accepted": "A referral is accepted",
    "referral.rejected": "A referral is declined",
    "referral.completed": "A referral is completed",
    "referral.in-progress": "Work on a referral starts",
    "referral.on-hold": "A referral is put on hold",
    "referral.failed": "A referral is closed as not completed",
    "referral.requested": "A referral is sent",
    "directory.service-updated": "One of our listings changes",
}
DIGESTS = {
    "immediate": "An email for each one, as it happens",
    "hourly": "One email an hour, listing them",
    "daily": "One email a day, listing them",
}
ENDPOINT_STATUS = {
    "VERIFYING": ("Being checked", "blue"),
    "VERIFIED": ("Working", "green"),
    "FAILED": ("Not working", "red"),
}


def event_words(code: str) -> str:
    return OFFERED.get(code) or OTHER_EVENTS.get(code) or f"Kith event “{code}”"


def _when(value: str | None) -> str | None:
    return datetime.fromisoformat(value).strftime("%-d %b %Y, %H:%M") if value else None


def answer_words(raw: dict[str, Any]) -> str:
    """How a system answered its test message, e.g. "it answered 404 (Not Found)"."""
    code = raw["verificationStatusCode"]
    if not code:
        error = raw["verificationError"]
        return f"it did not answer ({error})" if error else "it did not answer"
    try:
        return f"it answered {code} ({HTTPStatus(code).phrase})"
    except ValueError:
        return f"it answered {code}"


def endpoint_view(raw: dict[str, Any]) -> dict[str, Any]:
    words, colour = ENDPOINT_STATUS.get(raw["status"], ("Not known", "grey"))
    notes = []
    if raw["status"] == "FAILED":
        notes.append(answer_words(raw))
    if raw["circuit"] != "CLOSED" and raw["blockedUntil"]:
        notes.append(f"paused after failures until {_when(raw['blockedUntil'])}")
    if raw["verifiedAt"]:
        notes.append(f"last checked {_when(raw['verifiedAt'])}")
    return {**raw, "status_text": words, "colour": colour, "notes": sentence("; ".join(notes))}


def subscription_view(
    raw: dict[str, Any], services: dict[str, str], endpoints: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    if raw["channel"] == "EMAIL":
        how = f"Email to {raw['email']}"
        often = DIGESTS.get(str(raw["digest"]).lower(), DIGESTS["immediate"])
    elif raw["channel"] == "WEBHOOK":
        endpoint = endpoints.get(raw["endpointId"] or "")
        how = f"Your system at {endpoint['url']}" if endpoint else "Your system (webhook)"
        often = "A signed message for each one, as it happens"
    else:
        how, often = "The live inbox", "As it happens"
    only = [services.get(i, "a service no longer listed") for i in raw["serviceIds"]]
    return {
        "id": raw["id"],
        "how": how,
        "often": often,
        "about": [event_words(e) for e in raw["eventTypes"]],
        "only": only,
    }
