"""A poorer copy never deletes richer data: a summary record (ORUK `/services` page item)
or a second feed carrying the same id merges field by field with the stored service; the
richer or newer source wins (services/directory/README.md, "Merging copies"), each field
remembers its source, and every field kept from the stored copy is reported."""

from __future__ import annotations

import copy
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st
from kith_directory.api import create_app
from kith_directory.domain.documents import one_to_one
from kith_directory.domain.merge import Source, merge
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory import count
from tests.helpers.oruk import service, uid

PARTS = ("schedules", "service_at_locations", "contacts", "funding", "languages", "attributes")


def full(key: str = "rich", **extra: Any) -> dict[str, Any]:
    record = service(key, **extra)
    record["contacts"] = [
        {"id": uid(f"contact/{key}"), "name": "Sam", "phones": [{"id": uid(f"phone/{key}"), "number": "01274 960123"}]}
    ]  # fmt: skip
    record["funding"] = [{"id": uid(f"funding/{key}"), "source": "Council grant"}]
    return record


async def parts(importer: Importer, service_id: str) -> dict[str, int]:
    graph = importer.graph
    return {
        "schedules": await count(graph, "(:Service {id: $id})-[:HAS_SCHEDULE]->()", id=service_id),
        "sals": await count(graph, "(:Service {id: $id})-[:AVAILABLE_AT]->()", id=service_id),
    }


async def document(importer: Importer, service_id: str) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=create_app(importer.graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://d.test") as client:
        response = await client.get(f"/services/{service_id}")
    assert response.status_code == 200
    return dict(response.json())


async def test_a_summary_record_keeps_every_part_of_the_full_one(importer: Importer) -> None:
    record = full()
    await import_services(importer, [record], "council")
    summary_copy = one_to_one(record) | {"description": "Now open on Tuesdays too"}
    result = await import_services(importer, [summary_copy], "council", complete=False)
    assert result.updated == 1
    kept = [n for n in result.notes if n.record_id == record["id"]]
    assert kept
    assert all(p in kept[0].message for p in ("schedules", "contacts", "funding"))
    assert await parts(importer, record["id"]) == {"schedules": 1, "sals": 1}
    body = await document(importer, record["id"])
    assert body["description"] == "Now open on Tuesdays too"
    for part in PARTS:
        assert body[part] == record[part], part
    assert body["contacts"][0]["phones"][0]["number"] == "01274 960123"
    fields = body["kith_provenance"]["fields"]
    assert fields["description"]["feed"] == "council"
    assert fields["schedules"]["feed"] == "council"


async def test_a_poorer_older_second_feed_changes_nothing_it_cannot_improve(
    importer: Importer,
) -> None:
    record = full()
    await import_services(importer, [record], "council")
    poorer = one_to_one(record) | {
        "last_modified": "2020-01-01T00:00:00Z",
        "description": "old text",
        "email": "new@example.org",
        "schedules": [],
    }
    await import_services(importer, [poorer], "aggregator")
    body = await document(importer, record["id"])
    assert body["description"] == record["description"]  # older: the stored text stays
    assert body["schedules"] == record["schedules"]  # an empty list is poorer
    assert body["email"] == "new@example.org"  # nobody had said it: taken
    fields = body["kith_provenance"]["fields"]
    assert fields["email"]["feed"] == "aggregator"
    assert fields["description"]["feed"] == "council"


async def test_a_newer_second_feed_wins_what_it_states(importer: Importer) -> None:
    record = full()
    await import_services(importer, [record], "council")
    newer = copy.deepcopy(record) | {
        "last_modified": "2027-01-01T00:00:00Z",
        "description": "Moved to the library",
        "schedules": [{"id": uid("schedule/new"), "freq": "WEEKLY", "byday": "TU"}],
    }
    del newer["funding"]
    await import_services(importer, [newer], "aggregator")
    body = await document(importer, record["id"])
    assert body["description"] == "Moved to the library"
    assert [s["byday"] for s in body["schedules"]] == ["TU"]
    assert body["funding"] == record["funding"]
    assert body["last_modified"] == "2027-01-01T00:00:00Z"


async def test_the_same_feed_may_clear_what_it_states_empty(importer: Importer) -> None:
    record = full()
    await import_services(importer, [record], "council")
    await import_services(importer, [record | {"funding": [], "contacts": []}], "council")
    body = await document(importer, record["id"])
    assert body["funding"] == []
    assert body["contacts"] == []
    assert body["schedules"] == record["schedules"]


keys = st.sampled_from(["description", "email", "schedules", "contacts", "fees", "url"])
values = st.one_of(st.text(max_size=5), st.lists(st.integers(), max_size=3))
docs = st.dictionaries(keys, values, max_size=6)
stamps = st.one_of(st.none(), st.sampled_from(["2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z"]))


@given(docs, docs, stamps, stamps, st.booleans())
def test_merging_never_loses_a_field(
    stored: dict[str, Any], incoming: dict[str, Any], old: str | None, new: str | None, same: bool
) -> None:
    before = Source("a", "2026-01-01T00:00:00+00:00", old)
    after = Source("a" if same else "b", "2026-02-01T00:00:00+00:00", new)
    _, first_sources, _ = merge(None, {}, stored, before)
    merged, sources, _ = merge(stored, first_sources, incoming, after)
    assert set(merged) == set(stored) | set(incoming)
    assert set(sources) == set(merged)
    for key, value in merged.items():
        assert value in (stored.get(key), incoming.get(key))
        if same and key in incoming:
            assert value == incoming[key]  # a feed always corrects itself
