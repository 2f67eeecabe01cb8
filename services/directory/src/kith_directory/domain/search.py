"""Filters for listing services (the ORUK `/services` query parameters), parsed purely."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


class BadFilter(ValueError):
    """A filter parameter is malformed; the message is safe to show."""


@dataclass(frozen=True)
class ServiceFilter:
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None


def lucene_query(text: str) -> str | None:
    """Every word must match; words are escaped so user input is never Lucene syntax."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in text.split()]
    return " AND ".join(words) if words else None


def parse_datetime(name: str, raw: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        raise BadFilter(f"{name} must be an ISO 8601 date or date-time, got {raw!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name, "").strip()
    return value or None


def parse_filter(params: Mapping[str, str]) -> ServiceFilter:
    raw_after = _text(params, "modified_after")
    return ServiceFilter(
        search=lucene_query(params.get("search", "")),
        taxonomy_term_id=_text(params, "taxonomy_term_id"),
        taxonomy_id=_text(params, "taxonomy_id"),
        organization_id=_text(params, "organization_id"),
        modified_after=parse_datetime("modified_after", raw_after) if raw_after else None,
    )
