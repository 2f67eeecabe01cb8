"""One anonymous request must not stall the network: size, tokens, depth, aliases, fields and
root-field cost are bounded before anything runs, and /healthz answers during the attack."""

from __future__ import annotations

import asyncio
import json
import time

from kith_common.graph import Graph
from kith_gateway.limits import CACHE_SIZE, MAX_ALIASES, MAX_BODY_BYTES
from strawberry.extensions.parser_cache import _get_parse_cache

from tests.helpers.security import Gateway


def aliases(count: int, field: str = "__typename") -> str:
    return "{ " + " ".join(f"a{i}: {field}" for i in range(count)) + " }"


def codes(body: dict[str, object]) -> set[object]:
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return {(e.get("extensions") or {}).get("code") for e in errors}


def padded(nbytes: int) -> str:
    """A valid query of at most `nbytes` bytes made only of aliases (the issue's 0.7 MB attack)."""
    parts: list[str] = []
    size = 4
    while size + 20 < nbytes:
        parts.append(f"a{len(parts)}: __typename")
        size += len(parts[-1]) + 1
    return "{ " + " ".join(parts) + " }"


async def test_a_huge_body_is_refused_unread_and_healthz_keeps_answering(
    gateway: Gateway,
) -> None:
    huge = json.dumps({"query": padded(700_000)})
    near_limit = json.dumps({"query": padded(MAX_BODY_BYTES - 200)})
    headers = {"content-type": "application/json"}
    slowest, attacking = 0.0, True

    async def poll_healthz() -> int:
        nonlocal slowest
        answered = 0
        while attacking:
            started = time.perf_counter()
            response = await gateway.http.get(f"{gateway.url}/healthz")
            assert response.status_code == 200
            slowest = max(slowest, time.perf_counter() - started)
            answered += 1
            await asyncio.sleep(0.01)
        return answered

    poller = asyncio.create_task(poll_healthz())
    attacks = [
        gateway.http.post(f"{gateway.url}/graphql", content=body, headers=headers)
        for body in [huge] * 4 + [near_limit] * 4
    ]
    responses = await asyncio.gather(*attacks)
    attacking = False
    assert await poller > 0
    assert [r.status_code for r in responses[:4]] == [413] * 4
    assert all(codes(r.json()) == {"PAYLOAD_TOO_LARGE"} for r in responses[:4])
    # Under the size limit the token limit stops the parser: no data, a syntax error.
    for response in responses[4:]:
        assert response.json()["data"] is None
        assert "tokens" in response.json()["errors"][0]["message"]
    # Before the limits one 0.7 MB query held /healthz for 7.8 s on this machine. How long it
    # takes now is measured (printed), not asserted: on a loaded 2-core CI machine wall-clock
    # bounds flake. What is asserted is that /healthz answered while the attack was in flight.
    print(f"/healthz slowest during the attack: {slowest:.2f} s")


async def test_aliases_beyond_the_limit_are_refused(gateway: Gateway) -> None:
    allowed = (await gateway.graphql(aliases(MAX_ALIASES))).json()
    assert "errors" not in allowed
    assert len(allowed["data"]) == MAX_ALIASES
    refused = (await gateway.graphql(aliases(MAX_ALIASES + 1))).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)


async def test_depth_beyond_the_limit_is_refused(gateway: Gateway) -> None:
    deep = "{ services(first: 1) { edges { node { " + "a { " * 12 + "b" + " }" * 12 + " } } } }"
    refused = (await gateway.graphql(deep)).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)


async def test_a_fragment_fan_out_bomb_is_refused_quickly(gateway: Gateway) -> None:
    """Each fragment spreads the next twice: 2^20 fields once expanded, in a few hundred bytes."""
    levels = 20
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    query = "{ ...F0 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ __typename }}"
    refused = (await gateway.graphql(query)).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)  # refused before expansion or execution


async def test_many_reads_of_referrals_in_one_request_are_refused_before_any_runs(
    graph: Graph, gateway: Gateway
) -> None:
    """The issue's 100 aliases of referral(id) made 100 transactions and 100 audit rows."""
    token = gateway.token()
    query = "{ " + " ".join(f'r{i}: referral(id: "x{i}") {{ id }}' for i in range(100)) + " }"
    refused = (await gateway.graphql(query, token=token)).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)
    assert await graph.query("MATCH (a:AuditEvent) RETURN count(a) AS n") == [{"n": 0}]
    few = "{ " + " ".join(f'r{i}: referral(id: "x{i}") {{ id }}' for i in range(3)) + " }"
    allowed = (await gateway.graphql(few, token=token)).json()
    assert "errors" not in allowed, allowed


async def test_searches_per_request_are_capped(gateway: Gateway) -> None:
    search = "services(first: 1) { edges { node { id } } }"
    three = "{ " + " ".join(f"s{i}: {search}" for i in range(3)) + " }"
    assert "errors" not in (await gateway.graphql(three)).json()
    refused = (await gateway.graphql(aliases(200, search))).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)


async def test_mutations_per_request_are_capped(gateway: Gateway) -> None:
    mutation = (
        "mutation { "
        + " ".join(
            f'm{i}: verifyWebhookEndpoint(endpointId: "n{i}") {{ __typename }}' for i in range(7)
        )
        + " }"
    )
    refused = (await gateway.graphql(mutation, token=gateway.token())).json()
    assert refused["data"] is None
    assert "OPERATION_TOO_LARGE" in codes(refused)


async def test_a_repeated_query_is_parsed_and_validated_once(gateway: Gateway) -> None:
    query = "{ services(first: 2) { edges { node { id name } } } }"
    await gateway.graphql(query)
    cache = _get_parse_cache(CACHE_SIZE)  # an lru_cache, typed by strawberry as a Callable
    hits = cache.cache_info().hits  # type: ignore[attr-defined]
    await gateway.graphql(query)
    assert cache.cache_info().hits == hits + 1  # type: ignore[attr-defined]
