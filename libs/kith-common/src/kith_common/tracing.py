"""OpenTelemetry traces: one referral is one trace, from the request through the outbox row,
the relay's publish and every consumer that handles the event.

The W3C `traceparent` travels beside the data, never inside it: on the `(:Outbox)` row (a
property the relay reads back) and in the NATS message headers (the payload is the event
contract, untouched). Spans carry routes, subjects and durable names; never a person's data,
never a query's parameters or a URL's query string.

`configure_tracing` is called by each process's `main()`: spans are always made (so every log
line carries the trace id); they are exported over OTLP/HTTP only when
`OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set, and not at all otherwise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode

TRACEPARENT = "traceparent"
# In a batch, each message's own context (its `receive` span), by the key its consumer gave it.
_RECEIVED: ContextVar[Mapping[str, str]] = ContextVar("kith_received")


def configure_tracing(service: str, env: Mapping[str, str]) -> bool:
    """Install the SDK's tracer provider; export over OTLP when configured. True if exporting."""
    if env.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    name = env.get("OTEL_SERVICE_NAME") or f"kith-{service}"
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    exporting = bool(endpoint) and env.get("OTEL_TRACES_EXPORTER", "otlp") != "none"
    if exporting:
        # The exporter reads its endpoint, headers and timeout from the same OTEL_* variables.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return exporting


def tracer() -> trace.Tracer:
    return trace.get_tracer("kith")


def current_traceparent() -> str | None:
    """The current span's context as a `traceparent` value, or None outside any trace."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get(TRACEPARENT)


def context_from(headers: Mapping[str, str] | None) -> Context:
    return propagate.extract(dict(headers or {}))


def trace_ids() -> dict[str, str]:
    """The current trace and span ids for a log line (empty outside a trace)."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": f"{context.trace_id:032x}", "span_id": f"{context.span_id:016x}"}


def add_trace_ids(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: every line logged inside a span names its trace."""
    for key, value in trace_ids().items():
        event_dict.setdefault(key, value)
    return event_dict


@contextmanager
def producing(subject: str, traceparent: str | None) -> Iterator[dict[str, str]]:
    """The relay's publish of one outbox row, as a child of the transaction that wrote it;
    yields the headers that carry this span's context to the consumers."""
    parent = context_from({TRACEPARENT: traceparent} if traceparent else None)
    attributes = {"messaging.system": "nats", "messaging.destination.name": subject}
    with tracer().start_as_current_span(
        f"publish {subject}", context=parent, kind=SpanKind.PRODUCER, attributes=attributes
    ):
        headers: dict[str, str] = {}
        propagate.inject(headers)
        yield headers


@contextmanager
def consuming(durable: str, subject: str, headers: Mapping[str, str] | None) -> Iterator[Span]:
    """One event handled by a durable consumer, continuing the publisher's trace."""
    attributes = {
        "messaging.system": "nats",
        "messaging.destination.name": subject,
        "messaging.consumer.group.name": durable,
    }
    with tracer().start_as_current_span(
        f"process {subject}",
        context=context_from(headers),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
    ) as span:
        yield span


@contextmanager
def consuming_batch(
    durable: str, received: Sequence[tuple[str, str, Mapping[str, str] | None]]
) -> Iterator[Span]:
    """A batch handled in one transaction: each message (key, subject, headers) gets a
    `receive` span in its own trace (so its trace shows the event reached this consumer), and
    the batch's span links them all. Work recorded for one message continues its trace with
    `traceparent_for(key)`."""
    receives = [
        tracer().start_span(
            f"receive {subject}",
            context=context_from(headers),
            kind=SpanKind.CONSUMER,
            attributes={"messaging.consumer.group.name": durable},
        )
        for _, subject, headers in received
    ]
    links = [Link(span.get_span_context()) for span in receives]
    keys = [key for key, _, _ in received]
    token = _RECEIVED.set({k: _traceparent_of(s) for k, s in zip(keys, receives, strict=True)})
    try:
        with tracer().start_as_current_span(
            f"process batch {durable}",
            kind=SpanKind.CONSUMER,
            links=links,
            attributes={"messaging.batch.message_count": len(received)},
        ) as span:
            yield span
    finally:
        _RECEIVED.reset(token)
        for receive in receives:
            receive.end()


def _traceparent_of(span: Span) -> str:
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier.get(TRACEPARENT, "")


def traceparent_for(key: str | None) -> str | None:
    """The `traceparent` to store beside work owed to one message (an event it causes, a
    delivery the partner gets later): its own `receive` span's inside a batch, else the
    current span's."""
    return _RECEIVED.get({}).get(key or "") or current_traceparent()


@contextmanager
def server_span(method: str, headers: Mapping[str, str]) -> Iterator[Span]:
    """An HTTP request's span, named once the route is known (`name_server_span`)."""
    with tracer().start_as_current_span(
        f"HTTP {method}", context=context_from(headers), kind=SpanKind.SERVER
    ) as span:
        yield span


def name_server_span(span: Span, method: str, route: str, status: int) -> None:
    span.update_name(f"{method} {route}")
    span.set_attribute("http.request.method", method)
    span.set_attribute("http.route", route)
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        fail(span, f"HTTP {status}")


@contextmanager
def neo4j_span(access: str) -> Iterator[None]:
    """A Neo4j unit of work inside a trace; outside one (idle relays polling) no span at all."""
    if not trace.get_current_span().is_recording():
        yield
        return
    attributes = {"db.system": "neo4j", "db.operation.name": access}
    with tracer().start_as_current_span(
        f"neo4j {access}", kind=SpanKind.CLIENT, attributes=attributes
    ):
        yield


@contextmanager
def calling(
    name: str, traceparent: str | None, attributes: Mapping[str, str | int]
) -> Iterator[tuple[Span, dict[str, str]]]:
    """An outgoing call made for stored work (a webhook delivery), continuing the trace whose
    `traceparent` was stored with it; yields the span and the headers that carry its context
    to the callee, so a partner can join the trace."""
    parent = context_from({TRACEPARENT: traceparent} if traceparent else None)
    with tracer().start_as_current_span(
        name, context=parent, kind=SpanKind.CLIENT, attributes=attributes
    ) as span:
        headers: dict[str, str] = {}
        propagate.inject(headers)
        yield span, headers


@contextmanager
def calling_for_many(
    name: str, traceparents: Sequence[str | None], attributes: Mapping[str, str | int]
) -> Iterator[Span]:
    """An outgoing call made for several stored pieces of work at once (a digest email):
    with one trace among them it continues that trace (as `calling`); with several it is a
    root span linked to each, as a batch consumer's span is."""
    distinct = sorted({t for t in traceparents if t})
    if len(distinct) <= 1:
        with calling(name, distinct[0] if distinct else None, attributes) as (span, _):
            yield span
        return
    contexts = [trace.get_current_span(context_from({TRACEPARENT: t})) for t in distinct]
    links = [Link(c.get_span_context()) for c in contexts]
    with tracer().start_as_current_span(
        name, context=Context(), kind=SpanKind.CLIENT, attributes=attributes, links=links
    ) as span:
        yield span


def propagate_to(base_url: str) -> Callable[[httpx.Request], Awaitable[None]]:
    """An httpx request hook that sends the current trace context to `base_url` only."""
    prefix = base_url.rstrip("/")

    async def inject(request: httpx.Request) -> None:
        if str(request.url).startswith(prefix):
            propagate.inject(request.headers)

    return inject


def fail(span: Span, reason: str) -> None:
    span.set_status(Status(StatusCode.ERROR, reason))
