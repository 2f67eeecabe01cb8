"""ORUK 1.0 feeds (most UK council directories): converted to ORUK 3.0, repaired where the
meaning is clear, rejected with a reason where not, never crashing; then imported for real."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.adapters.standards import service_schema
from kith_directory.api import create_app
from kith_directory.domain.intake import FeedFormat, take_in
from kith_directory.domain.oruk1 import convert
from kith_directory.domain.validation import ServiceValidator
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory import count
from tests.helpers.directory_contract import assert_valid_one
from tests.helpers.oruk import ORUK, load_json

FIXTURE = load_json(ORUK.parents[1] / "tests" / "directory" / "fixtures" / "oruk1_messy.json")
FEED = "council-feed"
VALIDATOR = ServiceValidator(service_schema(ORUK))


def messy() -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(FIXTURE))
    return copied


def test_the_feed_is_recognised_and_every_record_accounted_for() -> None:
    intake = take_in(messy(), FEED)
    assert intake.format is FeedFormat.ORUK1
    assert intake.complete
    rejected = {(r.record_id, r.json_path): r.message for r in intake.rejected}
    assert rejected == {
        ("103", "$.name"): "the service has no name",
        ("104", "$.name"): "the service has no name",
        ("#5", "$.id"): "the service has no id, so it cannot be kept up to date",
        ("106", "$.status"): "unknown status 'pending'",
        ("#10", "$"): "a service must be a JSON object",
    }
    assert len(intake.records) == len(FIXTURE["content"]) - len(rejected)
    checked = VALIDATOR.check(intake.records)
    assert len(checked.valid) == len(intake.records) - 1  # the repeated 101
    assert [r.message for r in checked.rejected] == [
        "the same service id appears earlier in this import"
    ]


def test_converted_services_are_clean_ordered_3_0_records() -> None:
    by_source = {source: sid for sid, source in take_in(messy(), FEED).source_ids.items()}
    records: dict[str, Any] = {}
    for record in take_in(messy(), FEED).records:
        records.setdefault(record["id"], record)  # the feed repeats 101: the first counts
    larder = records[by_source["101"]]
    assert larder["name"] == "Community Larder & Café"
    assert larder["description"] == (
        "Low-cost food for anyone in BD3.\nBring a bag!\nOpen to all \u2013 no referral needed."
    )
    assert larder["assured_date"] == "2021-03-04"
    assert larder["minimum_age"] == 18
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in larder["schedules"]] == [
        ("MO", "10:00", "12:30"),
        ("WE,FR", "13:00", "15:00"),
    ]
    location = larder["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (53.799, -1.737)
    assert location["addresses"][0]["postal_code"] == "BD3 9AA"
    assert location["addresses"][0]["country"] == "GB"
    assert larder["service_areas"][0]["kith_area_codes"] == ["E08000032"]
    assert [lang["code"] for lang in larder["languages"]] == ["en", "ur"]
    advice = records[by_source["ABC-102"]]
    assert advice["description"] == "Free, confidential debt advice.\nCall us."
    assert advice["url"] == "https://www.moneyhelp.example.org/dropin"
    assert advice["email"] == "advice@moneyhelp.example.org"
    assert advice["schedules"][0]["opens_at"] == "09:00"
    assert advice["schedules"][0]["closes_at"] == "17:30"
    uuid_kept = records["5e0b6c1a-8f1d-4d2b-9b8e-3c2a1f0e9d77"]
    assert uuid_kept["last_modified"] == "2021-03-04T10:00:00Z"
    helpline = records[by_source["112"]]
    assert helpline["status"] == "temporarily closed"
    assert helpline["organization"]["name"] == f"Organisation not stated ({FEED})"
    assert helpline["service_areas"][0]["kith_area_codes"] == ["E07000163", "E08000032"]


def test_repairs_are_noted_and_ids_are_stable_per_feed() -> None:
    intake = take_in(messy(), FEED)
    notes = {(n.record_id, n.json_path) for n in intake.notes}
    assert {
        ("109", "$.url"),
        ("109", "$.email"),
        ("109", "$.assured_date"),
        ("109", "$.regular_schedules[0].opens_at"),
        ("109", "$.service_at_locations[1]"),
        ("107", "$.organization"),
    } <= notes
    again = take_in(messy(), FEED)
    assert [r["id"] for r in again.records] == [r["id"] for r in intake.records]
    other_feed = take_in(messy(), "another-feed")
    assert {r["id"] for r in other_feed.records}.isdisjoint(
        r["id"] for r in intake.records if r["id"] != "5e0b6c1a-8f1d-4d2b-9b8e-3c2a1f0e9d77"
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25,
)  # fmt: skip
fields = st.sampled_from(
    ["id", "name", "description", "status", "organization", "regular_schedules", "service_at_locations",
     "service_taxonomys", "languages", "eligibilitys", "contacts", "cost_options", "assured_date", "url",
     "email", "service_areas", "lastModified", "pc_x"]
)  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(fields, json_values, max_size=10) | json_values, max_size=5))
def test_nothing_in_a_feed_raises(records: list[Any]) -> None:
    converted = convert(records, FEED)
    assert len(converted.records) + len(converted.rejected) == len(records)
    for record in converted.records:
        json.dumps(record)
        VALIDATOR.problem(record)  # validation decides what is wrong; it never raises


async def test_a_messy_feed_imports_and_reads_back_clean(importer: Importer) -> None:
    graph = importer.graph
    summary = await import_services(importer, messy(), FEED)
    assert (summary.created, len(summary.rejected)) == (7, 6)
    assert {r.record_id for r in summary.rejected} == {"103", "104", "#5", "106", "#10", "101"}
    assert len(summary.notes) >= 10
    rows = await graph.query(
        "MATCH (s:Service {feed_id: $feed}) RETURN s.source_id AS source, s.id AS id,"
        " s.source_extensions AS extensions ORDER BY source",
        feed=FEED,
    )
    by_source = {row["source"]: row for row in rows}
    assert set(by_source) == {
        "101",
        "ABC-102",
        "107",
        "5e0b6c1a-8f1d-4d2b-9b8e-3c2a1f0e9d77",
        "109",
        "112",
        "113",
    }
    assert "pc_metadata" in json.loads(by_source["101"]["extensions"])
    assert await count(graph, "(:Location)-[:IN]->(:LSOA)") == 1
    again = await import_services(importer, messy(), FEED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    transport = httpx.ASGITransport(app=create_app(graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://d.test") as client:
        for row in rows:
            body = (await client.get(f"/services/{row['id']}")).json()
            assert_valid_one("/services/{id}", body)
            assert "<" not in json.dumps(body)
        larder = (await client.get(f"/services/{by_source['101']['id']}")).json()
        assert larder["last_modified"] == "2021-03-04T10:00:00Z"  # from pc_metadata
        audience = {a["taxonomy_term"]["name"] for a in larder["attributes"]}
        assert {"Adults", "Families", "Advice"} <= audience
        assert larder["kith_supplier_fields"]["pc_metadata"]["last_updated"]
        near = await client.get("/services", params={"postcode": "bd39aa", "proximity": "500"})
        assert [s["id"] for s in near.json()["contents"]] == [by_source["101"]["id"]]
        tuesday = await client.get("/services", params={"day": "TU", "start_time": "09:00"})
        names = {s["name"] for s in tuesday.json()["contents"]}
        assert names == {"Money Advice Drop-in", "Befriending Calls", "Tenant Support"}
