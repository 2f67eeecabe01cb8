"""Faults with real processes: the notifications service runs as `kith-notifications` in its
own process, partners are real HTTP servers, NATS and Neo4j are the real servers."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from kith_common.graph import Graph
from kith_devstack import processes
from kith_notifications.handlers import register_endpoint
from nats.js import JetStreamContext

from tests.conftest import Infra
from tests.helpers.notifications_processes import notifications_process, sigkill_service
from tests.helpers.notifications_support import Partner, partner_org, publish, referral_event, until
from tests.support import eventually, serving

pytestmark = pytest.mark.slow


async def nothing_pending(graph: Graph) -> bool:
    rows = await graph.query(
        "MATCH (d:Delivery) WHERE d.status <> 'delivered' RETURN count(d) AS n"
    )
    return bool(rows[0]["n"] == 0)


async def test_an_endpoint_down_for_a_while_gets_everything_when_it_returns(
    graph: Graph, jetstream: JetStreamContext, infra: Infra, tmp_path: Path
) -> None:
    port = processes.free_port()  # nothing listens here yet: connection refused
    org = await partner_org(graph)
    await register_endpoint(
        graph, org.organisation_id, f"http://127.0.0.1:{port}/hook", allow_http=True
    )
    events = [referral_event(org) for _ in range(20)]
    receiver = Partner()
    with notifications_process(infra.bolt_uri, infra.nats_url, tmp_path / "n.log"):
        await publish(graph, events)

        async def refused_repeatedly() -> bool:
            rows = await graph.query(
                "MATCH (e:WebhookEndpoint) RETURN e.circuit AS circuit, "
                "COUNT { (:Delivery)-[:ATTEMPT]->(a) WHERE a.error STARTS WITH 'connection' } AS n"
            )
            return rows[0]["n"] >= 5 and rows[0]["circuit"] in ("open", "half-open")

        await eventually(refused_repeatedly, within=30)
        async with serving(receiver.app(), port=port):
            await until(lambda: receiver.ids() == {e.id for e in events}, within=120)
            await eventually(lambda: nothing_pending(graph), within=30)


async def test_sigkill_mid_batch_loses_nothing_and_duplicates_keep_their_webhook_id(
    graph: Graph, jetstream: JetStreamContext, infra: Infra, tmp_path: Path
) -> None:
    receiver = Partner()
    receiver.script = [(204, {}, 0.02)] * 1000  # a partner taking 20 ms per request
    org = await partner_org(graph)
    events = [referral_event(org) for _ in range(150)]
    async with serving(receiver.app()) as url:
        await register_endpoint(graph, org.organisation_id, f"{url}/hook", allow_http=True)
        log = tmp_path / "notifications.log"
        with notifications_process(infra.bolt_uri, infra.nats_url, log) as first:
            await publish(graph, events)
            await until(lambda: len(receiver.events()) >= 30, within=120)
            sigkill_service(first)
        assert first.popen.returncode != 0
        arrived_before_restart = len(receiver.ids())
        assert arrived_before_restart < len(events)  # it really died mid-batch
        with notifications_process(infra.bolt_uri, infra.nats_url, log):
            await until(lambda: receiver.ids() == {e.id for e in events}, within=120)
            await eventually(lambda: nothing_pending(graph), within=30)
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for hit in receiver.events():
        bodies[hit.webhook_id].add(hit.body)
        assert json.loads(hit.body)["data"]["event_id"] == hit.webhook_id
    assert all(len(b) == 1 for b in bodies.values())  # a duplicate is the same message again
    # Duplicates are what was in flight when it died (more only if a lease ran out on a loaded
    # machine): never a wholesale resend.
    assert len(receiver.events()) - len(events) < len(events) // 2


async def test_the_service_reconnects_after_nats_restarts(
    graph: Graph, infra: Infra, tmp_path: Path
) -> None:
    nats_port = processes.free_port()
    store = tmp_path / "jetstream"
    nats_url = f"nats://127.0.0.1:{nats_port}"
    receiver = Partner()
    org = await partner_org(graph)
    before = [referral_event(org) for _ in range(5)]
    after = [referral_event(org) for _ in range(5)]
    async with serving(receiver.app()) as url:
        await register_endpoint(graph, org.organisation_id, f"{url}/hook", allow_http=True)
        nats = processes.start_nats(store, nats_port, log_file=tmp_path / "nats.log")
        try:
            processes.wait_for_nats("127.0.0.1", nats_port, process=nats)
            with notifications_process(infra.bolt_uri, nats_url, tmp_path / "n.log") as service:
                await publish(graph, before)
                await until(lambda: receiver.ids() == {e.id for e in before})
                nats.stop()
                await eventually(lambda: answers(service.ready_url, 503))  # type: ignore[attr-defined]
                await publish(graph, after)  # the relay keeps them until NATS is back
                nats = processes.start_nats(store, nats_port, log_file=tmp_path / "nats.log")
                processes.wait_for_nats("127.0.0.1", nats_port, process=nats)
                await until(lambda: receiver.ids() == {e.id for e in before + after}, within=120)
                await eventually(lambda: answers(service.ready_url, 200))  # type: ignore[attr-defined]
        finally:
            nats.stop()


async def answers(url: str, status: int) -> bool:
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).status_code == status
