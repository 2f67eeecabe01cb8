"""The system lead's pages and downloads. Thin: read the filters, call the gateway as the
signed-in user, turn the answer into words and pictures, render."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.gateway import GatewayError
from kith_web.lead import choropleth, equity, pdf, picture
from kith_web.lead.areas import BOUNDARY_ATTRIBUTION, Atlas, AtlasLoader
from kith_web.lead.gapmap import DEPRIVATION, GAP_MAP, Filters, map_areas, place_of
from kith_web.lead.words import decile_words, dimension_name
from kith_web.web import call, render, services, user

# An ICB's gap map reads every referral of its residents (about 3 s at England scale on a
# quiet 2-core machine): more than the 15 s an ordinary page may wait, under load, is allowed.
REPORT_SECONDS = 60.0


async def _atlas(request: Request) -> Atlas:
    loader: AtlasLoader = request.app.state.kith_atlas
    return await loader.get()


async def _gap_map(request: Request) -> tuple[Filters, dict[str, Any], Atlas]:
    await user(request)
    f = Filters.of(request.query_params)
    atlas = await _atlas(request)
    data = await call(request, GAP_MAP, f.variables(atlas), REPORT_SECONDS)
    icb, m = atlas.icbs.get(f.area), data["gapMap"]
    if icb and m["__typename"] == "GapMap":  # not "1,673 chosen LSOAs"
        m["name"] = icb.name
    elif icb and m["__typename"] == "NotFoundError":  # not "unknown LSOAs: E01…"
        m["message"] = f"This Kith holds the areas of only part of {icb.name}, or none."
    return f, data, atlas


def _title(m: dict[str, Any], f: Filters) -> str:
    need = f" for {f.need}" if f.need else ""
    return f"Gap map of {m['name']}{need}: people with chronic pain per service within reach"


async def gap_map_page(request: Request) -> Response:
    f, data, atlas = await _gap_map(request)
    m = data["gapMap"]
    context: dict[str, Any] = {"filters": f, "needs": data["gapMapNeeds"],
                               "deprivation": DEPRIVATION, "lads": sorted(atlas.lad_names.items(), key=lambda x: x[1]),
                               "icbs": sorted((i.key, i.name) for i in atlas.icbs.values())}  # fmt: skip
    if m["__typename"] != "GapMap":
        return await render(request, "lead/gap_map.html", {**context, "problem": m["message"]})
    areas = map_areas(m["lsoas"], atlas, f, m["reachKm"])
    shown = [r for r in m["lsoas"] if r["imdDecile"] <= f.max_decile]
    for r in shown:
        r["neighbourhood"], r["lad"] = place_of(atlas, r["code"])
        r["deprivation"] = decile_words(r["imdDecile"])
    return await render(request, "lead/gap_map.html", {
        **context, "map": m, "svg": choropleth.render(areas, atlas, _title(m, f)),
        "legend": choropleth.legend(areas), "boundary_attribution": BOUNDARY_ATTRIBUTION,
        "ranked": [r for r in shown if r["gapScore"] is not None],
        "unreached": [r for r in shown if r["gapScore"] is None],
        "query": f.query_string(),
    })  # fmt: skip


async def _standalone_map(request: Request) -> tuple[Filters, str | Response]:
    """The map as a file carrying its own look, or the gateway's refusal in words."""
    f, data, atlas = await _gap_map(request)
    m = data["gapMap"]
    if m["__typename"] != "GapMap":
        return f, Response(m["message"], status_code=404, media_type="text/plain")
    areas = map_areas(m["lsoas"], atlas, f, m["reachKm"])
    return f, choropleth.render(areas, atlas, _title(m, f), standalone=True)


async def gap_map_svg(request: Request) -> Response:
    f, svg = await _standalone_map(request)
    if isinstance(svg, Response):
        return svg
    return _download(svg, "image/svg+xml", f"kith-gap-map-{f.area}.svg")


async def gap_map_png(request: Request) -> Response:
    f, svg = await _standalone_map(request)
    if isinstance(svg, Response):
        return svg
    return _download(await picture.png_off_loop(svg), "image/png", f"kith-gap-map-{f.area}.png")


async def gap_map_csv(request: Request) -> Response:
    """The gateway's CSV, fetched with the session's token (the browser never holds it)."""
    me = await user(request)
    f = Filters.of(request.query_params)
    wired = services(request)
    icb = (await _atlas(request)).icbs.get(f.area)
    where = {"lsoas": ",".join(icb.lsoas)} if icb else {"code": f.area}
    params = {**where, **({"need": f.need} if f.need else {})}
    answer = await wired.http.get(
        f"{wired.config.gateway_url.rstrip('/')}/insights/gap-map.csv",
        params=params,
        headers={"authorization": f"Bearer {me.access_token}"},
        timeout=REPORT_SECONDS,
    )
    if answer.status_code >= 500:
        raise GatewayError(f"gateway answered {answer.status_code}")
    if answer.status_code != 200:
        message = answer.json().get("error", "not available")
        return Response(message, status_code=answer.status_code, media_type="text/plain")
    return _download(answer.text, "text/csv; charset=utf-8", f"kith-gap-map-{f.area}.csv")


def _download(body: str | bytes, media: str, name: str) -> Response:
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


async def _audit(request: Request) -> tuple[Filters, dict[str, Any]]:
    await user(request)
    f = Filters.of(request.query_params)
    atlas = await _atlas(request)
    data = await call(request, equity.AUDIT, {"g": f.variables(atlas)["g"]}, REPORT_SECONDS)
    audit, icb = data["equityAudit"], atlas.icbs.get(f.area)
    if icb and audit["__typename"] == "EquityAudit":  # an ICB is asked for as its LSOAs
        audit["name"] = icb.name
    return f, audit


def _forests(audit: dict[str, Any]) -> list[dict[str, Any]]:
    found = equity.findings(audit)
    out = []
    for dim in audit["dimensions"]:
        name = dimension_name(dim["dimension"])
        items = [x for x in found if x.dimension == name]
        title = f"{name}: how often each group is referred, against its share of residents"
        out.append({"name": name, "svg": equity.forest(items, title), "items": items,
                    "not_recorded": equity.not_recorded(dim, audit["suppressionThreshold"])})  # fmt: skip
    return out


async def equity_page(request: Request) -> Response:
    f, audit = await _audit(request)
    if audit["__typename"] != "EquityAudit":
        return await render(
            request, "lead/equity.html", {"problem": audit["message"], "filters": f}
        )
    found = equity.findings(audit)
    return await render(request, "lead/equity.html", {
        "filters": f, "audit": audit, "dimensions": _forests(audit),
        "headline": [x for x in found if x.verdict.startswith("significantly")],
        "query": f.query_string(),
    })  # fmt: skip


async def equity_csv(request: Request) -> Response:
    f, audit = await _audit(request)
    if audit["__typename"] != "EquityAudit":
        return Response(audit["message"], status_code=404, media_type="text/plain")
    return _download(equity.as_csv(audit), "text/csv; charset=utf-8", f"kith-equity-{f.area}.csv")


async def _standalone_forest(request: Request) -> tuple[Filters, str | Response]:
    """Every group's ratio in one forest plot, or the gateway's refusal in words."""
    f, audit = await _audit(request)
    if audit["__typename"] != "EquityAudit":
        return f, Response(audit["message"], status_code=404, media_type="text/plain")
    title = f"Who is referred in {audit['name']}: ratios with 95% intervals"
    return f, equity.forest(equity.findings(audit), title)


async def equity_svg(request: Request) -> Response:
    f, svg = await _standalone_forest(request)
    if isinstance(svg, Response):
        return svg
    return _download(svg, "image/svg+xml", f"kith-equity-{f.area}.svg")


async def equity_png(request: Request) -> Response:
    """The same SVG rasterised as the gap map's PNG is (picture.png, the shipped fonts)."""
    f, svg = await _standalone_forest(request)
    if isinstance(svg, Response):
        return svg
    return _download(await picture.png_off_loop(svg), "image/png", f"kith-equity-{f.area}.png")


async def equity_pdf(request: Request) -> Response:
    f, audit = await _audit(request)
    if audit["__typename"] != "EquityAudit":
        return Response(audit["message"], status_code=404, media_type="text/plain")
    return _download(pdf.render(audit), "application/pdf", f"kith-equity-{f.area}.pdf")


def routes() -> list[BaseRoute]:
    return [
        Route("/lead/gap-map", gap_map_page),
        Route("/lead/gap-map.svg", gap_map_svg),
        Route("/lead/gap-map.png", gap_map_png),
        Route("/lead/gap-map.csv", gap_map_csv),
        Route("/lead/equity", equity_page),
        Route("/lead/equity.csv", equity_csv),
        Route("/lead/equity.svg", equity_svg),
        Route("/lead/equity.png", equity_png),
        Route("/lead/equity.pdf", equity_pdf),
    ]
