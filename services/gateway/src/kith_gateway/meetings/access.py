"""Who may do what with case meetings (pure: a principal in, a scope for the Cypher out).

Roles open the door; which meetings and cases are behind it is decided per organisation in
the queries (host, invited, action owner) and by `domain.case_access`. System leads and
platform admins never see individuals, so they get no meeting access at all.
"""

from __future__ import annotations

from kith_common.auth import Principal, Role

from kith_gateway.kernel.access import Forbidden, Scope

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
