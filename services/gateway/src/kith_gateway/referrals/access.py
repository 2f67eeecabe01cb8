"""Who may use which part of the referrals API (pure: roles in, a scope for the Cypher out).

Roles only open a door; which referrals and people are behind it is decided in the Cypher
itself, from the `Scope` this module builds: the caller's organisation, and whether they look
as the referring side, the receiving side, or both. No role sees individuals across
organisations: system leads and platform admins get aggregates elsewhere, never people here.
"""

from __future__ import annotations

from enum import StrEnum

from kith_common.auth import Principal, Role

from kith_gateway.kernel.access import Forbidden, Scope


class Capability(StrEnum):
    REFER = "refer"  # create, send, cancel, mark in error; record and withdraw consent
    RECEIVE = "receive"  # accept, reject, start, hold, resume, complete, fail
    READ_AS_REFERRER = "read-as-referrer"  # own organisation's people and referrals
    READ_AS_RECEIVER = "read-as-receiver"  # referrals addressed to own services, consent-gated
    AUDIT = "audit"  # who looked at a person of own organisation


C = Capability
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.SOCIAL_PRESCRIBER: frozenset({C.REFER, C.READ_AS_REFERRER}),
    Role.RECEIVING_WORKER: frozenset({C.RECEIVE, C.READ_AS_RECEIVER}),
    Role.ORG_ADMIN: frozenset({C.READ_AS_REFERRER, C.READ_AS_RECEIVER, C.AUDIT}),
    Role.MEETING_CHAIR: frozenset(),
    Role.CLINICIAN: frozenset(),  # decides pathway step-ups (pathways/); refers via a prescriber
    Role.SYSTEM_LEAD: frozenset(),
    Role.PLATFORM_ADMIN: frozenset(),
}

# Why a read happened, recorded in the audit trail; the first capability that applies wins.
_PURPOSES = (
    (C.REFER, "direct-care-referring"),
    (C.RECEIVE, "direct-care-receiving"),
    (C.AUDIT, "oversight"),
)


def capabilities(principal: Principal) -> frozenset[Capability]:
    return frozenset().union(*(ROLE_CAPABILITIES[r] for r in principal.roles))


def _purpose(caps: frozenset[Capability]) -> str:
    return next((purpose for cap, purpose in _PURPOSES if cap in caps), "none")


def require(principal: Principal, capability: Capability) -> frozenset[Capability]:
    caps = capabilities(principal)
    if capability not in caps:
        raise Forbidden(f"your role does not allow this ({capability.value})")
    return caps


def read_scope(principal: Principal) -> Scope:
    """For queries: whichever sides the caller's roles let them read from."""
    caps = capabilities(principal)
    as_referrer, as_receiver = C.READ_AS_REFERRER in caps, C.READ_AS_RECEIVER in caps
    if not (as_referrer or as_receiver):
        raise Forbidden("your role does not allow reading people or referrals")
    return Scope(
        principal.user_id, principal.organisation_id, as_referrer, as_receiver, _purpose(caps)
    )


def act_scope(principal: Principal, capability: Capability) -> Scope:
    """For a change: the caller acts from exactly one side, the one `capability` belongs to."""
    caps = require(principal, capability)
    referring = capability is C.REFER
    return Scope(
        principal.user_id, principal.organisation_id, referring, not referring, _purpose(caps)
    )


def audit_scope(principal: Principal) -> Scope:
    require(principal, C.AUDIT)
    return Scope(principal.user_id, principal.organisation_id, True, False, "oversight")
