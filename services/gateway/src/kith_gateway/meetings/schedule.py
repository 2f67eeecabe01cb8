"""Scheduling: a meeting (or the first of a series), inviting organisations, publishing the
agenda, and opening the next meeting of a series with the open actions and the invited
organisations and people (`participants.py`) carried forward; attendance is not carried.

Invitations are outbox events, one per invited organisation, so the notifications service
delivers them by webhook, email or live inbox like any other event."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from kith_common import outbox
from kith_common.events import MEETING_INVITED, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.access import MeetingRefused, lock_as_chair
from kith_gateway.meetings.commands import NewMeeting
from kith_gateway.meetings.domain import Recurrence
from kith_gateway.meetings.participants import carry_in, rows, store_in

KNOWN_ORGANISATIONS = "MATCH (o:Organisation) WHERE o.id IN $ids RETURN collect(o.id) AS ids"

CREATE_MEETING = """
MERGE (m:CaseMeeting {idempotency_key: $key})
ON CREATE SET m += $props, m.id = $id, m.series_id = $id, m.occurrence = 1, m.version = 1,
              m.created_at = datetime(), m._created = true
WITH m, coalesce(m._created, false) AS created
REMOVE m._created
RETURN m.id AS id, m.version AS version, m.request_hash AS request_hash, created
"""

INVITE = """
MATCH (m:CaseMeeting {id: $id})
SET m.invited_organisation_ids = $invited, m.version = m.version + 1
RETURN m.version AS version
"""

PUBLISH = """
MATCH (m:CaseMeeting {id: $id})
SET m.published_at = coalesce(m.published_at, $now), m.version = m.version + 1
RETURN m.version AS version
"""

# The next occurrence is unique per series (constraint), so opening it twice finds the first.
# Cases with open actions come along (as new agenda items continuing the old ones), and the
# open actions are linked to the new meeting: nothing is forgotten between meetings.
OPEN_NEXT = """
MATCH (prev:CaseMeeting {id: $id})
MERGE (next:CaseMeeting {series_id: prev.series_id, occurrence: prev.occurrence + 1})
ON CREATE SET next += prev {.title, .place, .online_link, .recurrence, .host_organisation_id,
                            .chair_user_id, .invited_organisation_ids, .access_hours},
              next.id = $next_id, next.idempotency_key = prev.idempotency_key + '#' + $next_id,
              next.starts_at = prev.starts_at + $interval, next.ends_at = prev.ends_at + $interval,
              next.version = 1, next.created_at = datetime(), next._created = true
MERGE (prev)-[:NEXT]->(next)
WITH prev, next, coalesce(next._created, false) AS created
REMOVE next._created
WITH prev, next, created
CALL (prev, next, created) {
  WITH prev, next WHERE created
  MATCH (prev)-[:HAS_ACTION|CARRIES]->(a:MeetingAction {status: 'open'})-[:FOR_CASE]->(c:MeetingCase)
  MERGE (next)-[:CARRIES]->(a)
  WITH next, c.person_id AS person_id, collect(c)[0] AS c
  MATCH (p:Person {id: person_id})
  CREATE (next)-[:HAS_CASE]->(n:MeetingCase {id: randomUUID(), person_id: person_id,
          idempotency_key: next.id + ':' + person_id, lead_practitioner: c.lead_practitioner,
          summary: c.summary, added_by_organisation_id: c.added_by_organisation_id,
          review_required: c.review_required, carried: true, added_at: datetime()})
          -[:ABOUT]->(p)
  CREATE (n)-[:CONTINUES]->(c)
}
RETURN next.id AS id, next.invited_organisation_ids AS invited, created
"""


@dataclass(frozen=True)
class Scheduled:
    id: str
    version: int
    created: bool


def _props(new: NewMeeting, scope: Scope) -> dict[str, object]:
    props: dict[str, object] = {
        "title": new.title,
        "starts_at": new.starts_at,
        "ends_at": new.ends_at,
        "place": new.place,
        "online_link": new.online_link,
        "recurrence": new.recurrence.value,
        "invited_organisation_ids": list(new.invited),
        "access_hours": new.access_hours,
        "host_organisation_id": scope.organisation_id,
        "chair_user_id": scope.user_id,
    }
    hashed = {**props, "invitees": rows(new.invitees)}
    body = json.dumps({k: str(v) for k, v in hashed.items()}, sort_keys=True)
    return {**props, "request_hash": hashlib.sha256(body.encode()).hexdigest()}


def invitations(meeting_id: str, organisations: list[str]) -> list[Event]:
    return [
        Event(MEETING_INVITED, meeting_id, {"meeting_id": meeting_id, "organisation_id": org})
        for org in sorted(organisations)
    ]


async def _check_known(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    known = await (await tx.run(KNOWN_ORGANISATIONS, ids=ids)).single(strict=True)
    missing = sorted(set(ids) - set(known["ids"]))
    if missing:
        raise MeetingRefused(MeetingRefused.NOT_FOUND, f"no organisation with id {missing[0]}")


async def schedule_meeting(graph: Graph, scope: Scope, new: NewMeeting) -> Scheduled:
    props = _props(new, scope)

    async def work(tx: AsyncManagedTransaction) -> Scheduled:
        await _check_known(tx, list(new.invited))
        key = f"{scope.organisation_id}:{new.idempotency_key}"
        row = await (
            await tx.run(CREATE_MEETING, key=key, props=props, id=str(uuid.uuid4()))
        ).single(strict=True)
        if not row["created"]:
            if row["request_hash"] != props["request_hash"]:
                raise MeetingRefused(
                    MeetingRefused.CONFLICT, "this idempotency key was used for another meeting"
                )
            return Scheduled(row["id"], row["version"], created=False)
        await store_in(tx, row["id"], new.invitees)
        await outbox.add(tx, *invitations(row["id"], list(new.invited)))
        return Scheduled(row["id"], row["version"], created=True)

    return await graph.write(work)


async def invite(
    graph: Graph, scope: Scope, meeting_id: str, organisations: list[str], expected_version: int
) -> int:
    """Invite more organisations (an agenda edit: versioned like adding a case)."""

    async def work(tx: AsyncManagedTransaction) -> int:
        meeting = await lock_as_chair(tx, scope, meeting_id, expected_version)
        await _check_known(tx, organisations)
        current = set(meeting["invited"])
        added = sorted(set(organisations) - current - {scope.organisation_id})
        invited = sorted(current | set(added))
        row = await (await tx.run(INVITE, id=meeting_id, invited=invited)).single(strict=True)
        await outbox.add(tx, *invitations(meeting_id, added))
        return int(row["version"])

    return await graph.write(work)


async def publish(
    graph: Graph, scope: Scope, meeting_id: str, expected_version: int, now: datetime
) -> int:
    """From publication, covered participants may read the case summaries."""

    async def work(tx: AsyncManagedTransaction) -> int:
        await lock_as_chair(tx, scope, meeting_id, expected_version)
        row = await (await tx.run(PUBLISH, id=meeting_id, now=now)).single(strict=True)
        return int(row["version"])

    return await graph.write(work)


async def open_next(graph: Graph, scope: Scope, meeting_id: str) -> Scheduled:
    async def work(tx: AsyncManagedTransaction) -> Scheduled:
        meeting = await lock_as_chair(tx, scope, meeting_id, None)
        interval = Recurrence(meeting["recurrence"]).interval
        if interval is None:
            raise MeetingRefused(MeetingRefused.INVALID, "this meeting is not part of a series")
        params = {"id": meeting_id, "next_id": str(uuid.uuid4()), "interval": interval}
        row = await (await tx.run(OPEN_NEXT, params)).single(strict=True)
        if row["created"]:
            await carry_in(tx, meeting_id, row["id"])
            await outbox.add(tx, *invitations(row["id"], row["invited"]))
        return Scheduled(row["id"], 1, created=row["created"])

    return await graph.write(work)
