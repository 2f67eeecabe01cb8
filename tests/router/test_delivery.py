"""Capacity-aware delivery: every referral is received, a service that cannot take it soon
marks it with a business status and tells the referrer; the SLA clock starts at receipt."""

from __future__ import annotations

import json
from typing import Any

import pytest
import strawberry
from kith_common.graph import Graph
from kith_referrals.calendar import due_after

from tests.helpers.referrals import ORG_A, ORG_B, PRESCRIBER, SERVICE_B, Api, deliver
from tests.helpers.router import seed

FLAGGED = "kith.referral.delivery-flagged"

REFERRAL = """
MATCH (r:Referral {id: $id})-[:CHANGED]->(h:StatusChange {to: 'received'})
RETURN r.status AS status, r.business_status AS business_status, r.received_at AS received_at,
       r.sla_due_at AS sla_due_at, r.second_due_at AS second_due_at, r.sla_level AS level,
       r.sla_next_due_at AS next_due, h.business_status AS recorded, h.actor AS actor
"""


async def outbox(graph: Graph, subject: str) -> list[dict[str, Any]]:
    rows = await graph.query("MATCH (o:Outbox {subject: $s}) RETURN o.payload AS p", s=subject)
    return [json.loads(row["p"]) for row in rows]


async def refer_and_deliver(graph: Graph, schema: strawberry.Schema, capacity: str | None) -> str:
    await seed(graph, capacity)
    api = Api(graph, schema)
    await api.consent("PSN-0001", shared_with=[ORG_B])
    referral = (await api.create("PSN-0001", service=SERVICE_B))["referral"]
    delivered = await deliver(graph, referral)
    assert delivered["status"] == "received"
    return str(referral["id"])


@pytest.mark.parametrize(
    ("capacity", "business_status"),
    [
        ("waitlist", "waitlisted"),
        ("closed", "service-closed"),
        ("additional-assessment", "assessment-required"),
    ],
)
async def test_a_service_that_cannot_take_it_soon_flags_it_and_tells_the_referrer(
    graph: Graph, schema: strawberry.Schema, capacity: str, business_status: str
) -> None:
    referral_id = await refer_and_deliver(graph, schema, capacity)

    (row,) = await graph.query(REFERRAL, id=referral_id)
    assert row["status"] == "received"
    assert row["business_status"] == row["recorded"] == business_status
    assert row["actor"] == "router"
    (flag,) = await outbox(graph, FLAGGED)
    assert flag["data"] == {
        "referral_id": referral_id,
        "service_id": SERVICE_B,
        "to_organisation_id": ORG_B,
        "from_organisation_id": ORG_A,
        "business_status": business_status,
    }
    (received,) = await outbox(graph, "kith.referral.received")
    assert flag["causation_id"] == received["causation_id"]  # both answer the same request
    # The referrer sees the flag on the referral itself, through the API.
    query = "query($id: ID!) { referral(id: $id) { businessStatus escalationLevel } }"
    body = await Api(graph, schema).run(query, {"id": referral_id}, PRESCRIBER)
    assert body["data"]["referral"] == {"businessStatus": business_status, "escalationLevel": 0}


@pytest.mark.parametrize("capacity", ["open", None, "something-new"])
async def test_an_open_or_unknown_capacity_delivers_without_a_flag(
    graph: Graph, schema: strawberry.Schema, capacity: str | None
) -> None:
    referral_id = await refer_and_deliver(graph, schema, capacity)

    (row,) = await graph.query(REFERRAL, id=referral_id)
    assert row["business_status"] == "delivered"
    assert await outbox(graph, FLAGGED) == []
    assert len(await outbox(graph, "kith.referral.received")) == 1


async def test_receipt_starts_the_sla_clock_in_working_days(
    graph: Graph, schema: strawberry.Schema
) -> None:
    referral_id = await refer_and_deliver(graph, schema, "open")

    (row,) = await graph.query(REFERRAL, id=referral_id)
    received = row["received_at"].to_native()
    assert row["sla_due_at"].to_native() == due_after(received, 5)
    assert row["second_due_at"].to_native() == due_after(received, 10)
    assert row["level"] == 0
    assert row["next_due"] == row["sla_due_at"]


async def test_a_redelivered_request_flags_once(graph: Graph, schema: strawberry.Schema) -> None:
    referral_id = await refer_and_deliver(graph, schema, "waitlist")
    await deliver(graph, {"id": referral_id})

    assert len(await outbox(graph, FLAGGED)) == 1
    changes = await graph.query(
        "MATCH (:Referral {id: $id})-[:CHANGED]->(h {to: 'received'}) RETURN h", id=referral_id
    )
    assert len(changes) == 1
