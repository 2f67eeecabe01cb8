"""Who may work with a person's journey (pure: roles in, a scope for the Cypher out).

Practitioners record and read goals, measures and contacts; which people are theirs is
decided in the Cypher (`queries.IN_REACH`: the holding organisation, or one a valid
care-coordination consent covers). System leads and platform admins never see individuals:
they get the evaluation's aggregates.
"""

from __future__ import annotations

from kith_common.auth import Principal, Role
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.kernel.access import Scope

PRACTITIONERS = (Role.SOCIAL_PRESCRIBER, Role.MEETING_CHAIR, Role.CLINICIAN)
EVALUATORS = (Role.SYSTEM_LEAD, Role.ORG_ADMIN)


def forbidden(message: str) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(message, extensions={"code": "FORBIDDEN"})


def practitioner_scope(principal: Principal) -> Scope:
    if not principal.has(*PRACTITIONERS):
        raise forbidden(
            "only practitioners (social prescriber, health coach, clinician) work with a"
            " person's goals and measures"
        )
    return Scope(principal.user_id, principal.organisation_id, True, False, "direct-care-outcomes")
