"""Each GraphQL operation counted, timed and traced by what it asks for.

The label is the operation's root field (`createReferral`, `services`), a name from the schema,
so it is bounded and says what ran. The client's own operation name is free text (unbounded,
and could hold anything someone typed), so it never becomes a label. An operation asking for
several root fields is `multiple`; one that names no field of the schema is `unknown`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from graphql import FieldNode, GraphQLObjectType, OperationDefinitionNode
from kith_common import metrics, tracing
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext


def _operation(context: ExecutionContext) -> OperationDefinitionNode | None:
    document = context.graphql_document
    if document is None:
        return None
    wanted = context.operation_name
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            wanted is None or (definition.name and definition.name.value == wanted)
        ):
            return definition
    return None


def labels(context: ExecutionContext) -> tuple[str, str]:
    """(operation type, root field) for the operation the request ran."""
    operation = _operation(context)
    if operation is None:
        return "unknown", "unknown"
    kind = operation.operation.value
    root: GraphQLObjectType | None = context.schema._schema.get_root_type(operation.operation)
    names = {s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)}
    if len(names) > 1:
        return kind, "multiple"
    if root is None or not names or (field := names.pop()) not in root.fields:
        return kind, "unknown"
    return kind, field


class OperationTelemetry(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        with tracing.tracer().start_as_current_span("graphql") as span:
            yield
            kind, field = labels(self.execution_context)
            result = self.execution_context.result
            failed = bool(self.execution_context.pre_execution_errors) or bool(
                result is not None and result.errors
            )
            span.update_name(f"graphql {kind} {field}")
            span.set_attribute("graphql.operation.type", kind)
            if failed:
                tracing.fail(span, "GraphQL errors")
        metrics.GRAPHQL_LATENCY.labels(kind, field).observe(time.perf_counter() - started)
        metrics.GRAPHQL_OPERATIONS.labels(kind, field, "error" if failed else "ok").inc()
