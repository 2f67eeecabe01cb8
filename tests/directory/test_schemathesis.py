"""Schema-driven third-party testing (schemathesis) of the ORUK API over real HTTP and a real
graph: first with the official ORUK openapi exactly as published (made self-contained), then
with the document the directory serves, which also declares its 400/404 answers, so status
codes, acceptance of valid input and rejection of invalid input are checked too.

Bounded: a few examples per operation, so a run stays well under a minute.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers.directory_contract import KITH, OFFICIAL
from tests.helpers.oruk import demo_directory
from tests.support import serving

EXAMPLES = 12
KNOWN_POSTCODE = "BD14 1NR"  # the first located venue of the demo district
CONFORMANCE = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def _known_place(case: Any) -> Any:
    """A syntactically valid postcode may still be one no feed has published (a documented
    422 unknown_postcode); valid requests ask about a postcode the directory knows."""
    query = case.query or {}
    if "postcode" in query or "proximity" in query:
        case.query = {**query, "postcode": KNOWN_POSTCODE}
    return case


def run(document: dict[str, Any], base_url: str, mode: GenerationMode, checks: list[Any]) -> int:
    """Every operation, `EXAMPLES` generated requests each; returns how many were sent."""
    schema = schemathesis.openapi.from_dict(document)
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # Err only for a broken document
        strategy = operation.as_strategy(generation_mode=mode)
        if mode is GenerationMode.POSITIVE:
            strategy = strategy.map(_known_place)

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def exercise(case: Any) -> None:
            nonlocal sent
            response = case.call(base_url=base_url)
            sent += 1
            case.validate_response(response, checks=checks)

        try:
            exercise()
        except Unsatisfiable:
            # Nothing to make invalid (no query parameters, a free-text path id).
            assert mode is GenerationMode.NEGATIVE, operation.label
    return sent


@pytest.fixture
async def base_url(importer: Importer) -> Any:
    records = demo_directory()[:40]
    located = (
        sal["location"]
        for record in records
        for sal in record["service_at_locations"]
        if "latitude" in sal["location"] and sal["location"].get("addresses")
    )
    assert next(located)["addresses"][0]["postal_code"] == KNOWN_POSTCODE
    await import_services(importer, records, "demo")
    async with serving(create_app(importer.graph, openapi=KITH)) as url:
        yield url


async def _in_thread(call: Callable[[], int]) -> int:
    # schemathesis sends blocking requests; the server runs on this test's event loop.
    return await asyncio.to_thread(call)


def assert_no_failure_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Whatever schemathesis sent, the directory logged no error and no traceback."""
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage()[:200] for r in failures]


async def test_the_official_oruk_openapi_finds_nothing_wrong(
    base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    sent = await _in_thread(lambda: run(OFFICIAL, base_url, GenerationMode.POSITIVE, CONFORMANCE))
    assert sent >= len(OFFICIAL["paths"])
    assert_no_failure_logged(caplog)


async def test_our_openapi_holds_for_valid_and_invalid_requests(
    base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    positive = [*CONFORMANCE, status_code_conformance, positive_data_acceptance]
    negative = [*CONFORMANCE, status_code_conformance, negative_data_rejection]
    sent = await _in_thread(lambda: run(KITH, base_url, GenerationMode.POSITIVE, positive))
    sent += await _in_thread(lambda: run(KITH, base_url, GenerationMode.NEGATIVE, negative))
    assert sent >= len(KITH["paths"])
    assert_no_failure_logged(caplog)
