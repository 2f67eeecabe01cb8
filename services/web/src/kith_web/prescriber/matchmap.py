"""The small map on a person's matches page: each matched service's venue marked with its
number in the list, around the person's home neighbourhood (outlined). Drawn by the public
directory's results map (public/resultsmap.py) but inline in the page, since a map around
someone's home must not be a URL (a URL ends up in logs and browser history)."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from kith_web.lead.areas import AtlasLoader
from kith_web.public import resultsmap

TITLE = "Map of the services that fit"


def description(items: list[dict[str, Any]], drawn: int, home_shown: bool) -> str:
    where = "Each service with a place to go is marked with its number in the list."
    home = " The shaded outline is their home neighbourhood." if home_shown else ""
    online = len(items) - drawn
    away = f" {online} online or without a place is not on the map." if online == 1 else (
        f" {online} online or without a place are not on the map." if online else "")  # fmt: skip
    return where + home + away


async def match_map(request: Request, items: list[dict[str, Any]], home: str | None) -> str | None:
    """The inline SVG of these matches in list order (None: no match has a place to go)."""
    points = [_point(i["service"]) for i in items]
    markers = resultsmap.numbered(points)
    if not markers:
        return None
    loader: AtlasLoader = request.app.state.kith_atlas
    atlas = await loader.get()
    shown = home if home in atlas.lsoas else None
    text = description(items, sum(p is not None for p in points), shown is not None)
    return await asyncio.to_thread(resultsmap.render_inline, atlas, markers, shown, TITLE, text)


def _point(service: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = service.get("lat"), service.get("lon")
    return None if lat is None or lon is None else (lat, lon)
