"""Importing an HSDS tabular package someone else wrote: spreadsheet mess is tolerated,
every record that cannot be imported is reported (id, where, why), nothing crashes, and the
usual import guarantees hold (idempotent upsert, provenance, removed-from-feed marking)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from kith_directory.adapters.datapackage import PackageError
from kith_directory.domain.feed import ImportSummary
from kith_directory.handlers import Importer
from kith_directory.tabular_import import import_datapackage

from tests.helpers.hsds import layout, write_csv
from tests.helpers.oruk import uid

ORG, TERM = uid("t-org"), uid("t-term")


def _service(key: str, **cells: Any) -> dict[str, Any]:
    return {"id": uid(f"t-service/{key}"), "organization_id": ORG, "name": f"Service {key}",
            "status": "active", **cells}  # fmt: skip


def _package(folder: Path, services: list[dict[str, Any]], **tables: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    org = {"ID": ORG, "Name ": "Bradford Helpers", "description": "A charity", "Colour": "red"}
    write_csv(folder / "organizations.csv", [org], bom=True, crlf=True)
    write_csv(folder / "services.csv", services, bom=True, crlf=True)
    for name, rows in tables.items():
        write_csv(folder / f"{name}.csv", rows, crlf=True)
    return folder


def _rejected(summary: ImportSummary) -> dict[str, tuple[str, str]]:
    return {r.record_id: (r.json_path, r.message) for r in summary.rejected}


async def _document(importer: Importer, service_id: str) -> dict[str, Any]:
    rows = await importer.graph.query("MATCH (s:Service {id: $id}) RETURN s.oruk_json AS doc",
                                      id=service_id)  # fmt: skip
    return dict(json.loads(rows[0]["doc"]))


async def test_a_spreadsheet_package_is_reassembled_and_imported(
    importer: Importer, tmp_path: Path
) -> None:
    loc, sal = uid("t-loc"), uid("t-sal")
    folder = _package(
        tmp_path / "p",
        [_service("a", description="  ", minimum_age="18", url="https://a.example.org")],
        locations=[
            {
                "id": loc,
                "location_type": "physical",
                "latitude": "53.79",
                "longitude": "-1.75",
                "name": "Hall",
            }
        ],
        service_at_location=[{"id": sal, "service_id": _service("a")["id"], "location_id": loc}],
        phones=[{"id": uid("t-phone"), "service_id": _service("a")["id"], "number": "01274 000"}],
        taxonomy_terms=[
            {
                "id": TERM,
                "name": "Food banks",
                "description": "Food banks",
                "taxonomy": "esdServiceTypes",
            }
        ],
        attributes=[
            {
                "id": uid("t-attr"),
                "link_id": _service("a")["id"],
                "link_entity": "service",
                "taxonomy_term_id": TERM,
            }
        ],
    )
    summary = await import_datapackage(importer, layout(), folder, "council-csv")
    assert (summary.created, summary.rejected) == (1, [])
    assert any("colour" in note.message for note in summary.notes)
    doc = await _document(importer, _service("a")["id"])
    assert "description" not in doc  # a blank cell is an absent value
    assert doc["minimum_age"] == 18
    assert doc["organization"] == {
        "id": ORG,
        "name": "Bradford Helpers",
        "description": "A charity",
    }
    assert doc["service_at_locations"][0]["location"]["latitude"] == 53.79
    assert doc["phones"][0]["number"] == "01274 000"
    assert doc["attributes"][0]["taxonomy_term"]["name"] == "Food banks"
    [row] = await importer.graph.query(
        "MATCH (s:Service {id: $id})-[:AVAILABLE_AT]->()-[:AT]->(l:Location)-[:IN]->(a:LSOA) "
        "RETURN s.feed_id AS feed, s.source_id AS source, s.imported_at IS NOT NULL AS at",
        id=_service("a")["id"],
    )
    assert row == {"feed": "council-csv", "source": _service("a")["id"], "at": True}
    again = await import_datapackage(importer, layout(), folder, "council-csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


async def test_broken_rows_are_reported_one_by_one_and_the_rest_imported(
    importer: Importer, tmp_path: Path
) -> None:
    good, lost_org, lost_loc = _service("good"), _service("lost-org"), _service("lost-loc")
    lost_org["organization_id"] = uid("nobody")
    no_status = _service("no-status", status="")
    bad_age = _service("bad-age", minimum_age="eighteen")
    folder = _package(
        tmp_path / "p",
        [good, lost_org, lost_loc, no_status, bad_age, {**good, "name": "again"}, {"name": "x"}],
        service_at_location=[
            {"id": uid("t-sal2"), "service_id": lost_loc["id"], "location_id": uid("nowhere")}
        ],
        phones=[{"id": uid("orphan-phone"), "service_id": uid("no-service"), "number": "1"}],
        schedules=[{"id": uid("t-sched"), "byday": "MO"}],
    )
    summary = await import_datapackage(importer, layout(), folder, "messy")
    assert summary.created == 1
    rejected = _rejected(summary)
    assert rejected[lost_org["id"]] == (
        "$.organization_id",
        f"organization_id {lost_org['organization_id']} names no row in organizations.csv",
    )
    assert rejected[lost_loc["id"]][0] == "$.service_at_locations[0].location_id"
    assert rejected[no_status["id"]] == ("$", "'status' is a required property")
    assert rejected[bad_age["id"]][0] == "$.minimum_age"
    assert rejected[good["id"]] == ("services.csv row 7", "this id is already used above")
    assert rejected["services.csv row 8"] == ("$.id", "the row has no id")
    assert "is not in the package" in rejected[uid("orphan-phone")][1]
    assert "names no parent" in rejected[uid("t-sched")][1]
    assert len(summary.rejected) == 8


async def test_a_whole_package_marks_what_it_no_longer_lists_but_not_what_it_rejected(
    importer: Importer, tmp_path: Path
) -> None:
    a, b, c = _service("a"), _service("b"), _service("c")
    await import_datapackage(importer, layout(), _package(tmp_path / "1", [a, b, c]), "feed")
    broken_c = {**c, "status": "sideways"}
    summary = await import_datapackage(
        importer, layout(), _package(tmp_path / "2", [a, broken_c]), "feed"
    )
    assert (summary.unchanged, summary.removed, len(summary.rejected)) == (1, 1, 1)
    rows = await importer.graph.query(
        "MATCH (s:Service) RETURN s.id AS id, coalesce(s.removed_from_feed, false) AS removed"
    )
    assert {r["id"]: r["removed"] for r in rows} == {a["id"]: False, b["id"]: True, c["id"]: False}


async def test_a_zip_with_the_tables_in_a_subfolder_and_no_datapackage_json(
    importer: Importer, tmp_path: Path
) -> None:
    folder = _package(tmp_path / "p", [_service("z")])
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in folder.iterdir():
            zipped.write(path, f"hsds/{path.name}")
    summary = await import_datapackage(importer, layout(), archive, "zip-feed")
    assert (summary.created, summary.rejected) == (1, [])


async def test_what_is_no_package_is_a_clear_error(importer: Importer, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackageError, match=r"has no services\.csv"):
        await import_datapackage(importer, layout(), tmp_path / "empty", "x")
    (tmp_path / "note.txt").write_text("hello")
    with pytest.raises(PackageError, match="neither a folder nor a zip"):
        await import_datapackage(importer, layout(), tmp_path / "note.txt", "x")


async def test_a_services_table_without_its_id_column_rejects_every_row(
    importer: Importer, tmp_path: Path
) -> None:
    rows = [{"name": "One", "status": "active"}, {"name": "Two", "status": "active"}]
    summary = await import_datapackage(importer, layout(), _package(tmp_path / "p", rows), "f")
    assert summary.accepted == 0
    assert [r.record_id for r in summary.rejected] == ["services.csv row 2", "services.csv row 3"]


async def test_every_row_is_imported_or_reported(importer: Importer, tmp_path: Path) -> None:
    good = _service("good")
    contact_of_nobody = {"id": uid("t-contact"), "service_id": uid("no-service"), "name": "Sam"}
    folder = _package(
        tmp_path / "rows",
        [good],
        contacts=[contact_of_nobody],
        phones=[
            {"id": uid("t-phone/under-lost-contact"), "contact_id": contact_of_nobody["id"], "number": "01274 960123"},
            {"id": uid("t-phone/good"), "service_id": good["id"], "number": "01274 960124"},
        ],
        languages=[
            {"id": uid("t-lang/under-lost-phone"), "phone_id": uid("t-phone/under-lost-contact"), "name": "Urdu", "code": "ur"},
            {"id": uid("t-lang/good"), "service_id": good["id"], "name": "Welsh", "code": "cy"},
        ],
        locations=[{"id": uid("t-unused-location"), "location_type": "virtual", "name": "Online"}],
    )  # fmt: skip
    summary = await import_datapackage(importer, layout(), folder, "rows")
    assert summary.created == 1
    rejected = _rejected(summary)
    assert "is not in the package" in rejected[uid("t-contact")][1]
    assert rejected[uid("t-phone/under-lost-contact")] == (
        "phones.csv",
        f"not imported: its parent contact {uid('t-contact')} was not",
    )
    assert "not imported" in rejected[uid("t-lang/under-lost-phone")][1]
    notes = {n.record_id: n.message for n in summary.notes}
    assert notes[uid("t-unused-location")] == "not imported: no service in the package uses it"
    document = await _document(importer, good["id"])
    assert [p["number"] for p in document["phones"]] == ["01274 960124"]
    assert [lang["code"] for lang in document["languages"]] == ["cy"]
