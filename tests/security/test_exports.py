"""The HSDS exports are built once per directory state: a client with the current copy gets a
304, and a change to the directory gives a new ETag."""

from __future__ import annotations

import dataclasses

import httpx
from kith_common.settings import Settings
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.oruk import (
    demo_directory,
    importer,  # noqa: F401  (fixture)
)

PATHS = ("/export/hsds.json", "/export/hsds-datapackage.zip")


def client(importer: Importer, settings: Settings) -> httpx.AsyncClient:  # noqa: F811
    app = create_app(importer.graph, settings=settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dir.test")


async def test_exports_are_cached_until_the_directory_changes(
    importer: Importer,  # noqa: F811
    settings: Settings,
) -> None:
    services = demo_directory()[:30]
    await import_services(importer, services, "demo")
    etags = {}
    async with client(importer, settings) as http:
        for path in PATHS:
            first = await http.get(path)
            assert first.status_code == 200
            etag, modified = first.headers["etag"], first.headers["last-modified"]
            etags[path] = etag
            again = await http.get(path)
            assert (again.content, again.headers["etag"]) == (first.content, etag)
            unchanged = await http.get(path, headers={"if-none-match": etag})
            assert unchanged.status_code == 304
            assert unchanged.content == b""
            since = await http.get(path, headers={"if-modified-since": modified})
            assert since.status_code == 304
        renamed = [{**services[0], "name": services[0]["name"] + " (renamed)"}, *services[1:]]
        await import_services(importer, renamed, "demo")
        for path in PATHS:
            changed = await http.get(path, headers={"if-none-match": etags[path]})
            assert changed.status_code == 200
            assert changed.headers["etag"] != etags[path]
        json_export = await http.get(PATHS[0])
        assert b"(renamed)" in json_export.content


async def test_exports_have_their_own_small_quota_per_address(
    importer: Importer,  # noqa: F811
    settings: Settings,
) -> None:
    limited = dataclasses.replace(settings, rate_limits="on")
    async with client(importer, limited) as http:
        statuses = [(await http.get(PATHS[0])).status_code for _ in range(7)]
        assert statuses == [200] * 6 + [429]
        refused = await http.get(PATHS[1])
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert (await http.get("/services")).status_code == 200  # the read API still answers
        assert (await http.get("/healthz")).status_code == 200
