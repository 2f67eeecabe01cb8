"""The SLA sweep on the real graph, with a clock instead of waiting: escalate at the first
deadline, propose the next-best service at the second, each exactly once."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

from kith_common.graph import Graph
from kith_router.config import RouterConfig
from kith_router.domain import Step
from kith_router.sla import escalate_in
from kith_router.sweeper import SlaSweeper
from neo4j import AsyncManagedTransaction

from tests.helpers.referrals import ORG_A, ORG_B, SERVICE_B, WORKER_B, Api
from tests.helpers.router import DUE, FAR, NEAR, ORG_C, deadlines, received


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def events(graph: Graph, subject: str) -> list[dict[str, Any]]:
    rows = await graph.query("MATCH (o:Outbox {subject: $s}) RETURN o.payload AS p", s=subject)
    return [json.loads(row["p"])["data"] for row in rows]


async def escalations(graph: Graph, referral_id: str) -> list[int]:
    rows = await graph.query(
        "MATCH (:Referral {id: $id})-[:ESCALATED]->(e:Escalation) RETURN e.level AS level"
        " ORDER BY level",
        id=referral_id,
    )
    return [row["level"] for row in rows]


async def proposal(graph: Graph, referral_id: str) -> dict[str, Any]:
    (row,) = await graph.query(
        "MATCH (:Referral {id: $id})-[:PROPOSED]->(p:AlternativeProposal)"
        " OPTIONAL MATCH (p)-[:OF]->(s:Service)"
        " RETURN p.service_id AS service_id, p.status AS status, p.reason AS reason,"
        " s.id AS linked",
        id=referral_id,
    )
    return dict(row)


def sweeper(graph: Graph, at: datetime) -> tuple[SlaSweeper, Clock]:
    clock = Clock(at)
    return SlaSweeper(graph, RouterConfig(), clock), clock


async def test_escalation_then_proposal_each_exactly_once(world: Api) -> None:
    referral_id = await received(world)
    first, second = await deadlines(world.graph, referral_id)
    sweep, clock = sweeper(world.graph, first - timedelta(seconds=1))

    assert await sweep.sweep_once() == []
    clock.at = first
    assert await sweep.sweep_once() == [Step.ESCALATE]
    assert await sweep.sweep_once() == []  # next look: the second deadline
    assert await escalations(world.graph, referral_id) == [1]
    (level_1,) = await events(world.graph, "kith.referral.escalated")
    assert level_1 == {
        "referral_id": referral_id,
        "service_id": SERVICE_B,
        "to_organisation_id": ORG_B,
        "from_organisation_id": ORG_A,
        "level": "1",
    }

    clock.at = second
    assert await sweep.sweep_once() == [Step.PROPOSE]
    clock.at = second + timedelta(days=365)
    assert await sweep.sweep_once() == []  # level 2 is the last: the timer is gone
    assert await escalations(world.graph, referral_id) == [1, 2]
    assert sorted(e["level"] for e in await events(world.graph, "kith.referral.escalated")) == [
        "1",
        "2",
    ]
    (proposed,) = await events(world.graph, "kith.referral.alternative-proposed")
    assert proposed["proposed_service_id"] == NEAR  # nearer ones: closed, or another need
    assert proposed["reason"] == "next-best"
    assert proposed["from_organisation_id"] == ORG_A
    found = await proposal(world.graph, referral_id)
    assert found == {
        "service_id": NEAR,
        "status": "proposed",
        "reason": "next-best",
        "linked": NEAR,
    }


async def test_the_proposal_skips_services_the_person_is_already_referred_to(world: Api) -> None:
    referral_id = await received(world, shared=[ORG_B, ORG_C])
    await world.create("PSN-0001", service=NEAR)  # open (requested) at the nearest one
    _, second = await deadlines(world.graph, referral_id)
    sweep, _ = sweeper(world.graph, second)

    assert await sweep.sweep_once() == [Step.ESCALATE]
    assert await sweep.sweep_once() == [Step.PROPOSE]  # a router back after downtime: in order
    assert (await proposal(world.graph, referral_id))["service_id"] == FAR


async def test_no_alternative_is_recorded_and_announced(world: Api) -> None:
    referral_id = await received(world)
    await world.graph.execute(
        "MATCH (s:Service) WHERE s.id IN $ids SET s.capacity_status = 'waitlist'", ids=[NEAR, FAR]
    )
    _, second = await deadlines(world.graph, referral_id)
    sweep, _ = sweeper(world.graph, second)

    assert await sweep.sweep_once() == [Step.ESCALATE]
    assert await sweep.sweep_once() == [Step.PROPOSE]
    found = await proposal(world.graph, referral_id)
    assert found == {
        "service_id": None,
        "status": "none",
        "reason": "no-alternative",
        "linked": None,
    }
    (proposed,) = await events(world.graph, "kith.referral.alternative-proposed")
    assert (proposed["proposed_service_id"], proposed["reason"]) == ("", "no-alternative")


async def test_an_accepted_referral_is_never_escalated_and_leaves_the_sweep(world: Api) -> None:
    referral_id = await received(world)
    state = await world.graph.query(
        "MATCH (r:Referral {id: $id}) RETURN r.id AS id, r.version AS version", id=referral_id
    )
    await world.change("accept", state[0], WORKER_B)
    _, second = await deadlines(world.graph, referral_id)
    sweep, _ = sweeper(world.graph, second)

    assert await sweep.sweep_once() == [Step.STOP]
    assert await sweep.sweep_once() == []
    assert await escalations(world.graph, referral_id) == []
    (row,) = await world.graph.query(DUE, id=referral_id)
    assert row["next"] is None
    assert row["level"] == 0


async def test_two_transactions_racing_on_one_referral_escalate_it_once(world: Api) -> None:
    referral_id = await received(world)
    first, _ = await deadlines(world.graph, referral_id)

    async def work(tx: AsyncManagedTransaction, owner: str) -> Step:
        return await escalate_in(tx, referral_id, first, owner)

    steps = await asyncio.gather(
        world.graph.write(lambda tx: work(tx, "a")), world.graph.write(lambda tx: work(tx, "b"))
    )
    assert sorted(steps) == sorted([Step.ESCALATE, Step.WAIT])
    assert await escalations(world.graph, referral_id) == [1]
    assert len(await events(world.graph, "kith.referral.escalated")) == 1
