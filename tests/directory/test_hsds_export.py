"""HSDS export of the whole directory: JSON documents valid against the ORUK compiled schemas,
a CSV datapackage valid under frictionless with table schemas derived from the HSDS 3.0
JSON schemas, and both forms read back into an empty graph as the very same services."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from kith_directory.adapters.datapackage import descriptor, read_package
from kith_directory.adapters.export_checks import json_problems, package_problems
from kith_directory.exports import export_datapackage, export_json
from kith_directory.handlers import Importer, import_services
from kith_directory.tabular_import import import_datapackage

from tests.helpers.hsds import (
    HSDS,
    layout,
    oruk1_feed,
    read_csv,
    stored_services,
    wipe_directory,
)
from tests.helpers.oruk import ORUK, demo_directory, load_json, service


async def _seed(importer: Importer) -> dict[str, tuple[str, str]]:
    demo = demo_directory()[:60]
    assert not (await import_services(importer, demo, "demo")).rejected
    await import_services(importer, oruk1_feed(), "council-oruk1")
    extra = service("odd", fees="", alert=" padded ")  # values no CSV cell holds
    extra["organization"]["description"] = ""  # required by the HSDS table
    await import_services(importer, [extra], "odd-feed")
    return await stored_services(importer.graph)


async def test_the_json_export_validates_and_reads_back_as_the_same_services(
    importer: Importer, tmp_path: Path
) -> None:
    before = await _seed(importer)
    out = tmp_path / "hsds.json"
    summary = await export_json(importer.graph, out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert summary.services == len(exported["contents"]) == len(before)
    assert exported["organizations"]
    assert exported["taxonomies"]
    assert json_problems(exported, importer.validator, ORUK) == []
    await wipe_directory(importer.graph)
    result = await import_services(importer, exported, "from-json")
    assert (result.created, result.rejected) == (len(before), [])
    after = await stored_services(importer.graph)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


async def test_the_datapackage_is_valid_and_round_trips_into_an_empty_graph(
    importer: Importer, tmp_path: Path
) -> None:
    before = await _seed(importer)
    folder = tmp_path / "package"
    summary = await export_datapackage(importer.graph, layout(), folder)
    assert summary.services == len(before)
    assert package_problems(folder) == []
    assert summary.rows["service"] == len(before)
    assert len(read_csv(folder / "services.csv")) == len(before)
    await wipe_directory(importer.graph)
    result = await import_datapackage(importer, layout(), folder, "from-csv")
    assert (result.created, result.rejected) == (len(before), [])
    after = await stored_services(importer.graph)
    assert after.keys() == before.keys()
    for service_id, (content_hash, document) in before.items():
        assert after[service_id][0] == content_hash, service_id
        assert json.loads(after[service_id][1]) == json.loads(document)


async def test_the_zip_form_is_valid_and_reimporting_it_changes_nothing(
    importer: Importer, tmp_path: Path
) -> None:
    await import_services(importer, demo_directory()[:40], "demo")
    archive = tmp_path / "hsds.zip"
    await export_datapackage(importer.graph, layout(), archive)
    assert zipfile.is_zipfile(archive)
    assert package_problems(archive) == []
    first = await import_datapackage(importer, layout(), archive, "demo")
    assert (first.unchanged, first.created, first.updated) == (40, 0, 0)


async def test_the_export_leaves_out_removed_services(importer: Importer, tmp_path: Path) -> None:
    await import_services(importer, [service("a"), service("b")], "feed")
    await import_services(importer, [service("a")], "feed")  # b is removed from the feed
    out = tmp_path / "hsds.json"
    await export_json(importer.graph, out)
    ids = [doc["id"] for doc in json.loads(out.read_text())["contents"]]
    assert ids == [service("a")["id"]]


def test_table_schemas_are_derived_from_the_hsds_json_schemas() -> None:
    resources = {r["name"]: r for r in descriptor(layout())["resources"]}
    for path in sorted((HSDS / "schema").glob("*.json")):
        schema = load_json(path)
        if "datapackage_metadata" not in schema:
            continue
        resource = resources[schema["name"]]
        assert resource["path"] == schema["path"]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        scalar = [
            name
            for name, prop in schema["properties"].items()
            if "$ref" not in prop and "$ref" not in (prop.get("items") or {})
        ]
        assert list(fields) == scalar
        for name in {*schema["required"], *schema.get("tabular_required", ())}:
            assert fields[name]["constraints"]["required"] is True
    service_keys = resources["service"]["schema"]["foreignKeys"]
    assert {
        "fields": ["organization_id"],
        "reference": {"resource": "organization", "fields": ["id"]},
    } in service_keys
    term_keys = resources["taxonomy_term"]["schema"]["foreignKeys"]
    assert {"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}} in term_keys
    assert resources["address"]["schema"]["fields"][-1]["constraints"]["enum"] == [
        "physical",
        "postal",
        "virtual",
    ]
    assert resources["attribute"]["schema"]["foreignKeys"] == [
        {
            "fields": ["taxonomy_term_id"],
            "reference": {"resource": "taxonomy_term", "fields": ["id"]},
        }
    ]


async def test_values_a_table_cannot_hold_stay_in_the_extensions_not_the_cells(
    importer: Importer, tmp_path: Path
) -> None:
    record = service("x")
    term = record["attributes"][0]["taxonomy_term"]
    term["parent_id"] = "4b8a4a39-3a5e-4a48-9a3c-2f3e9e5c0a11"  # a term nobody published
    record["schedules"][0]["opens_at"] = "whenever"  # not a time
    await import_services(importer, [record], "feed")
    folder = tmp_path / "p"
    summary = await export_datapackage(importer.graph, layout(), folder)
    assert {(r.table, r.column) for r in summary.repairs} == {
        ("taxonomy_term", "parent_id"),
        ("schedule", "opens_at"),
    }
    assert package_problems(folder) == []
    _, shapes = read_package(folder, layout())
    assert shapes[("schedule", record["schedules"][0]["id"])]["verbatim"] == {
        "opens_at": "whenever"
    }
    await wipe_directory(importer.graph)
    await import_datapackage(importer, layout(), folder, "feed")
    [(_, document)] = (await stored_services(importer.graph)).values()
    assert json.loads(document) == record
