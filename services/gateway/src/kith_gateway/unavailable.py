"""When Neo4j is away (restarting, failing over, unreachable), a GraphQL request fails cleanly:
one typed error, code `UNAVAILABLE` with `retryable: true`, and HTTP 503 with `Retry-After`
when nothing else in the answer succeeded. Never the driver's message (it names hosts and
ports) and never a stack.

Repeating is safe because every mutation carries an idempotency key: if a commit landed just
before the connection broke (the driver's `IncompleteCommit`), the repeat finds what it made
instead of making a second. A unit of work is one transaction, outbox rows included, so a
failure leaves nothing half-written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from graphql import GraphQLError
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from strawberry.types import ExecutionResult

CODE = "UNAVAILABLE"
RETRY_AFTER_SECONDS = 2
MESSAGE = (
    "Kith's database is unavailable for a moment. Try again in a few seconds: repeating a "
    "change with the same idempotency key is safe, it is never made twice."
)


def is_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or asked us to retry: the request may be repeated.
    Looks through the chain of causes (a domain error may wrap the driver's)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, ServiceUnavailable | SessionExpired):
            return True
        if isinstance(error, DriverError | Neo4jError) and error.is_retryable():
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _typed(error: GraphQLError) -> GraphQLError:
    if not is_unavailable(error.original_error):
        return error
    extensions = {"code": CODE, "retryable": True, "retryAfterSeconds": RETRY_AFTER_SECONDS}
    return GraphQLError(MESSAGE, path=error.path, extensions=extensions)


def typed_result(result: ExecutionResult) -> ExecutionResult:
    """`result` with each unavailable-database error replaced by the typed one."""
    if not result.errors:
        return result
    return dataclasses.replace(result, errors=[_typed(e) for e in result.errors])


def refused_entirely(response: Any) -> bool:
    """An answer whose only content is unavailable-database errors (a 503, not a 200)."""
    if not isinstance(response, dict) or not response.get("errors"):
        return False
    codes = {(e.get("extensions") or {}).get("code") for e in response["errors"]}
    data = response.get("data")
    nothing = data is None or all(value is None for value in data.values())
    return codes == {CODE} and nothing
