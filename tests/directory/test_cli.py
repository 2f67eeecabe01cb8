"""`kith-directory` end to end: a real process against the test graph, and paginated URLs."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_directory.adapters.sources import read_feed
from kith_directory.api import create_app
from kith_directory.cli import summary_table
from kith_directory.domain.feed import ImportSummary, Rejection
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory import run_cli
from tests.helpers.oruk import BRADFORD, demo_directory, service, uid
from tests.support import serving


async def test_load_areas_then_import_a_file(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    assert "342 LSOA" in await run_cli(settings, "load-areas", str(BRADFORD))
    feed = tmp_path / "feed.json"
    broken = service("broken", status="unknown")
    feed.write_text(json.dumps([service("a"), broken]))
    output = await run_cli(settings, "import", str(feed), "--feed", "cli-feed")
    assert "created          1" in output
    assert "rejected         1" in output
    assert re.search(rf"{broken['id']}\s+\$\.status\s+'unknown' is not one of", output)
    rows = await graph.query("MATCH (s:Service) RETURN s.feed_id AS feed")
    assert rows == [{"feed": "cli-feed"}]


def test_the_summary_table_shows_the_first_rejections() -> None:
    rejected = [Rejection(f"r{i}", "$.id", "bad") for i in range(12)]
    table = summary_table(ImportSummary(created=3, rejected=rejected), 1.5)
    assert "created          3" in table
    assert "r9" in table
    assert "r10" not in table
    assert "... and 2 more" in table


async def test_a_paginated_url_feed_is_read_whole(importer: Importer) -> None:
    await import_services(importer, demo_directory(), "demo")
    async with serving(create_app(importer.graph)) as base_url:
        payload = await asyncio.to_thread(read_feed, f"{base_url}/services?per_page=120")
    assert len(payload["contents"]) == 300
    assert (payload["first_page"], payload["last_page"]) == (True, True)
    summary = await import_services(importer, payload, "demo")
    assert summary.unchanged == 300
    assert summary.removed == 0
    assert uid("nothing") not in {s["id"] for s in payload["contents"]}


async def test_a_messy_oruk_1_feed_through_the_cli_then_dedup_and_sweep(
    graph: Graph, settings: Settings
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "oruk1_messy.json"
    output = await run_cli(settings, "import", str(fixture), "--feed", "council", "--dedup")
    assert "created          7" in output
    assert "rejected         6" in output
    assert "repairs noted" in output
    assert re.search(r"106\s+\$\.status\s+unknown status 'pending'", output)
    assert "duplicates: 0 linked" in output
    assert "listings newly stale" in await run_cli(settings, "sweep")
