"""The `Feed` node: where services came from and how the last import of it went."""

from __future__ import annotations

from datetime import datetime

from kith_common.graph import Graph

from kith_directory.domain.feed import ImportSummary

RECORD_IMPORT = """
MERGE (f:Feed {id: $feed_id})
ON CREATE SET f.first_import_at = $at
SET f.last_import_at = $at, f.last_import_complete = $complete,
    f.last_created = $created, f.last_updated = $updated, f.last_unchanged = $unchanged,
    f.last_removed = $removed, f.last_rejected = $rejected
"""


async def record_import(
    graph: Graph, feed_id: str, at: datetime, summary: ImportSummary, complete: bool
) -> None:
    await graph.execute(
        RECORD_IMPORT,
        feed_id=feed_id,
        at=at,
        complete=complete,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        removed=summary.removed,
        rejected=len(summary.rejected),
    )
