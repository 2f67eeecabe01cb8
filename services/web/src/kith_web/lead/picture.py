"""A figure's SVG rasterised to PNG on the server (resvg, a Rust wheel: no system library),
for slides and documents that take no SVG. The text is set in the Noto Sans shipped beside
this module (fonts/, SIL Open Font License), so a PNG looks the same on every machine."""

from __future__ import annotations

import asyncio
from pathlib import Path

import resvg_py

FONTS = Path(__file__).parent / "fonts"
FAMILY = "Noto Sans Bengali"  # its Latin subsets: the name the font files carry
ZOOM = 2  # twice the SVG's own size: sharp on a slide and in print


def png(svg: str) -> bytes:
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            zoom=ZOOM,
            background="white",
            skip_system_fonts=True,
            font_files=[str(p) for p in sorted(FONTS.glob("*.ttf"))],
            font_family=FAMILY,
            sans_serif_family=FAMILY,
        )
    )


async def png_off_loop(svg: str) -> bytes:
    """Rasterising a figure (a district's map, an audit's forest plot) takes CPU time: off
    the event loop."""
    return await asyncio.to_thread(png, svg)
