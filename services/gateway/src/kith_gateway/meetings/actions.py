"""Moving an action (done / cancelled) with optimistic concurrency and idempotency keys.
The owner organisation or the host's chair changes it; anyone else gets "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_common.graph import Graph
from kith_common.locks import write_lock
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import ActionChange, ActionStatus, next_action_status
from kith_gateway.meetings.locking import MeetingRefused, check_version

# Lock first, then read: a second change waiting on the lock reads the first one's result.
LOCK_ACTION = f"""
MATCH (a:MeetingAction {{id: $id}})
{write_lock("a")}
"""

READ_ACTION = """
MATCH (a:MeetingAction {id: $id})-[:FOR_CASE]->(:MeetingCase)-[:ABOUT]->(p:Person)
MATCH (m:CaseMeeting {id: a.meeting_id})
RETURN a.status AS status, a.version AS version, a.last_change_key AS last_key,
       a.owner_organisation_id AS owner, p.id AS person_id, m.host_organisation_id AS host
"""

CHANGE = """
MATCH (a:MeetingAction {id: $id})
SET a.status = $status, a.version = a.version + 1, a.last_change_key = $key,
    a.changed_at = $now, a.changed_by = $user
RETURN a.version AS version
"""


@dataclass(frozen=True)
class ActionChanged:
    id: str
    status: ActionStatus
    version: int
    replayed: bool


async def change_action(
    graph: Graph,
    scope: Scope,
    action_id: str,
    change: ActionChange,
    expected_version: int,
    idempotency_key: str,
    now: datetime,
) -> ActionChanged:
    key = f"{scope.organisation_id}:{idempotency_key}"

    async def work(tx: AsyncManagedTransaction) -> ActionChanged:
        await (await tx.run(LOCK_ACTION, id=action_id)).consume()
        row = await (await tx.run(READ_ACTION, id=action_id)).single()
        if row is None or scope.organisation_id not in (row["owner"], row["host"]):
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such action you can change")
        if row["last_key"] == key:
            return ActionChanged(action_id, ActionStatus(row["status"]), row["version"], True)
        check_version(row["version"], expected_version)
        status = next_action_status(ActionStatus(row["status"]), change)
        params = {"id": action_id, "status": status.value, "key": key, "now": now,
                  "user": scope.user_id}  # fmt: skip
        changed = await (await tx.run(CHANGE, params)).single(strict=True)
        await record(
            tx, scope, [Access(f"meeting.action.{change.value}", row["person_id"], action_id)]
        )
        return ActionChanged(action_id, status, int(changed["version"]), False)

    return await graph.write(work)
