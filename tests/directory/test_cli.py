"""`kith-directory` end to end: a real process against the test graph, and paginated URLs."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_directory.adapters.sources import read_feed
from kith_directory.api import create_app
from kith_directory.domain.feed import ImportSummary, Rejection
from kith_directory.handlers import Importer, import_services
from kith_directory.import_report import summary_table, write_report

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


def test_the_summary_table_shows_every_rejection_and_every_repair() -> None:
    rejected = [Rejection(f"r{i}", "$.id", "bad") for i in range(40)]
    notes = [Rejection(f"n{i}", "$.url", f"repaired URL number {i}") for i in range(30)]
    table = summary_table(ImportSummary(created=3, rejected=rejected, notes=notes), 1.5)
    assert "created          3" in table
    assert all(re.search(rf"^r{i}\s+\$\.id\s+bad$", table, re.M) for i in range(40))
    assert all(f"repaired URL number {i}" in table for i in range(30))
    assert "more" not in table


def test_a_report_file_lists_every_rejection_and_repair(tmp_path: Path) -> None:
    summary = ImportSummary(
        created=1,
        rejected=[Rejection("r1", "$.status", "unknown status 'x'")],
        notes=[Rejection("n1", "$.url", "repaired URL 'a' as 'b'")],
    )
    write_report(summary, tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [
        {
            "outcome": "rejected",
            "record": "r1",
            "path": "$.status",
            "message": "unknown status 'x'",
        },
        {
            "outcome": "repaired",
            "record": "n1",
            "path": "$.url",
            "message": "repaired URL 'a' as 'b'",
        },
    ]
    write_report(summary, tmp_path / "report.json")
    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert written["rejected"][0]["record"] == "r1"
    assert written["repaired"][0]["message"] == "repaired URL 'a' as 'b'"
    assert written["counts"]["created"] == 1


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
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "oruk1_messy.json"
    report = tmp_path / "council-report.csv"
    output = await run_cli(
        settings, "import", str(fixture), "--feed", "council", "--dedup", "--report", str(report)
    )
    assert "created          7" in output
    assert "rejected         6" in output
    assert "repairs" in output
    with report.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(row["outcome"] == "rejected" for row in rows) == 6
    repairs = [row for row in rows if row["outcome"] == "repaired"]
    assert len(repairs) >= 10
    assert all(row["message"] in output for row in repairs)
    assert re.search(r"106\s+\$\.status\s+unknown status 'pending'", output)
    assert "duplicates: 0 linked" in output
    assert "listings newly stale" in await run_cli(settings, "sweep")
