"""Recording what a meeting decided and who will do what by when.

A decision to refer creates the referral through the referrals domain (`create_in`) in the
same transaction, so the decision and its referral commit or fail together (no consent for
the receiving service: neither exists). Actions have owners, due dates and a small state
machine (`domain.next_action_status`). A decision recorded before the meeting starts or
before its agenda is published is kept, marked `early`, and the minutes say so.

Decisions that change something elsewhere are carried out through their own domains, inside
the meeting's transaction. A referral is made by the organisation that holds the person (it
is their referral, under their consent to the receiving service), so only that organisation
records a refer decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.events import MEETING_ACTION_ASSIGNED, MEETING_DECISION_RECORDED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.meetings.access import MeetingRefused
from kith_gateway.meetings.commands import NewAction, NewDecision
from kith_gateway.meetings.domain import DecisionKind
from kith_gateway.pathways.domain import Basis, PathwayRuleRefused
from kith_gateway.pathways.enrolments import (
    EnrolmentRefused,
    TierActor,
    TierChange,
    change_tier_in,
)
from kith_gateway.referrals.changes import TransitionRefused
from kith_gateway.referrals.domain import NewReferral
from kith_gateway.referrals.handlers import ReferralNotCreated, create_in

CASE = f"""
MATCH (m:CaseMeeting)-[:HAS_CASE]->(c:MeetingCase {{id: $case_id}})-[:ABOUT]->(p:Person)
RETURN m.id AS meeting_id, m.host_organisation_id AS host, m.invited_organisation_ids AS invited,
       p.id AS person_id, p.organisation_id AS person_org, p.reference AS reference,
       p.home_area AS home_area,
       $now < m.starts_at OR m.published_at IS NULL AS early,
       p.organisation_id = $owner OR EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p)
         WHERE {valid_care_consent("k", "$owner", "$now")} }} AS owner_covered
"""

DECISION = """
MATCH (c:MeetingCase {id: $case_id})
MERGE (d:MeetingDecision {idempotency_key: $key})
ON CREATE SET d += $props, d.id = $id, d.recorded_at = $now, d.recorded_by = $user,
              d.organisation_id = $org, d.early = $early, d._created = true
WITH c, d, coalesce(d._created, false) AS created
REMOVE d._created
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END | CREATE (c)-[:DECIDED]->(d))
RETURN d.id AS id, d.request_hash AS request_hash, d.referral_id AS referral_id, created
"""

LINK_REFERRAL = """
MATCH (d:MeetingDecision {id: $id}), (r:Referral {id: $referral_id})
SET d.referral_id = r.id
CREATE (d)-[:CREATED]->(r)
"""

ACTION = """
MATCH (m:CaseMeeting {id: $meeting_id})-[:HAS_CASE]->(c:MeetingCase {id: $case_id})
MERGE (a:MeetingAction {idempotency_key: $key})
ON CREATE SET a += $props, a.id = $id, a.status = 'open', a.version = 1, a.created_at = $now,
              a.created_by = $user, a.meeting_id = m.id, a._created = true
WITH m, c, a, coalesce(a._created, false) AS created
REMOVE a._created
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  CREATE (m)-[:HAS_ACTION]->(a)-[:FOR_CASE]->(c))
RETURN a.id AS id, a.version AS version, a.request_hash AS request_hash, created
"""


@dataclass(frozen=True)
class Recorded:
    id: str
    created: bool
    referral_id: str | None = None
    version: int = 1


_KEY_NAMESPACE = uuid.UUID("0f5b7c2e-9d1a-4b8e-8c3f-6a2e1d4b9f70")


def _hash(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_OID, "|".join(str(p) for p in parts)))


async def _case(
    tx: AsyncManagedTransaction, scope: Scope, case_id: str, owner: str, now: datetime
) -> dict[str, Any]:
    """The case, with its meeting locked; only the host (chair) or the organisation holding the
    person records outcomes for it."""
    params = {"case_id": case_id, "owner": owner, "now": now}
    row = await (await tx.run(CASE, params)).single()
    if row is None or scope.organisation_id not in (row["host"], row["person_org"]):
        raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such case you can record outcomes for")
    return dict(row)


async def record_decision(graph: Graph, scope: Scope, new: NewDecision, now: datetime) -> Recorded:
    key = f"{scope.organisation_id}:{new.idempotency_key}"
    props = {"kind": new.kind.value, "text": new.text, "service_id": new.service_id,
             "tier": new.tier, "pathway_id": new.pathway_id,
             "request_hash": _hash(new.case_id, new.kind, new.text, new.service_id, new.tier,
                                   new.pathway_id)}  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> Recorded:
        case = await _case(tx, scope, new.case_id, scope.organisation_id, now)
        params = {"case_id": new.case_id, "key": key, "props": props, "id": str(uuid.uuid4()),
                  "now": now, "user": scope.user_id, "org": scope.organisation_id,
                  "early": case["early"]}  # fmt: skip
        row = await (await tx.run(DECISION, params)).single(strict=True)
        if not row["created"]:
            if row["request_hash"] != props["request_hash"]:
                raise MeetingRefused(
                    MeetingRefused.CONFLICT, "this key was used for another decision"
                )
            return Recorded(row["id"], False, row["referral_id"])
        referral_id = await _carry_out(tx, scope, new, case, row["id"])
        event = {"meeting_id": case["meeting_id"], "decision_id": row["id"],
                 "organisation_id": case["host"]}  # fmt: skip
        await outbox.add(tx, Event(MEETING_DECISION_RECORDED, case["meeting_id"], event))
        await record(tx, scope, [Access("meeting.decision.record", case["person_id"], row["id"])])
        return Recorded(row["id"], True, referral_id)

    return await graph.write(work)


async def _carry_out(
    tx: AsyncManagedTransaction, scope: Scope, new: NewDecision, case: dict[str, Any], id_: str
) -> str | None:
    """Decisions that change something elsewhere do it through that domain, in this tx."""
    if new.kind is DecisionKind.REFER:
        referral_id = await _refer_in(tx, scope, new, case, id_)
        await (await tx.run(LINK_REFERRAL, id=id_, referral_id=referral_id)).consume()
        return referral_id
    if new.kind is DecisionKind.STEP_UP_TIER:
        await _step_up_in(tx, scope, new, case, id_)
    return None


async def _refer_in(
    tx: AsyncManagedTransaction,
    scope: Scope,
    new: NewDecision,
    case: dict[str, Any],
    decision_id: str,
) -> str:
    if scope.organisation_id != case["person_org"]:
        raise MeetingRefused(
            MeetingRefused.INVALID,
            "a referral is recorded by the organisation that holds the person",
            field="kind",
        )
    referral = NewReferral(
        idempotency_key=f"meeting-{uuid.uuid5(_KEY_NAMESPACE, decision_id)}",
        person_pseudonym=case["reference"],
        home_area=case["home_area"] or "",
        service_id=new.service_id or "",
        reason=new.text,
        from_organisation_id=case["person_org"],
    )
    as_referrer = Scope(scope.user_id, scope.organisation_id, True, False, "direct-care-referring")
    try:
        created = await create_in(tx, as_referrer, referral)
    except ReferralNotCreated as exc:
        kind = (
            MeetingRefused.NOT_FOUND
            if exc.kind == RefusalKind.NOT_FOUND
            else MeetingRefused.INVALID
        )
        raise MeetingRefused(kind, exc.message, field="serviceId") from None
    except TransitionRefused as exc:
        if exc.kind != TransitionRefused.CONSENT_REQUIRED:
            raise MeetingRefused(MeetingRefused.CONFLICT, exc.message) from None
        raise MeetingRefused(
            MeetingRefused.REFERRAL_CONSENT, await _missing_consent(tx, new.service_id or "")
        ) from None
    return created.id


RECEIVER = """
MATCH (o:Organisation)-[:PROVIDES]->(s:Service {id: $id})
RETURN o.name AS organisation, s.name AS service
"""


async def _missing_consent(tx: AsyncManagedTransaction, service_id: str) -> str:
    """Which consent a refer decision lacks, in words (names are public directory data)."""
    row = await (await tx.run(RECEIVER, id=service_id)).single()
    org = row["organisation"] if row else "the receiving organisation"
    service = row["service"] if row else "this service"
    return (
        f"No referral consent covers {org}: record the person's consent to share with {org}"
        f" for a referral to {service}, then record this decision again."
    )


async def _step_up_in(
    tx: AsyncManagedTransaction,
    scope: Scope,
    new: NewDecision,
    case: dict[str, Any],
    decision_id: str,
) -> None:
    """Through the pathways domain, on the meeting's authority (it may move a person another
    attending organisation holds; the pathway's rules still apply)."""
    actor = TierActor(scope.user_id, scope.organisation_id, Basis.MEETING, decision_id)
    change = TierChange(
        person_id=case["person_id"],
        pathway_id=new.pathway_id or "",
        to_tier=new.tier or 0,
        idempotency_key=f"meeting-{uuid.uuid5(_KEY_NAMESPACE, decision_id + ':tier')}",
        expected_version=None,
    )
    try:
        await change_tier_in(tx, actor, change)
    except PathwayRuleRefused as exc:
        raise MeetingRefused(MeetingRefused.INVALID, exc.message, field="tier") from None
    except EnrolmentRefused as exc:
        kind = MeetingRefused.NOT_FOUND if exc.kind == exc.NOT_FOUND else MeetingRefused.CONFLICT
        raise MeetingRefused(kind, exc.message, field="pathwayId") from None


async def add_action(graph: Graph, scope: Scope, new: NewAction, now: datetime) -> Recorded:
    key = f"{scope.organisation_id}:{new.idempotency_key}"
    props = {"description": new.description, "owner_organisation_id": new.owner_organisation_id,
             "owner_user_id": new.owner_user_id, "due_on": new.due_on,
             "request_hash": _hash(new.case_id, new.description, new.owner_organisation_id,
                                   new.owner_user_id, new.due_on)}  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> Recorded:
        case = await _case(tx, scope, new.case_id, new.owner_organisation_id, now)
        if not case["owner_covered"]:
            raise MeetingRefused(
                MeetingRefused.CONSENT,
                "the action's owner is not covered by the person's care-coordination consent",
                uncovered=1,
            )
        params = {"meeting_id": case["meeting_id"], "case_id": new.case_id, "key": key,
                  "props": props, "id": str(uuid.uuid4()), "now": now, "user": scope.user_id}  # fmt: skip
        row = await (await tx.run(ACTION, params)).single(strict=True)
        if not row["created"]:
            if row["request_hash"] != props["request_hash"]:
                raise MeetingRefused(
                    MeetingRefused.CONFLICT, "this key was used for another action"
                )
            return Recorded(row["id"], False, version=row["version"])
        event = {"meeting_id": case["meeting_id"], "action_id": row["id"],
                 "organisation_id": new.owner_organisation_id}  # fmt: skip
        await outbox.add(tx, Event(MEETING_ACTION_ASSIGNED, case["meeting_id"], event))
        await record(tx, scope, [Access("meeting.action.add", case["person_id"], row["id"])])
        return Recorded(row["id"], True, version=1)

    return await graph.write(work)
