"""Retention purges aged-out outbox rows, finished deliveries (with their attempts) and inbox
items, leaves everything still in use or within its window, never touches audit events, and
runs once a day across replicas."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from kith_common.graph import Graph
from kith_notifications.retention import RetentionPolicy, daily_purge, purge

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)

SEED = """
CREATE (:Outbox {event_id: 'o-old', published_at: $now - duration({days: 40})})
CREATE (:Outbox {event_id: 'o-recent', published_at: $now - duration({days: 10})})
CREATE (:Outbox:OutboxPending {event_id: 'o-pending', created_at: $now - duration({days: 400})})
CREATE (d1:Delivery {id: 'd-delivered-old', status: 'delivered',
                     delivered_at: $now - duration({days: 100})})
CREATE (d1)-[:ATTEMPT]->(:DeliveryAttempt {n: 1}), (d1)-[:ATTEMPT]->(:DeliveryAttempt {n: 2})
CREATE (:Delivery {id: 'd-dead-old', status: 'dead', dead_at: $now - duration({days: 91})})
CREATE (:Delivery {id: 'd-delivered-recent', status: 'delivered',
                   delivered_at: $now - duration({days: 10})})
CREATE (:Delivery:DeliveryPending {id: 'd-pending-old', status: 'pending',
                                   created_at: $now - duration({days: 400})})
CREATE (:InboxItem {id: 'i-old', recorded_at: $now - duration({days: 366})})
CREATE (:InboxItem {id: 'i-recent', recorded_at: $now - duration({days: 30})})
CREATE (:AuditEvent {id: 'a-old', at: $now - duration({days: 4000})})
"""

SURVIVORS = """
MATCH (n) WHERE n:Outbox OR n:Delivery OR n:InboxItem OR n:AuditEvent
RETURN coalesce(n.event_id, n.id) AS id ORDER BY id
"""


async def survivors(graph: Graph) -> list[str]:
    return [row["id"] for row in await graph.query(SURVIVORS)]


async def test_what_has_aged_out_goes_and_everything_else_stays(graph: Graph) -> None:
    await graph.execute(SEED, now=NOW)
    purged = await purge(graph, replace(RetentionPolicy(), batch=1), NOW)
    assert purged == {"outbox": 1, "deliveries": 2, "inbox": 1}
    assert await survivors(graph) == [
        "a-old",
        "d-delivered-recent",
        "d-pending-old",
        "i-recent",
        "o-pending",
        "o-recent",
    ]
    assert await graph.query("MATCH (a:DeliveryAttempt) RETURN a") == []
    assert await purge(graph, RetentionPolicy(), NOW) == {"outbox": 0, "deliveries": 0, "inbox": 0}


async def test_one_replica_purges_each_day(graph: Graph) -> None:
    await graph.execute(SEED, now=NOW)
    policy = RetentionPolicy()
    ran = await asyncio.gather(*(daily_purge(graph, policy, f"r{i}", NOW) for i in range(3)))
    assert sorted(ran) == [False, False, True]
    assert not await daily_purge(graph, policy, "r0", NOW + timedelta(hours=5))
    assert await daily_purge(graph, policy, "r1", NOW + timedelta(days=1))
    runs = await graph.query(
        "MATCH (j:ScheduledRun {job: 'retention'}) RETURN j.period AS p, j.status AS s ORDER BY p"
    )
    assert runs == [{"p": "2026-06-01", "s": "done"}, {"p": "2026-06-02", "s": "done"}]


@pytest.mark.parametrize(("raw", "message"), [("0", "at least 1 day"), ("soon", "number of days")])
def test_a_bad_retention_setting_is_a_clear_error(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetentionPolicy.from_env({"KITH_RETAIN_INBOX_DAYS": raw})
    assert RetentionPolicy.from_env({"KITH_RETAIN_INBOX_DAYS": "30"}).inbox == timedelta(days=30)
