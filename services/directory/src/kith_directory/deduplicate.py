"""Use case: compare every listed service across feeds and (re)write `SAME_AS` links in one
transaction. Decisions a system lead made (confirmed, split) are never overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_directory.domain.dedup import Fingerprint, Match, find_matches
from kith_directory.queries.duplicates import load_fingerprints, write_links

log = get_logger(__name__)


@dataclass(frozen=True)
class DedupSummary:
    compared: int
    auto: int
    suggested: int
    dropped: int


def fingerprint(row: dict[str, Any]) -> Fingerprint:
    return Fingerprint(
        id=row["id"],
        feed_id=row["feed_id"] or "",
        name=row["name"] or "",
        org_identifiers=frozenset(row["org_identifiers"]),
        phones=frozenset(row["phones"]),
        emails=frozenset(row["emails"]),
        webs=frozenset(row["webs"]),
        postcodes=frozenset(row["postcodes"]),
        points=tuple((float(p[0]), float(p[1])) for p in row["points"]),
        created=row["created"] or "",
    )


def _row(match: Match) -> dict[str, Any]:
    return {
        "duplicate": match.duplicate,
        "canonical": match.canonical,
        "score": match.score,
        "signals": list(match.signals),
        "status": match.status,
    }


async def deduplicate(graph: Graph) -> DedupSummary:
    prints = [fingerprint(row) for row in await load_fingerprints(graph)]
    matches = find_matches(prints)
    rows = [_row(m) for m in matches]
    now = datetime.now(UTC)

    async def work(tx: AsyncManagedTransaction) -> int:
        return await write_links(tx, rows, now)

    dropped = await graph.write(work)
    auto = sum(1 for m in matches if m.status == "auto")
    summary = DedupSummary(len(prints), auto, len(matches) - auto, dropped)
    log.info("directory_dedup", **summary.__dict__)
    return summary
