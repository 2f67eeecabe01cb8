"""Merging a newly imported copy of a service with the one stored, field by field (pure).

A copy that says less must never delete what another said: an ORUK `/services` page item
carries only one-to-one fields, and a second feed may publish the same id with less. Each
top-level field of the document is decided on its own (the rule is in the README,
"Merging copies"):

1. a field only one copy states is kept from it;
2. a field the same feed stated before is replaced by its new statement (a publisher may
   correct or clear its own data, an explicit `[]` or `null` included);
3. otherwise the copy with the later `last_modified` wins when both are known;
4. otherwise the richer value wins (more list items, more filled-in values), and on a tie
   the stored one stays.

Each field remembers its source (feed, import time, the copy's `last_modified`), which the
read API shows, and the fields kept from the stored copy are returned so the import can
report them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Doc = dict[str, Any]
FieldSources = dict[str, dict[str, Any]]
_ORGANISATION = ("organization", "organization_id")


@dataclass(frozen=True)
class Source:
    feed: str
    at: str  # when it was imported (ISO 8601)
    last_modified: str | None  # what the copy itself says


def _said(source: Source) -> dict[str, Any]:
    return {"feed": source.feed, "at": source.at, "last_modified": source.last_modified}


def merge(
    stored: Mapping[str, Any] | None,
    sources: Mapping[str, Mapping[str, Any]],
    incoming: Mapping[str, Any],
    source: Source,
) -> tuple[Doc, FieldSources, list[str]]:
    """(merged document, each field's source, fields kept from the stored copy)."""
    if stored is None:  # plain dicts, not `asdict` (a deep copy per field: a tenth of an import)
        said = _said(source)
        return dict(incoming), {key: dict(said) for key in incoming}, []
    merged, merged_sources, kept = dict(stored), {k: dict(v) for k, v in sources.items()}, []
    for key in stored:
        merged_sources.setdefault(key, {"feed": None, "at": None, "last_modified": None})
    for key, value in incoming.items():
        if key not in stored or _wins(value, stored[key], merged_sources[key], source):
            merged[key] = value
            merged_sources[key] = _said(source)
    kept = [k for k in stored if k not in incoming or merged[k] is not incoming[k]]
    _agree_on_organisation(merged, stored, incoming)
    _latest_change(merged, stored, incoming)
    return merged, merged_sources, [k for k in kept if k != "id"]


def _wins(new: Any, old: Any, old_source: Mapping[str, Any], source: Source) -> bool:
    if old_source.get("feed") == source.feed:
        return True
    old_stamp, new_stamp = old_source.get("last_modified"), source.last_modified
    if old_stamp and new_stamp and old_stamp != new_stamp:
        return str(new_stamp) > str(old_stamp)
    return richness(new) > richness(old)


def richness(value: Any) -> int:
    """How much a value says: filled-in leaves, counted through lists and objects."""
    if isinstance(value, Mapping):
        return sum(richness(v) for v in value.values())
    if isinstance(value, list):
        return sum(max(richness(v), 1) for v in value)
    return 0 if value is None or value == "" else 1


def _agree_on_organisation(
    merged: Doc, stored: Mapping[str, Any], incoming: Mapping[str, Any]
) -> None:
    """`organization` and `organization_id` must name the same organisation."""
    org, org_id = merged.get(_ORGANISATION[0]), merged.get(_ORGANISATION[1])
    if not isinstance(org, Mapping) or org_id is None or org.get("id") == org_id:
        return
    for copy in (incoming, stored):
        candidate = copy.get("organization")
        if isinstance(candidate, Mapping) and candidate.get("id") == org_id:
            merged["organization"] = candidate
            return
    merged["organization_id"] = org.get("id")


def _latest_change(merged: Doc, stored: Mapping[str, Any], incoming: Mapping[str, Any]) -> None:
    stamps = [str(c["last_modified"]) for c in (stored, incoming) if c.get("last_modified")]
    if stamps:
        merged["last_modified"] = max(stamps)


@dataclass
class MergedBatch:
    """Per service id: the document to store, its fields' sources (JSON), and a note for
    every service that kept fields from its stored copy."""

    documents: dict[str, Doc]
    sources: dict[str, str]
    kept: dict[str, list[str]]


def merge_batch(
    records: list[Doc], stored: Mapping[str, Any], feed_id: str, imported_at: str
) -> MergedBatch:
    """`stored`: id → `changes.Stored` (its `document`, `field_sources`, `feed_id`)."""
    batch = MergedBatch({}, {}, {})
    for record in records:
        before = stored.get(record["id"])
        old = json.loads(before.document) if before and before.document else None
        source = Source(feed_id, imported_at, record.get("last_modified"))
        document, sources, kept = merge(old, _sources_of(before, old), record, source)
        batch.documents[record["id"]] = document
        batch.sources[record["id"]] = json.dumps(sources, separators=(",", ":"), sort_keys=True)
        if kept:
            batch.kept[record["id"]] = kept
    return batch


def _sources_of(before: Any, old: Mapping[str, Any] | None) -> FieldSources:
    """Recorded sources; a service stored before sources were recorded: its feed, for all."""
    if before is None or old is None:
        return {}
    if before.field_sources:
        return dict(json.loads(before.field_sources))
    whole = {
        "feed": before.feed_id,
        "at": before.imported_at,
        "last_modified": old.get("last_modified"),
    }
    return {key: dict(whole) for key in old}
