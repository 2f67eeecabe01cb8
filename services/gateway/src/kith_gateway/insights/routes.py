"""Downloads of the gap map for system leads: `/insights/gap-map.csv` and `.svg`, with the
same bearer token and role check as the GraphQL API, and the same parameters as `gapMap`
(`code` or `lsoas` (comma-separated), `need`, `reachKm`, `prevalence`)."""

from __future__ import annotations

from datetime import datetime

from kith_common.auth import JwksVerifier, Role
from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kith_gateway.insights import export, svg
from kith_gateway.insights.config import ConfigError, InsightsConfig
from kith_gateway.insights.geography import GeographyError, resolve
from kith_gateway.insights.handlers import Window, gap_map
from kith_gateway.kernel.downloads import downloader, refusal
from kith_gateway.kernel.refusals import RefusalKind

KINDS = {"csv": ("text/csv; charset=utf-8", export.render), "svg": ("image/svg+xml", svg.render)}


def _float(raw: str | None) -> float | None:
    return None if raw in (None, "") else float(raw)


def _when(raw: str | None) -> datetime | None:
    return None if raw in (None, "") else datetime.fromisoformat(raw)


def insights_routes(
    graph: Graph, verifier: JwksVerifier, configured: InsightsConfig
) -> list[Route]:
    async def download(request: Request) -> Response:
        principal = await downloader(request, verifier)
        if isinstance(principal, Response):
            return principal
        if not principal.has(Role.SYSTEM_LEAD):
            return refusal(403, "gap maps are for system leads")
        p = request.query_params
        lsoas = [c.strip() for c in p["lsoas"].split(",")] if p.get("lsoas") else None
        try:
            config = configured.override(_float(p.get("prevalence")), _float(p.get("reachKm")))
            window = Window(_when(p.get("since")), _when(p.get("until")))
            geo = await resolve(graph, p.get("code"), lsoas)
        except (ConfigError, ValueError) as exc:
            return refusal(400, str(exc))
        except GeographyError as exc:
            return refusal(404 if exc.kind == RefusalKind.NOT_FOUND else 400, exc.message)
        if request.path_params["kind"] not in KINDS:
            return refusal(404, "gap maps download as .csv or .svg")
        media, render = KINDS[request.path_params["kind"]]
        built = await gap_map(graph, geo, p.get("need") or None, config, window)
        name = f"kith-gap-map-{geo.key.replace(':', '-')}.{request.path_params['kind']}"
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        return Response(render(built), media_type=media, headers=headers)

    return [Route("/insights/gap-map.{kind:str}", download, methods=["GET"])]
