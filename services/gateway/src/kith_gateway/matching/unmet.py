"""Recording what is missing: one UnmetNeed per person, need and month, with no personal
details, announced as `kith.matching.unmet-need` in the same transaction.

The id is a UUIDv5 of (person id, need, month): searching again for the same person in the
same month finds the same record, so gap maps count people, not searches, and a retried
transaction announces nothing twice. The person id itself is not stored and cannot be read
back from the id (person ids are random UUIDs).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from kith_common import outbox
from kith_common.events import MATCHING_UNMET_NEED, Event
from kith_gateway.matching.domain import Unmet
from neo4j import AsyncManagedTransaction

_NAMESPACE = uuid.UUID("3c0b7a52-2f1e-4e55-9a5d-6d1e0b8f4c21")

RECORD_UNMET = """
UNWIND $rows AS row
MERGE (u:UnmetNeed {id: row.id})
ON CREATE SET u.need = row.need, u.area = $area, u.reason = row.reason, u.at = datetime(),
              u.organisation_id = $org, u._new = true
ON MATCH SET u.last_seen = datetime()
WITH u, coalesce(u._new, false) AS created
REMOVE u._new
WITH u, created
CALL (u, created) {
  WITH u WHERE created
  MATCH (a:Area {code: u.area})
  MATCH (n:Need {code: u.need})
  MERGE (u)-[:IN]->(a)
  MERGE (u)-[:OF]->(n)
}
RETURN u.id AS id, u.need AS need, u.reason AS reason, created
"""


def unmet_id(person_id: str, need: str, at: datetime) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{person_id}|{need}|{at:%Y-%m}"))


async def record_unmet(
    tx: AsyncManagedTransaction,
    person_id: str,
    area: str,
    organisation_id: str,
    unmet: Sequence[Unmet],
    now: datetime,
) -> list[str]:
    """Ids of UnmetNeeds first recorded by this call (and announced)."""
    if not unmet:
        return []
    rows = [
        {"id": unmet_id(person_id, u.need, now), "need": u.need, "reason": u.reason} for u in unmet
    ]
    result = await tx.run(RECORD_UNMET, rows=rows, area=area, org=organisation_id)
    created = [r.data() async for r in result if r["created"]]
    events = [
        Event(
            type=MATCHING_UNMET_NEED,
            aggregate_id=row["id"],
            aggregate_version=1,
            id=str(uuid.uuid5(_NAMESPACE, f"{row['id']}|event")),
            data={
                "unmet_need_id": row["id"],
                "need": row["need"],
                "area": area,
                "reason": row["reason"],
                "organisation_id": organisation_id,
            },
        )
        for row in created
    ]
    await outbox.add(tx, *events)
    return [row["id"] for row in created]
