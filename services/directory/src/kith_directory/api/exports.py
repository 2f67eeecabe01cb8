"""`/export/hsds.json` and `/export/hsds-datapackage.zip`: the whole directory, public like
the ORUK read API.

Building an export reads every service (seconds at scale), so each is built once and kept
until the directory changes (a cheap fingerprint query says when); concurrent requests for a
stale export wait for one rebuild. Responses carry an ETag and Last-Modified, and a client
that already has the current export gets a 304.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache

from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response

from kith_directory.adapters.datapackage import hsds_layout, package_files
from kith_directory.domain.flatten import Flat
from kith_directory.domain.hsds_tables import Layout
from kith_directory.exports import ExportSummary, flatten_directory, json_chunks
from kith_directory.queries import export_reads

JSON = "application/json"
ZIP = "application/zip"


@cache
def _layout() -> Layout:
    return hsds_layout()


def _zip(layout: Layout, flat: Flat) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_files(layout, flat):
            archive.writestr(name, text)
    return buffer.getvalue()


@dataclass(frozen=True)
class Built:
    fingerprint: str
    body: bytes
    etag: str
    at: datetime  # whole seconds, as HTTP dates carry them

    def not_modified(self, request: Request) -> bool:
        match = request.headers.get("if-none-match")
        if match is not None:
            return self.etag in {tag.strip() for tag in match.split(",")} or match.strip() == "*"
        since = request.headers.get("if-modified-since")
        if since is None:
            return False
        try:
            return parsedate_to_datetime(since) >= self.at
        except (TypeError, ValueError):
            return False


class CachedExport:
    def __init__(self, graph: Graph, build: Callable[[], Awaitable[bytes]]) -> None:
        self.graph, self.build = graph, build
        self.built: Built | None = None
        self.lock = asyncio.Lock()

    async def current(self) -> Built:
        fingerprint = await export_reads.fingerprint(self.graph)
        async with self.lock:  # one rebuild, however many ask at once
            if self.built is None or self.built.fingerprint != fingerprint:
                body = await self.build()
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                at = datetime.now(UTC).replace(microsecond=0)
                self.built = Built(fingerprint, body, etag, at)
            return self.built

    async def respond(self, request: Request, media_type: str, filename: str) -> Response:
        built = await self.current()
        headers = {
            "etag": built.etag,
            "last-modified": format_datetime(built.at, usegmt=True),
            "cache-control": "public, max-age=0, must-revalidate",
        }
        if built.not_modified(request):
            return Response(status_code=304, headers=headers)
        headers["content-disposition"] = f'attachment; filename="{filename}"'
        return Response(built.body, media_type=media_type, headers=headers)


class ExportRoutes:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.json = CachedExport(graph, self._json)
        self.package = CachedExport(graph, self._package)

    async def _json(self) -> bytes:
        return "".join([c async for c in json_chunks(self.graph, ExportSummary())]).encode()

    async def _package(self) -> bytes:
        layout = await asyncio.to_thread(_layout)
        flattener, _summary = await flatten_directory(self.graph, layout)
        return await asyncio.to_thread(_zip, layout, flattener.flat)

    async def hsds_json(self, request: Request) -> Response:
        return await self.json.respond(request, JSON, "hsds.json")

    async def hsds_datapackage(self, request: Request) -> Response:
        return await self.package.respond(request, ZIP, "hsds-datapackage.zip")
