"""Putting a case on the agenda, behind the consent gate.

A person may be discussed only if, for every organisation at the meeting other than the one
that holds them, a valid care-coordination consent (or a safeguarding basis, flagged for
review) covers sharing with it. The refusal says how many organisations lack cover, never
which data. The check runs with the meeting locked, so an invitation committing at the same
moment cannot slip an uncovered organisation in between check and write."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.events import MEETING_CASE_ADDED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.commands import NewCase
from kith_gateway.meetings.locking import MeetingRefused, check_version, lock_meeting

EXISTING_CASE = """
MATCH (c:MeetingCase {idempotency_key: $key})
RETURN c.id AS id, c.request_hash AS request_hash, c.review_required AS review_required
"""

OWN_PERSON = "MATCH (p:Person {id: $person_id, organisation_id: $org}) RETURN p.id AS id"

COVER = f"""
MATCH (p:Person {{id: $person_id}})
UNWIND $organisations AS org
CALL (p, org) {{
  OPTIONAL MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "org", "$now")}
  RETURN collect(k.basis) AS bases
}}
RETURN org, bases
"""

ADD_CASE = """
MATCH (m:CaseMeeting {id: $meeting_id}), (p:Person {id: $person_id})
CREATE (m)-[:HAS_CASE]->(c:MeetingCase {id: $case_id, person_id: p.id, idempotency_key: $key,
        request_hash: $request_hash, lead_practitioner: $lead, summary: $summary,
        review_required: $review_required, added_by_organisation_id: $org, added_by: $user,
        added_at: $now, carried: false})-[:ABOUT]->(p)
SET m.version = m.version + 1
RETURN m.version AS version
"""


@dataclass(frozen=True)
class CaseAdded:
    case_id: str
    meeting_version: int | None  # None on a replay
    review_required: bool
    created: bool


def _hash(new: NewCase) -> str:
    return str(
        uuid.uuid5(uuid.NAMESPACE_OID, f"{new.person_id}|{new.lead_practitioner}|{new.summary}")
    )


def coverage(rows: list[dict[str, Any]]) -> tuple[int, bool]:
    """(organisations without cover, whether some are covered only by safeguarding)."""
    uncovered = sum(1 for r in rows if not r["bases"])
    safeguarding_only = any(r["bases"] and "consent" not in r["bases"] for r in rows)
    return uncovered, safeguarding_only


async def _replayed(tx: AsyncManagedTransaction, key: str, new: NewCase) -> CaseAdded | None:
    row = await (await tx.run(EXISTING_CASE, key=key)).single()
    if row is None:
        return None
    if row["request_hash"] != _hash(new):
        raise MeetingRefused(
            MeetingRefused.CONFLICT, "this idempotency key was used for another case"
        )
    return CaseAdded(row["id"], None, bool(row["review_required"]), created=False)


async def _gate(
    tx: AsyncManagedTransaction, new: NewCase, organisations: list[str], now: datetime
) -> bool:
    params = {"person_id": new.person_id, "organisations": organisations, "now": now}
    rows = [r.data() async for r in await tx.run(COVER, params)]
    uncovered, safeguarding_only = coverage(rows)
    if uncovered:
        raise MeetingRefused(
            MeetingRefused.CONSENT,
            f"{uncovered} of the meeting's organisations are not covered by the person's"
            " care-coordination consent (or a safeguarding basis)",
            uncovered=uncovered,
        )
    return safeguarding_only


async def add_case(graph: Graph, scope: Scope, new: NewCase, now: datetime) -> CaseAdded:
    key = f"{scope.organisation_id}:{new.idempotency_key}"

    async def work(tx: AsyncManagedTransaction) -> CaseAdded:
        meeting = await lock_meeting(tx, new.meeting_id, None)
        attending = {meeting["host"], *meeting["invited"]}
        if scope.organisation_id not in attending:
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such meeting you are invited to")
        if (replay := await _replayed(tx, key, new)) is not None:
            return replay
        check_version(meeting["version"], new.expected_version)
        own = await (
            await tx.run(OWN_PERSON, person_id=new.person_id, org=scope.organisation_id)
        ).single()
        if own is None:
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such person of your organisation")
        others = sorted(attending - {scope.organisation_id})
        review = await _gate(tx, new, others, now)
        case_id = str(uuid.uuid4())
        params = {
            "meeting_id": new.meeting_id, "person_id": new.person_id, "case_id": case_id,
            "key": key, "request_hash": _hash(new), "lead": new.lead_practitioner,
            "summary": new.summary, "review_required": review, "org": scope.organisation_id,
            "user": scope.user_id, "now": now,
        }  # fmt: skip
        row = await (await tx.run(ADD_CASE, params)).single(strict=True)
        await outbox.add(tx, *_announce(new.meeting_id, case_id, others))
        await record(tx, scope, [Access("meeting.case.add", new.person_id, case_id)])
        return CaseAdded(case_id, int(row["version"]), review, created=True)

    return await graph.write(work)


def _announce(meeting_id: str, case_id: str, organisations: list[str]) -> list[Event]:
    return [
        Event(
            MEETING_CASE_ADDED,
            meeting_id,
            {"meeting_id": meeting_id, "case_id": case_id, "organisation_id": org},
        )
        for org in organisations
    ]
