"""A person's meeting history: every meeting they were discussed in and what was decided,
for the organisations allowed to see each one (the same `case_access` rule as the meeting
itself; meetings whose case is hidden from the caller are left out entirely)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access as Read
from kith_gateway.audit.trail import record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import Access, case_access
from kith_gateway.meetings.reading import case_details, case_of, facts_of, meeting_of
from kith_gateway.meetings.views import CaseView, MeetingView

HISTORY = f"""
MATCH (m:CaseMeeting)-[:HAS_CASE]->(c:MeetingCase)-[:ABOUT]->(p:Person {{id: $person_id}})
RETURN m {{.*}} AS m, c.id AS id, p.organisation_id = $org AS holds_person,
  EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }}
    AS covered,
  EXISTS {{ MATCH (:MeetingAction {{status: 'open', owner_organisation_id: $org}})
                  -[:FOR_CASE]->(:MeetingCase)-[:ABOUT]->(p) }} AS owns_open_action
ORDER BY m.starts_at, m.id
"""


@dataclass(frozen=True)
class HistoryEntry:
    meeting: MeetingView  # its agenda is empty: only this person's case is shown
    case: CaseView


async def person_history(
    graph: Graph, scope: Scope, person_id: str, now: datetime
) -> list[HistoryEntry]:
    org = scope.organisation_id

    async def work(tx: AsyncManagedTransaction) -> list[HistoryEntry]:
        params = {"person_id": person_id, "org": org, "now": now}
        rows = [r.data() async for r in await tx.run(HISTORY, params)]
        seen = []
        for row in rows:
            meeting = meeting_of(row["m"])
            level = case_access(facts_of(meeting, row, org, now))
            if level is not Access.HIDDEN:
                seen.append((meeting, row["id"], level))
        wanted = [{"id": case_id, "full": level is Access.FULL} for _, case_id, level in seen]
        details = await case_details(tx, wanted, org)
        entries = [HistoryEntry(m, case_of(details[i], level)) for m, i, level in seen]
        await record(
            tx, scope, [Read("meeting.history.read", person_id, e.case.id) for e in entries]
        )
        return entries

    return await graph.write(work)
