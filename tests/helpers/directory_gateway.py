"""Run the gateway's real GraphQL schema against the test graph as a given user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_gateway.context import Context
from kith_gateway.schema import build_schema


@cache
def schema() -> strawberry.Schema:
    return build_schema()


def staff(org: str, *roles: Role, user: str = "staff-1") -> Principal:
    return Principal(user_id=user, organisation_id=org, roles=frozenset(roles))


@dataclass
class Gateway:
    graph: Graph

    async def run(
        self, query: str, variables: dict[str, Any] | None = None, who: Principal | None = None
    ) -> dict[str, Any]:
        result = await schema().execute(
            query, variable_values=variables, context_value=Context(self.graph, who, None)
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return body

    async def ok(
        self, query: str, variables: dict[str, Any] | None = None, who: Principal | None = None
    ) -> Any:
        body = await self.run(query, variables, who)
        assert "errors" not in body, body
        (value,) = body["data"].values()
        return value


SERVICES = """
query($near: PointInput, $km: Float! = 5, $area: String, $needs: [String!], $terms: [ID!],
      $languages: [String!], $openAt: DateTime, $capacity: [CapacityStatus!], $search: String,
      $first: Int! = 20, $after: String) {
  services(near: $near, withinKm: $km, area: $area, needs: $needs, taxonomyTermIds: $terms,
           languages: $languages, openAt: $openAt, capacityStatus: $capacity, search: $search,
           first: $first, after: $after) {
    edges { cursor node { id name distanceKm needs languages capacityStatus freshness version
                          capacity { status available maximum unit }
                          sources { serviceId feedId sourceId } } }
    pageInfo { hasNextPage endCursor }
  }
}"""

RESULT = """__typename
  ... on ServiceUpdated { serviceId version replayed }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message currentVersion }"""
CAPACITY = (
    f"""mutation($i: UpdateCapacityInput!) {{ updateServiceCapacity(input: $i) {{ {RESULT} }} }}"""
)
OPENING = f"""mutation($i: UpdateOpeningTimesInput!) {{
  updateServiceOpeningTimes(input: $i) {{ {RESULT} }} }}"""
REASSURE = (
    f"""mutation($i: ReassureServiceInput!) {{ reassureService(input: $i) {{ {RESULT} }} }}"""
)


async def ids(gateway: Gateway, **variables: Any) -> list[str]:
    found = await gateway.ok(SERVICES, variables)
    return [edge["node"]["id"] for edge in found["edges"]]
