"""Constructed worlds on the real graph, in the shape the directory and referrals write, with
numbers chosen so every ratio, rate and interval in the tests can be worked out by hand; and a
client that runs the gateway's real GraphQL schema as a given user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import strawberry
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_referrals.milestones import SUMMARISE
from kith_referrals.tallies import RETALLY_CODES

from tests.support import SchemaClient

LAT = 53.8
LAD, EMPTY_LAD = "E08000099", "E08000098"
A, B, C = "E01000001", "E01000002", "E01000003"
ORG_GP, ORG_OTHER_GP = "org-gp-a", "org-gp-b"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def principal(org: str, *roles: Role) -> Principal:
    return Principal(user_id=f"user-{org}", organisation_id=org, roles=frozenset(roles))


LEAD = principal("org-icb", Role.SYSTEM_LEAD)
PRESCRIBER = principal(ORG_GP, Role.SOCIAL_PRESCRIBER)

AREAS = """
CREATE (lad:Area:LAD {code: $lad, name: 'Testshire', level: 'LAD'})
CREATE (:Area:LAD {code: $empty, name: 'Nowhere', level: 'LAD'})
CREATE (m1:Area:MSOA {code: 'E02000001', name: 'Testshire 001', level: 'MSOA', lad_code: $lad})
CREATE (m2:Area:MSOA {code: 'E02000002', name: 'Testshire 002', level: 'MSOA', lad_code: $lad})
CREATE (m1)-[:PART_OF]->(lad), (m2)-[:PART_OF]->(lad)
WITH m1, m2
UNWIND $lsoas AS row
MATCH (m:Area {code: row.msoa_code})
CREATE (a:Area:LSOA)
SET a = row.props, a.level = 'LSOA', a.msoa_code = row.msoa_code, a.lad_code = $lad,
    a.point = point({latitude: $lat, longitude: row.lon})
CREATE (a)-[:PART_OF]->(m)
"""

SERVICES = """
UNWIND $rows AS row
MERGE (n:Need:TaxonomyTerm {code: row.need}) ON CREATE SET n.id = 'need-' + row.need
CREATE (o:Organisation {id: 'org-' + row.id})-[:PROVIDES]->(s:Service {
  id: row.id, name: row.id, status: 'active', capacity_status: row.capacity,
  organisation_id: 'org-' + row.id})
CREATE (s)-[:MEETS]->(n)
CREATE (s)-[:AVAILABLE_AT]->(:ServiceAtLocation {id: 'sal-' + row.id})-[:AT]->(l:Location {
  id: 'loc-' + row.id, virtual: row.lon IS NULL})
FOREACH (_ IN CASE WHEN row.lon IS NULL THEN [] ELSE [1] END |
  SET l.point = point({latitude: $lat, longitude: row.lon}))
"""

# A referral as the gateway and router write it; `steps` is [[to, days after created, reason]].
REFERRALS = f"""
UNWIND $rows AS row
MATCH (a:Area {{code: row.area}})
MATCH (s:Service {{id: row.service}})
CREATE (p:Person {{id: row.person, reference: 'PSN-' + row.person, organisation_id: row.org,
                  home_area: row.area}})
CREATE (p)-[:LIVES_IN]->(a)
CREATE (r:Referral {{id: row.id, status: row.status, version: 1 + size(row.steps),
                    created_at: $created, from_organisation_id: row.org,
                    to_organisation_id: s.organisation_id, service_id: s.id}})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
FOREACH (step IN row.steps |
  CREATE (r)-[:CHANGED]->(:StatusChange {{referral_id: row.id, to: step[0],
          at: $created + duration({{days: step[1]}}), reason_code: step[2]}}))
FOREACH (g IN CASE WHEN row.ethnicity IS NULL THEN [] ELSE [row.ethnicity] END |
  CREATE (p)-[:SELF_DESCRIBED]->(:EthnicityStatement {{person_id: p.id, group: g,
          consented_at: $created}}))
WITH r
{SUMMARISE}"""


def lsoa(
    code: str, msoa: str, lon: float, population: int, decile: int, **eth: int
) -> dict[str, Any]:
    props = {"code": code, "name": f"Testshire {code[-3:]}", "population": population,
             "adults": population * 4 // 5, "aged_16_59": population * 3 // 5,
             "aged_60_plus": population // 5, "imd_decile": decile}  # fmt: skip
    props |= {f"eth_{g}": n for g, n in eth.items()}
    return {"msoa_code": msoa, "lon": lon, "props": props}


def referral(
    n: int, area: str, status: str, steps: list[list[Any]], **extra: Any
) -> dict[str, Any]:
    row = {"id": f"ref-{area}-{n}", "person": f"person-{area}-{n}", "area": area,
           "status": status, "steps": steps, "service": "svc-pain-a", "org": ORG_GP,
           "ethnicity": None}  # fmt: skip
    return row | extra


async def build(graph: Graph, lsoas: list[dict[str, Any]], services: list[dict[str, Any]],
                referrals: list[dict[str, Any]]) -> None:  # fmt: skip
    await graph.execute(AREAS, lad=LAD, empty=EMPTY_LAD, lsoas=lsoas, lat=LAT)
    await graph.execute(SERVICES, rows=services, lat=LAT)
    await graph.execute(REFERRALS, rows=referrals, created=NOW - timedelta(days=60))
    await graph.execute(RETALLY_CODES, codes=sorted({r["area"] for r in referrals}))


class Api(SchemaClient):
    async def ok(
        self, query: str, variables: dict[str, Any] | None, who: Principal
    ) -> dict[str, Any]:
        value = await super().ok(query, variables, who)
        assert isinstance(value, dict)
        return value


@pytest.fixture
def api(graph: Graph, schema: strawberry.Schema) -> Api:
    return Api(graph, schema)


# The equity scenario (see test_equity.py for the arithmetic): GP A under-refers Pakistani
# residents of one LSOA; GP B referred three people.
DECIDED = [["requested", 0, None], ["received", 0, None]]


def equity_people() -> list[dict[str, Any]]:
    rows = []
    for i in range(80):
        status = "accepted" if i < 60 else "rejected"
        rows.append(referral(i, A, status, DECIDED, ethnicity="white_british"))
    for i in range(80, 100):
        status = "accepted" if i < 90 else "rejected"
        rows.append(referral(i, A, status, DECIDED, ethnicity="pakistani"))
    rows += [referral(i, A, "requested", DECIDED[:1]) for i in range(100, 105)]
    rows += [referral(i, A, "requested", DECIDED[:1], org=ORG_OTHER_GP) for i in range(105, 108)]
    return rows


@pytest.fixture
async def area(graph: Graph) -> Graph:
    lsoas = [lsoa(A, "E02000001", -1.80, 1250, 3, white_british=600, pakistani=400)]
    services = [{"id": "svc-pain-a", "need": "pain", "capacity": "open", "lon": -1.80}]
    await build(graph, lsoas, services, equity_people())
    return graph


def _referrals() -> list[dict[str, Any]]:
    seen = [["requested", 0, None], ["received", 0, None]]
    rows = []
    for i in range(1, 13):  # B: 12 accepted on day i (contact median 6.5); 10 completed
        done = [["in-progress", i + 1, None], ["completed", 19 + i, None]] if i <= 10 else []
        status = "completed" if i <= 10 else "accepted"
        rows.append(referral(i, B, status, [*seen, ["accepted", i, None], *done]))
    for i in range(13, 24):  # B: 11 rejected, no capacity
        rows.append(referral(i, B, "rejected", [*seen, ["rejected", 3, "no-capacity"]]))
    rows += [referral(i, B, "requested", seen[:1]) for i in (24, 25)]
    rows.append(referral(1, A, "rejected", [*seen, ["rejected", 2, "not-eligible"]]))
    rows += [referral(i, A, "requested", seen[:1]) for i in (2, 3)]
    return rows


DISTRICT_SERVICES: list[dict[str, Any]] = [
    {"id": "svc-pain-a", "need": "pain", "capacity": "open", "lon": -1.80},
    {"id": "svc-pain-c", "need": "pain", "capacity": "waitlist", "lon": -1.74},
    {"id": "svc-food-c", "need": "food", "capacity": "closed", "lon": -1.74},
    {"id": "svc-pain-online", "need": "pain", "capacity": "open", "lon": None},
]


UNMET = """
UNWIND range(1, $n) AS i
CREATE (:UnmetNeed {id: $area + '-' + $reason + '-' + i, need: 'pain', area: $area,
                    reason: $reason, at: datetime(), organisation_id: 'org-gp-a'})
"""


@pytest.fixture
async def district(graph: Graph) -> Graph:
    lsoas = [lsoa(A, "E02000001", -1.80, 1000, 5), lsoa(B, "E02000001", -1.77, 3000, 9),
             lsoa(C, "E02000002", -1.74, 2000, 2)]  # fmt: skip
    await build(graph, lsoas, DISTRICT_SERVICES, _referrals())
    await graph.execute(UNMET, n=10, area=B, reason="too-far")
    await graph.execute(UNMET, n=2, area=A, reason="full")
    return graph
