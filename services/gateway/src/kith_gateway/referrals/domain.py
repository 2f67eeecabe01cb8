"""Referral creation rules: plain Python, no I/O."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass

# A client key is opaque to us but must be usable as an id: bounded and printable.
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_LSOA_CODE = re.compile(r"^E01\d{6}$")
_PSEUDONYM = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
MAX_REASON_CHARS = 2000


class InvalidReferral(ValueError):
    """Input that can never make a valid referral; `field` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewReferral:
    idempotency_key: str
    person_pseudonym: str
    home_area: str
    service_id: str
    reason: str
    from_organisation_id: str
    draft: bool = False
    self_referral: bool = False  # the person asked the receiving organisation themselves

    @property
    def scoped_key(self) -> str:
        """Idempotency keys are per organisation: two organisations may pick the same key."""
        return f"{self.from_organisation_id}:{self.idempotency_key}"

    @property
    def request_hash(self) -> str:
        """Fingerprint of what was asked, to refuse a reused key with a different request."""
        body = [self.person_pseudonym, self.home_area, self.service_id, self.reason, self.draft]
        if self.self_referral:  # appended only when set, so earlier fingerprints still match
            body.append("self")
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()


def check_idempotency_key(key: str) -> str:
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidReferral(
            "idempotencyKey", "must be 8-128 characters of letters, digits, '.', '_', ':' or '-'"
        )
    return key


def check_pseudonym(pseudonym: str) -> str:
    if not _PSEUDONYM.fullmatch(pseudonym):
        raise InvalidReferral(
            "personPseudonym",
            "must be a 3-64 character pseudonymous reference (letters, digits, '.', '_', '-'),"
            " never a name",
        )
    return pseudonym


def validate_new_referral(
    *,
    idempotency_key: str,
    person_pseudonym: str,
    home_area: str,
    service_id: str,
    reason: str,
    from_organisation_id: str,
    draft: bool = False,
) -> NewReferral:
    check_idempotency_key(idempotency_key)
    check_pseudonym(person_pseudonym)
    if not _LSOA_CODE.fullmatch(home_area):
        raise InvalidReferral("homeArea", "must be an English LSOA 2011 code such as E01010568")
    try:
        uuid.UUID(service_id)
    except ValueError:
        raise InvalidReferral("serviceId", "must be a service id (UUID)") from None
    text = reason.strip()
    if not text:
        raise InvalidReferral("reason", "must say why the person is being referred")
    if len(text) > MAX_REASON_CHARS:
        raise InvalidReferral("reason", f"must be at most {MAX_REASON_CHARS} characters")
    return NewReferral(
        idempotency_key, person_pseudonym, home_area, service_id, text, from_organisation_id, draft
    )
