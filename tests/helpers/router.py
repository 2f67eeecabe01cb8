"""A small directory for the router: one person's home area, food services at known distances
and capacities, and the referrals API of `tests/referrals` to refer with consent.

    home (Bradford 001A) ── 0.3 km ── near (org C, food, open)
                         ── 0.2 km ── closed (org E, food, closed)
                         ── 8 km   ── far (org D, food, open)
                         ── 0.1 km ── housing (org F, housing only, open)
    referred-to: the food bank (org B, food), capacity set per test
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
import strawberry
from kith_common.auth import Role
from kith_common.graph import Graph
from kith_router.config import RouterConfig
from kith_router.sweeper import SlaSweeper

from tests.helpers.referrals import (
    AREA,
    ORG_B,
    SERVICE_B,
    Api,
    deliver,
    principal,
)

ORG_C, ORG_D, ORG_E, ORG_F = "org-near-c", "org-far-d", "org-closed-e", "org-housing-f"
NEAR, FAR, CLOSED, HOUSING = (str(uuid.uuid4()) for _ in range(4))
HOME = (53.7960, -1.7594)
WORKER_C = principal(ORG_C, Role.RECEIVING_WORKER, user="worker-c")

SEED = """
CREATE (home:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA',
                        point: point({latitude: $lat, longitude: $lon})})
CREATE (food:Need:TaxonomyTerm {id: 'need-food', code: 'food', name: 'Food'})
CREATE (housing:Need:TaxonomyTerm {id: 'need-housing', code: 'housing', name: 'Housing'})
WITH home, food, housing
UNWIND $services AS s
MERGE (o:Organisation {id: s.org}) ON CREATE SET o.name = s.org
CREATE (o)-[:PROVIDES]->(svc:Service {id: s.id, name: s.name, status: 'active',
                                      organisation_id: s.org})
SET svc.capacity_status = s.capacity
CREATE (svc)-[:AVAILABLE_AT]->(:ServiceAtLocation {id: s.id + '-sal'})
      -[:AT]->(:Location {id: s.id + '-loc', point: point({latitude: s.lat, longitude: s.lon})})
WITH svc, s
MATCH (need:Need {code: s.need})
CREATE (svc)-[:MEETS]->(need)
"""


def services(capacity_b: str | None) -> list[dict[str, Any]]:
    lat, lon = HOME
    return [
        _svc(SERVICE_B, ORG_B, "Food bank", capacity_b, "food", lat + 0.01, lon),
        _svc(NEAR, ORG_C, "Near pantry", "open", "food", lat + 0.0027, lon),
        _svc(FAR, ORG_D, "Far pantry", "open", "food", lat + 0.072, lon),
        _svc(CLOSED, ORG_E, "Closed pantry", "closed", "food", lat + 0.0018, lon),
        _svc(HOUSING, ORG_F, "Housing advice", "open", "housing", lat + 0.0009, lon),
    ]


def _svc(
    id_: str, org: str, name: str, capacity: str | None, need: str, lat: float, lon: float
) -> dict[str, Any]:
    fields = {"id": id_, "org": org, "name": name, "capacity": capacity, "need": need}
    return fields | {"lat": lat, "lon": lon}


async def seed(graph: Graph, capacity_b: str | None = "open") -> None:
    lat, lon = HOME
    await graph.execute(SEED, area=AREA, lat=lat, lon=lon, services=services(capacity_b))


@pytest.fixture
async def world(graph: Graph, schema: strawberry.Schema) -> Api:
    await seed(graph)
    return Api(graph, schema)


RESULT = """
  __typename ... on NotFoundError { message } ... on ConflictError { message }
  ... on ConsentRequiredError { message } ... on InputError { field message }
  ... on TransitionError { code message }"""


GRAPH_STATE = """
MATCH (old:Referral {id: $id})-[:PROPOSED]->(a:AlternativeProposal)
OPTIONAL MATCH (a)-[:RESULTED_IN]->(new:Referral)-[:TO]->(s:Service)
OPTIONAL MATCH (old)-[:CHANGED]->(h:StatusChange {to: 'cancelled'})
RETURN old.status AS old_status, a.status AS proposal, new.id AS new_id, new.status AS new_status,
       s.id AS new_service, new.to_organisation_id AS new_to, h.reason_code AS reason_code,
       h.reason_text AS reason_text, COUNT { (r:Referral) } AS referrals
"""


CONFIRM = f"""
mutation($id: ID!, $k: String!) {{ confirmProposedAlternative(referralId: $id, idempotencyKey: $k) {{
  ... on AlternativeConfirmed {{ replayed cancelled {{ id status version }}
                                 referral {{ id status version }} }} {RESULT} }} }}"""


DECLINE = f"""
mutation($id: ID!, $k: String!) {{ declineProposedAlternative(referralId: $id, idempotencyKey: $k) {{
  ... on AlternativeDeclined {{ replayed referral {{ id status version }} }} {RESULT} }} }}"""


PROPOSAL = """
query($id: ID!) { proposedAlternative(referralId: $id) { status serviceId reason proposedAt } }"""


async def proposed(api: Api, shared: list[str]) -> str:
    """A referral from A to B that sat received past both deadlines: NEAR (org C) proposed."""
    referral_id = await received(api, shared=shared)
    _, second = await deadlines(api.graph, referral_id)
    sweep = SlaSweeper(api.graph, RouterConfig(), lambda: second + timedelta(seconds=1))
    await sweep.sweep_once()
    await sweep.sweep_once()
    return referral_id


async def state(api: Api, referral_id: str) -> dict[str, Any]:
    (row,) = await api.graph.query(GRAPH_STATE, id=referral_id)
    return dict(row)


DUE = """
MATCH (r:Referral {id: $id})
RETURN r.sla_due_at AS first, r.second_due_at AS second, r.sla_next_due_at AS next,
       r.sla_level AS level
"""


async def received(api: Api, pseudonym: str = "PSN-0001", shared: list[str] | None = None) -> str:
    await api.consent(pseudonym, shared_with=shared or [ORG_B])
    referral = (await api.create(pseudonym, service=SERVICE_B))["referral"]
    assert (await deliver(api.graph, referral))["status"] == "received"
    return str(referral["id"])


async def deadlines(graph: Graph, referral_id: str) -> tuple[datetime, datetime]:
    (row,) = await graph.query(DUE, id=referral_id)
    return row["first"].to_native(), row["second"].to_native()
