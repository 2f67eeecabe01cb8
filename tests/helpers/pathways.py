"""A Rethinking Pain pathway on the real graph: the pain service (org R) runs tier 1 coaching,
tier 2 education and tier 3 CBT (needs a decision); a talking-therapies service also sits on
tier 3 but takes self-referrals. The GP practice (org A) refers its people into it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import strawberry
from kith_common.auth import Role
from kith_common.graph import Graph

from tests.helpers.referrals import AREA, ORG_A, Api, key, principal

ORG_R = "org-rethinking-pain"
COACHING, EDUCATION, CBT, TALKING = (str(uuid.uuid4()) for _ in range(4))

SEED = """
CREATE (:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA'})
CREATE (r:Organisation {id: $org, name: 'Rethinking Pain'})
WITH r
UNWIND $services AS s
CREATE (r)-[:PROVIDES]->(:Service {id: s.id, name: s.name, status: 'active',
                                   organisation_id: $org, self_referral: s.self_referral})
"""

PRESCRIBER = principal(ORG_A, Role.SOCIAL_PRESCRIBER, user="sp-a")
GP = principal(ORG_A, Role.CLINICIAN, user="gp-a")
ADMIN_R = principal(ORG_R, Role.ORG_ADMIN, user="admin-r")

DEFINE = """
mutation($i: DefinePathwayInput!) { definePathway(input: $i) {
  __typename ... on PathwayDefined { changed pathway { id version tiers { level name
    requiresDecision serviceIds } } }
  ... on InputError { field message } } }"""

MOVE = """
mutation($i: ChangePathwayTierInput!) { changePathwayTier(input: $i) {
  __typename ... on PathwayTierChanged { changeId fromTier toTier direction version created }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message currentVersion } ... on PathwayRuleError { code message } } }"""

WHERE = """
query($p: ID!) { personPathways(personId: $p) { pathwayId pathwayName tier version
  history { fromTier toTier direction basis byOrganisationId meetingDecisionId version } } }"""


def rethinking_pain(cbt_services: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": "Rethinking Pain",
        "description": "Tiered support for people living with persistent pain.",
        "tiers": [
            {"name": "Health coaching", "serviceIds": [COACHING]},
            {"name": "Education and social prescribing", "serviceIds": [EDUCATION]},
            {
                "name": "Pain CBT",
                "requiresDecision": True,
                "serviceIds": cbt_services if cbt_services is not None else [CBT, TALKING],
            },
        ],
    }


@pytest.fixture
async def api(graph: Graph, schema: strawberry.Schema) -> Api:
    services = [
        {"id": COACHING, "name": "Health coaching", "self_referral": False},
        {"id": EDUCATION, "name": "Pain education", "self_referral": True},
        {"id": CBT, "name": "Pain CBT", "self_referral": False},
        {"id": TALKING, "name": "Talking therapies", "self_referral": True},
    ]
    await graph.execute(SEED, area=AREA, org=ORG_R, services=services)
    return Api(graph, schema)


@pytest.fixture
async def pathway_id(api: Api) -> str:
    done = await api.ok(DEFINE, {"i": rethinking_pain()}, ADMIN_R)
    assert done["__typename"] == "PathwayDefined", done
    return str(done["pathway"]["id"])


@pytest.fixture
async def person_id(api: Api) -> str:
    """A person of the GP practice whose consent lets the pain service receive referrals."""
    consent = await api.consent("PSN-PAIN-1", shared_with=[ORG_R])
    return str(consent["personId"])


async def move(
    api: Api, person: str, pathway: str, tier: int, version: int, who: Any = PRESCRIBER
) -> dict[str, Any]:
    given = {
        "personId": person,
        "pathwayId": pathway,
        "toTier": tier,
        "expectedVersion": version,
        "idempotencyKey": key(),
    }
    return await api.ok(MOVE, {"i": given}, who)
