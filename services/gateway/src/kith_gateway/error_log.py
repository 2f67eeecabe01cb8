"""What the gateway logs about a GraphQL error: never the query text, the variables or the
error's message (a refused mutation's message can quote the values a client sent, which may
be a person's pseudonym or health needs).

An expected refusal (a syntax or validation error, a limit, a deliberate error such as
UNAUTHENTICATED) is one info line with its code and path; the database being away is one
warning (the client is told to retry: `unavailable.py`). Only an unexpected exception — a bug
— is logged at error level, with its type and traceback, so that someone fixes it.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from kith_common.logging import get_logger
from kith_common.unavailable import database_unavailable
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.types import ExecutionContext

log = get_logger("kith.graphql")


def is_expected(error: GraphQLError) -> bool:
    """A refusal the client caused and is told about, as opposed to a failure of ours."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | StrawberryGraphQLError)


def _where(error: GraphQLError) -> dict[str, Any]:
    code = (error.extensions or {}).get("code")
    return {"code": code, "path": ".".join(str(p) for p in error.path or ()) or None}


class LoggedSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_expected(error):
                log.info("graphql_refused", **_where(error))
            elif database_unavailable(
                error.original_error
            ):  # not a bug: the client is told to retry
                original = error.original_error
                log.warning(
                    "graphql_database_unavailable",
                    error_type=type(original).__name__,
                    **_where(error),
                )
            else:
                original = error.original_error
                log.error(
                    "graphql_failed",
                    error_type=type(original).__name__,
                    exc_info=original,
                    **_where(error),
                )
