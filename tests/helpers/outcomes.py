"""A person's journey on the real graph: a GP practice (org A) holds the person; the
Rethinking Pain service (org R) coaches them under a care-coordination consent; a food bank
(org B) receives a referral; a housing charity (org C) has nothing to do with them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import strawberry
from kith_common.auth import Role
from kith_common.graph import Graph

from tests.helpers.referrals import Api, key, principal

ORG_A, ORG_R, ORG_B, ORG_C = "org-gp-a", "org-pain-r", "org-foodbank-b", "org-housing-c"
AREA = "E01010568"
SERVICE_B, SERVICE_R = str(uuid.uuid4()), str(uuid.uuid4())

PRESCRIBER = principal(ORG_A, Role.SOCIAL_PRESCRIBER, user="sp-a")
COACH = principal(ORG_R, Role.MEETING_CHAIR, user="coach-r")
STRANGER = principal(ORG_C, Role.SOCIAL_PRESCRIBER, user="sp-c")
LEAD = principal(ORG_A, Role.SYSTEM_LEAD, user="lead")

SEED = """
CREATE (a:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA', imd_decile: 1})
CREATE (:Need {code: 'pain', name: 'Pain'}), (:Need {code: 'isolation', name: 'Isolation'})
CREATE (:Organisation {id: $org_b, name: 'Food bank'})-[:PROVIDES]->
       (:Service {id: $svc_b, name: 'Food parcels', status: 'active', organisation_id: $org_b})
CREATE (:Organisation {id: $org_r, name: 'Rethinking Pain'})-[:PROVIDES]->
       (:Service {id: $svc_r, name: 'Health coaching', status: 'active', organisation_id: $org_r})
"""

PERSON = """
MATCH (a:Area {code: $area})
CREATE (p:Person {id: $id, reference: $ref, organisation_id: $org, home_area: $area,
                  preferred_language: 'en'})-[:LIVES_IN]->(a)
"""

CARE_CONSENT = """
MATCH (p:Person {id: $person_id})
CREATE (c:Consent {id: randomUUID(), status: $status, purpose: $purpose,
                   expires_at: datetime() + duration({days: $days}), shared_with: $orgs,
                   categories: ['pseudonym'], organisation_id: p.organisation_id})-[:ABOUT]->(p)
"""


async def add_person(graph: Graph, ref: str = "PSN-0001", org: str = ORG_A) -> str:
    person_id = str(uuid.uuid4())
    await graph.execute(PERSON, id=person_id, ref=ref, org=org, area=AREA)
    return person_id


async def add_consent(
    graph: Graph, person_id: str, orgs: list[str], *, purpose: str = "care-coordination",
    status: str = "active", days: int = 365,
) -> None:  # fmt: skip
    await graph.execute(CARE_CONSENT, person_id=person_id, orgs=orgs, purpose=purpose,
                        status=status, days=days)  # fmt: skip


@pytest.fixture
async def api(graph: Graph, schema: strawberry.Schema) -> Api:
    await graph.execute(SEED, area=AREA, org_b=ORG_B, svc_b=SERVICE_B, org_r=ORG_R,
                        svc_r=SERVICE_R)  # fmt: skip
    return Api(graph, schema)


def _mutation(name: str, input_type: str) -> str:
    return f"""mutation($i: {input_type}!) {{ {name}(input: $i) {{ __typename
  ... on OutcomeSaved {{ id created }} ... on InputError {{ field message }}
  ... on NotFoundError {{ message }} ... on ConflictError {{ message }} }} }}"""


SET_GOAL = _mutation("setGoal", "SetGoalInput")
REVIEW_GOAL = _mutation("reviewGoal", "ReviewGoalInput")
RESET_GOAL = _mutation("resetGoal", "ResetGoalInput")
RECORD_MEASURE = _mutation("recordMeasure", "RecordMeasureInput")
RECORD_CONTACT = _mutation("recordContact", "RecordContactInput")


def goal_input(person_id: str, words: str = "Walk to the park with my grandson", **extra: Any
               ) -> dict[str, Any]:  # fmt: skip
    return {"idempotencyKey": key(), "personId": person_id, "words": words,
            "needs": ["pain"], "serviceIds": [SERVICE_R], **extra}  # fmt: skip


def phq9(person_id: str, values: list[int], timepoint: str = "BASELINE",
         taken_at: str = "2026-01-10T10:00:00Z") -> dict[str, Any]:  # fmt: skip
    return {
        "idempotencyKey": key(), "personId": person_id, "instrumentId": "phq-9",
        "timepoint": timepoint, "takenAt": taken_at,
        "answers": [{"item": str(i + 1), "value": v} for i, v in enumerate(values)],
    }  # fmt: skip


async def listed(api: Api, query: str, variables: dict[str, Any] | None, who: Any) -> Any:
    """A root field whose value is a list (Api.ok expects an object)."""
    body = await api.run(query, variables, who)
    assert "errors" not in body, body
    (value,) = body["data"].values()
    return value
