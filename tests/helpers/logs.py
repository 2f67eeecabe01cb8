"""Capturing what the production log configuration writes, to check it holds no personal data."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import structlog
from kith_common.logging import configure_logging


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """The production log configuration at its most verbose, its stdout stream swapped for a
    buffer the test reads; restored afterwards."""
    saved = structlog.get_config()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging("kith-tests", "debug")
    sink = io.StringIO()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sink)
    yield sink
    root.handlers, root.level = handlers, level
    structlog.configure(**saved)
    structlog.contextvars.clear_contextvars()
