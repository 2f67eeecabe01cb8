"""Timers live in the graph: two real `kith-router` processes sweep the same overdue
referrals, and every escalation happens exactly once, in the graph and in JetStream."""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack import processes
from kith_router.domain import SlaPolicy, deadlines
from nats.js import JetStreamContext

from tests.helpers.referrals import AREA, ORG_A, ORG_B, SERVICE_B, Api
from tests.support import eventually

OVERDUE = 24

# What a delivery a month ago left behind (deadlines from the same calendar code).
WRITE_OVERDUE = """
MATCH (s:Service {id: $service_id}), (home:Area {code: $area})
UNWIND $rows AS row
CREATE (p:Person {id: row.id + '-p', reference: row.ref, organisation_id: $from_org})
CREATE (p)-[:LIVES_IN]->(home)
CREATE (r:Referral {id: row.id, status: 'received', version: 3, service_id: $service_id,
  from_organisation_id: $from_org, to_organisation_id: $to_org, received_at: row.received_at,
  sla_due_at: row.first, second_due_at: row.second, sla_level: 0, sla_next_due_at: row.first,
  business_status: 'delivered'})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
"""


@pytest.fixture
def routers(
    settings: Settings, tmp_path: Path, world: Api, jetstream: JetStreamContext
) -> Iterator[list[tuple[str, processes.ManagedProcess]]]:
    binary = Path(sys.executable).parent / "kith-router"
    started = []
    try:
        for n in (1, 2):
            port = processes.free_port()
            env = {
                **os.environ,
                "KITH_ENV": "test",
                "NEO4J_URI": settings.neo4j_uri,
                "NATS_URL": ",".join(settings.nats_servers),
                "KITH_ROUTER_PORT": str(port),
                "KITH_OUTBOX_POLL_MS": "50",
                "KITH_SLA_SWEEP_MS": "50",
                "KITH_SLA_BATCH": "2",  # small batches: the two replicas interleave
            }
            log = tmp_path / f"router-{n}.log"
            proc = processes.start_program(f"router-{n}", [str(binary)], log_file=log, env=env)
            started.append((f"http://127.0.0.1:{port}", proc))
        yield started
    finally:
        for _, proc in started:
            proc.stop()


async def ready(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(f"{url}/readyz")).status_code == 200
    except httpx.HTTPError:
        return False


async def write_overdue(graph: Graph) -> list[str]:
    received_at = datetime.now(UTC) - timedelta(days=30)
    due = deadlines(received_at, SlaPolicy())
    ids = [str(uuid.uuid4()) for _ in range(OVERDUE)]
    rows = [
        {"id": i, "ref": f"PSN-{n:04d}", "received_at": received_at, "first": due.first,
         "second": due.second}
        for n, i in enumerate(ids)
    ]  # fmt: skip
    await graph.execute(
        WRITE_OVERDUE, rows=rows, service_id=SERVICE_B, area=AREA, from_org=ORG_A, to_org=ORG_B
    )
    return ids


async def stream_events(js: JetStreamContext) -> list[dict[str, object]]:
    info = await js.stream_info("KITH")
    found = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        msg = await js.get_msg("KITH", seq)
        found.append(json.loads(msg.data or b"{}"))
    return found


async def test_two_router_processes_escalate_each_referral_exactly_once(
    world: Api, routers: list[tuple[str, processes.ManagedProcess]], jetstream: JetStreamContext
) -> None:
    for url, proc in routers:
        await eventually(lambda url=url: ready(url), within=60)  # type: ignore[misc]
        assert proc.alive(), proc.log_tail()
    ids = await write_overdue(world.graph)

    async def all_done_and_published() -> bool:
        rows = await world.graph.query(
            "MATCH (r:Referral) WHERE r.sla_level = 2 AND r.sla_next_due_at IS NULL"
            " RETURN count(r) AS done, COUNT { (:OutboxPending) } AS pending"
        )
        return bool(rows) and rows[0]["done"] == OVERDUE and rows[0]["pending"] == 0

    try:
        await eventually(all_done_and_published, within=240)  # a loaded CI box is slow
    except AssertionError:
        tails = "\n".join(proc.log_tail() for _, proc in routers)
        raise AssertionError(f"routers did not finish; their logs:\n{tails}") from None

    graph_rows = await world.graph.query(
        "MATCH (r:Referral)-[:ESCALATED]->(e:Escalation)"
        " RETURN r.id AS id, e.level AS level, e.by_router AS owner"
    )
    assert Counter((r["id"], r["level"]) for r in graph_rows) == Counter(
        {(i, level): 1 for i in ids for level in (1, 2)}
    )
    proposals = await world.graph.query(
        "MATCH (r:Referral)-[:PROPOSED]->(p:AlternativeProposal) RETURN r.id AS id"
    )
    assert Counter(r["id"] for r in proposals) == Counter(dict.fromkeys(ids, 1))

    published = await stream_events(jetstream)
    escalated = Counter(
        (e["aggregate_id"], e["data"]["level"])  # type: ignore[index]
        for e in published
        if e["type"] == "kith.referral.escalated"
    )
    assert escalated == Counter({(i, level): 1 for i in ids for level in ("1", "2")})
    proposed = Counter(
        e["aggregate_id"] for e in published if e["type"] == "kith.referral.alternative-proposed"
    )
    assert proposed == Counter(dict.fromkeys(ids, 1))

    # Both replicas really took part, and neither hit an error doing it.
    assert len({r["owner"] for r in graph_rows}) == 2
    for _, proc in routers:
        assert proc.alive(), proc.log_tail()
        assert "sla_sweep_failed" not in proc.log_tail(1_000_000)
