"""A small OTLP/HTTP trace receiver (what an OpenTelemetry Collector's `otlphttp` receiver
does, without the rest): the processes' exporters POST protobuf `ExportTraceServiceRequest`s
to `/v1/traces`; every span is kept with the `service.name` of the process that sent it."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PROTOBUF = "application/x-protobuf"


@dataclass(frozen=True)
class ExportedSpan:
    service: str
    name: str
    trace_id: str  # hex, as in a `traceparent`
    span_id: str
    parent_span_id: str  # "" for a root
    kind: int  # the OTLP enum: 2 server, 3 client, 4 producer, 5 consumer
    attributes: dict[str, object]


def _value(value: AnyValue) -> object:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


@dataclass
class OtlpReceiver:
    spans: list[ExportedSpan] = field(default_factory=list)
    requests: int = 0

    def app(self) -> Starlette:
        async def traces(request: Request) -> Response:
            if request.headers.get("content-type", "").split(";")[0] != PROTOBUF:
                return Response("protobuf only", status_code=415)
            body = await request.body()
            if request.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            self.keep(ExportTraceServiceRequest.FromString(body))
            answer = ExportTraceServiceResponse().SerializeToString()
            return Response(answer, media_type=PROTOBUF)

        return Starlette(routes=[Route("/v1/traces", traces, methods=["POST"])])

    def keep(self, export: ExportTraceServiceRequest) -> None:
        self.requests += 1
        for resource_spans in export.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            service = str(resource.get("service.name", ""))
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    self.spans.append(
                        ExportedSpan(
                            service=service,
                            name=span.name,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_span_id=span.parent_span_id.hex(),
                            kind=int(span.kind),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                        )
                    )

    def in_trace(self, trace_id: str) -> list[ExportedSpan]:
        return [s for s in self.spans if s.trace_id == trace_id]
