"""A FHIR `Consent` (in a transaction Bundle) as a Kith consent record (pure).

Mapping (R4 Consent; the R4B model validates it):
- `patient` → the person, by pseudonymous identifier (or the Bundle's Patient entry);
- `provision.type` = permit; `provision.period.end` → when it expires;
- `provision.actor[].reference` → `Organization/<id>`: who the data may be shared with;
- `provision.purpose[]` (system `urn:kith:consent-purpose`) → referral | care-coordination;
- `provision.code[]` (system `urn:kith:consent-data-category`) → which data: pseudonym,
  home-area, referral-reason;
- extension `urn:kith:fhir:consent-method` (valueCode) → verbal | written | digital.
Only consent given by the person is taken this way; a safeguarding basis without consent
is recorded through GraphQL, where its justification and review flag are explicit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from fhir.resources.R4B.consent import Consent

from kith_gateway.consent.domain import DataCategory, Method, Purpose
from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import invalid
from kith_gateway.fhir.references import pseudonym_of, target_id


@dataclass(frozen=True)
class ConsentAsk:
    pseudonym: str
    categories: list[DataCategory]
    shared_with: list[str]
    purpose: Purpose
    method: Method
    expires_at: datetime


def _codes(codings: list[Any], system: str) -> list[str]:
    return [str(c.code) for c in codings if c.system == system and c.code]


def _enum(kind: Any, value: str, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise invalid(f"{value!r} is not one of {allowed}", where) from None


def _expires(provision: Any) -> datetime:
    end = provision.period.end if provision.period else None
    if isinstance(end, datetime):
        return end
    if isinstance(end, date):  # a date: the consent lasts until that day starts (UTC)
        return datetime(end.year, end.month, end.day, tzinfo=UTC)
    raise invalid("say when consent expires: provision.period.end", "Consent.provision.period")


def _method(consent: Consent) -> Method:
    for extension in consent.extension or []:
        value = getattr(extension, "valueCode", None)
        if extension.url == codes.METHOD_EXTENSION and value:
            return _enum(Method, str(value), "Consent.extension")  # type: ignore[no-any-return]
    raise invalid(
        f"say how consent was obtained: extension {codes.METHOD_EXTENSION}"
        " (verbal, written or digital)",
        "Consent.extension",
    )


def _purpose(provision: Any) -> Purpose:
    found = _codes(provision.purpose or [], codes.PURPOSE)
    if len(found) != 1:
        raise invalid(
            f"give one provision.purpose of system {codes.PURPOSE}", "Consent.provision.purpose"
        )
    return _enum(Purpose, found[0], "Consent.provision.purpose")  # type: ignore[no-any-return]


def _categories(provision: Any) -> list[DataCategory]:
    codings = [c for concept in provision.code or [] for c in concept.coding or []]
    where = "Consent.provision.code"
    return [_enum(DataCategory, code, where) for code in _codes(codings, codes.DATA_CATEGORY)]


def _shared_with(provision: Any) -> list[str]:
    found = [target_id(a.reference, "Organization") for a in provision.actor or []]
    if not found or None in found:
        raise invalid(
            "name who may receive the data: provision.actor[].reference = Organization/<id>",
            "Consent.provision.actor",
        )
    return [f for f in found if f]


def consent_ask(consent: Consent, patients: Mapping[str, str]) -> ConsentAsk:
    if consent.status != "active":
        raise invalid("a consent to record is 'active'", "Consent.status")
    provision = consent.provision
    if provision is None or provision.type != "permit":
        raise invalid("give a provision of type 'permit'", "Consent.provision")
    return ConsentAsk(
        pseudonym=pseudonym_of(consent.patient, "Consent.patient", patients),
        categories=_categories(provision),
        shared_with=_shared_with(provision),
        purpose=_purpose(provision),
        method=_method(consent),
        expires_at=_expires(provision),
    )
