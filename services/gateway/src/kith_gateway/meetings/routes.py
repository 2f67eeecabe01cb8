"""Minutes downloads: `/meetings/{id}/minutes.md` and `.pdf`, with the same bearer token and
role check as the GraphQL API. Each is rendered for the caller's organisation only, and the
read is audited like any other (`meeting.minutes.read`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kith_gateway.kernel.access import Forbidden
from kith_gateway.kernel.downloads import downloader, refusal
from kith_gateway.meetings.access import reader_scope
from kith_gateway.meetings.minutes import render_markdown, render_pdf
from kith_gateway.meetings.reading import read_meeting

MEDIA = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


def meeting_routes(
    graph: Graph, verifier: JwksVerifier, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> list[Route]:
    async def minutes(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in MEDIA:
            return refusal(404, "minutes download as .md or .pdf")
        caller = await downloader(request, verifier)
        if isinstance(caller, Response):
            return caller
        try:
            scope = reader_scope(caller)
        except Forbidden as exc:
            return refusal(403, exc.message)
        meeting_id = request.path_params["meeting_id"]
        view = await read_meeting(graph, scope, meeting_id, clock(), "meeting.minutes.read")
        if view is None:
            return refusal(404, "no such meeting you may see")
        text = render_markdown(view, scope.organisation_id)
        body = text.encode() if kind == "md" else render_pdf(text)
        name = f"minutes-{meeting_id}.{kind}"
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        return Response(body, media_type=MEDIA[kind], headers=headers)

    return [Route("/meetings/{meeting_id}/minutes.{kind:str}", minutes, methods=["GET"])]
