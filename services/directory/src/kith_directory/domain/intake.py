"""From a decoded payload to the ORUK 3.0 records an import validates: which format it is,
and for ORUK 1.0 the conversion with its rejections and repair notes (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kith_directory.domain.feed import Rejection, read_payload, record_label
from kith_directory.domain.ids import as_uuid
from kith_directory.domain.kinds import refuse_other_kinds
from kith_directory.domain.oruk1 import convert
from kith_directory.domain.oruk3_repairs import repair_records

ORUK1_KEYS = frozenset(
    {"regular_schedules", "service_taxonomys", "eligibilitys", "fundings", "holiday_schedules"}
)


class FeedFormat(StrEnum):
    AUTO = "auto"
    ORUK3 = "oruk3"
    ORUK1 = "oruk1"


@dataclass
class Intake:
    records: list[Any]
    complete: bool
    format: FeedFormat
    seen_ids: list[str]
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[Rejection] = field(default_factory=list)
    source_ids: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, dict[str, Any]] = field(default_factory=dict)


ORUK3_KEYS = frozenset({"schedules", "attributes", "organization_id", "service_capacity"})


def looks_like_oruk1(record: Any) -> bool:
    """1.0-only fields, supplier extensions, or an id that is not a UUID."""
    if not isinstance(record, Mapping):
        return False
    keys = {str(k) for k in record}
    return bool(ORUK1_KEYS & keys or any(k.startswith("pc_") for k in keys)) or (
        record.get("id") is not None and as_uuid(record.get("id")) is None
    )


def looks_like_oruk3(record: Any) -> bool:
    return isinstance(record, Mapping) and bool(ORUK3_KEYS & {str(k) for k in record})


def detect(payload: Any, records: list[Any]) -> FeedFormat:
    """A Spring page (`content`) is ORUK 1.0; otherwise the first records vote."""
    if isinstance(payload, Mapping) and isinstance(payload.get("content"), list):
        return FeedFormat.ORUK1
    sample = records[:25]
    one = sum(looks_like_oruk1(r) for r in sample)
    three = sum(looks_like_oruk3(r) for r in sample)
    return FeedFormat.ORUK1 if one > three else FeedFormat.ORUK3


def take_in(payload: Any, feed_id: str, fmt: FeedFormat = FeedFormat.AUTO) -> Intake:
    feed = read_payload(payload)
    refuse_other_kinds(payload, feed.records)
    chosen = detect(payload, feed.records) if fmt is FeedFormat.AUTO else fmt
    if chosen is FeedFormat.ORUK3:
        seen = [record_label(r, i) for i, r in enumerate(feed.records)]
        records, notes = repair_records(feed.records)
        return Intake(records, feed.complete, chosen, seen, notes=notes)
    converted = convert(feed.records, feed_id)
    return Intake(
        records=converted.records,
        complete=feed.complete,
        format=chosen,
        seen_ids=converted.seen_ids,
        rejected=converted.rejected,
        notes=converted.notes,
        source_ids=converted.source_ids,
        extensions=converted.extensions,
    )
