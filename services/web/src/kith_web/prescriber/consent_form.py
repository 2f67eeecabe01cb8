"""The consent form as data: what the person agreed to share, with whom (organisations the
page offered, by name), for what, how they agreed and for how long; read from anything the
browser sent, checked, and turned into the gateway's RecordConsentInput.

The expiry is counted in whole days from the day the form was first shown (carried in the
form, trusted only if it is today or yesterday), so submitting the same form twice asks the
gateway for the same consent and its idempotency key replays it instead of refusing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kith_web.forms import FormErrors
from kith_web.prescriber.profile_form import Sent
from kith_web.prescriber.words import CATEGORIES, EXPIRY_MONTHS, METHODS, PURPOSES, SAID_TO_THEM

DAYS_PER_MONTH = 30


@dataclass
class ConsentForm:
    organisations: list[str] = field(default_factory=list)  # ids among those offered
    categories: list[str] = field(default_factory=lambda: sorted(CATEGORIES))
    purpose: str = "REFERRAL"
    method: str = ""
    months: str = "6"
    starts: str = ""  # the ISO day the form was first shown; empty until it is shown


def read_consent(sent: Sent, offered: dict[str, str]) -> ConsentForm:
    """`offered`: organisation id -> name, as the page listed them; nothing else is taken."""
    purpose = str(sent.get("purpose", "") or "")
    months = str(sent.get("months", "") or "")
    method = str(sent.get("method", "") or "")
    starts = str(sent.get("starts", "") or "")[:10]
    return ConsentForm(
        organisations=sorted({str(o) for o in sent.getlist("organisations") if str(o) in offered}),
        categories=sorted({str(c) for c in sent.getlist("categories") if str(c) in CATEGORIES}),
        purpose=purpose if purpose in PURPOSES else "REFERRAL",
        method=method if method in METHODS else "",
        months=months if months in EXPIRY_MONTHS else "6",
        starts=starts,
    )


def check(form: ConsentForm) -> FormErrors:
    errors = FormErrors()
    if not form.organisations:
        errors.add("organisations", "Choose the organisations they agreed to share with")
    if not form.categories:
        errors.add("categories", "Choose what they agreed to share")
    if not form.method:
        errors.add("method", "Choose how they agreed")
    return errors


def to_input(form: ConsentForm, pseudonym: str, key: str, now: datetime) -> dict[str, Any]:
    """The gateway's RecordConsentInput: the expiry is the end of the last day, counted from
    the day the form was shown (by the server's clock)."""
    days = DAYS_PER_MONTH * int(form.months) + 1
    expires = datetime.combine(first_day(form, now) + timedelta(days=days), time(), UTC)
    return {
        "idempotencyKey": key,
        "personPseudonym": pseudonym,
        "categories": form.categories,
        "sharedWithOrganisationIds": form.organisations,
        "purpose": form.purpose,
        "method": form.method,
        "expiresAt": expires.isoformat(),
    }


def first_day(form: ConsentForm, now: datetime) -> date:
    """The day the form was shown, if it is today or yesterday (a form left open overnight);
    anything else a browser sends counts from today."""
    today = now.astimezone(UTC).date()
    try:
        shown = date.fromisoformat(form.starts)
    except ValueError:
        return today
    return shown if timedelta(0) <= today - shown <= timedelta(days=1) else today


def statement(form: ConsentForm, offered: dict[str, str]) -> str:
    """What to read to the person before they agree."""
    whom = ", ".join(offered[o] for o in form.organisations) or "the organisations below"
    shares = ", ".join(SAID_TO_THEM[c] for c in form.categories) or "nothing"
    purpose = PURPOSES[form.purpose].replace("them", "you").replace("their", "your")
    return (
        f"With your agreement, I will share {shares} with {whom}, for {purpose}. "
        "Nothing else about you is shared: not your name, address or health records. "
        f"This lasts {EXPIRY_MONTHS[form.months]}, and you can change your mind at any time: "
        "tell me and sharing stops straight away."
    )
