"""Normalised contact and place keys that say two listings may be the same service:
phone numbers, emails, web addresses, postcodes, organisation identifiers (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from kith_directory.domain.postcodes import normalise_postcode

_NOT_DIGIT = re.compile(r"\D")
_EXTENSION = re.compile(r"\s*(ext\.?|extension|x)\s*\d+\s*$", re.IGNORECASE)
_STOPWORDS = frozenset({"the", "and", "of", "for", "a", "an", "at", "in", "ltd", "cic"})
_WORD = re.compile(r"[a-z0-9]+")


def phone_key(raw: Any) -> str | None:
    """UK numbers in national form with digits only: "+44 (0)1274 123456" -> "01274123456"."""
    if not isinstance(raw, str):
        return None
    digits = _NOT_DIGIT.sub("", _EXTENSION.sub("", raw))
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > 11:
            digits = "0" + digits[len(prefix) :].removeprefix("0")
    return digits if len(digits) in (10, 11) and digits.startswith("0") else None


def email_key(raw: Any) -> str | None:
    if not isinstance(raw, str) or "@" not in raw:
        return None
    return raw.strip().lower().removeprefix("mailto:")


def web_key(raw: Any) -> str | None:
    """Host without "www." plus path without a trailing slash; scheme and query ignored."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip().lower()
    parts = urlsplit(text if "://" in text else f"http://{text}")
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else None


def name_words(name: str) -> list[str]:
    return list(_name_words(name))


@lru_cache(maxsize=200_000)
def _name_words(name: str) -> tuple[str, ...]:
    words = _WORD.findall(name.lower().replace("&", " and "))
    return tuple(w for w in words if w not in _STOPWORDS)


def _all(values: Iterable[Any], key: Any) -> list[str]:
    return sorted({k for k in (key(v) for v in values) if k})


def record_keys(record: Mapping[str, Any]) -> dict[str, list[str]]:
    """The match keys of one ORUK 3.0 service, stored on it for the de-duplicator."""
    contacts = record.get("contacts") or []
    phones = [p.get("number") for c in contacts for p in c.get("phones") or []]
    phones += [p.get("number") for p in record.get("phones") or []]
    emails = [record.get("email"), *(c.get("email") for c in contacts)]
    org = record.get("organization") or {}
    webs = [record.get("url")]
    addresses = [
        address.get("postal_code")
        for sal in record.get("service_at_locations") or []
        for address in (sal.get("location") or {}).get("addresses") or []
    ]
    return {
        "match_phones": _all(phones, phone_key),
        "match_emails": _all(emails, email_key),
        "match_webs": _all(webs, web_key),
        "match_postcodes": _all(addresses, normalise_postcode),
        "match_org_site": _all([org.get("website")], web_key),
    }
