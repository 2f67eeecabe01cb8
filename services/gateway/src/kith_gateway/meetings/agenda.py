"""The agenda: putting a case on it behind the consent gate, editing a case's summary, or
taking a case off.

A practitioner brings a person their organisation recorded, or one recorded elsewhere whose
care-coordination consent covers their organisation (`cover.py`; audited as
`meeting.case.bring`). A person may be discussed only if, for every organisation at the
meeting other than the one that holds them, a valid care-coordination consent (or a safeguarding basis, flagged for
review) covers sharing with it. The refusal says how many organisations lack cover, never
which data. The check runs with the meeting locked, so an invitation committing at the same
moment cannot slip an uncovered organisation in between check and write.

Editing a case (until the meeting ends), who: the meeting's chair (a chair of the host
organisation), the organisation holding the person, or the one that brought them under their
consent (while it still covers the editor); anyone else is told "not found". Both edits are versioned like adding a case (the
meeting is locked first, then `expectedVersion` compared) and audited.

Removal is soft: `HAS_CASE` becomes `REMOVED_CASE {at, by, organisation_id}`, so every reader
(agenda, minutes, history, outcomes) stops seeing the case while the record of what was on the
agenda stays. A case with recorded decisions or actions (or open actions carried into this
meeting) is never removed: those outcomes stay where they were recorded. Repeating an edit
that is already in place (the same summary; a case already removed) is a no-op, so retries
succeed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from kith_common import outbox
from kith_common.events import MEETING_CASE_ADDED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.access import MeetingRefused, check_version, lock_meeting
from kith_gateway.meetings.commands import NewCase
from kith_gateway.meetings.cover import bringable_by_id
from kith_gateway.meetings.domain import MAX_SUMMARY_CHARS, InvalidMeeting, native

EXISTING_CASE = """
MATCH (c:MeetingCase {idempotency_key: $key})
RETURN c.id AS id, c.request_hash AS request_hash, c.review_required AS review_required
"""

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
        person = await bringable_by_id(tx, scope, new.person_id, now)
        others = sorted(attending - {person.holder})
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
        what = "meeting.case.bring" if person.shared(scope.organisation_id) else "meeting.case.add"
        await record(tx, scope, [Access(what, new.person_id, case_id)])
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


MEETING_OF_CASE = """
MATCH (m:CaseMeeting)-[:HAS_CASE|REMOVED_CASE]->(:MeetingCase {id: $case_id})
RETURN m.id AS id
"""

# `covered`: the chair edits only while the person's consent still covers the host.
EDITABLE_CASE = f"""
MATCH (m:CaseMeeting)-[rel:HAS_CASE|REMOVED_CASE]->(c:MeetingCase {{id: $case_id}})
      -[:ABOUT]->(p:Person)
RETURN m.id AS meeting_id, m.host_organisation_id AS host, m.ends_at AS ends_at,
  m.version AS version, type(rel) = 'REMOVED_CASE' AS removed, c.summary AS summary,
  p.id AS person_id, p.organisation_id AS person_org, c.added_by_organisation_id AS brought_by,
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


async def _editable(
    tx: AsyncManagedTransaction, scope: Scope, case_id: str, as_chair: bool, now: datetime
) -> dict[str, Any]:
    """The case with its meeting locked, if the caller may edit it (else "not found")."""
    found = await (await tx.run(MEETING_OF_CASE, case_id=case_id)).single()
    row = None
    org = scope.organisation_id
    if found is not None:
        await lock_meeting(tx, found["id"], None)
        row = await (await tx.run(EDITABLE_CASE, case_id=case_id, org=org, now=now)).single()
    if row is None or not (
        org == row["person_org"]
        or (row["covered"] and (org == row["brought_by"] or (as_chair and org == row["host"])))
    ):
        raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such case you can edit")
    return dict(row)


def _before_the_end(case: dict[str, Any], now: datetime) -> None:
    if now >= native(case["ends_at"]):
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
