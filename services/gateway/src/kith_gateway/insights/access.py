"""Who may ask what: system leads see every aggregate for any geography; a social prescriber
sees the same aggregates for the people their own organisation referred ("who are we
referring?"). Nobody reaches an individual through insights."""

from __future__ import annotations

from kith_common.auth import Principal, Role

from kith_gateway.kernel.graphql import forbidden


def require_system_lead(principal: Principal) -> None:
    if not principal.has(Role.SYSTEM_LEAD):
        raise forbidden("gap maps and area equity audits are for system leads")


def referring_organisation(principal: Principal) -> str:
    """The organisation whose own referrals the caller may audit."""
    if not principal.has(Role.SOCIAL_PRESCRIBER):
        raise forbidden("only a referrer may audit their own organisation's referrals")
    return principal.organisation_id
