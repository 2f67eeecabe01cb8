"""Round trips over feeds shaped like councils' (HTML in descriptions, supplier fields,
broken-but-repairable URLs and emails, duplicate ids): import -> export (HSDS JSON, CSV
datapackage) -> import into an empty graph gives the same graph, and importing the export
again changes nothing. (ORUK 1.0 child ids can repeat, within a record or across records
under one organisation: the CSV form holds one row per id, so there the export must name
each such conflict.) And nothing is lost on the way in: every input row is stored or
rejected, and every field of a stored row is in the stored document as sent, or named in a
note saying what was repaired or dropped."""

from __future__ import annotations

import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_common.graph import Graph
from kith_directory.domain.feed import ImportSummary
from kith_directory.exports import export_datapackage, export_json
from kith_directory.handlers import Importer, import_services
from kith_directory.tabular_import import import_datapackage

from tests.helpers.council_feeds import council_record, council_service
from tests.helpers.hsds import layout, stored_services, wipe_directory

SLOW = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Each listed service with everything it links to (organisation, locations, schedules,
# needs, areas, languages, ...), by the linked node's own id: the graph as a reader sees it.
NEIGHBOURHOODS = """
MATCH (s:Service) WHERE NOT coalesce(s.removed_from_feed, false)
OPTIONAL MATCH (s)-[r]-(n) WHERE NOT n:Outbox AND NOT n:Feed
WITH s, collect(type(r) + ' ' + coalesce(n.id, n.code, n.name, '?')) AS links
OPTIONAL MATCH (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l:Location)
RETURN s.id AS id, s.content_hash AS hash, s.oruk_json AS doc, links,
       collect(l.id + ' ' + toString(l.point)) AS places
"""


async def _graph(graph: Graph) -> dict[str, Any]:
    rows = await graph.query(NEIGHBOURHOODS)
    return {
        r["id"]: (r["hash"], json.loads(r["doc"]), sorted(r["links"]), sorted(r["places"]))
        for r in rows
    }


def _feeds() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(council_service(), min_size=1, max_size=6)


async def _round_trip(importer: Importer, feed: Any, folder: Path, tables_exact: bool) -> None:
    """`tables_exact`: the CSV form must hold everything; else a row it cannot hold (two
    different rows under one id) must at least be named in the export's conflicts."""
    await wipe_directory(importer.graph)
    await import_services(importer, feed, "council")
    before = await _graph(importer.graph)
    assert before  # every generated feed has at least one service that imports

    await export_json(importer.graph, folder / "hsds.json")
    exported = json.loads((folder / "hsds.json").read_text(encoding="utf-8"))
    await wipe_directory(importer.graph)
    from_json = await import_services(importer, exported, "council")
    assert from_json.rejected == []
    assert await _graph(importer.graph) == before
    again = await import_services(importer, exported, "council")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(before))

    exported_csv = await export_datapackage(importer.graph, layout(), folder / "package")
    await wipe_directory(importer.graph)
    from_csv = await import_datapackage(importer, layout(), folder / "package", "council")
    assert from_csv.rejected == []
    if tables_exact:
        assert exported_csv.conflicts == []
        assert await _graph(importer.graph) == before
    elif await _graph(importer.graph) != before:
        assert exported_csv.conflicts  # lost from the tables, but said


@SLOW
@given(feed=_feeds())
async def test_a_3_0_council_feed_round_trips_to_the_same_graph(
    importer: Importer, feed: list[dict[str, Any]]
) -> None:
    with TemporaryDirectory() as folder:
        await _round_trip(importer, feed, Path(folder), tables_exact=True)


@SLOW
@given(records=st.lists(council_record(), min_size=1, max_size=6))
async def test_a_1_0_council_feed_round_trips_through_json_and_says_what_tables_drop(
    importer: Importer, records: list[dict[str, Any]]
) -> None:
    page = {"content": records, "first": True, "last": True}
    with TemporaryDirectory() as folder:
        await _round_trip(importer, page, Path(folder), tables_exact=False)


def _noted(summary: ImportSummary, record_id: str, key: str) -> bool:
    return any(
        n.record_id == record_id
        and (n.json_path == f"$.{key}" or n.json_path.startswith((f"$.{key}.", f"$.{key}[")))
        for n in summary.notes
    )


@SLOW
@given(feed=_feeds())
async def test_every_row_and_field_of_a_3_0_feed_is_stored_or_reported(
    importer: Importer, feed: list[dict[str, Any]]
) -> None:
    await wipe_directory(importer.graph)
    summary = await import_services(importer, feed, "council")
    assert summary.accepted + len(summary.rejected) == len(feed)  # every row, counted once
    stored = {
        sid: json.loads(doc) for sid, (_, doc) in (await stored_services(importer.graph)).items()
    }
    rejected = {r.record_id for r in summary.rejected}
    assert rejected | set(stored) == {r["id"] for r in feed}
    firsts = {r["id"]: r for r in reversed(feed)}  # a repeated id: the first one is stored
    fields = kept = 0
    for sid, record in firsts.items():
        if sid not in stored:
            continue
        for key, value in record.items():
            fields += 1
            same = stored[sid].get(key) == value
            kept += same
            assert same or _noted(summary, sid, key), (key, value, stored[sid].get(key))
    assert fields >= kept > 0
