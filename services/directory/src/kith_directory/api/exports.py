"""`/export/hsds.json` and `/export/hsds-datapackage.zip`: the whole directory, public like
the ORUK read API. The JSON is streamed as it is read; the zip is built off the event loop."""

from __future__ import annotations

import asyncio
import io
import zipfile
from functools import cache

from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kith_directory.adapters.datapackage import hsds_layout, package_files
from kith_directory.domain.flatten import Flat
from kith_directory.domain.hsds_tables import Layout
from kith_directory.exports import ExportSummary, flatten_directory, json_chunks

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


class ExportRoutes:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    async def hsds_json(self, _: Request) -> Response:
        disposition = {"Content-Disposition": 'attachment; filename="hsds.json"'}
        chunks = json_chunks(self.graph, ExportSummary())
        return StreamingResponse(chunks, media_type=JSON, headers=disposition)

    async def hsds_datapackage(self, _: Request) -> Response:
        layout = await asyncio.to_thread(_layout)
        flattener, _summary = await flatten_directory(self.graph, layout)
        body = await asyncio.to_thread(_zip, layout, flattener.flat)
        disposition = {"Content-Disposition": 'attachment; filename="hsds-datapackage.zip"'}
        return Response(body, media_type=ZIP, headers=disposition)
