"""The graph properties stored sealed with kith_common.envelope, and the context each is
sealed in. `kith-migrate` (and `kith-migrate --reseal-only` after a key rotation) brings them
all under the current key; the services that write them seal in the same context."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.envelope import KeyRing, reseal_property
from kith_common.graph import Graph


@dataclass(frozen=True)
class SealedProperty:
    label: str
    prop: str
    context: str


SEALED = (
    SealedProperty("WebhookEndpoint", "secret", "webhook-signing-secret"),
    SealedProperty("WebhookEndpoint", "previous_secret", "webhook-signing-secret"),
)


async def reseal_all(graph: Graph, keys: KeyRing) -> dict[str, int]:
    """How many values of each sealed property were rewritten under the current key."""
    return {
        f"{p.label}.{p.prop}": await reseal_property(graph, keys, p.label, p.prop, p.context)
        for p in SEALED
    }
