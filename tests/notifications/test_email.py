"""The email channel over real SMTP (aiosmtpd on loopback): a short message with links into
Kith and no personal details; hourly/daily digests gather several events into one message."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from kith_common.events import Event
from kith_common.graph import Graph
from kith_common.tracing import tracer
from kith_devstack.processes import free_port
from kith_gateway.notifications import subscriptions
from kith_gateway.notifications.domain import validate_subscription
from kith_notifications.config import NotifyConfig, SmtpConfig
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from tests.helpers.notifications import Running
from tests.helpers.notifications_support import (
    PartnerOrg,
    fast_config,
    partner_org,
    publish,
    referral_event,
    until,
)
from tests.support import eventually

ADDRESS = "referrals@foodbank.example"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(email.message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def subscribe_email(graph: Graph, org: PartnerOrg, digest: str) -> str:
    spec = validate_subscription(
        event_types=["referral.received"], channel="email", email=ADDRESS, digest=digest
    )
    row, _ = await subscriptions.create(graph, org.organisation_id, f"email-{digest}-01", spec)
    return str(row["id"])


def config_for(port: int) -> NotifyConfig:
    return fast_config(
        smtp=SmtpConfig(host="127.0.0.1", port=port, sender="Kith <kith@test.invalid>")
    )


async def test_an_immediate_email_has_a_link_and_nothing_personal(
    graph: Graph, notifications: Running, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    org = await partner_org(graph)
    await subscribe_email(graph, org, "immediate")
    event = referral_event(org)
    async with notifications(config_for(port)):
        await publish(graph, [event])
        await until(lambda: len(inbox.messages) == 1)
    message = inbox.messages[0]
    assert inbox.recipients == [[ADDRESS]]
    assert message["Subject"] == "Kith: 1 new update for Test Food Bank"
    text = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert f"http://127.0.0.1:8000/referrals/{event.aggregate_id}" in text
    assert "Referral received" in text
    assert org.service_id not in text  # ids beyond the link stay out of the mail
    assert "org-gp-practice" not in text

    async def delivered() -> bool:
        rows = await graph.query("MATCH (d:Delivery {channel: 'email'}) RETURN d.status AS s")
        return rows == [{"s": "delivered"}]

    await eventually(delivered)


async def test_a_digest_waits_for_its_time_then_sends_one_message(
    graph: Graph, notifications: Running, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    org = await partner_org(graph)
    await subscribe_email(graph, org, "hourly")
    events = [referral_event(org) for _ in range(3)]
    async with notifications(config_for(port)):
        await publish(graph, events)

        async def scheduled() -> bool:
            rows = await graph.query(
                "MATCH (d:EmailPending) WHERE d.next_attempt_at > datetime() "
                "AND d.next_attempt_at.minute = 0 AND d.next_attempt_at.second = 0 RETURN d.id"
            )
            return len(rows) == 3

        await eventually(scheduled)
        assert inbox.messages == []
        # The hour comes round: move the digest's due time to now (the timer lives in the graph).
        await graph.execute("MATCH (d:EmailPending) SET d.next_attempt_at = datetime()")
        await until(lambda: len(inbox.messages) == 1)
    text = inbox.messages[0].get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert inbox.messages[0]["Subject"] == "Kith: 3 new updates for Test Food Bank"
    assert all(e.aggregate_id in text for e in events)


async def test_an_smtp_relay_that_is_down_is_retried(graph: Graph, notifications: Running) -> None:
    port = free_port()  # no SMTP server yet
    org = await partner_org(graph)
    await subscribe_email(graph, org, "immediate")
    event = referral_event(org)
    inbox = Inbox()
    async with notifications(config_for(port)):
        await publish(graph, [event])

        async def failed_once() -> bool:
            rows = await graph.query(
                "MATCH (:Delivery {channel: 'email'})-[:ATTEMPT]->(a) RETURN a.error AS e"
            )
            return any(str(r["e"]).startswith("smtp:") for r in rows)

        await eventually(failed_once)
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            await until(lambda: len(inbox.messages) == 1)
        finally:
            controller.stop()


async def publish_traced(graph: Graph, event: Event) -> int:
    """Publish `event` from inside a span of its own (as the gateway's request would be);
    the trace id."""
    with tracer().start_as_current_span("the change that caused it") as span:
        await publish(graph, [event])
    return span.get_span_context().trace_id


async def email_spans(spans: InMemorySpanExporter, count: int = 1) -> list[ReadableSpan]:
    async def sent() -> list[ReadableSpan] | None:
        found = [s for s in spans.get_finished_spans() if s.name == "send email"]
        return found if len(found) >= count else None

    return await eventually(sent, within=120)


async def test_an_email_continues_the_trace_of_the_event_behind_it(
    graph: Graph, notifications: Running, smtp: tuple[Inbox, int], spans: InMemorySpanExporter
) -> None:
    inbox, port = smtp
    org = await partner_org(graph)
    subscription = await subscribe_email(graph, org, "immediate")
    async with notifications(config_for(port)):
        trace_id = await publish_traced(graph, referral_event(org))
        await until(lambda: len(inbox.messages) == 1, within=120)
        (sent,) = await email_spans(spans)
    assert sent.kind == SpanKind.CLIENT
    assert sent.context is not None
    assert sent.context.trace_id == trace_id
    assert sent.parent is not None  # the recorder's receive span, in the event's trace
    assert sent.status.is_ok
    assert dict(sent.attributes or {}) == {
        "kith.subscription.id": subscription,
        "kith.email.items": 1,
        "kith.delivery.attempt": 1,
    }  # no address, no text


async def test_a_digest_links_the_trace_of_every_event_in_it(
    graph: Graph, notifications: Running, smtp: tuple[Inbox, int], spans: InMemorySpanExporter
) -> None:
    inbox, port = smtp
    org = await partner_org(graph)
    await subscribe_email(graph, org, "hourly")
    async with notifications(config_for(port)):
        traces = {await publish_traced(graph, referral_event(org)) for _ in range(2)}

        async def scheduled() -> bool:
            rows = await graph.query("MATCH (d:EmailPending) RETURN d.id")
            return len(rows) == 2

        await eventually(scheduled, within=120)
        await graph.execute("MATCH (d:EmailPending) SET d.next_attempt_at = datetime()")
        await until(lambda: len(inbox.messages) == 1, within=120)
        (sent,) = await email_spans(spans)
    assert sent.parent is None  # one message for two traces: a root linked to both
    assert {link.context.trace_id for link in sent.links} == traces
    assert dict(sent.attributes or {})["kith.email.items"] == 2


async def test_a_failed_smtp_exchange_is_an_error_span(
    graph: Graph, notifications: Running, spans: InMemorySpanExporter
) -> None:
    org = await partner_org(graph)
    await subscribe_email(graph, org, "immediate")
    async with notifications(config_for(free_port())):  # nothing listens there
        trace_id = await publish_traced(graph, referral_event(org))
        failed, *_ = await email_spans(spans)
    assert failed.context is not None
    assert failed.context.trace_id == trace_id
    assert not failed.status.is_ok
    assert failed.status.description == "smtp: ConnectionRefusedError"
