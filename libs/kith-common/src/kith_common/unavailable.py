"""Neo4j being away (restarting, failing over, unreachable) is an expected condition, not a
bug: the work is retried (a relay's next pass, a consumer's redelivery, a client's repeat with
its idempotency key). It is logged as one warning line without a stack, so that a restart does
not bury real errors under hundreds of tracebacks."""

from __future__ import annotations

import sys
from typing import Any

from neo4j.exceptions import (
    ConnectionPoolError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)


def database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or asked us to retry, so the work may be repeated.
    Looks through the chain of causes (a domain error may wrap the driver's)."""
    seen = 0
    while error is not None and seen < 10:
        # A pool with no free connection in time: every connection is stuck on a database
        # that is starting or failing over.
        if isinstance(error, ServiceUnavailable | SessionExpired | ConnectionPoolError):
            return True
        if isinstance(error, DriverError | Neo4jError) and error.is_retryable():
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def log_failure(logger: Any, event: str, **fields: Any) -> None:
    """Inside an `except` block: the database away is a warning naming the error's type;
    anything else is an error with its traceback."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        logger.warning(event, database="unavailable", error_type=type(error).__name__, **fields)
    else:
        logger.exception(event, **fields)
