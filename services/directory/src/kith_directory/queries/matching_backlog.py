"""How far semantic matching is behind the directory: listings waiting for an embedding.

The gateway's matching refresher (`kith-matching-refresh --follow`, a process of its own so
embedding is never on an import's path) records on each `(:MatchingProfile)` the version of
the service it last brought the profile up to (`service_version`). A listed, active service
is waiting while it has no embedding or its version has moved on since (a re-import, a
provider's update). Read here, never written: the profile is the gateway's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_common.graph import Graph

MATCHING_BACKLOG = """
MATCH (s:Service)
WHERE s.status = 'active' AND NOT coalesce(s.removed_from_feed, false)
OPTIONAL MATCH (s)<-[:DESCRIBES]-(m:MatchingProfile)
WITH s, m IS NULL OR m.embedding IS NULL
        OR coalesce(m.service_version, -1) < coalesce(s.version, 0) AS waiting
RETURN count(s) AS listed, count(CASE WHEN waiting THEN 1 END) AS waiting,
       min(CASE WHEN waiting THEN s.imported_at END) AS oldest
"""


@dataclass(frozen=True)
class MatchingBacklog:
    listed: int  # active services in the directory
    waiting: int  # of those, not yet (re-)embedded for matching
    oldest: datetime | None  # when the longest-waiting one was imported


async def matching_backlog(graph: Graph) -> MatchingBacklog:
    (row,) = await graph.query(MATCHING_BACKLOG)
    oldest = row["oldest"]
    return MatchingBacklog(row["listed"], row["waiting"], oldest.to_native() if oldest else None)
