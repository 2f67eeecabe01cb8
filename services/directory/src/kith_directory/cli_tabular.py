"""`kith-directory export` and the datapackage branch of `kith-directory import`."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from kith_common.settings import Settings

from kith_directory.adapters.datapackage import hsds_layout
from kith_directory.adapters.export_checks import json_problems, package_problems
from kith_directory.adapters.sources import is_url
from kith_directory.adapters.standards import oruk_dir, service_schema
from kith_directory.bootstrap import open_directory
from kith_directory.domain.feed import ImportSummary
from kith_directory.domain.validation import ServiceValidator
from kith_directory.exports import ExportSummary, export_datapackage, export_json
from kith_directory.handlers import Progress
from kith_directory.tabular_import import import_datapackage


def add_export_parser(commands: Any) -> None:
    export = commands.add_parser("export", help="export the whole directory (HSDS 3.0)")
    export.add_argument(
        "--format",
        choices=["json", "csv"],
        default="json",
        help="json: one ORUK service_list page + organizations + taxonomies; "
        "csv: the HSDS tabular datapackage",
    )
    export.add_argument(
        "--out", type=Path, required=True, help="a .json file; a folder or a .zip for csv"
    )
    export.add_argument(
        "--check", action="store_true", help="validate the export (schemas / frictionless)"
    )


def is_datapackage(source: str) -> bool:
    """A local folder, zip, or `datapackage.json` names an HSDS tabular package (a URL is
    always read as an ORUK JSON feed)."""
    if is_url(source):
        return False
    path = Path(source)
    return path.is_dir() or path.suffix.lower() == ".zip" or path.name == "datapackage.json"


def export_report(summary: ExportSummary, seconds: float, problems: list[str] | None) -> str:
    lines = [
        f"{summary.services} services, {summary.organizations} organizations, "
        f"{summary.taxonomies} taxonomies exported in {seconds:.2f}s",
    ]
    if summary.rows:
        lines.append(", ".join(f"{name} {n}" for name, n in summary.rows.items() if n))
    if summary.repairs:
        first = summary.repairs[0]
        lines.append(
            f"{len(summary.repairs)} values kept out of their cells (in kith_extensions), "
            f"e.g. {first.table} {first.id} {first.column}: {first.reason}"
        )
    if summary.conflicts:
        lines.append(f"{len(summary.conflicts)} ids carried different contents; first kept")
    if problems is not None:
        lines.append("valid" if not problems else "INVALID:\n  " + "\n  ".join(problems))
    return "\n".join(lines)


async def _export(settings: Settings, args: argparse.Namespace) -> tuple[ExportSummary, float]:
    async with open_directory(settings, log_level="warning") as directory:
        started = time.perf_counter()
        if args.format == "json":
            summary = await export_json(directory.graph, args.out)
        else:
            summary = await export_datapackage(directory.graph, hsds_layout(), args.out)
    return summary, time.perf_counter() - started


def check_export(out: Path, fmt: str) -> list[str]:
    if fmt == "csv":
        return package_problems(out)
    root = oruk_dir()
    document = json.loads(out.read_text(encoding="utf-8"))
    return json_problems(document, ServiceValidator(service_schema(root)), root)


def run_export(settings: Settings, args: argparse.Namespace) -> str:
    summary, seconds = asyncio.run(_export(settings, args))
    problems = check_export(args.out, args.format) if args.check else None
    return export_report(summary, seconds, problems)


async def run_package_import(
    settings: Settings, args: argparse.Namespace, feed_id: str, progress: Progress
) -> tuple[ImportSummary, float]:
    source = Path(args.source)
    package = source.parent if source.name == "datapackage.json" else source
    async with open_directory(settings, log_level="warning") as directory:
        started = time.perf_counter()
        summary = await import_datapackage(
            directory.importer,
            hsds_layout(),
            package,
            feed_id,
            complete=not args.partial,
            progress=progress,
        )
    return summary, time.perf_counter() - started
