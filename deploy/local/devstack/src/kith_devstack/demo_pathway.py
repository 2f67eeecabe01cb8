"""The demo district's Rethinking Pain pathway, defined through the pathways handler (the same
path an organisation admin's `definePathway` takes) from the generated directory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kith_common.graph import Graph
from kith_gateway.pathways.definitions import define_pathway
from kith_gateway.pathways.domain import TierDefinition, validate_pathway

TIERS = (
    (1, "Health coaching", False),
    (2, "Education modules and social prescribing", False),
    (3, "Pain CBT", True),  # therapy: stepping up needs a clinician's or a meeting's decision
)
DESCRIPTION = (
    "Tier 1 health coaching, tier 2 pain education modules alongside social prescribing,"
    " tier 3 cognitive behavioural therapy for pain."
)


async def define(graph: Graph, directory: Sequence[dict[str, Any]]) -> str | None:
    """Define the pathway for the demo's Rethinking Pain service; its id, or None if absent."""
    ours = [s for s in directory if s.get("kith_kind") == "rethinking-pain" and s.get("kith_tier")]
    if not ours:
        return None
    org = ours[0]["organization"]["id"]
    tiers = [
        TierDefinition(
            level, name, decision, tuple(s["id"] for s in ours if s["kith_tier"] == level)
        )
        for level, name, decision in TIERS
    ]
    pathway = validate_pathway("Rethinking Pain", DESCRIPTION, tiers)
    pid, _, _ = await define_pathway(graph, org, "kith-up", pathway)
    return pid
