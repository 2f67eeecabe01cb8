"""The ORUK importer against a real Neo4j: graph shape, idempotency, changes, removals."""

from __future__ import annotations

import copy
import json

from kith_directory.handlers import Importer, import_services

from tests.helpers.directory import count, events
from tests.helpers.oruk import demo_directory, service, uid

SERVICE_UPDATED = "kith.directory.service-updated"


async def test_the_demo_district_imports_into_the_contract_shape(importer: Importer) -> None:
    graph, demo = importer.graph, demo_directory()
    summary = await import_services(importer, demo, "demo")
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (
        300,
        0,
        0,
        [],
    )
    sals = [sal for s in demo for sal in s["service_at_locations"]]
    physical = {sal["location"]["id"] for sal in sals if "latitude" in sal["location"]}
    assert await count(graph, "(:Organisation)-[:PROVIDES]->(:Service)") == 300
    assert await count(graph, "(:Organisation)") == len({s["organization"]["id"] for s in demo})
    assert await count(graph, "(:Service)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->()") == len(
        sals
    )
    assert await count(graph, "(:Location)-[:IN]->(:Area:LSOA)") == len(physical)
    assert await count(graph, "(l:Location) WHERE l.virtual AND l.point IS NULL") == len(
        {sal["location"]["id"] for sal in sals} - physical
    )
    needs = sum(len(s["attributes"]) for s in demo)
    assert await count(graph, "(:Service)-[:MEETS]->(:Need:TaxonomyTerm)") == needs
    assert await count(graph, "(:Need)-[:IN_TAXONOMY]->(:Taxonomy {name: 'Kith needs'})") == 18
    assert await count(graph, "(:Service)-[:SPEAKS]->(:Language)") == sum(
        len(s["languages"]) for s in demo
    )
    assert await count(graph, "(:Service)-[:HAS_SCHEDULE]->(:Schedule)") == sum(
        len(s["schedules"]) for s in demo
    )
    assert await count(graph, "(:Service)-[:COVERS]->(:Area)") > 0
    assert len(await events(graph)) == 300


async def test_service_properties_keep_provenance_capacity_and_extensions(
    importer: Importer,
) -> None:
    record = service("props", kith_tier=2, kith_kind="food-bank", kith_self_referral=False)
    record["kith_eligibility"] = {"gender": "female"}
    record["assured_date"] = "2026-01-01"
    await import_services(importer, [record], "feed-p")
    [row] = await importer.graph.query(
        """
        MATCH (s:Service {id: $id})
        RETURN s.feed_id AS feed, s.source_id AS source, s.imported_at IS NOT NULL AS imported,
               s.capacity_status AS status, s.capacity_available AS available,
               s.capacity_unit AS unit, s.kind AS kind, s.tier AS tier,
               s.self_referral AS self_referral, s.eligibility_gender AS gender,
               toString(s.assured_date) AS assured, toString(s.last_modified) AS modified,
               s.removed_from_feed AS removed, s.oruk_json AS document
        """,
        id=record["id"],
    )
    assert json.loads(row.pop("document")) == record
    assert row == {
        "feed": "feed-p",
        "source": record["id"],
        "imported": True,
        "status": "open",
        "available": 3,
        "unit": "places",
        "kind": "food-bank",
        "tier": 2,
        "self_referral": False,
        "gender": "female",
        "assured": "2026-01-01",
        "modified": "2026-01-02T03:04:05Z",
        "removed": False,
    }


async def test_a_location_is_in_the_lsoa_with_the_nearest_centre(importer: Importer) -> None:
    # Bradford 016A's centre is 53.84660, -1.75437; 016B's is 53.84210, -1.77818.
    await import_services(importer, [service("near-a", lat=53.8467, lon=-1.7545)], "f")
    await import_services(importer, [service("near-b", lat=53.8420, lon=-1.7780)], "f")
    await import_services(importer, [service("far", lat=51.5, lon=-0.12)], "f")
    rows = await importer.graph.query(
        "MATCH (l:Location) OPTIONAL MATCH (l)-[:IN]->(a) RETURN l.id AS id, a.code AS code"
    )
    placed = {row["id"]: row["code"] for row in rows}
    assert placed[uid("loc/near-a")] == "E01010568"
    assert placed[uid("loc/near-b")] == "E01010569"
    assert placed[uid("loc/far")] is None  # London is not loaded: nothing within 25 km


async def test_importing_again_leaves_everything_unchanged(importer: Importer) -> None:
    demo = demo_directory()
    await import_services(importer, demo, "demo")
    before = await count(importer.graph, "()-[]->()")
    summary = await import_services(importer, demo_directory(), "demo")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 300)
    assert await count(importer.graph, "()-[]->()") == before
    assert len(await events(importer.graph)) == 300


async def test_a_changed_record_is_updated_and_its_links_replaced(importer: Importer) -> None:
    graph = importer.graph
    records = [service("a", needs=("food", "debt")), service("b")]
    await import_services(importer, records, "f")
    changed = copy.deepcopy(records)
    changed[0]["attributes"] = changed[0]["attributes"][1:]
    changed[0]["name"] = "Renamed"
    summary = await import_services(importer, changed, "f")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    meets = await graph.query(
        "MATCH (:Service {id: $id})-[:MEETS]->(n:Need) RETURN n.code AS code", id=records[0]["id"]
    )
    assert meets == [{"code": "debt"}]
    assert await count(graph, "(:Schedule)") == 2
    assert await count(graph, "(:ServiceAtLocation)") == 2
    updates = [e for e in await events(graph) if e["service_id"] == records[0]["id"]]
    assert len(updates) == 2
    assert {e["organisation_id"] for e in updates} == {uid("org-a")}


async def test_records_missing_from_a_full_feed_are_marked_removed(importer: Importer) -> None:
    graph = importer.graph
    a, b, c = service("a"), service("b"), service("c")
    await import_services(importer, [a, b, c], "feed-1")
    await import_services(importer, [service("other")], "feed-2")
    summary = await import_services(importer, [a, c], "feed-1")
    assert (summary.unchanged, summary.removed) == (2, 1)
    removed = await graph.query(
        "MATCH (s:Service) WHERE s.removed_from_feed RETURN s.id AS id ORDER BY id"
    )
    assert removed == [{"id": b["id"]}]
    assert len([e for e in await events(graph) if e["service_id"] == b["id"]]) == 2
    back = await import_services(importer, [a, b, c], "feed-1")
    assert (back.updated, back.unchanged, back.removed) == (1, 2, 0)
    assert await count(graph, "(s:Service) WHERE s.removed_from_feed") == 0


async def test_a_single_service_or_partial_page_never_marks_removals(importer: Importer) -> None:
    a, b = service("a"), service("b")
    await import_services(importer, [a, b], "feed")
    single = await import_services(importer, a, "feed")
    page = {"first_page": True, "last_page": False, "contents": [a]}
    partial_page = await import_services(importer, page, "feed")
    forced = await import_services(importer, [a], "feed", complete=False)
    assert single.removed == partial_page.removed == forced.removed == 0
    assert await count(importer.graph, "(s:Service) WHERE s.removed_from_feed") == 0


async def test_invalid_records_are_rejected_and_valid_siblings_imported(
    importer: Importer,
) -> None:
    bad = service("bad", status="open")
    summary = await import_services(importer, [service("good"), bad, service("fine")], "f")
    assert (summary.created, len(summary.rejected)) == (2, 1)
    [rejection] = summary.rejected
    assert (rejection.record_id, rejection.json_path) == (bad["id"], "$.status")
    assert "'open' is not one of" in rejection.message
    assert await count(importer.graph, "(s:Service {id: $id})", id=bad["id"]) == 0
    assert await count(importer.graph, "(l:Location {id: $id})", id=uid("loc/bad")) == 0
