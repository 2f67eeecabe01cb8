"""What an ORUK import payload looks like, and what an import reports back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class PayloadError(ValueError):
    """The payload is none of: a service object, a list of them, a `service_list` page."""


@dataclass(frozen=True)
class Rejection:
    record_id: str
    json_path: str
    message: str


@dataclass(frozen=True)
class FeedPayload:
    """The records of one payload and whether they are the whole feed."""

    records: list[Any]
    complete: bool


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[Rejection] = field(default_factory=list)  # repairs made to accepted records

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, other: ImportSummary) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.rejected.extend(other.rejected)
        self.notes.extend(other.notes)


def _is_page(payload: Mapping[str, Any]) -> bool:
    return "contents" in payload and "id" not in payload


def _is_spring_page(payload: Mapping[str, Any]) -> bool:
    """ORUK 1.0 APIs page the Spring way: `content`, `totalElements`, `first`, `last`."""
    return isinstance(payload.get("content"), list) and "id" not in payload


def read_payload(payload: Any) -> FeedPayload:
    """Split a decoded JSON payload into records.

    A list is a whole feed; a page is the whole feed only when it is both the first and the
    last page; a single service object is never the whole feed.
    """
    if isinstance(payload, list):
        return FeedPayload(records=payload, complete=True)
    if not isinstance(payload, Mapping):
        raise PayloadError("expected a service object, a list of services or a service page")
    if _is_spring_page(payload):
        whole = bool(payload.get("first", True)) and bool(payload.get("last", True))
        return FeedPayload(records=list(payload["content"]), complete=whole)
    if not _is_page(payload):
        return FeedPayload(records=[payload], complete=False)
    contents = payload["contents"]
    if not isinstance(contents, list):
        raise PayloadError("the page's `contents` must be a list of services")
    whole = bool(payload.get("first_page", True)) and bool(payload.get("last_page", True))
    return FeedPayload(records=contents, complete=whole)


def record_label(record: Any, position: int) -> str:
    """The id a rejection names: the record's own id, else its 1-based position."""
    if isinstance(record, Mapping) and isinstance(record.get("id"), str) and record["id"]:
        return str(record["id"])
    return f"#{position + 1}"
