"""FHIR use cases over the referral and consent handlers: each write is one Neo4j transaction
(a Bundle's consent and referral commit together or not at all), and every read goes through
`referrals.queries`, so access rules and audit are exactly those of the GraphQL API."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from fhir.resources.R4B.task import Task
from kith_common.auth import Principal
from kith_common.graph import Graph
from kith_referrals import Status
from neo4j import AsyncManagedTransaction

from kith_gateway.consent.domain import Basis, NewConsent, validate_new_consent
from kith_gateway.consent.handlers import record_in
from kith_gateway.fhir.consent_in import ConsentAsk
from kith_gateway.fhir.consent_store import save_consent_parts
from kith_gateway.fhir.inbound import ReferralAsk
from kith_gateway.fhir.outcome import fail, invalid
from kith_gateway.fhir.sender import Json, SenderDetails
from kith_gateway.fhir.updates import capability_for, transition_request
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals import queries
from kith_gateway.referrals.access import Capability, act_scope, read_scope
from kith_gateway.referrals.domain import NewReferral, validate_new_referral
from kith_gateway.referrals.handlers import ReferralCreated, create_in
from kith_gateway.referrals.transitions import change_in
from kith_gateway.referrals.views import ReferralView

SERVICE_ORGANISATION = "MATCH (o:Organisation)-[:PROVIDES]->(s:Service {id: $id}) RETURN o.id AS id"
# The router's capacity flag on a delivered referral (waitlisted, service-closed, ...).
CAPACITY_FLAG = "MATCH (r:Referral {id: $id}) RETURN r.business_status AS flag"
CURRENT_STATUS = "MATCH (r:Referral {id: $id}) RETURN r.status AS status, r.version AS version"
# What the sender's Task/ServiceRequest said beyond the referral (sender.py); a retried
# request keeps the first.
SAVE_SENDER = """
MATCH (r:Referral {id: $id}) WHERE r.fhir_sender_json IS NULL
SET r.fhir_sender_json = $json
"""
SENDER = "MATCH (r:Referral {id: $id}) RETURN r.fhir_sender_json AS json"


@dataclass(frozen=True)
class Created:
    referral: ReferralCreated
    consent_id: str | None


def new_referral(scope: Scope, ask: ReferralAsk, key: str) -> NewReferral:
    return validate_new_referral(
        idempotency_key=key,
        person_pseudonym=ask.pseudonym,
        home_area=ask.home_area,
        service_id=ask.service_id,
        reason=ask.reason,
        from_organisation_id=scope.organisation_id,
        draft=ask.draft,
    )


def new_consent(scope: Scope, ask: ConsentAsk, key: str) -> NewConsent:
    """The Bundle's consent, keyed from the referral's key (a retried Bundle finds it again)."""
    return validate_new_consent(
        idempotency_key="consent-" + hashlib.sha256(key.encode()).hexdigest()[:40],
        person_pseudonym=ask.pseudonym,
        basis=Basis.CONSENT,
        categories=ask.categories,
        shared_with=ask.shared_with,
        purpose=ask.purpose,
        method=ask.method,
        justification=None,
        expires_at=ask.expires_at,
        recorded_by=scope.user_id,
        organisation_id=scope.organisation_id,
        now=datetime.now(UTC),
    )


async def _check_owner(tx: AsyncManagedTransaction, service_id: str, owner: str | None) -> None:
    if owner is None:
        return
    row = await (await tx.run(SERVICE_ORGANISATION, id=service_id)).single()
    if row is not None and row["id"] != owner:
        raise invalid("Task.owner is not the organisation that provides the service", "Task.owner")


async def create(
    graph: Graph,
    scope: Scope,
    referral: NewReferral,
    owner: str | None,
    consent: NewConsent | None,
    sender: SenderDetails | None = None,
    consent_parts: Json | None = None,
) -> Created:
    """Record the consent (if any) and create + send the referral, in one transaction, with
    what the sender said beyond them (`sender`, and the Consent's `consent_parts`)."""

    async def work(tx: AsyncManagedTransaction) -> Created:
        await _check_owner(tx, referral.service_id, owner)
        recorded = await record_in(tx, scope, consent) if consent else None
        if recorded is not None and consent_parts:
            await save_consent_parts(tx, recorded.id, consent_parts)
        created = await create_in(tx, scope, referral)
        if sender is not None:
            document = {"task": sender.task, "request": sender.request}
            await tx.run(SAVE_SENDER, id=created.id, json=json.dumps(document))
        return Created(created, recorded.id if recorded else None)

    return await graph.write(work)


def refer_scope(principal: Principal) -> Scope:
    return act_scope(principal, Capability.REFER)


async def read(graph: Graph, principal: Principal, referral_id: str) -> ReferralView:
    found = await queries.referral(graph, read_scope(principal), referral_id)
    if found is None:
        raise fail(404, "not-found", f"no referral {referral_id} visible to you")
    return found


async def sender_of(graph: Graph, view: ReferralView) -> SenderDetails:
    """Read only after `read` let the caller see the referral."""
    rows = await graph.query(SENDER, id=view.id)
    if not rows or not rows[0]["json"]:
        return SenderDetails()
    stored = json.loads(rows[0]["json"])
    return SenderDetails(stored.get("task", {}), stored.get("request", {}))


async def capacity_flag(graph: Graph, view: ReferralView) -> str | None:
    """Read only after `read` let the caller see the referral."""
    rows = await graph.query(CAPACITY_FLAG, id=view.id)
    return str(rows[0]["flag"]) if rows and rows[0]["flag"] else None


async def update(
    graph: Graph, principal: Principal, referral_id: str, task: Task, version: int, key: str | None
) -> bool:
    """Apply the status change `task` asks for; False when it asks for no change at all."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        row = await (await tx.run(CURRENT_STATUS, id=referral_id)).single()
        current = Status(row["status"]) if row else None
        if (
            current is not None
            and task.status == current.value
            and row
            and row["version"] == version
        ):
            return False  # a PUT of the Task as it is: nothing to do
        request = transition_request(task, referral_id, current, version, key)
        scope = act_scope(principal, capability_for(request.action))
        await change_in(tx, scope, request)
        return True

    return await graph.write(work)
