"""Which validated records are new, changed or unchanged since the last import."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Stored:
    """What the graph already holds for a service id."""

    content_hash: str | None
    feed_id: str | None
    removed_from_feed: bool
    provider_overlay: str | None = None  # JSON: the fields a provider set through Kith
    document: str | None = None  # JSON: the ORUK document as stored (merged copies)
    field_sources: str | None = None  # JSON: each field's source (see `merge`)
    imported_at: str | None = None


@dataclass
class Changes:
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[dict[str, Any]]:
        return [*self.created, *self.updated]


def content_hash(record: Mapping[str, Any]) -> str:
    """A hash of the record's content that ignores key order and whitespace."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def classify(records: list[dict[str, Any]], stored: Mapping[str, Stored], feed_id: str) -> Changes:
    """Split records: unseen ids are created; a different hash, feed, or a comeback after
    removal from the feed is an update; everything else is unchanged (and is not rewritten)."""
    changes = Changes()
    for record in records:
        before = stored.get(record["id"])
        if before is None:
            changes.created.append(record)
        elif (
            before.content_hash != content_hash(record)
            or before.feed_id != feed_id
            or before.removed_from_feed
        ):
            changes.updated.append(record)
        else:
            changes.unchanged.append(record["id"])
    return changes
