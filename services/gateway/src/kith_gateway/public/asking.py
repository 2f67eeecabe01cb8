"""A person asks a service to contact them (the public self-referral): what they may send,
checked (pure). Only what the service needs to reach them: a way to reach them (phone or
email), when, in which language, what they would like help with, and their consent.

`website` is a honeypot: the form hides it from people (and from screen readers), so only a
form-filling robot puts anything in it."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from kith_gateway.referrals.domain import check_idempotency_key

MAX_HELP_CHARS = 1000
MAX_NAME_CHARS = 80
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[\d ()-]{10,20}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Crockford's base 32 without I, L, O, U: nothing to misread over the phone.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class ContactBy(StrEnum):
    PHONE = "phone"
    EMAIL = "email"


class BestTime(StrEnum):
    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class InvalidAsk(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Ask:
    idempotency_key: str
    service_id: str
    name: str | None
    contact_by: ContactBy
    phone: str | None
    email: str | None
    best_time: BestTime
    language: str
    help_with: str

    def sealed_fields(self) -> dict[str, str | None]:
        """What is encrypted at rest: everything that identifies or reaches the person."""
        return {"name": self.name, "phone": self.phone, "email": self.email}


def _phone(raw: str | None) -> str | None:
    text = " ".join((raw or "").split())
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if not _PHONE_CHARS.match(text) or not 10 <= len(digits) <= 15:
        raise InvalidAsk("phone", "Enter a phone number, like 07700 900 982")
    return text


def _email(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text):
        raise InvalidAsk("email", "Enter an email address, like name@example.com")
    return text


def check_ask(
    *,
    idempotency_key: str,
    service_id: str,
    name: str | None,
    contact_by: ContactBy,
    phone: str | None,
    email: str | None,
    best_time: BestTime,
    language: str,
    help_with: str,
    consent: bool,
    website: str | None,
) -> Ask:
    if website:
        raise InvalidAsk("website", "leave this field empty")
    check_idempotency_key(idempotency_key)
    reach = {ContactBy.PHONE: _phone(phone), ContactBy.EMAIL: _email(email)}
    if reach[contact_by] is None:
        what = "phone number" if contact_by is ContactBy.PHONE else "email address"
        raise InvalidAsk(contact_by.value, f"Enter the {what} we should use")
    text = " ".join(help_with.split())
    if not text:
        raise InvalidAsk("helpWith", "Say what you would like help with")
    if len(text) > MAX_HELP_CHARS:
        raise InvalidAsk("helpWith", f"Use at most {MAX_HELP_CHARS} characters")
    clean_name = " ".join((name or "").split()) or None
    if clean_name and len(clean_name) > MAX_NAME_CHARS:
        raise InvalidAsk("name", f"Use at most {MAX_NAME_CHARS} characters")
    if not _LANGUAGE.match(language):
        raise InvalidAsk("language", "Choose a language")
    if not consent:
        raise InvalidAsk("consent", "Tick the box to say we may share this with the service")
    only = {k: (v if k == contact_by else None) for k, v in reach.items()}
    return Ask(
        idempotency_key, service_id, clean_name, contact_by, only[ContactBy.PHONE],
        only[ContactBy.EMAIL], best_time, language, text,
    )  # fmt: skip


def new_reference() -> str:
    """What the person quotes if they call: 9 characters in three groups (45 bits)."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(9))
    return f"{chars[:3]}-{chars[3:6]}-{chars[6:]}"
