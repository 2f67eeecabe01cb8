"""Outbox → JetStream → recorded delivery → signed webhook, with the guarantees partners rely
on: webhook-id is the event id, per-aggregate order, retries, dead letters, breakers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial

from kith_common.events import REFERRAL_REQUESTED
from kith_common.graph import Graph
from kith_notifications.handlers import register_endpoint
from nats.js import JetStreamContext
from standardwebhooks import Webhook

from tests.helpers.notifications import Running
from tests.helpers.notifications_support import (
    MovableClock,
    Partner,
    delivery_states,
    fast_config,
    partner_org,
    publish,
    recorder_caught_up,
    referral_event,
    until,
)
from tests.support import eventually, serving

TYPES = ("referral.received", "referral.requested")


async def test_an_event_arrives_signed_with_the_event_id_and_no_personal_data(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    endpoint = await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    event = referral_event(org)
    async with notifications():
        await publish(graph, [event])
        await until(lambda: len(receiver.events()) == 1)
        hit = receiver.events()[0]
        payload = Webhook(endpoint.secret).verify(hit.body, hit.headers)
        assert hit.webhook_id == event.id
        assert payload["type"] == "referral.received"
        assert set(payload["data"]) == {*event.data, "event_id", "links"}
        assert await eventually(lambda: _states_are(graph, {event.id: "delivered"}))


async def test_a_new_delivery_wakes_the_sender_without_waiting_for_its_poll(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    """The sender polls once an hour here: only the recorder's wake-up explains a delivery,
    and the second event comes after the sender has certainly gone idle."""
    receiver, url = partner
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    first, second = referral_event(org), referral_event(org)
    async with notifications(fast_config(poll=timedelta(hours=1))):
        await publish(graph, [first])
        await until(lambda: receiver.ids() == {first.id}, within=60)
        await publish(graph, [second])
        await until(lambda: receiver.ids() == {first.id, second.id}, within=60)


async def test_events_of_one_aggregate_arrive_in_order_even_when_the_first_is_retried(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True, event_types=TYPES)
    receiver.script = [(500, {}, 0.0), (500, {}, 0.0)]  # the first POST fails twice
    first = referral_event(org, version=1, event_type=REFERRAL_REQUESTED)
    second = referral_event(org, referral_id=first.aggregate_id, version=2)
    async with notifications():
        await publish(graph, [first, second])
        await until(lambda: receiver.ids() == {first.id, second.id})
    order = [h.webhook_id for h in receiver.events()]
    assert order == [first.id, first.id, first.id, second.id]  # never second before first


async def test_a_failing_endpoint_is_retried_with_backoff_and_every_attempt_recorded(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    receiver.script = [(500, {}, 0.0), (502, {}, 0.0), (500, {}, 0.0)]
    event = referral_event(org)
    # Pauses of ~1, ~2 and ~4 minutes (less up to 30 % jitter) on the sender's clock, which
    # the test moves to each retry: the schedule is read from the graph, not from wall time.
    retry = replace(
        fast_config().retry,
        base=timedelta(minutes=1),
        max_delay=timedelta(hours=1),
        window=timedelta(hours=1),  # the three pauses (about 7 minutes) fit inside it
    )
    clock = MovableClock()
    pauses: list[float] = []
    async with notifications(fast_config(retry=retry), clock):
        await publish(graph, [event])
        for failed in (1, 2, 3):
            due = partial(_retry_due, graph, event.id, failed)
            next_at, last_at = await eventually(due, within=60)
            pauses.append((next_at - last_at).total_seconds())
            clock.move_to(next_at)
        await eventually(lambda: _states_are(graph, {event.id: "delivered"}))
    attempts = await graph.query(
        "MATCH (:Delivery {event_id: $id})-[:ATTEMPT]->(a) RETURN a.n AS n, a.status_code AS "
        "code, a.error AS error, a.ms AS ms ORDER BY a.n",
        id=event.id,
    )
    assert [(a["n"], a["code"]) for a in attempts] == [(1, 500), (2, 502), (3, 500), (4, 204)]
    assert attempts[0]["error"] == "HTTP 500"
    assert attempts[3]["error"] is None
    assert all(a["ms"] >= 0 for a in attempts)
    for n, pause in enumerate(pauses):  # exponential, each shortened by at most the jitter
        full = 60 * 2**n
        assert full * (1 - retry.jitter) <= pause <= full


async def _retry_due(
    graph: Graph, event_id: str, attempts: int
) -> tuple[datetime, datetime] | None:
    """(next attempt, last attempt) on the sender's clock, once `attempts` are recorded."""
    rows = await graph.query(
        "MATCH (d:Delivery {event_id: $id}) WHERE d.attempts = $n AND d.status = 'pending' "
        "RETURN d.next_attempt_at AS next, d.last_attempt_at AS last",
        id=event_id,
        n=attempts,
    )
    return (rows[0]["next"].to_native(), rows[0]["last"].to_native()) if rows else None


async def test_retry_after_is_honoured(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    receiver.script = [(429, {"retry-after": "2"}, 0.0), (503, {"retry-after": "1"}, 0.0)]
    event = referral_event(org)
    async with notifications():
        await publish(graph, [event])
        await eventually(lambda: _states_are(graph, {event.id: "delivered"}), within=30)
    first, second, third = receiver.hits
    # The base backoff is 0.2 s; only Retry-After explains waits of about 2 s and 1 s.
    assert second.at - first.at >= 1.9
    assert third.at - second.at >= 0.9


async def test_after_the_retry_window_the_delivery_is_dead_lettered(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    receiver.status = 500
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    event = referral_event(org)
    config = fast_config(retry=replace(fast_config().retry, window=timedelta(seconds=1.5)))
    async with notifications(config):
        await publish(graph, [event])
        await eventually(lambda: _states_are(graph, {event.id: "dead"}), within=30)
    pending = await graph.query("MATCH (d:DeliveryPending) RETURN d.id AS id")
    assert pending == []
    assert len(receiver.hits) >= 2


async def test_subscription_filters_and_event_types_decide_who_hears(
    graph: Graph, jetstream: JetStreamContext, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    endpoint = await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    # Narrow the operator's subscription to services meeting "housing" in the LAD.
    await graph.execute(
        "MATCH (s:Subscription)-[:TO_ENDPOINT]->(:WebhookEndpoint {id: $id}) "
        "SET s.need_codes = ['housing'], s.area_codes = [$lad]",
        id=endpoint.id,
        lad=org.lad,
    )
    ignored = referral_event(org)
    async with notifications():
        await publish(graph, [ignored])
        await eventually(lambda: _consumed(graph, jetstream, ignored.id))
        await graph.execute("MATCH (s:Subscription) SET s.need_codes = [$need]", need=org.need)
        heard = referral_event(org)
        requested = referral_event(org, event_type=REFERRAL_REQUESTED)  # not subscribed
        await publish(graph, [heard, requested])
        await until(lambda: receiver.ids() == {heard.id})
        await eventually(lambda: _consumed(graph, jetstream, requested.id))
    assert receiver.ids() == {heard.id}
    assert json.loads(receiver.events()[0].body)["data"]["referral_id"] == heard.aggregate_id


async def _states_are(graph: Graph, expected: dict[str, str]) -> bool:
    states = await delivery_states(graph)
    return all(states.get(k) == v for k, v in expected.items())


async def _consumed(graph: Graph, js: JetStreamContext, event_id: str) -> bool:
    """The event is in the stream and the recorder has acked everything up to it."""
    rows = await graph.query(
        "MATCH (o:Outbox {event_id: $id}) WHERE o.published_at IS NOT NULL RETURN o", id=event_id
    )
    return bool(rows) and await recorder_caught_up(js)


async def test_two_replicas_share_the_work_and_send_each_attempt_once(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    org = await partner_org(graph)
    await register_endpoint(graph, org.organisation_id, url, allow_http=True)
    events = [referral_event(org) for _ in range(60)]
    # Leases long enough that no attempt outlives its lease on a loaded machine: then the only
    # thing that could send an event twice is two replicas claiming it at once.
    config = fast_config(lease=timedelta(seconds=60))
    async with notifications(config), notifications(config):
        await publish(graph, events)
        await until(lambda: receiver.ids() == {e.id for e in events}, within=60)
        await eventually(
            lambda: _states_are(graph, dict.fromkeys((e.id for e in events), "delivered"))
        )
    assert len(receiver.events()) == len(events)  # no attempt was made twice
    attempts = await graph.query("MATCH (:Delivery)-[a:ATTEMPT]->() RETURN count(a) AS n")
    assert attempts == [{"n": len(events)}]


async def test_a_dead_partner_trips_its_breaker_and_does_not_hold_up_the_others(
    graph: Graph, notifications: Running, partner: tuple[Partner, str]
) -> None:
    healthy, healthy_url = partner
    dead = Partner(status=200, script=[(200, {}, 5.0)] * 100)  # answers only after our timeout
    async with serving(dead.app()) as dead_base:
        slow_org, good_org = await partner_org(graph), await partner_org(graph)
        await register_endpoint(
            graph, slow_org.organisation_id, f"{dead_base}/hook", allow_http=True
        )
        await register_endpoint(graph, good_org.organisation_id, healthy_url, allow_http=True)
        stuck = [referral_event(slow_org) for _ in range(30)]
        fine = [referral_event(good_org) for _ in range(30)]
        config = fast_config(http_timeout=0.5, per_endpoint=4)
        async with notifications(config):
            await publish(graph, [e for pair in zip(stuck, fine, strict=True) for e in pair])
            await until(lambda: healthy.ids() == {e.id for e in fine}, within=60)

            async def tripped() -> bool:
                rows = await graph.query(
                    "MATCH (e:WebhookEndpoint {organisation_id: $org}) RETURN e.circuit AS c",
                    org=slow_org.organisation_id,
                )
                return rows[0]["c"] in ("open", "half-open")

            await eventually(tripped)
            tried = len(dead.hits)
    # Tripped after `threshold` timeouts (plus what was already in flight), then only probes.
    assert tried < len(stuck)
    states = await delivery_states(graph)
    assert {states[e.id] for e in fine} == {"delivered"}
    assert {states[e.id] for e in stuck} == {"pending"}  # waiting for the circuit, not lost
