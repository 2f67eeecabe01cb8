"""What a screen needs to show a referral without ids or guesswork: the changes this caller
may make now (so a client draws buttons instead of meeting an illegal-transition error) and
the display names of the service, both organisations and the home area.

Both are derived: allowed changes from the lifecycle's own rules and the caller's side of the
referral; names from the directory and the area nodes (public data, not personal data).
"""

from __future__ import annotations

from typing import Protocol

import strawberry
from kith_common.auth import Principal
from kith_referrals import Action, Lifecycle, ReasonCode, Status
from kith_referrals.actors import Actor, ActorKind
from kith_referrals.rules import RULES

from kith_gateway.context import Context
from kith_gateway.referrals.access import Capability, capabilities

MUTATIONS = {
    Action.MARK_ENTERED_IN_ERROR: "markReferralEnteredInError",
} | {a: f"{a.value}Referral" for a in Action if a is not Action.MARK_ENTERED_IN_ERROR}

NAMES = """
OPTIONAL MATCH (s:Service {id: $service_id})
OPTIONAL MATCH (f:Organisation {id: $from_id})
OPTIONAL MATCH (t:Organisation {id: $to_id})
OPTIONAL MATCH (a:Area {code: $area})
RETURN s.name AS service, f.name AS from_organisation, t.name AS to_organisation,
       a.name AS home_area
"""


class _Person(Protocol):
    home_area: str | None


class _Referral(Protocol):
    status: str
    service_id: strawberry.ID
    from_organisation_id: strawberry.ID
    to_organisation_id: strawberry.ID
    person: _Person


@strawberry.type(description="A change the caller may make to this referral now.")
class AllowedTransition:
    action: str = strawberry.field(description="The lifecycle action, e.g. accept, reject.")
    mutation: str = strawberry.field(description="The mutation that makes it, e.g. acceptReferral.")
    reasons: list[ReasonCode] = strawberry.field(
        description="Reason codes it accepts (empty: none)."
    )
    reason_required: bool
    takes_outcomes: bool


@strawberry.type(description="Display names; null where the directory has none.")
class ReferralNames:
    service: str | None
    from_organisation: str | None
    to_organisation: str | None
    home_area: str | None = strawberry.field(
        description="The home area's name (ONS LSOA name), only when the area is shared with you."
    )


def actor_kinds(principal: Principal, from_org: str, to_org: str) -> list[ActorKind]:
    """The sides of this referral the caller acts from (none, one, or both for a self-loop)."""
    caps, org = capabilities(principal), principal.organisation_id
    kinds = []
    if org == to_org and Capability.RECEIVE in caps:
        kinds.append(ActorKind.RECEIVER)
    if org == from_org and Capability.REFER in caps:
        kinds.append(ActorKind.REFERRER)
    return kinds


def allowed_actions(status: str, kinds: list[ActorKind]) -> list[Action]:
    lifecycle = Lifecycle(status=Status(status))
    found = {a for kind in kinds for a in lifecycle.allowed_actions(Actor(kind, "caller"))}
    return [a for a in Action if a in found]  # the lifecycle's order: accept before reject


def allowed_transitions(
    root: strawberry.Parent[_Referral], info: strawberry.Info[Context, None]
) -> list[AllowedTransition]:
    principal = info.context.require_principal()
    kinds = actor_kinds(principal, str(root.from_organisation_id), str(root.to_organisation_id))
    return [
        AllowedTransition(
            action=a.value,
            mutation=MUTATIONS[a],
            reasons=sorted(RULES[a].reasons),
            reason_required=RULES[a].reason_required,
            takes_outcomes=RULES[a].takes_outcomes,
        )
        for a in allowed_actions(root.status, kinds)
    ]


async def referral_names(
    root: strawberry.Parent[_Referral], info: strawberry.Info[Context, None]
) -> ReferralNames:
    rows = await info.context.graph.query(
        NAMES,
        service_id=str(root.service_id),
        from_id=str(root.from_organisation_id),
        to_id=str(root.to_organisation_id),
        area=root.person.home_area or "",
    )
    return ReferralNames(**rows[0])
