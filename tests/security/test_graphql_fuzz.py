"""Schema-driven fuzzing of the GraphQL API (schemathesis, from the schema's SDL since the
served schema is not introspectable): every query and mutation, generated arguments, sent over
real HTTP with a valid token. Nothing a client can send may give a 5xx, an "Unexpected error."
(a masked exception: a bug) or a traceback in the log. Bounded: a few examples per field."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_gateway.schema import build_schema
from schemathesis.core.result import Ok

from tests.helpers.security import Gateway

EXAMPLES = 4
# One caller holding every practitioner role, so resolvers get past their role checks.
EVERYONE = Principal("fuzz-user", "org-fuzz", frozenset(Role))


def fuzz(url: str, token: str) -> tuple[int, list[str]]:
    """Every root field, `EXAMPLES` generated requests each; how many answered with data or
    GraphQL errors, and the problems found."""
    schema = schemathesis.graphql.from_file(build_schema(introspection=True).as_str())
    problems: list[str] = []
    answered = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        label = operation.label

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def exercise(case: Any) -> None:
            response = case.call(base_url=url, headers={"authorization": f"Bearer {token}"})
            nonlocal answered
            text = response.text
            answered += (response.status_code in {200, 400, 401} and '"errors"' in text) or (
                '"data"' in text
            )
            if response.status_code >= 500 or "Unexpected error" in text:
                problems.append(f"{label}: {response.status_code} {case.body!r:.300}")  # noqa: B023

        exercise()
    return answered, problems


async def test_fuzzed_graphql_gives_no_server_error_and_no_traceback(
    graph: Graph, gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    token = gateway.token(EVERYONE)
    answered, problems = await asyncio.to_thread(fuzz, f"{gateway.url}/graphql", token)
    assert problems == []
    assert answered >= 60  # every root field reached the schema, not a 404 or a refusal
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage()[:200] for r in failures]
