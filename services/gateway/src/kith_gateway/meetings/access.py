"""Who may do what with case meetings: a principal in, a scope for the Cypher out.

Roles open the door; which meetings and cases are behind it is decided per organisation in
the queries (host, invited, action owner) and by `domain.case_access`. System leads and
platform admins never see individuals, so they get no meeting access at all.

Changing a meeting takes its lock: lock the meeting node first, then compare the version the
client last saw (`expectedVersion`). Taking the write lock before reading the version is what
makes two chairs editing at once safe: the second waits, then sees the first one's version.
"""

from __future__ import annotations

from typing import Any

from kith_common.auth import Principal, Role
from kith_common.locks import write_lock
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.refusals import RefusalKind, Refused

PURPOSE = "care-coordination"
READERS = (Role.SOCIAL_PRESCRIBER, Role.RECEIVING_WORKER, Role.ORG_ADMIN, Role.MEETING_CHAIR)
PRACTITIONERS = (Role.SOCIAL_PRESCRIBER, Role.MEETING_CHAIR)


def _scope(principal: Principal) -> Scope:
    return Scope(principal.user_id, principal.organisation_id, False, False, PURPOSE)


def chair_scope(principal: Principal) -> Scope:
    """Scheduling, inviting, publishing and recording outcomes: the chair's work."""
    if not principal.has(Role.MEETING_CHAIR):
        raise Forbidden("only a meeting chair schedules meetings and records their outcomes")
    return _scope(principal)


def practitioner_scope(principal: Principal) -> Scope:
    """Bringing a case: a practitioner of the organisation that holds the person."""
    if not principal.has(*PRACTITIONERS):
        raise Forbidden("only practitioners (social prescriber, chair) bring cases to meetings")
    return _scope(principal)


def reader_scope(principal: Principal) -> Scope:
    if not principal.has(*READERS):
        raise Forbidden("your role does not allow reading case meetings")
    return _scope(principal)


LOCK_MEETING = f"""
MATCH (m:CaseMeeting {{id: $id}})
{write_lock("m")}
RETURN m.id AS id
"""

READ_MEETING = """
MATCH (m:CaseMeeting {id: $id})
RETURN m.version AS version, m.host_organisation_id AS host, m.recurrence AS recurrence,
       m.invited_organisation_ids AS invited, m.series_id AS series_id,
       m.starts_at AS starts_at, m.ends_at AS ends_at
"""


class MeetingRefused(Refused):
    CONSENT = RefusalKind.CONSENT
    REFERRAL_CONSENT = RefusalKind.REFERRAL_CONSENT  # a refer decision without consent
    STATE = RefusalKind.STATE  # the meeting or case is in the wrong state (`code` says which)

    def __init__(
        self,
        kind: RefusalKind,
        message: str,
        current_version: int | None = None,
        uncovered: int = 0,
        field: str = "",
        code: str = "",
    ) -> None:
        super().__init__(kind, message, current_version)
        self.code, self.uncovered, self.field = code, uncovered, field


async def lock_meeting(
    tx: AsyncManagedTransaction, meeting_id: str, expected_version: int | None
) -> dict[str, Any]:
    locked = await (await tx.run(LOCK_MEETING, id=meeting_id)).single()
    row = await (await tx.run(READ_MEETING, id=meeting_id)).single() if locked else None
    if row is None:
        raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such meeting")
    check_version(row["version"], expected_version)
    return dict(row)


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise MeetingRefused(
            MeetingRefused.CONFLICT,
            "the agenda changed since you loaded it: reload and try again",
            current_version=current,
        )


async def lock_as_chair(
    tx: AsyncManagedTransaction, scope: Scope, meeting_id: str, expected_version: int | None
) -> dict[str, Any]:
    """Only the host organisation's chairs change a meeting; others get "not found"."""
    meeting = await lock_meeting(tx, meeting_id, None)
    if meeting["host"] != scope.organisation_id:
        raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such meeting hosted by you")
    check_version(meeting["version"], expected_version)
    return meeting
