"""Change detection and the ORUK -> graph-row mapping (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kith_directory.domain.changes import Stored, classify, content_hash
from kith_directory.domain.links import NEEDS_TAXONOMY_NAME, covered_area_codes, location_row
from kith_directory.domain.mapping import Provenance, map_services

from tests.helpers.oruk import service, uid

NOW = datetime(2026, 11, 1, tzinfo=UTC)
NEEDS = frozenset({NEEDS_TAXONOMY_NAME})


def test_content_hash_ignores_key_order_but_not_values() -> None:
    record = service("a")
    reordered = json.loads(json.dumps(dict(reversed(list(record.items())))))
    assert content_hash(record) == content_hash(reordered)
    assert content_hash(record) != content_hash({**record, "name": "Other"})


def test_classify_new_changed_moved_returning_and_unchanged() -> None:
    new, same, edited, moved, back = (service(k) for k in ("new", "same", "ed", "mv", "back"))
    stored = {
        same["id"]: Stored(content_hash(same), "feed", False),
        edited["id"]: Stored("old-hash", "feed", False),
        moved["id"]: Stored(content_hash(moved), "other-feed", False),
        back["id"]: Stored(content_hash(back), "feed", True),
    }
    changes = classify([new, same, edited, moved, back], stored, "feed")
    assert [r["id"] for r in changes.created] == [new["id"]]
    assert [r["id"] for r in changes.updated] == [edited["id"], moved["id"], back["id"]]
    assert changes.unchanged == [same["id"]]


def test_needs_are_told_apart_from_other_terms() -> None:
    record = service("a", needs=("food",))
    other = {"id": uid("t"), "name": "Adults", "description": "d", "taxonomy": "Age groups"}
    record["attributes"].append({"id": uid("attr/age"), "taxonomy_term": other})
    rows = map_services([record], Provenance("feed", NOW), NEEDS)
    assert [(n["id"], n["props"]["code"]) for n in rows.needs] == [(uid("need/food"), "food")]
    assert [t["id"] for t in rows.terms] == [uid("t")]
    assert {t["name"] for t in rows.taxonomies} == {"Kith needs", "Age groups"}


def test_organisation_named_only_by_id_does_not_overwrite_its_details() -> None:
    full = service("a", org="shared")
    by_id = service("b")
    del by_id["organization"]
    by_id["organization_id"] = uid("shared")
    rows = map_services([full, by_id], Provenance("feed", NOW), NEEDS)
    [org] = rows.organisations
    assert org["props"]["name"] == "Org shared"


def test_locations_get_a_point_only_when_physical_and_on_earth() -> None:
    assert location_row({"id": "a", "latitude": 53.8, "longitude": -1.7})["has_point"]
    assert not location_row({"id": "b", "latitude": 100, "longitude": 101})["has_point"]
    virtual = {"id": "c", "location_type": "virtual", "latitude": 53.8, "longitude": -1.7}
    assert not location_row(virtual)["has_point"]
    assert location_row(virtual)["props"]["virtual"] is True


def test_covered_areas_come_from_the_service_and_its_areas_once_each() -> None:
    record = service("a", areas=("E08000032",), kith_area_codes=["E08000032", "E07000163"])
    assert covered_area_codes(record) == ["E08000032", "E07000163"]
