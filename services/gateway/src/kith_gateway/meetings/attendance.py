"""Attendance: the chair records which organisations and invited people were there, from the
meeting's start onwards (and may correct it later). The minutes then say "present" or
"invited" for each. Attendance is a record, not an access rule: who may read a case is
still decided by `domain.case_access` (invited organisations, consent, the time window).

Recording the same attendance again is a no-op, so a retried request succeeds even though
the first one moved the meeting's version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.domain import InvalidMeeting
from kith_gateway.meetings.locking import MeetingRefused, check_version, lock_as_chair

CURRENT = """
MATCH (m:CaseMeeting {id: $id})
RETURN m.attended_organisation_ids AS orgs,
       [(m)-[:INVITES]->(i:MeetingInvitee) | i {.user_id, .organisation_id, .attended}]
         AS invitees
"""

RECORD = """
MATCH (m:CaseMeeting {id: $id})
SET m.attended_organisation_ids = $orgs, m.attendance_recorded_at = $now,
    m.attendance_recorded_by = $user, m.version = m.version + 1
WITH m
OPTIONAL MATCH (m)-[:INVITES]->(i:MeetingInvitee)
SET i.attended = i.user_id IN $users
WITH DISTINCT m
RETURN m.version AS version
"""


def resolve_attendance(
    organisations: Iterable[str],
    users: Iterable[str],
    at_the_table: Iterable[str],
    invitees: Mapping[str, str],
) -> tuple[list[str], list[str]]:
    """(organisations present, invited people present), both sorted (pure). Someone present
    brings their organisation with them; anyone not invited is refused by field."""
    allowed = set(at_the_table)
    orgs = {o.strip() for o in organisations if o.strip()}
    people = {u.strip() for u in users if u.strip()}
    if strangers := sorted(orgs - allowed):
        raise InvalidMeeting("organisationIds", f"{strangers[0]} was not invited")
    if strangers := sorted(people - set(invitees)):
        raise InvalidMeeting("inviteeUserIds", f"{strangers[0]} is not an invitee")
    orgs |= {invitees[u] for u in people}
    return sorted(orgs), sorted(people)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


async def record_attendance(
    graph: Graph,
    scope: Scope,
    meeting_id: str,
    organisations: list[str],
    users: list[str],
    expected_version: int,
    now: datetime,
) -> int:
    async def work(tx: AsyncManagedTransaction) -> int:
        meeting = await lock_as_chair(tx, scope, meeting_id, None)
        if now < _native(meeting["starts_at"]):
            raise MeetingRefused(
                MeetingRefused.STATE,
                "attendance is recorded once the meeting has started",
                code="meeting-not-started",
            )
        current = await (await tx.run(CURRENT, id=meeting_id)).single(strict=True)
        invitees = {i["user_id"]: i["organisation_id"] for i in current["invitees"]}
        table = [meeting["host"], *meeting["invited"]]
        orgs, people = resolve_attendance(organisations, users, table, invitees)
        were = sorted(i["user_id"] for i in current["invitees"] if i["attended"])
        if current["orgs"] is not None and (sorted(current["orgs"]), were) == (orgs, people):
            return int(meeting["version"])  # already recorded just so
        check_version(meeting["version"], expected_version)
        params = {"id": meeting_id, "orgs": orgs, "users": people, "now": now,
                  "user": scope.user_id}  # fmt: skip
        row = await (await tx.run(RECORD, params)).single(strict=True)
        return int(row["version"])

    return await graph.write(work)
