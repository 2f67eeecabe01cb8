"""Use case: import an HSDS tabular datapackage (a folder or zip of CSVs).

The tables are reassembled into nested ORUK service documents (`domain/reassemble.py`) and
handed to the one import pipeline (`handlers.import_services`): the same validation against
the compiled schemas, per-record rejections, idempotent upsert with provenance, and
`removed_from_feed` marking for services a whole package no longer lists.
"""

from __future__ import annotations

from pathlib import Path

from kith_directory.adapters.datapackage import read_package
from kith_directory.domain.feed import ImportSummary
from kith_directory.domain.hsds_tables import Layout
from kith_directory.domain.intake import FeedFormat
from kith_directory.domain.reassemble import reassemble
from kith_directory.handlers import Importer, Progress, import_services


async def import_datapackage(
    importer: Importer,
    layout: Layout,
    path: Path,
    feed_id: str,
    *,
    complete: bool = True,
    progress: Progress | None = None,
) -> ImportSummary:
    """A package is a whole feed unless `complete` is False. Raises `PackageError` when
    `path` is no package at all (not a folder or zip, or no services table)."""
    raw, shapes = read_package(path, layout)
    assembled = reassemble(layout, raw, shapes)
    built = {record["id"] for record in assembled.records}
    return await import_services(
        importer,
        assembled.records,
        feed_id,
        complete=complete,
        feed_format=FeedFormat.ORUK3,
        progress=progress,
        rejected=assembled.rejected,
        notes=assembled.notes,
        seen=[service_id for service_id in assembled.listed if service_id not in built],
    )
