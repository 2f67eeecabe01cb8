"""Stable ids for records whose feed gives none, or gives ids that are not UUIDs.

A UUID from the feed is kept. Anything else becomes a UUIDv5 of (feed, kind, source id), so
re-importing the same feed gives the same ids, and the same "123" in two feeds stays two
records. Taxonomy terms are shared vocabulary: their ids depend on the vocabulary, not the feed.
"""

from __future__ import annotations

import uuid
from typing import Any

_NAMESPACE = uuid.UUID("3d0c7c8e-2f7a-4b7e-8f4e-6b1d5f0a9c21")  # fixed; never change


def as_uuid(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        return None


def source_key(raw: Any) -> str | None:
    """The feed's own id as text (numbers too), None if absent."""
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw).strip()
    return text or None


def stable_id(feed_id: str, kind: str, source: Any, fallback: str) -> str:
    """The record's UUID: the feed's own if it is one, else derived from `source` (or from
    `fallback`, e.g. "<parent id>/location/0", when the feed gives no id at all)."""
    own = as_uuid(source)
    if own is not None:
        return own
    key = source_key(source) or fallback
    return str(uuid.uuid5(_NAMESPACE, f"{feed_id}/{kind}/{key}"))


def term_id(vocabulary: str, source: Any, name: str) -> str:
    own = as_uuid(source)
    if own is not None:
        return own
    return str(uuid.uuid5(_NAMESPACE, f"term/{vocabulary}/{source_key(source) or name}"))
