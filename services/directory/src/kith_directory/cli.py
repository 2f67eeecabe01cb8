"""`kith-directory`: load ONS areas, import ORUK 1.0/3.0 feeds (files or remote APIs) and HSDS
CSV datapackages, export the directory (HSDS JSON or CSV), link duplicates, flag stale
listings, serve the ORUK read API."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kith_common.settings import Settings
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kith_directory.adapters.datapackage import PackageError
from kith_directory.adapters.sources import area_csv_rows, is_url, read_feed
from kith_directory.bootstrap import open_directory, serve
from kith_directory.cli_tabular import (
    add_export_parser,
    is_datapackage,
    run_export,
    run_package_import,
)
from kith_directory.deduplicate import DedupSummary, deduplicate
from kith_directory.domain.feed import PayloadError
from kith_directory.domain.intake import FeedFormat
from kith_directory.domain.search import parse_datetime
from kith_directory.handlers import import_services, load_areas
from kith_directory.import_report import summary_table, write_report
from kith_directory.sweeps import sweep_stale


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kith-directory", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    areas = commands.add_parser("load-areas", help="load ONS LSOA/MSOA/LAD rows from a CSV")
    areas.add_argument("csv", type=Path, help="data/areas/*.csv or *.csv.gz")
    feed = commands.add_parser("import", help="import ORUK 3.0 or 1.0 services (file or URL)")
    feed.add_argument(
        "source",
        help="a JSON file, an http(s) URL, or an HSDS CSV datapackage (folder, .zip)",
    )
    feed.add_argument("--feed", help="feed id (default: the file name or the URL)")
    feed.add_argument(
        "--partial",
        action="store_true",
        help="never mark services missing from this payload as removed from the feed",
    )
    feed.add_argument("--format", choices=[f.value for f in FeedFormat], default="auto")
    feed.add_argument(
        "--modified-after", help="incremental pull of a URL: only records changed since (ISO)"
    )
    feed.add_argument("--dedup", action="store_true", help="link duplicates across feeds after")
    feed.add_argument(
        "--report", type=Path, help="also write every rejection and repair to a .csv or .json"
    )
    commands.add_parser("dedup", help="link listings that are the same service across feeds")
    commands.add_parser("sweep", help="flag listings that went stale (once each)")
    commands.add_parser("serve", help="serve the ORUK read API and sweep for stale listings")
    add_export_parser(commands)
    return parser


def default_feed_id(source: str) -> str:
    return source.split("?", 1)[0] if is_url(source) else Path(source).name


async def _load_areas(settings: Settings, path: Path) -> str:
    started = time.perf_counter()
    async with open_directory(settings, log_level="warning") as directory:
        counts = await load_areas(directory.graph, area_csv_rows(path))
    took = time.perf_counter() - started
    levels = ", ".join(f"{counts[level]} {level.upper()}" for level in ("lsoa", "msoa", "lad"))
    return f"areas now: {levels} ({took:.1f}s)"


async def _import_package(settings: Settings, args: argparse.Namespace) -> str:
    source = Path(args.source)
    feed_id = args.feed or (source.parent if source.name == "datapackage.json" else source).name
    with bar() as progress:
        task = progress.add_task("importing", total=None)
        summary, seconds = await run_package_import(
            settings,
            args,
            feed_id,
            lambda done, total: progress.update(task, completed=done, total=total),
        )
    table = summary_table(summary, seconds)
    if args.report:
        write_report(summary, args.report)
    if args.dedup:
        table += "\n" + await _maintain(settings, "dedup")
    return table


async def _import(settings: Settings, args: argparse.Namespace) -> str:
    if is_datapackage(args.source):
        return await _import_package(settings, args)
    after = parse_datetime("--modified-after", args.modified_after) if args.modified_after else None
    with bar() as progress:
        task = progress.add_task("pulling", total=None)
        payload = read_feed(
            args.source,
            modified_after=after,
            on_page=lambda done, total: progress.update(task, completed=done, total=total),
        )
        async with open_directory(settings, log_level="warning") as directory:
            started = time.perf_counter()
            progress.update(task, description="importing", completed=0, total=None)
            summary = await import_services(
                directory.importer,
                payload,
                args.feed or default_feed_id(args.source),
                complete=False if args.partial or after else None,
                feed_format=FeedFormat(args.format),
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
            table = summary_table(summary, time.perf_counter() - started)
            if args.report:
                write_report(summary, args.report)
            if args.dedup:
                table += "\n" + _dedup_line(await deduplicate(directory.graph))
    return table


def bar() -> Progress:
    """A progress bar on stderr (hidden when stderr is not a terminal), gone when done."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _dedup_line(summary: DedupSummary) -> str:
    return (
        f"duplicates: {summary.auto} linked, {summary.suggested} for review "
        f"({summary.compared} listings compared, {summary.dropped} old links dropped)"
    )


async def _maintain(settings: Settings, command: str) -> str:
    async with open_directory(settings, log_level="warning") as directory:
        if command == "dedup":
            return _dedup_line(await deduplicate(directory.graph))
        flagged = await sweep_stale(directory.graph, directory.freshness)
        return f"{flagged} listings newly stale (each flagged to its organisation once)"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The driver reports queries that name labels/properties an empty graph lacks yet.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    settings = Settings.from_env()
    if args.command == "serve":
        serve(settings)
        return 0
    if args.command == "load-areas":
        print(asyncio.run(_load_areas(settings, args.csv)))
        return 0
    if args.command in ("dedup", "sweep"):
        print(asyncio.run(_maintain(settings, args.command)))
        return 0
    if args.command == "export":
        print(run_export(settings, args))
        return 0
    try:
        print(asyncio.run(_import(settings, args)))
    except (PackageError, PayloadError) as exc:
        print(f"kith-directory: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
