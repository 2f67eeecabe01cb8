"""Kith consent records for the FHIR edge: the FHIR parts kept beside a record, and reading a
record back as the caller may see it (and auditing that read).

Who may read a consent: the organisation holding the person (which recorded it), and an
organisation it is shared with that has received a referral sent under it. Anyone else is
told there is no such consent, exactly as for a referral they may not see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope

SAVE_PARTS = """
MATCH (c:Consent {id: $id}) WHERE c.fhir_parts_json IS NULL
SET c.fhir_parts_json = $json
"""

READ_CONSENT = """
MATCH (c:Consent {id: $id})-[:ABOUT]->(p:Person)
WHERE p.organisation_id = $org
   OR ($org IN coalesce(c.shared_with, [])
       AND EXISTS { MATCH (r:Referral {to_organisation_id: $org})-[:UNDER]->(c) })
RETURN c {.id, .status, .basis, .categories, .shared_with, .purpose, .method,
          .organisation_id, .fhir_parts_json, expires_at: toString(c.expires_at),
          recorded_at: toString(c.recorded_at)} AS consent,
       p.id AS person_id, p.reference AS pseudonym, p.organisation_id = $org AS holder
"""


@dataclass(frozen=True)
class ConsentView:
    record: dict[str, Any]
    parts: dict[str, Any]
    pseudonym: str | None  # None: the caller's consent does not cover the pseudonym
    holder_organisation_id: str


async def save_consent_parts(tx: AsyncManagedTransaction, consent_id: str, parts: Any) -> None:
    await tx.run(SAVE_PARTS, id=consent_id, json=json.dumps(parts))


async def read_consent(graph: Graph, scope: Scope, consent_id: str) -> ConsentView | None:
    async def work(tx: AsyncManagedTransaction) -> ConsentView | None:
        row = await (await tx.run(READ_CONSENT, id=consent_id, org=scope.organisation_id)).single()
        if row is None:
            return None
        await record(tx, scope, [Access("consent.read", row["person_id"], consent_id)])
        consent = dict(row["consent"])
        parts = json.loads(consent.pop("fhir_parts_json") or "{}")
        sees_pseudonym = row["holder"] or "pseudonym" in (consent.get("categories") or [])
        pseudonym = row["pseudonym"] if sees_pseudonym else None
        return ConsentView(consent, parts, pseudonym, str(consent["organisation_id"]))

    return await graph.write(work)
