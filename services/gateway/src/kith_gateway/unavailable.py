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

from typing import Any

from graphql import GraphQLError
from kith_common.unavailable import database_unavailable
from strawberry.extensions import MaskErrors

CODE = "UNAVAILABLE"
RETRY_AFTER_SECONDS = 2
MESSAGE = (
    "Kith's database is unavailable for a moment. Try again in a few seconds: repeating a "
    "change with the same idempotency key is safe, it is never made twice."
)


class MaskErrorsButUnavailable(MaskErrors):
    """strawberry's `MaskErrors` (an unexpected exception becomes "Unexpected error."), except
    that the database being away becomes the typed, retryable error instead."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if not database_unavailable(error.original_error):
            return super().anonymise_error(error)
        extensions = {"code": CODE, "retryable": True, "retryAfterSeconds": RETRY_AFTER_SECONDS}
        return GraphQLError(
            MESSAGE,
            nodes=error.nodes,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )


def refused_entirely(response: Any) -> bool:
    """An answer whose only content is unavailable-database errors (a 503, not a 200)."""
    if not isinstance(response, dict) or not response.get("errors"):
        return False
    codes = {(e.get("extensions") or {}).get("code") for e in response["errors"]}
    data = response.get("data")
    nothing = data is None or all(value is None for value in data.values())
    return codes == {CODE} and nothing
