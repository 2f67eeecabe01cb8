"""Consent to share a person's data, and the exceptional lawful basis without it (pure).

A record says which data (categories), shared with which organisations, for what purpose,
how it was obtained and until when. Safeguarding is the one lawful basis Kith records without
the person's consent: it needs a written justification and is always flagged for review.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key, check_pseudonym

MAX_ORGANISATIONS = 20
MIN_JUSTIFICATION_CHARS = 20
MAX_JUSTIFICATION_CHARS = 2000


class DataCategory(StrEnum):
    """What a receiving organisation may see about the person."""

    PSEUDONYM = "pseudonym"  # the referrer's pseudonymous reference
    HOME_AREA = "home-area"  # the LSOA the person lives in
    REFERRAL_REASON = "referral-reason"  # why they were referred


class Basis(StrEnum):
    CONSENT = "consent"
    SAFEGUARDING = "safeguarding"


class Method(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    DIGITAL = "digital"


class Purpose(StrEnum):
    REFERRAL = "referral"  # refer to and receive community services: what sending needs
    CARE_COORDINATION = "care-coordination"  # multi-agency case meetings


class InvalidConsent(InvalidReferral):
    """Input that can never make a valid consent record; `field` names the input."""


@dataclass(frozen=True)
class NewConsent:
    idempotency_key: str
    person_pseudonym: str
    basis: Basis
    categories: tuple[DataCategory, ...]
    shared_with: tuple[str, ...]
    purpose: Purpose
    method: Method | None
    justification: str | None
    expires_at: datetime
    recorded_by: str
    organisation_id: str

    @property
    def scoped_key(self) -> str:
        return f"{self.organisation_id}:{self.idempotency_key}"

    @property
    def review_required(self) -> bool:
        """Sharing without consent is exceptional: a person other than the recorder checks it."""
        return self.basis is Basis.SAFEGUARDING

    @property
    def request_hash(self) -> str:
        body = [
            self.person_pseudonym,
            self.basis,
            sorted(self.categories),
            sorted(self.shared_with),
            self.purpose,
            self.method,
            self.justification,
            self.expires_at.isoformat(),
        ]
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()


def _basis_fields(
    basis: Basis, method: Method | None, justification: str | None
) -> tuple[Method | None, str | None]:
    text = (justification or "").strip() or None
    if basis is Basis.CONSENT:
        if method is None:
            raise InvalidConsent(
                "method", "say how consent was obtained: verbal, written or digital"
            )
        if text is not None:
            raise InvalidConsent("justification", "only a safeguarding basis takes a justification")
        return method, None
    if method is not None:
        raise InvalidConsent("method", "a safeguarding basis is recorded without consent")
    if text is None or not MIN_JUSTIFICATION_CHARS <= len(text) <= MAX_JUSTIFICATION_CHARS:
        raise InvalidConsent(
            "justification",
            f"sharing without consent needs a justification of {MIN_JUSTIFICATION_CHARS}-"
            f"{MAX_JUSTIFICATION_CHARS} characters",
        )
    return None, text


def _organisations(ids: list[str]) -> tuple[str, ...]:
    cleaned = tuple(sorted({i.strip() for i in ids if i.strip()}))
    if not 1 <= len(cleaned) <= MAX_ORGANISATIONS:
        raise InvalidConsent(
            "sharedWithOrganisationIds", f"name 1-{MAX_ORGANISATIONS} organisations to share with"
        )
    return cleaned


def validate_new_consent(
    *,
    idempotency_key: str,
    person_pseudonym: str,
    basis: Basis,
    categories: list[DataCategory],
    shared_with: list[str],
    purpose: Purpose,
    method: Method | None,
    justification: str | None,
    expires_at: datetime,
    recorded_by: str,
    organisation_id: str,
    now: datetime,
) -> NewConsent:
    check_idempotency_key(idempotency_key)
    check_pseudonym(person_pseudonym)
    if not categories:
        raise InvalidConsent("categories", "name at least one category of data to share")
    method, text = _basis_fields(basis, method, justification)
    if expires_at.tzinfo is None:
        raise InvalidConsent("expiresAt", "give a time zone, e.g. 2026-01-31T00:00:00Z")
    if expires_at <= now:
        raise InvalidConsent("expiresAt", "must be in the future")
    return NewConsent(
        idempotency_key,
        person_pseudonym,
        basis,
        tuple(sorted(set(categories))),
        _organisations(shared_with),
        purpose,
        method,
        text,
        expires_at,
        recorded_by,
        organisation_id,
    )
