"""Who is at the meeting. Invited people: practitioners named on a meeting (a GP, a health coach), never the person
discussed. Each belongs to an organisation the meeting invites (or hosts): naming someone
from an organisation that is not invited is refused rather than silently inviting it, so the
consent gate's set of organisations only ever changes through `inviteToMeeting`.

Invitations stay one `kith.meeting.invited` event per organisation (the notifications service
routes by organisation); user ids never go into event payloads. Invitees are nodes
`(:CaseMeeting)-[:INVITES]->(:MeetingInvitee {meeting_id, user_id, organisation_id, role,
attended})`, unique per meeting and user, and come along to the next meeting of a series.

Attendance: the chair records which organisations and invited people were there, from the
meeting's start onwards (and may correct it later). The minutes then say "present" or
"invited" for each. Attendance is a record, not an access rule: who may read a case is
still decided by `domain.case_access` (invited organisations, consent, the time window).
Recording the same attendance again is a no-op, so a retried request succeeds even though
the first one moved the meeting's version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.access import MeetingRefused, check_version, lock_as_chair
from kith_gateway.meetings.domain import InvalidMeeting, native

FIELD = "invitees"
MAX_INVITEES = 40

PEOPLE_NAMED = "MATCH (p:Person) WHERE p.id IN $ids RETURN count(p) AS n"

INVITEES = """
MATCH (m:CaseMeeting {id: $id})
RETURN m.attendance_recorded_at IS NOT NULL AS attendance_recorded,
       [(m)-[:INVITES]->(i:MeetingInvitee) | i {.user_id, .organisation_id, .role}] AS invitees
"""

# Replace the list: people no longer named go, the others are (re)written with their role.
REPLACE = """
MATCH (m:CaseMeeting {id: $id})
OPTIONAL MATCH (m)-[:INVITES]->(gone:MeetingInvitee) WHERE NOT gone.user_id IN $user_ids
DETACH DELETE gone
WITH DISTINCT m
FOREACH (w IN $invitees |
  MERGE (i:MeetingInvitee {meeting_id: m.id, user_id: w.user_id})
  SET i.organisation_id = w.organisation_id, i.role = w.role
  MERGE (m)-[:INVITES]->(i))
SET m.version = m.version + $bump
RETURN m.version AS version
"""

CARRY = """
MATCH (prev:CaseMeeting {id: $prev})-[:INVITES]->(i:MeetingInvitee), (next:CaseMeeting {id: $next})
MERGE (n:MeetingInvitee {meeting_id: next.id, user_id: i.user_id})
SET n.organisation_id = i.organisation_id, n.role = i.role
MERGE (next)-[:INVITES]->(n)
"""


@dataclass(frozen=True, order=True)
class Invitee:
    user_id: str
    organisation_id: str
    role: str | None = None  # how they are shown ("GP", "health coach"); not an access role


def validate_invitees(given: Iterable[Invitee], organisations: Iterable[str]) -> list[Invitee]:
    """Trimmed, one entry per user, sorted; each from one of `organisations` (pure)."""
    allowed, seen = set(organisations), dict[str, Invitee]()
    for raw in given:
        user, org = raw.user_id.strip(), raw.organisation_id.strip()
        role = (raw.role or "").strip() or None
        if not 1 <= len(user) <= 200:
            raise InvalidMeeting(FIELD, "each invitee needs a user id (1-200 characters)")
        if role is not None and len(role) > 60:
            raise InvalidMeeting(FIELD, "an invitee's role is at most 60 characters")
        if org not in allowed:
            raise InvalidMeeting(
                FIELD, f"{user} belongs to {org}, which is not invited: invite it first"
            )
        if user in seen and seen[user] != Invitee(user, org, role):
            raise InvalidMeeting(FIELD, f"{user} is named twice with different details")
        seen[user] = Invitee(user, org, role)
    if len(seen) > MAX_INVITEES:
        raise InvalidMeeting(FIELD, f"name at most {MAX_INVITEES} people")
    return sorted(seen.values())


def rows(invitees: Sequence[Invitee]) -> list[dict[str, str | None]]:
    return [
        {"user_id": i.user_id, "organisation_id": i.organisation_id, "role": i.role}
        for i in invitees
    ]


async def store_in(
    tx: AsyncManagedTransaction, meeting_id: str, invitees: Sequence[Invitee], bump: int = 0
) -> int:
    """Write the meeting's invitees (refusing anyone who is a person on Kith's records)."""
    named = await (await tx.run(PEOPLE_NAMED, ids=[i.user_id for i in invitees])).single()
    if named is not None and named["n"]:
        raise InvalidMeeting(FIELD, "invitees are practitioners, never the person discussed")
    params = {"id": meeting_id, "invitees": rows(invitees), "bump": bump,
              "user_ids": [i.user_id for i in invitees]}  # fmt: skip
    row = await (await tx.run(REPLACE, params)).single(strict=True)
    return int(row["version"])


async def carry_in(tx: AsyncManagedTransaction, prev_id: str, next_id: str) -> None:
    await (await tx.run(CARRY, prev=prev_id, next=next_id)).consume()


async def set_invitees(
    graph: Graph, scope: Scope, meeting_id: str, given: list[Invitee], expected_version: int
) -> int:
    """The chair replaces the list of invited people (versioned like any agenda edit). Asking
    for the list the meeting already has is a no-op, so a retried request succeeds."""

    async def work(tx: AsyncManagedTransaction) -> int:
        meeting = await lock_as_chair(tx, scope, meeting_id, None)
        wanted = validate_invitees(given, [meeting["host"], *meeting["invited"]])
        current = await (await tx.run(INVITEES, id=meeting_id)).single(strict=True)
        if sorted(Invitee(**r) for r in current["invitees"]) == wanted:
            return int(meeting["version"])
        if current["attendance_recorded"]:
            raise MeetingRefused(
                MeetingRefused.INVALID,
                "attendance is recorded: the invitees are part of the record now",
                field=FIELD,
            )
        check_version(meeting["version"], expected_version)
        return await store_in(tx, meeting_id, wanted, bump=1)

    return await graph.write(work)


ATTENDANCE = """
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
        if now < native(meeting["starts_at"]):
            raise MeetingRefused(
                MeetingRefused.STATE,
                "attendance is recorded once the meeting has started",
                code="meeting-not-started",
            )
        current = await (await tx.run(ATTENDANCE, id=meeting_id)).single(strict=True)
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
