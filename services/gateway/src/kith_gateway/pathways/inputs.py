"""GraphQL inputs for pathways: a definition with its tiers, and a move between tiers."""

from __future__ import annotations

import strawberry


@strawberry.input
class PathwayTierInput:
    name: str
    requires_decision: bool = False
    service_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class DefinePathwayInput:
    name: str
    description: str = ""
    tiers: list[PathwayTierInput] = strawberry.field(description="Tier 1 first.")


@strawberry.input
class ChangePathwayTierInput:
    person_id: strawberry.ID
    pathway_id: strawberry.ID
    to_tier: int
    expected_version: int = strawberry.field(
        description="The enrolment's version you last read; 0 when the person is not on it yet."
    )
    idempotency_key: str
