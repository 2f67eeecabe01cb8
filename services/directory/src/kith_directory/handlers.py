"""Use cases: load areas, import an ORUK feed. Load -> domain -> save + outbox, per batch."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kith_common import outbox
from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event
from kith_common.graph import Graph, Work
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ClientError

from kith_directory.domain.areas import area_rows
from kith_directory.domain.changes import classify
from kith_directory.domain.feed import ImportSummary, Rejection
from kith_directory.domain.intake import FeedFormat, Intake, take_in
from kith_directory.domain.links import NEEDS_TAXONOMY_NAME
from kith_directory.domain.mapping import Provenance, map_services
from kith_directory.domain.merge import merge_batch
from kith_directory.domain.need_map import NeedMap
from kith_directory.domain.validation import ServiceValidator
from kith_directory.queries import feeds, service_writes
from kith_directory.queries.areas import count_areas, write_areas

log = get_logger(__name__)
BATCH = 250
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Importer:
    """Everything an import needs; built once by `bootstrap`."""

    graph: Graph
    validator: ServiceValidator
    needs_taxonomies: frozenset[str] = field(default=frozenset({NEEDS_TAXONOMY_NAME}))
    batch_size: int = BATCH
    need_map: NeedMap | None = None  # a feed's own taxonomy terms -> Kith needs


async def load_areas(graph: Graph, rows: Iterable[Mapping[str, str]]) -> dict[str, int]:
    """Load ONS area rows; returns how many LSOA/MSOA/LAD nodes the graph then holds."""
    await write_areas(graph, area_rows(rows))
    return await count_areas(graph)


async def import_services(
    importer: Importer,
    payload: Any,
    feed_id: str,
    *,
    complete: bool | None = None,
    feed_format: FeedFormat = FeedFormat.AUTO,
    progress: Progress | None = None,
    rejected: Sequence[Rejection] = (),
    notes: Sequence[Rejection] = (),
    seen: Sequence[str] = (),
) -> ImportSummary:
    """Validate and upsert one payload (ORUK 3.0, or ORUK 1.0 converted). `complete`
    overrides whether it is the whole feed (only a whole feed marks services missing from it
    as `removed_from_feed`). `progress(done, total)` is told after every batch. A caller that
    assembled the payload (the tabular import) passes what it rejected and noted on the way,
    and the ids of the services it rejected (`seen`: in the feed, so not removed from it)."""
    intake = take_in(payload, feed_id, feed_format)
    checked = importer.validator.check(intake.records)
    summary = ImportSummary(
        rejected=[*rejected, *intake.rejected, *_by_source(checked.rejected, intake)]
    )
    summary.notes = [*notes, *intake.notes]
    provenance = Provenance(feed_id, datetime.now(UTC), intake.source_ids, intake.extensions)
    for start in range(0, len(checked.valid), importer.batch_size):
        batch = checked.valid[start : start + importer.batch_size]
        summary.add(await _import_batch(importer, batch, provenance))
        if progress is not None:
            progress(start + len(batch), len(checked.valid))
    whole = intake.complete if complete is None else complete
    if whole and (intake.seen_ids or seen):
        listed = [*intake.seen_ids, *seen]
        summary.removed = await _mark_removed(importer.graph, feed_id, listed, provenance)
    await feeds.record_import(importer.graph, feed_id, provenance.imported_at, summary, whole)
    log.info("directory_import", feed_id=feed_id, **_counts(summary))
    return summary


def _by_source(rejected: list[Rejection], intake: Intake) -> list[Rejection]:
    """Name converted records by the feed's own id, which is what its publisher knows."""
    return [
        Rejection(intake.source_ids.get(r.record_id, r.record_id), r.json_path, r.message)
        for r in rejected
    ]


async def _import_batch(
    importer: Importer, batch: Sequence[dict[str, Any]], provenance: Provenance
) -> ImportSummary:
    """One transaction per batch; a batch the graph refuses is retried record by record so
    that only the offending records are rejected and nothing is half-written."""
    try:
        return await importer.graph.write(_batch_work(importer, batch, provenance))
    except ClientError as exc:
        if len(batch) > 1:
            summary = ImportSummary()
            for record in batch:
                summary.add(await _import_batch(importer, [record], provenance))
            return summary
        message = f"could not be stored: {exc.code}: {exc.message}"
        label = provenance.source_ids.get(batch[0]["id"], batch[0]["id"])
        return ImportSummary(rejected=[Rejection(label, "$", message)])


def _batch_work(
    importer: Importer, batch: Sequence[dict[str, Any]], provenance: Provenance
) -> Work[ImportSummary]:
    async def work(tx: AsyncManagedTransaction) -> ImportSummary:
        stored = await service_writes.stored_state(tx, [r["id"] for r in batch])
        changes = classify(list(batch), stored, provenance.feed_id)
        overlays = {
            sid: json.loads(state.provider_overlay)
            for sid, state in stored.items()
            if state.provider_overlay
        }
        merged = merge_batch(
            changes.changed, stored, provenance.feed_id, provenance.imported_at.isoformat()
        )
        rows = map_services(
            changes.changed,
            provenance,
            importer.needs_taxonomies,
            overlays,
            importer.need_map,
            merged,
        )
        await service_writes.clear_service_parts(tx, [r["id"] for r in changes.updated])
        await service_writes.write_services(tx, rows)
        await outbox.add(
            tx, *(service_updated(row["id"], row["organisation_id"]) for row in rows.services)
        )
        return ImportSummary(
            created=len(changes.created),
            updated=len(changes.updated),
            unchanged=len(changes.unchanged),
            notes=[_kept_note(provenance, sid, fields) for sid, fields in merged.kept.items()],
        )

    return work


def _kept_note(provenance: Provenance, service_id: str, fields: list[str]) -> Rejection:
    label = provenance.source_ids.get(service_id, service_id)
    message = (
        f"kept {', '.join(sorted(fields))} from the stored copy (this copy omits them,"
        " or is older or poorer: see the README's merge rule)"
    )
    return Rejection(label, "$", message)


async def _mark_removed(graph: Graph, feed_id: str, seen: list[str], p: Provenance) -> int:
    async def work(tx: AsyncManagedTransaction) -> int:
        removed = await service_writes.mark_removed(tx, feed_id, seen, p.imported_at)
        await outbox.add(
            tx, *(service_updated(row["id"], row["organisation_id"] or "") for row in removed)
        )
        return len(removed)

    return await graph.write(work)


def service_updated(service_id: str, organisation_id: str) -> Event:
    data = {"service_id": service_id, "organisation_id": organisation_id}
    return Event(type=DIRECTORY_SERVICE_UPDATED, aggregate_id=service_id, data=data)


def _counts(summary: ImportSummary) -> dict[str, int]:
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "removed": summary.removed,
        "rejected": len(summary.rejected),
    }
