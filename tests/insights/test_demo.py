"""The reproducible demo: Bradford and Craven's real areas, the demo directory, and seeded
synthetic referrals in which a third of GP practices under-refer Pakistani patients (30% of
the rate of others). The audit must name exactly those practices, and only them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kith_common.graph import Graph
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_referrals import REFERENCE, generate
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.insights import flags
from kith_gateway.insights.auditing import equity_audit
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.geography import resolve
from kith_gateway.insights.handlers import Window

AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"
BRADFORD = "E08000032"


async def test_the_audit_finds_the_practices_that_under_refer(
    graph: Graph, repo_root: Path
) -> None:
    await load_areas(graph, area_csv_rows(repo_root / AREAS))
    directory = generate_directory(read_areas(repo_root / AREAS), seed=7)
    assert not (await import_services(build_importer(graph), directory, "demo")).rejected
    plan = await generate(graph, seed=11)
    again = await generate(graph, seed=11)  # reproducible, and idempotent in the graph
    assert [p["id"] for p in again.people] == [p["id"] for p in plan.people]
    assert plan.biased
    assert len(plan.biased) == len(plan.catchments) // 3
    config = InsightsConfig()
    expected_flagged, found_flagged = set(), set()
    for org, lsoas in sorted(plan.catchments.items()):
        geo = await resolve(graph, None, lsoas)
        audit = await equity_audit(graph, geo, config, Window(), org, REFERENCE)
        ethnicity = next(d for d in audit.dimensions if d.dimension == "ethnicity")
        group = next(g for g in ethnicity.groups if g.group == plan.group)
        recorded = sum(p["ethnicity"] is not None and p["ethnicity_recorded"] and
                       p["organisation_id"] == org for p in plan.people)  # fmt: skip
        # Enough people that a ratio of 0.3 is detectable: 20 expected from the Census share.
        if org in plan.biased and (group.population_share or 0) * recorded >= 20:
            expected_flagged.add(org)
        if "referral" in group.flags:
            found_flagged.add(org)
    assert expected_flagged
    assert found_flagged == expected_flagged
    # The area-wide check raises (and announces) the same practices' flags.
    bradford = await resolve(graph, BRADFORD, None)
    checked = await flags.check_equity(graph, bradford, config, datetime.now(UTC))
    named = {f.organisation_id for f in checked.found
             if (f.dimension, f.group, f.measure) == ("ethnicity", plan.group, "referral")}  # fmt: skip
    assert expected_flagged <= named
    assert not (named - {""}) - plan.biased
    assert len(checked.raised) == len(checked.found)
