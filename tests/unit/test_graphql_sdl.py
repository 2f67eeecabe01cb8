"""The committed SDL (services/gateway/schema.graphql) is the schema the gateway serves, so a
client team can read and diff the contract without running anything."""

from __future__ import annotations

from pathlib import Path

from kith_gateway.schema import sdl

COMMITTED = Path(__file__).parents[2] / "services" / "gateway" / "schema.graphql"


def test_the_committed_sdl_is_the_served_schema() -> None:
    assert COMMITTED.read_text() == sdl(), "the GraphQL schema changed: run `make schema`"
