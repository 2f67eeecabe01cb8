"""`kith-directory export` / `import` of a datapackage as real processes, and the public HTTP
download routes of the directory service."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
from kith_common.settings import Settings
from kith_directory.adapters.export_checks import package_problems
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory import run_cli
from tests.helpers.hsds import stored_services, wipe_directory
from tests.helpers.oruk import demo_directory, service
from tests.support import serving


async def test_export_both_forms_then_import_the_package_through_the_cli(
    importer: Importer, settings: Settings, tmp_path: Path
) -> None:
    await import_services(importer, demo_directory()[:25], "demo")
    before = await stored_services(importer.graph)
    archive = tmp_path / "hsds.zip"
    output = await run_cli(settings, "export", "--format", "csv", "--out", str(archive), "--check")
    assert "25 services" in output
    assert output.rstrip().endswith("valid")
    output = await run_cli(
        settings, "export", "--format", "json", "--out", str(tmp_path / "h.json"), "--check"
    )
    assert output.rstrip().endswith("valid")
    assert len(json.loads((tmp_path / "h.json").read_text())["contents"]) == 25
    await wipe_directory(importer.graph)
    output = await run_cli(settings, "import", str(archive), "--feed", "demo")
    assert "created         25" in output
    assert "rejected         0" in output
    after = await stored_services(importer.graph)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


async def test_the_directory_serves_both_exports_publicly(
    importer: Importer, tmp_path: Path
) -> None:
    await import_services(importer, [service("a"), service("b")], "feed")
    async with serving(create_app(importer.graph)) as base_url, httpx.AsyncClient() as client:
        as_json = await client.get(f"{base_url}/export/hsds.json", headers={"Origin": "x"})
        as_zip = await client.get(f"{base_url}/export/hsds-datapackage.zip")
    assert as_json.status_code == 200
    assert as_json.headers["access-control-allow-origin"] == "*"
    assert sorted(s["id"] for s in as_json.json()["contents"]) == sorted(
        [service("a")["id"], service("b")["id"]]
    )
    assert as_zip.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(as_zip.content)) as archive:
        archive.extractall(tmp_path / "p")
    assert package_problems(tmp_path / "p") == []
