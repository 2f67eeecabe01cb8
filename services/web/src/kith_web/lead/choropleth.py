"""The gap map as an SVG choropleth on the LSOAs' real boundaries, drawn on the server so it
works without JavaScript. Each area is a link to its row in the table below (hover shows its
title, focus and tap open its details); labels name local authorities and the neighbourhoods
of priority areas; the sub-ICB outlines around the district give the NHS geography."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from kith_web.lead.areas import BOUNDARY_ATTRIBUTION, Atlas, Shape

WIDTH = 800.0
# ColorBrewer YlOrRd, 5 classes (colour-blind safe); areas with no service in reach: purple.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_SERVICE = "#54278f"
FILTERED_OUT = "#e8edee"


@dataclass(frozen=True)
class MapArea:
    code: str
    words: str  # the plain-words details
    score: float | None  # people with chronic pain per service; None: no service in reach
    shown: bool  # inside the page's filters
    lad: str
    msoa: str
    weight: float  # residents, for placing labels
    lon: float
    lat: float
    labelled: bool  # its neighbourhood is named on the map


class Projection:
    """Longitude/latitude to SVG units: equirectangular, scaled by the middle latitude."""

    def __init__(self, shapes: Iterable[Shape]) -> None:
        xs: list[float] = []
        ys: list[float] = []
        for shape in shapes:
            for ring in shape:
                xs.extend(ring[0::2])
                ys.extend(ring[1::2])
        self.west, self.east = min(xs), max(xs)
        self.south, self.north = min(ys), max(ys)
        self.k = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = WIDTH / max((self.east - self.west) * self.k, 1e-9)
        self.height = (self.north - self.south) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale

    def path(self, shape: Shape) -> str:
        rings = []
        for ring in shape:
            points = (self.xy(ring[i], ring[i + 1]) for i in range(0, len(ring), 2))
            rings.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(rings)

    def overlaps(self, shape: Shape) -> bool:
        xs = [v for ring in shape for v in ring[0::2]]
        ys = [v for ring in shape for v in ring[1::2]]
        return not (
            max(xs) < self.west or min(xs) > self.east
            or max(ys) < self.south or min(ys) > self.north
        )  # fmt: skip


def breaks(scores: Sequence[float]) -> list[float]:
    """Quintile class breaks (upper bounds of classes 1-4) of the areas with a score."""
    ordered = sorted(scores)
    if not ordered:
        return []
    n = len(ordered)
    return [ordered[min(n - 1, math.ceil(n * q / 5) - 1)] for q in (1, 2, 3, 4)]


def colour(area: MapArea, cuts: Sequence[float]) -> str:
    if not area.shown:
        return FILTERED_OUT
    if area.score is None:
        return NO_SERVICE
    return PALETTE[sum(1 for c in cuts if area.score > c)]


def _label(x: float, y: float, text: str, size: int, weight: str = "normal") -> str:
    return (
        f"<text x='{x:.0f}' y='{y:.0f}' font-size='{size}' font-weight='{weight}'"
        f" class='kith-map-label'>{escape(text)}</text>"
    )


def _centres(areas: Sequence[MapArea], key: str) -> dict[str, tuple[float, float]]:
    """Resident-weighted centre of each group of areas (local authority or neighbourhood)."""
    sums: dict[str, list[float]] = {}
    for a in areas:
        s = sums.setdefault(getattr(a, key), [0.0, 0.0, 0.0])
        s[0] += a.lon * a.weight
        s[1] += a.lat * a.weight
        s[2] += a.weight
    return {name: (x / w, y / w) for name, (x, y, w) in sums.items() if w}


def labels(areas: Sequence[MapArea], projection: Projection) -> list[str]:
    out = []
    for name, (lon, lat) in sorted(_centres(areas, "lad").items()):
        x, y = projection.xy(lon, lat)
        out.append(_label(x, y, name, 22, "bold"))
    named = [a for a in areas if a.labelled]
    for name, (lon, lat) in sorted(_centres(named, "msoa").items()):
        x, y = projection.xy(lon, lat)
        out.append(_label(x, y + 14, name, 12))
    return out


# A downloaded map carries its own look (on the page, lead.css gives it: the CSP allows no
# inline style there).
STANDALONE_STYLE = (
    "<style>path{stroke:#fff;stroke-width:.4}.kith-map-outlines path{fill:none;"
    "stroke:#212b32;stroke-width:1.5;stroke-dasharray:6 3}text{font-family:Arial,sans-serif;"
    "fill:#212b32}.kith-map-label{stroke:#fff;stroke-width:3px;paint-order:stroke;"
    "text-anchor:middle}</style>"
)


def render(areas: Sequence[MapArea], atlas: Atlas, title: str, standalone: bool = False) -> str:
    """The whole map: outlines, areas (each a link with its words), labels, attribution."""
    drawn = [a for a in areas if a.code in atlas.lsoas]
    if not drawn:
        return ""
    projection = Projection(atlas.lsoas[a.code] for a in drawn)
    cuts = breaks([a.score for a in drawn if a.score is not None and a.shown])
    height = projection.height + 24
    body = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH:.0f} {height:.0f}'"
        f" class='kith-map' role='group' aria-labelledby='kith-map-title' tabindex='-1'>",
        f"<title id='kith-map-title'>{escape(title)}</title>",
        STANDALONE_STYLE if standalone else "",
        "<g class='kith-map-areas'>",
    ]
    for a in drawn:
        path = f"<path d='{projection.path(atlas.lsoas[a.code])}' fill='{colour(a, cuts)}'/>"
        if not a.shown:  # outside the filters: drawn for context, not listed, not a stop
            body.append(path)
            continue
        words = quoteattr(a.words)
        body.append(
            f"<a href='#area-{a.code}' tabindex='0' aria-label={words}><title>{escape(a.words)}</title>"
            f"{path}</a>"
        )
    body.append("</g><g class='kith-map-outlines' aria-hidden='true'>")
    for _name, outline in atlas.sub_icbs.values():
        if projection.overlaps(outline):
            body.append(f"<path d='{projection.path(outline)}'/>")
    body.append("</g><g aria-hidden='true'>")
    body.extend(labels(drawn, projection))
    body.append(
        f"<text x='6' y='{height - 8:.0f}' font-size='10' class='kith-map-note'>"
        f"{escape(BOUNDARY_ATTRIBUTION)}</text>"
    )
    body.append("</g></svg>")
    return "".join(body)


def legend(areas: Sequence[MapArea]) -> list[tuple[str, str]]:
    """(colour, words) for each class, lowest gap first, for the HTML legend."""
    cuts = breaks([a.score for a in areas if a.score is not None and a.shown])
    bounds = [0.0, *cuts]
    out = []
    for i, c in enumerate(PALETTE[: len(cuts) + 1]):
        low = bounds[i]
        words = f"more than {low:,.0f}" if i == len(cuts) else f"{low:,.0f} to {cuts[i]:,.0f}"
        out.append((c, f"{words} people with chronic pain per service"))
    out.append((NO_SERVICE, "no service within reach"))
    out.append((FILTERED_OUT, "outside the filters you chose"))
    return out
