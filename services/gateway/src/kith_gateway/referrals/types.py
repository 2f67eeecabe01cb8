"""GraphQL output types for referrals, and the typed errors every mutation can return."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.kernel.graphql import PageInfo
from kith_gateway.referrals.presentation import (
    AllowedTransition,
    ReferralNames,
    allowed_transitions,
    referral_names,
)
from kith_gateway.referrals.views import HistoryEntry, PersonView, ReferralView


@strawberry.type(
    description="The person a referral is for; a field is null when not shared with you."
)
class ReferredPerson:
    id: strawberry.ID
    pseudonym: str | None
    home_area: str | None

    @classmethod
    def of(cls, view: PersonView) -> ReferredPerson:
        return cls(id=strawberry.ID(view.id), pseudonym=view.pseudonym, home_area=view.home_area)


@strawberry.type(description="One change of a referral's status, as recorded.")
class StatusChange:
    from_status: str | None = strawberry.field(name="from")
    to: str
    action: str | None
    version: int | None
    at: datetime
    actor: str | None = strawberry.field(description="referrer, receiver, router or person")
    by_user: str | None
    by_organisation_id: str | None
    reason_code: str | None
    reason_text: str | None
    outcomes: list[str]

    @classmethod
    def of(cls, h: HistoryEntry) -> StatusChange:
        return cls(
            from_status=h.from_status, to=h.to_status, action=h.action, version=h.version,
            at=h.at, actor=h.actor, by_user=h.by_user, by_organisation_id=h.by_organisation_id,
            reason_code=h.reason_code, reason_text=h.reason_text, outcomes=h.outcomes,
        )  # fmt: skip


@strawberry.type
class Referral:
    id: strawberry.ID
    status: str = strawberry.field(description="The FHIR R4 Task.status code.")
    version: int = strawberry.field(description="Send it back as expectedVersion to change it.")
    service_id: strawberry.ID
    from_organisation_id: strawberry.ID
    to_organisation_id: strawberry.ID
    created_at: datetime
    reason: str | None = strawberry.field(description="Null when not shared with you.")
    person: ReferredPerson
    history: list[StatusChange]
    business_status: str | None = strawberry.field(
        description="The FHIR Task.businessStatus the router set on delivery when the service"
        " was not open (waitlist, service-closed, additional-assessment)."
    )
    self_referral: bool = strawberry.field(description="The person asked the service themselves.")
    escalation_level: int = strawberry.field(
        description="0 within its SLA; 1 or 2 once the router escalated it (working days)."
    )
    allowed_transitions: list[AllowedTransition] = strawberry.field(
        resolver=allowed_transitions, description="What you may do to it now (draw buttons)."
    )
    names: ReferralNames = strawberry.field(resolver=referral_names)

    @classmethod
    def of(cls, v: ReferralView) -> Referral:
        return cls(
            id=strawberry.ID(v.id), status=v.status, version=v.version,
            service_id=strawberry.ID(v.service_id),
            from_organisation_id=strawberry.ID(v.from_organisation_id),
            to_organisation_id=strawberry.ID(v.to_organisation_id), created_at=v.created_at,
            reason=v.reason, person=ReferredPerson.of(v.person),
            history=[StatusChange.of(h) for h in v.history],
            business_status=v.business_status, self_referral=v.self_referral,
            escalation_level=v.escalation_level,
        )  # fmt: skip


@strawberry.type(description="A referral's identity and where it is now (mutation results).")
class ReferralState:
    id: strawberry.ID
    status: str
    version: int


@strawberry.type
class ReferralEdge:
    cursor: str
    node: Referral


@strawberry.type
class ReferralConnection:
    edges: list[ReferralEdge]
    page_info: PageInfo
