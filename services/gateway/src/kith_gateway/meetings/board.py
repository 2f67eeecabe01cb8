"""An organisation's view across meetings: its meetings in a date range and its actions
board (the consent check before a case is added is `cover.py`).

The meetings list names no person (titles, times, places, how many cases). The actions board
shows an organisation its own open and finished actions, overdue first, only where the
organisation still may see the case (it holds the person, or a valid care-coordination
consent covers it: the same cover as `domain.case_access`); each action shown is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_care_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import native

MEETINGS = """
MATCH (m:CaseMeeting)
WHERE (m.host_organisation_id = $org OR $org IN m.invited_organisation_ids)
  AND m.starts_at >= $start AND m.starts_at < $end
OPTIONAL MATCH (host:Organisation {id: m.host_organisation_id})
RETURN m.id AS id, m.title AS title, m.starts_at AS starts_at, m.ends_at AS ends_at,
       m.place AS place, m.online_link AS online_link, m.recurrence AS recurrence,
       m.host_organisation_id = $org AS hosting, coalesce(host.name, 'another organisation')
         AS host_name, m.published_at IS NOT NULL AS published,
       COUNT { (m)-[:HAS_CASE]->(:MeetingCase) } AS cases
ORDER BY m.starts_at, m.id
LIMIT 200
"""

ACTIONS = f"""
MATCH (a:MeetingAction {{owner_organisation_id: $org}})-[:FOR_CASE]->(:MeetingCase)
      -[:ABOUT]->(p:Person)
WHERE (p.organisation_id = $org
       OR EXISTS {{ MATCH (k:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("k", "$org", "$now")} }})
  AND (NOT $mine OR a.owner_user_id = $user)
MATCH (m:CaseMeeting {{id: a.meeting_id}})
OPTIONAL MATCH (m)-[:NEXT]->(next:CaseMeeting)
RETURN a.id AS id, a.description AS description, a.due_on AS due_on, a.status AS status,
       a.version AS version, a.owner_user_id AS owner_user_id, m.id AS meeting_id,
       m.title AS meeting_title, p.id AS person_id, m.recurrence <> 'none' AS series,
       m.host_organisation_id = $org AS hosting, next.id AS next_meeting_id,
       next IS NOT NULL AND EXISTS {{ (next)-[:CARRIES]->(a) }} AS carried
ORDER BY a.due_on, a.id
LIMIT 500
"""

# Public directory data: whom a chair can invite, and where a meeting can refer.
ORGANISATIONS = """
MATCH (o:Organisation) WHERE o.name IS NOT NULL
RETURN o.id AS id, o.name AS name ORDER BY toLower(o.name), o.id LIMIT 2000
"""

SERVICES = """
MATCH (m:CaseMeeting {id: $meeting_id})
WHERE m.host_organisation_id = $org OR $org IN m.invited_organisation_ids
MATCH (o:Organisation)-[:PROVIDES]->(s:Service)
WHERE o.id IN [m.host_organisation_id] + m.invited_organisation_ids
  AND coalesce(s.status, 'active') = 'active'
RETURN s.id AS id, s.name AS name, o.id AS organisation_id, o.name AS organisation_name
ORDER BY toLower(o.name), toLower(s.name), s.id LIMIT 500
"""


@dataclass(frozen=True)
class MeetingListed:
    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_link: str | None
    recurrence: str
    hosting: bool
    host_name: str
    published: bool
    cases: int


@dataclass(frozen=True)
class BoardAction:
    id: str
    description: str
    due_on: date
    status: str
    version: int
    owner_user_id: str | None
    meeting_id: str
    meeting_title: str
    series: bool  # the meeting is one of a series: its open actions can be carried forward
    hosting: bool  # the caller's organisation hosts it (its chair opens the next one)
    next_meeting_id: str | None
    carried: bool  # carried into the next meeting of the series

    def overdue(self, today: date) -> bool:
        return self.status == "open" and self.due_on < today


async def my_meetings(
    graph: Graph, scope: Scope, start: datetime, end: datetime
) -> list[MeetingListed]:
    rows = await graph.query(MEETINGS, org=scope.organisation_id, start=start, end=end)
    return [
        MeetingListed(**{**r, "starts_at": native(r["starts_at"]), "ends_at": native(r["ends_at"])})
        for r in rows
    ]


async def organisations(graph: Graph) -> list[dict[str, str]]:
    return await graph.query(ORGANISATIONS)


async def services(graph: Graph, scope: Scope, meeting_id: str) -> list[dict[str, str]]:
    """Services of the organisations at the meeting (where a REFER decision can send)."""
    return await graph.query(SERVICES, meeting_id=meeting_id, org=scope.organisation_id)


def board_order(actions: list[BoardAction], today: date) -> list[BoardAction]:
    """Overdue first (oldest due first), then the other open ones by due date, then the
    finished ones (most recently due first)."""
    overdue = [a for a in actions if a.overdue(today)]
    open_ = [a for a in actions if a.status == "open" and not a.overdue(today)]
    finished = sorted((a for a in actions if a.status != "open"), key=lambda a: a.due_on)
    return [*overdue, *open_, *reversed(finished)]


async def action_board(
    graph: Graph, scope: Scope, now: datetime, mine: bool = False
) -> list[BoardAction]:
    """The organisation's actions; `mine`: only those owned by the caller by name."""

    async def work(tx: AsyncManagedTransaction) -> list[BoardAction]:
        params = {"org": scope.organisation_id, "now": now, "mine": mine, "user": scope.user_id}
        rows = [r.data() async for r in await tx.run(ACTIONS, params)]
        await record(
            tx, scope, [Access("meeting.action.read", r["person_id"], r["id"]) for r in rows]
        )
        return [_action(r) for r in rows]

    return board_order(await graph.write(work), now.date())


def _action(row: dict[str, Any]) -> BoardAction:
    fields = {k: v for k, v in row.items() if k != "person_id"}
    return BoardAction(
        **{**fields, "due_on": native(row["due_on"]), "version": int(row["version"])}
    )
