"""Creating a referral: a draft, sent at once (in the same transaction) unless the client
asked to keep it as a draft. Sending needs a valid consent covering the receiving
organisation; without one the whole creation rolls back and the client gets a typed error."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph
from kith_referrals import Action
from kith_referrals.tallies import RETALLY_IF_REFERRED
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind, Refused
from kith_gateway.referrals.changes import TransitionRequest
from kith_gateway.referrals.domain import NewReferral
from kith_gateway.referrals.transitions import apply_loaded

# The target, and whether the pathway gate would refuse this person (by pseudonym: they may
# not exist yet), in one round trip; the gate counts only if the referral is created.
SERVICE_AND_AREA = """
OPTIONAL MATCH (o:Organisation)-[:PROVIDES]->(s:Service {id: $service_id})
OPTIONAL MATCH (a:Area:LSOA {code: $home_area})
CALL (s) {
  MATCH (t:PathwayTier {requires_decision: true})-[:DELIVERED_BY]->(s)
  WHERE NOT coalesce(s.self_referral, false)
  OPTIONAL MATCH (:Person {reference: $pseudonym, organisation_id: $from_org})
                 -[:ON_PATHWAY]->(e:PathwayEnrolment {pathway_id: t.pathway_id})
  WITH t, e WHERE e IS NULL OR e.tier < t.level
  MATCH (pw:Pathway {id: t.pathway_id})
  RETURN {pathway: pw.name, level: t.level} AS gate
  ORDER BY gate.pathway LIMIT 1
  UNION
  RETURN null AS gate
}
WITH o, s, a, collect(gate)[0] AS gate
RETURN o.id AS organisation_id, s.status AS status, a IS NOT NULL AS area_known, gate
"""

# MERGE on the unique idempotency key: a retried or concurrent duplicate finds the first
# referral instead of creating a second (the constraint serialises the two MERGEs). A person
# already referred who now lives somewhere new is counted there too (kith_referrals.tallies).
CREATE_REFERRAL = f"""
MERGE (r:Referral {{idempotency_key: $scoped_key}})
ON CREATE SET r.id = $referral_id, r.status = 'draft', r.version = 1, r.created_by = $user,
              r.reason = $reason, r.request_hash = $request_hash, r.created_at = datetime(),
              r.from_organisation_id = $from_org, r.to_organisation_id = $to_org,
              r.service_id = $service_id, r.self_referral = $self_referral, r._created = true
WITH r, coalesce(r._created, false) AS created
REMOVE r._created
WITH r, created
CALL (r, created) {{
  WITH r WHERE created
  MERGE (p:Person {{reference: $pseudonym, organisation_id: $from_org}})
  ON CREATE SET p.id = randomUUID(), p.created_at = datetime()
  SET p.home_area = $home_area
  WITH r, p
  MATCH (s:Service {{id: $service_id}})
  MATCH (a:Area:LSOA {{code: $home_area}})
  MERGE (p)-[:LIVES_IN]->(a)
  CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
  WITH p
  {RETALLY_IF_REFERRED}
}}
WITH r, created
MATCH (r)-[:FOR]->(person:Person)
RETURN r.id AS id, r.status AS status, r.version AS version, r.request_hash AS request_hash,
       person.id AS person_id, created
"""


class ReferralNotCreated(Refused):
    """A referral that cannot be created (unknown service, key reuse, pathway gate)."""


@dataclass(frozen=True)
class ReferralCreated:
    id: str
    status: str
    version: int
    created: bool


async def _check_target(tx: AsyncManagedTransaction, new: NewReferral) -> dict[str, Any]:
    found = await (
        await tx.run(
            SERVICE_AND_AREA,
            service_id=new.service_id,
            home_area=new.home_area,
            pseudonym=new.person_pseudonym,
            from_org=new.from_organisation_id,
        )
    ).single(strict=True)
    if found["organisation_id"] is None:
        raise ReferralNotCreated(RefusalKind.NOT_FOUND, f"no service with id {new.service_id}")
    if found["status"] != "active":
        raise ReferralNotCreated(RefusalKind.INVALID, "the service is not active")
    if not found["area_known"]:
        raise ReferralNotCreated(RefusalKind.INVALID, f"unknown area {new.home_area}")
    return found.data()


def _check_tier(gate: dict[str, Any] | None) -> None:
    if gate is not None:
        raise ReferralNotCreated(
            RefusalKind.DECISION_REQUIRED,
            f"this service is tier {gate['level']} of {gate['pathway']}: the person must be"
            " stepped up to it first, by a clinician's or a case meeting's decision",
        )


async def create_referral(graph: Graph, scope: Scope, new: NewReferral) -> ReferralCreated:
    async def work(tx: AsyncManagedTransaction) -> ReferralCreated:
        return await create_in(tx, scope, new)

    return await graph.write(work)


async def create_in(tx: AsyncManagedTransaction, scope: Scope, new: NewReferral) -> ReferralCreated:
    """Create (and, unless a draft, send) a referral inside the caller's transaction, so other
    use cases (a meeting decision, a FHIR Bundle) commit it together with their own writes."""
    target = await _check_target(tx, new)
    to_org = str(target["organisation_id"])
    row = await (
        await tx.run(
            CREATE_REFERRAL,
            scoped_key=new.scoped_key,
            referral_id=str(uuid.uuid4()),
            reason=new.reason,
            request_hash=new.request_hash,
            from_org=new.from_organisation_id,
            to_org=to_org,
            service_id=new.service_id,
            pseudonym=new.person_pseudonym,
            home_area=new.home_area,
            user=scope.user_id,
            self_referral=new.self_referral,
        )
    ).single(strict=True)
    if not row["created"]:
        if row["request_hash"] != new.request_hash:
            raise ReferralNotCreated(
                RefusalKind.CONFLICT,
                "this idempotency key was already used for a different referral",
            )
        return ReferralCreated(row["id"], row["status"], row["version"], created=False)
    _check_tier(target["gate"])
    created = Access("referral.create", row["person_id"], row["id"])
    if new.draft:
        await record(tx, scope, [created])
        return ReferralCreated(row["id"], row["status"], row["version"], created=True)
    # Written by this transaction a moment ago, so already locked and known: no LOCK or LOAD.
    draft = {**row.data(), "service_id": new.service_id, "from_org": new.from_organisation_id,
             "to_org": to_org}  # fmt: skip
    send = TransitionRequest(row["id"], Action.SEND, 1, None)
    sent, sending = await apply_loaded(tx, scope, send, draft)
    await record(tx, scope, [created, sending])
    return ReferralCreated(row["id"], sent.status.value, sent.version, created=True)
