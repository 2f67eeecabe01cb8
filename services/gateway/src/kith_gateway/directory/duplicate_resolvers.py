"""A system lead confirms or splits a suspected duplicate (`SAME_AS`). Confirmed: readers see
one service with both sources. Split: two services, and the detector never links them again."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated

import strawberry
from kith_common.auth import Role
from kith_common.graph import Graph

from kith_gateway.kernel.graphql import Info, InputError, NotFoundError, forbidden

# Confirming may also link two listings the detector missed; the pair keeps one direction.
DECIDE = """
MATCH (a:Service {id: $duplicate}), (b:Service {id: $canonical})
OPTIONAL MATCH (b)-[reverse:SAME_AS]->(a)
DELETE reverse
MERGE (a)-[r:SAME_AS]->(b)
ON CREATE SET r.signals = ['system_lead'], r.score = null
SET r.status = $status, r.decided_by = $user, r.decided_at = $at
RETURN a.id AS duplicate, b.id AS canonical, r.status AS status
"""


@strawberry.enum
class DuplicateDecision(Enum):
    CONFIRM = "confirmed"
    SPLIT = "split"


@strawberry.input
class DecideDuplicateInput:
    duplicate_id: strawberry.ID
    canonical_id: strawberry.ID
    decision: DuplicateDecision


@strawberry.type
class DuplicateDecided:
    duplicate_id: strawberry.ID
    canonical_id: strawberry.ID
    status: str


DecideDuplicateResult = Annotated[
    DuplicateDecided | InputError | NotFoundError, strawberry.union("DecideDuplicateResult")
]


async def decide(
    graph: Graph, duplicate: str, canonical: str, status: str, user: str
) -> dict[str, str] | None:
    rows = await graph.execute(
        DECIDE, duplicate=duplicate, canonical=canonical, status=status, user=user,
        at=datetime.now(UTC),
    )  # fmt: skip
    return rows[0] if rows else None


@strawberry.type
class DuplicateMutation:
    @strawberry.mutation(description="System leads: confirm or split a suspected duplicate.")
    async def decide_duplicate(
        self, info: Info, input: DecideDuplicateInput
    ) -> DecideDuplicateResult:
        principal = info.context.require_principal()
        if not principal.has(Role.SYSTEM_LEAD):
            raise forbidden("deciding duplicates needs the system_lead role")
        if input.duplicate_id == input.canonical_id:
            return InputError(field="canonicalId", message="a service cannot duplicate itself")
        done = await decide(
            info.context.graph,
            str(input.duplicate_id),
            str(input.canonical_id),
            input.decision.value,
            principal.user_id,
        )
        if done is None:
            return NotFoundError(message="no such pair of services")
        return DuplicateDecided(
            duplicate_id=strawberry.ID(done["duplicate"]),
            canonical_id=strawberry.ID(done["canonical"]),
            status=done["status"],
        )
