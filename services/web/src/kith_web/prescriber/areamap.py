"""The map of the neighbourhoods found for a place on the person form: each neighbourhood a
link to its radio button (kith.js makes a click tick it). The radios stay the way to choose
by keyboard and without JavaScript. Inline in the page, never a URL: which neighbourhoods
were looked at says where the person lives."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from kith_web.lead.areas import AtlasLoader
from kith_web.public import resultsmap

TITLE = "Map of the neighbourhoods found"
DESCRIPTION = "Choose a neighbourhood on the map or in the list above."


def radio_id(position: int) -> str:
    """The id the design system's radios give the option at this position (from 1)."""
    return "home_area" if position == 1 else f"home_area-{position}"


async def choices_map(request: Request, options: list[dict[str, Any]]) -> str | None:
    """The inline SVG of these neighbourhood options (None: none is in the atlas)."""
    if not options:
        return None
    loader: AtlasLoader = request.app.state.kith_atlas
    choices = [(o["code"], o["name"], radio_id(n)) for n, o in enumerate(options, start=1)]
    return await asyncio.to_thread(
        resultsmap.render_choices, await loader.get(), choices, TITLE, DESCRIPTION
    )
