"""The receiving organisation reads how to reach a person who asked it for contact: only
that organisation's receiving workers, each read audited in the same transaction, and
nothing once the details have been erased (the sweep in `erasure.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.public.sealing import Envelope

READ = """
MATCH (c:ContactRequest {referral_id: $referral_id, organisation_id: $org})-[:ABOUT]->
      (r:Referral)-[:FOR]->(p:Person)
RETURN c.id AS id, c.reference AS reference, c.sealed AS sealed, c.contact_by AS contact_by,
       c.best_time AS best_time, c.language AS language, c.created_at AS created_at,
       c.erased_at AS erased_at, p.id AS person_id
"""


@dataclass(frozen=True)
class ContactDetails:
    reference: str
    contact_by: str
    best_time: str
    language: str
    asked_at: datetime
    name: str | None
    phone: str | None
    email: str | None
    erased_at: datetime | None


def _native(value: object) -> datetime | None:
    return value.to_native() if hasattr(value, "to_native") else value  # type: ignore[return-value]


async def read_contact(
    graph: Graph, scope: Scope, referral_id: str, envelope: Envelope
) -> ContactDetails | None:
    """None when the referral has no contact request this organisation may read."""

    async def work(tx: AsyncManagedTransaction) -> ContactDetails | None:
        row = await (
            await tx.run(READ, referral_id=referral_id, org=scope.organisation_id)
        ).single()
        if row is None:
            return None
        await record(tx, scope, [Access("contact-details.read", row["person_id"], referral_id)])
        opened = envelope.open(row["sealed"], row["id"]) if row["sealed"] else {}
        return ContactDetails(
            row["reference"], row["contact_by"], row["best_time"], row["language"],
            _native(row["created_at"]) or datetime.min, opened.get("name"), opened.get("phone"),
            opened.get("email"), _native(row["erased_at"]),
        )  # fmt: skip

    return await graph.write(work)
