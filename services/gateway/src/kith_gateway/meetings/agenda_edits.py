"""Editing the agenda before the meeting ends: a case's summary, or taking a case off.

Who: the meeting's chair (a chair of the host organisation) or the organisation holding the
person; anyone else is told "not found". Both edits are versioned like adding a case (the
meeting is locked first, then `expectedVersion` compared) and audited.

Removal is soft: `HAS_CASE` becomes `REMOVED_CASE {at, by, organisation_id}`, so every reader
(agenda, minutes, history, outcomes) stops seeing the case while the record of what was on the
agenda stays. A case with recorded decisions or actions (or open actions carried into this
meeting) is never removed: those outcomes stay where they were recorded. Repeating an edit
that is already in place (the same summary; a case already removed) is a no-op, so retries
succeed."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import MAX_SUMMARY_CHARS, InvalidMeeting
from kith_gateway.meetings.locking import MeetingRefused, check_version, lock_meeting

MEETING_OF_CASE = """
MATCH (m:CaseMeeting)-[:HAS_CASE|REMOVED_CASE]->(:MeetingCase {id: $case_id})
RETURN m.id AS id
"""

# `covered`: the chair edits only while the person's consent still covers the host.
CASE = f"""
MATCH (m:CaseMeeting)-[rel:HAS_CASE|REMOVED_CASE]->(c:MeetingCase {{id: $case_id}})
      -[:ABOUT]->(p:Person)
RETURN m.id AS meeting_id, m.host_organisation_id AS host, m.ends_at AS ends_at,
  m.version AS version, type(rel) = 'REMOVED_CASE' AS removed, c.summary AS summary,
  p.id AS person_id, p.organisation_id AS person_org,
  EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }}
    AS covered,
  EXISTS {{ (c)-[:DECIDED]->(:MeetingDecision) }} OR EXISTS {{ (:MeetingAction)-[:FOR_CASE]->(c) }}
  OR EXISTS {{ (m)-[:CARRIES]->(:MeetingAction {{status: 'open'}})-[:FOR_CASE]->(:MeetingCase)
                -[:ABOUT]->(p) }} AS has_outcomes
"""

EDIT = """
MATCH (m:CaseMeeting)-[:HAS_CASE]->(c:MeetingCase {id: $case_id})
SET c.summary = $summary, c.edited_at = $now, c.edited_by = $user,
    c.edited_by_organisation_id = $org, m.version = m.version + 1
RETURN m.version AS version
"""

REMOVE = """
MATCH (m:CaseMeeting)-[rel:HAS_CASE]->(c:MeetingCase {id: $case_id})
DELETE rel
CREATE (m)-[:REMOVED_CASE {at: $now, by: $user, organisation_id: $org}]->(c)
SET m.version = m.version + 1
RETURN m.version AS version
"""


class Edited(NamedTuple):
    meeting_id: str
    version: int


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


async def _editable(
    tx: AsyncManagedTransaction, scope: Scope, case_id: str, as_chair: bool, now: datetime
) -> dict[str, Any]:
    """The case with its meeting locked, if the caller may edit it (else "not found")."""
    found = await (await tx.run(MEETING_OF_CASE, case_id=case_id)).single()
    row = None
    org = scope.organisation_id
    if found is not None:
        await lock_meeting(tx, found["id"], None)
        row = await (await tx.run(CASE, case_id=case_id, org=org, now=now)).single()
    if row is None or not (
        org == row["person_org"] or (as_chair and org == row["host"] and row["covered"])
    ):
        raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such case you can edit")
    return dict(row)


def _before_the_end(case: dict[str, Any], now: datetime) -> None:
    if now >= _native(case["ends_at"]):
        raise MeetingRefused(
            MeetingRefused.STATE, "the meeting has ended: its agenda is part of the record",
            code="meeting-ended",
        )  # fmt: skip


def validate_summary(summary: str) -> str:
    cleaned = summary.strip()
    if not 1 <= len(cleaned) <= MAX_SUMMARY_CHARS:
        raise InvalidMeeting("summary", f"give 1-{MAX_SUMMARY_CHARS} characters")
    return cleaned


async def edit_summary(
    graph: Graph, scope: Scope, case_id: str, summary: str, expected_version: int,
    now: datetime, as_chair: bool,
) -> Edited:  # fmt: skip
    text = validate_summary(summary)

    async def work(tx: AsyncManagedTransaction) -> Edited:
        case = await _editable(tx, scope, case_id, as_chair, now)
        if case["removed"]:  # a stale caller reloads first; a current one learns it is gone
            check_version(case["version"], expected_version)
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "this case is no longer on the agenda")
        if case["summary"] == text:
            return Edited(case["meeting_id"], int(case["version"]))
        _before_the_end(case, now)
        check_version(case["version"], expected_version)
        params = {"case_id": case_id, "summary": text, "now": now, "user": scope.user_id,
                  "org": scope.organisation_id}  # fmt: skip
        row = await (await tx.run(EDIT, params)).single(strict=True)
        await record(tx, scope, [Access("meeting.case.edit", case["person_id"], case_id)])
        return Edited(case["meeting_id"], int(row["version"]))

    return await graph.write(work)


async def remove_case(
    graph: Graph, scope: Scope, case_id: str, expected_version: int, now: datetime,
    as_chair: bool,
) -> Edited:  # fmt: skip
    async def work(tx: AsyncManagedTransaction) -> Edited:
        case = await _editable(tx, scope, case_id, as_chair, now)
        if case["removed"]:
            return Edited(case["meeting_id"], int(case["version"]))
        _before_the_end(case, now)
        if case["has_outcomes"]:
            raise MeetingRefused(
                MeetingRefused.STATE,
                "decisions or actions are recorded for this case: it stays on the agenda",
                code="case-has-outcomes",
            )
        check_version(case["version"], expected_version)
        params = {"case_id": case_id, "now": now, "user": scope.user_id,
                  "org": scope.organisation_id}  # fmt: skip
        row = await (await tx.run(REMOVE, params)).single(strict=True)
        await record(tx, scope, [Access("meeting.case.remove", case["person_id"], case_id)])
        return Edited(case["meeting_id"], int(row["version"]))

    return await graph.write(work)
