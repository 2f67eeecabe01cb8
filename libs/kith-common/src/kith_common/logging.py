"""structlog configured for JSON lines on stdout.

Log events carry ids (request id, event id, referral id), never personal details: the
`forbid_personal_keys` processor drops keys that must never reach a log line, as a
safety net behind the rule that callers only bind ids.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from kith_common.tracing import add_trace_ids

# Keys that would carry personal or health details; stripped if anyone binds them.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "pseudonym",
        "reason",
        "notes",
        "what_matters",
        "address",
        "email",
        "phone",
        "nhs_number",
    }
)


def forbid_personal_keys(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in PERSONAL_KEYS.intersection(event_dict):
        event_dict[key] = "[redacted]"
    return event_dict


def configure_logging(service: str, level: str = "info") -> None:
    """JSON lines on stdout for our loggers AND the libraries' (uvicorn, neo4j, nats)."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_ids,
        forbid_personal_keys,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # The Neo4j driver's wire log prints every query's parameters (people's data) at DEBUG.
    logging.getLogger("neo4j.io").setLevel(max(logging.INFO, root.level))
    # httpx logs every request URL at INFO; URLs can carry query terms, so keep it quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]
