"""Use cases: export the whole directory as HSDS 3.0 / ORUK 3.0 JSON or as the HSDS tabular
datapackage (one CSV per table + `datapackage.json` derived from the HSDS schemas).

The JSON export is one ORUK `service_list` page holding every listed service, fully nested
and exactly as stored (so the importer reads it back as a whole feed), plus `organizations`
and `taxonomies` (each with its `taxonomy_terms`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kith_common.graph import Graph

from kith_directory.adapters.datapackage import write_package
from kith_directory.domain.conform import Repair, conform
from kith_directory.domain.documents import organisation_document, taxonomy_document
from kith_directory.domain.flatten import Flattener
from kith_directory.domain.hsds_tables import Layout
from kith_directory.queries import export_reads


@dataclass
class ExportSummary:
    services: int = 0
    organizations: int = 0
    taxonomies: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)


async def organization_documents(graph: Graph) -> list[dict[str, Any]]:
    found = await export_reads.organisations(graph)
    return [
        organisation_document(json.loads(o["oruk_json"]) if o.get("oruk_json") else None, o)
        for o in found
    ]


async def taxonomy_documents(graph: Graph) -> list[dict[str, Any]]:
    return [
        taxonomy_document(row["taxonomy"])
        | {"taxonomy_terms": [json.loads(t) for t in row["terms"]]}
        for row in await export_reads.taxonomies(graph)
    ]


async def json_chunks(graph: Graph, summary: ExportSummary) -> AsyncIterator[str]:
    """The JSON export as text pieces (services streamed a chunk at a time)."""
    organisations = await organization_documents(graph)
    taxonomies = await taxonomy_documents(graph)
    summary.organizations, summary.taxonomies = len(organisations), len(taxonomies)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    yield '{"kith_export":' + json.dumps({"standard": "HSDS 3.0 / ORUK 3.0", "at": stamp})
    yield ',"organizations":' + json.dumps(organisations, ensure_ascii=False)
    yield ',"taxonomies":' + json.dumps(taxonomies, ensure_ascii=False)
    yield ',"contents":['
    async for docs in export_reads.service_documents(graph):
        yield ("," if summary.services else "") + ",".join(docs)
        summary.services += len(docs)
    count = summary.services
    yield (
        f'],"total_items":{count},"size":{count},"total_pages":1,"page_number":1,'
        f'"first_page":true,"last_page":true,"empty":{json.dumps(count == 0)}}}'
    )


async def export_json(graph: Graph, out: Path) -> ExportSummary:
    summary = ExportSummary()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as file:
        async for piece in json_chunks(graph, summary):
            file.write(piece)
    return summary


async def flatten_directory(graph: Graph, layout: Layout) -> tuple[Flattener, ExportSummary]:
    """Every service, then organisations and taxonomies no service carries; then conformed."""
    flattener, summary = Flattener(layout), ExportSummary()
    async for docs in export_reads.service_documents(graph):
        for doc in docs:
            flattener.add("service", json.loads(doc))
        summary.services += len(docs)
    organisations = await organization_documents(graph)
    for org in organisations:
        _add_new(flattener, "organization", org)
    taxonomies = await taxonomy_documents(graph)
    for taxonomy in taxonomies:
        for term in taxonomy.pop("taxonomy_terms"):
            _add_new(flattener, "taxonomy_term", term)
        # The table requires a name and a description; the graph may know neither.
        taxonomy["name"] = taxonomy["name"] or "unnamed taxonomy"
        taxonomy["description"] = taxonomy["description"] or taxonomy["name"]
        _add_new(flattener, "taxonomy", taxonomy)
    summary.organizations, summary.taxonomies = len(organisations), len(taxonomies)
    summary.repairs = conform(layout, flattener.flat)
    summary.conflicts = flattener.flat.conflicts
    summary.rows = {name: len(rows) for name, rows in flattener.flat.rows.items()}
    return flattener, summary


def _add_new(flattener: Flattener, table: str, document: dict[str, Any]) -> None:
    """What services carried wins; the graph's own view only fills what they did not."""
    if document.get("id") not in flattener.flat.rows[table]:
        flattener.add(table, document)


async def export_datapackage(graph: Graph, layout: Layout, out: Path) -> ExportSummary:
    """A folder of CSVs, or a zip when `out` ends in `.zip`."""
    flattener, summary = await flatten_directory(graph, layout)
    write_package(layout, flattener.flat, out)
    return summary
