"""The results map: numbered markers (the numbers of the results list) on the real LSOA
boundaries around them, drawn on the server as a standalone SVG image.

Why not Leaflet and map tiles: tiles would come from another origin at run time (the CSP allows
none, and a cheap phone on a metered connection pays for each), and Leaflet without tiles is only
a vector drawing that costs a phone ~150 KB of script and style to make. This image needs no
script, prints with a shared service page, is cached by the browser, and is drawn from the ONS
boundaries the repository already ships (`data/areas/`, the same atlas as the lead's gap map).
The list stays the primary view; the page gives the image a text alternative."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, radians
from xml.sax.saxutils import escape

from kith_web.lead.areas import Atlas
from kith_web.lead.choropleth import WIDTH, Projection

MAX_MARKERS = 20
MIN_SPAN = 0.04  # degrees of latitude (~4 km): the smallest area the map shows
NAMED = 3  # local authorities named on the map, those with most areas in view first
# Sizes are in the drawing's units (800 wide): a phone shows it ~300 px wide, so a marker's
# number is drawn at 36 (about 14 px on the phone).
STYLE = (
    "<style>.a{fill:#e8edee;stroke:#fff;stroke-width:2}.o{fill:none;stroke:#425563;"
    "stroke-width:3;stroke-dasharray:12 6}.m circle{fill:#005eb8;stroke:#fff;stroke-width:4}"
    ".m text{fill:#fff;font:bold 36px Arial,sans-serif;text-anchor:middle}"
    ".l{fill:#212b32;font:bold 34px Arial,sans-serif;text-anchor:middle;stroke:#fff;"
    "stroke-width:8px;paint-order:stroke}.n{fill:#212b32;font:16px Arial,sans-serif}"
    ".h{fill:#005eb8;fill-opacity:.15;stroke:#005eb8;stroke-width:4}</style>"
)


# The page's caption carries BOUNDARY_ATTRIBUTION in full; the image its short form.
SHORT_ATTRIBUTION = (
    "Boundaries: ONS, Open Government Licence v3.0. Contains OS data © Crown copyright 2021."
)


class BadMarkers(ValueError):
    """The query string does not describe markers this map can draw."""


@dataclass(frozen=True)
class Marker:
    label: str  # the list numbers of the results at this point ("3" or "3, 7")
    lat: float
    lon: float


def parse_markers(values: Sequence[str]) -> list[Marker]:
    """`p=lat,lon` in list order, numbered from 1 (`p=-`: a result without a venue, not drawn);
    results at the same point share a marker."""
    if not values or len(values) > MAX_MARKERS:
        raise BadMarkers(f"give between 1 and {MAX_MARKERS} points")
    points: list[tuple[float, float] | None] = []
    for number, value in enumerate(values, start=1):
        if value == "-":
            points.append(None)
            continue
        try:
            lat, lon = (float(v) for v in value.split(","))
        except ValueError:
            raise BadMarkers(f"point {number} is not 'latitude,longitude'") from None
        if not (49.0 <= lat <= 61.0 and -9.0 <= lon <= 2.5):
            raise BadMarkers(f"point {number} is outside the United Kingdom")
        points.append((lat, lon))
    if not (markers := numbered(points)):
        raise BadMarkers("no point to draw")
    return markers


def numbered(points: Sequence[tuple[float, float] | None]) -> list[Marker]:
    """Markers numbered by list position from 1 (None: not on the map); results at the same
    point share a marker ("3, 7")."""
    at: dict[tuple[float, float], list[str]] = {}
    for number, point in enumerate(points, start=1):
        if point is not None:
            at.setdefault((round(point[0], 4), round(point[1], 4)), []).append(str(number))
    return [Marker(", ".join(ns), lat, lon) for (lat, lon), ns in at.items()]


def _view(markers: Sequence[Marker]) -> Projection:
    """A view around the markers with a margin, never smaller than MIN_SPAN."""
    lats, lons = [m.lat for m in markers], [m.lon for m in markers]
    half_lat = max((max(lats) - min(lats)) * 0.7, MIN_SPAN / 2)
    half_lon = max((max(lons) - min(lons)) * 0.7, MIN_SPAN)  # ~the same distance at 54°N
    k = cos(radians(sum(lats) / len(lats)))
    half_lon = max(half_lon, half_lat / k)  # never taller than wide: a phone's screen
    half_lat = max(half_lat, half_lon * k * 0.6)
    mid_lat, mid_lon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    corners = array(
        "d", [mid_lon - half_lon, mid_lat - half_lat, mid_lon + half_lon, mid_lat + half_lat]
    )
    return Projection([(corners,)])


_BOXES: dict[int, list[tuple[str, float, float, float, float]]] = {}


def _boxes(atlas: Atlas) -> list[tuple[str, float, float, float, float]]:
    """Each LSOA's bounding box (west, south, east, north), worked out once per atlas."""
    if id(atlas) not in _BOXES:
        _BOXES[id(atlas)] = [
            (code, min(min(r[0::2]) for r in shape), min(min(r[1::2]) for r in shape),
             max(max(r[0::2]) for r in shape), max(max(r[1::2]) for r in shape))
            for code, shape in atlas.lsoas.items()
        ]  # fmt: skip
    return _BOXES[id(atlas)]


def _areas_in_view(atlas: Atlas, view: Projection) -> list[str]:
    return [
        code for code, w, s, e, n in _boxes(atlas)
        if not (e < view.west or w > view.east or n < view.south or s > view.north)
    ]  # fmt: skip


def _labels(atlas: Atlas, view: Projection, codes: Sequence[str]) -> list[str]:
    """Each local authority in view named at the middle of its areas in view (at most NAMED)."""
    boxes = _boxes(atlas)
    wanted = set(codes)
    sums: dict[str, list[float]] = {}
    for code, w, s, e, n in boxes:
        if code in wanted and code in atlas.places:
            total = sums.setdefault(atlas.places[code].lad_name, [0.0, 0.0, 0.0])
            total[0] += (w + e) / 2
            total[1] += (s + n) / 2
            total[2] += 1
    largest = sorted(sums.items(), key=lambda item: -item[1][2])[:NAMED]
    out = []
    for name, (lon, lat, count) in largest:
        x, y = view.xy(lon / count, lat / count)
        out.append(f"<text class='l' x='{x:.0f}' y='{y:.0f}'>{escape(name)}</text>")
    return out


def render(atlas: Atlas, markers: Sequence[Marker], title: str) -> str:
    """A standalone image (its own style), for `<img src=...>`."""
    view, drawing = _drawing(atlas, markers, None)
    return _svg(view, f"role='img' aria-labelledby='t'><title id='t'>{escape(title)}</title>"
                f"{STYLE}", drawing)  # fmt: skip


def render_inline(
    atlas: Atlas, markers: Sequence[Marker], home: str | None, title: str, description: str
) -> str:
    """The same map for inside a page (styled by the page's stylesheet, `.kith-markers-map`:
    the CSP allows no inline style), with the `home` area outlined when the atlas has it. For
    pages whose map must not be a URL, such as one around a person's home."""
    view, drawing = _drawing(atlas, markers, home if home in atlas.lsoas else None)
    head = (
        "class='kith-markers-map' role='img' aria-labelledby='kith-map-t kith-map-d'>"
        f"<title id='kith-map-t'>{escape(title)}</title>"
        f"<desc id='kith-map-d'>{escape(description)}</desc>"
    )
    return _svg(view, head, drawing)


def render_choices(
    atlas: Atlas, choices: Sequence[tuple[str, str, str]], title: str, description: str
) -> str | None:
    """Areas to choose from, inline in a page: each (code, name, id of its form control) drawn
    as a link to that control (a script may tick it); None when the atlas has none of them."""
    known = [c for c in choices if c[0] in atlas.lsoas]
    if not known:
        return None
    view = _view([_middle(atlas, code) for code, _n, _c in known])
    codes = _areas_in_view(atlas, view)
    drawing = ["<rect width='100%' height='100%' fill='#f8fafb'/><g class='a'>",
               *(f"<path d='{view.path(atlas.lsoas[c])}'/>" for c in codes), "</g><g class='c'>"]  # fmt: skip
    for code, name, control in known:
        middle = _middle(atlas, code)
        x, y = view.xy(middle.lon, middle.lat)
        drawing.append(
            f"<a href='#{escape(control)}' data-choose='{escape(control)}' "
            f"aria-label='{escape(name)} on the map'><path d='{view.path(atlas.lsoas[code])}'/>"
            f"<text x='{x:.0f}' y='{y + 8:.0f}'>{escape(name.rsplit(' ', 1)[-1])}</text></a>"
        )
    head = (
        "class='kith-markers-map kith-choices-map' role='group' aria-labelledby='kith-map-t'>"
        f"<title id='kith-map-t'>{escape(title)}</title><desc>{escape(description)}</desc>"
    )
    return _svg(view, head, [*drawing, "</g>"])


def _svg(view: Projection, head: str, drawing: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH:.0f} {view.height:.0f}' "
        + head
        + "".join(drawing)
        + f"<text class='n' x='6' y='{view.height - 6:.0f}'>{escape(SHORT_ATTRIBUTION)}</text></svg>"
    )


def _drawing(
    atlas: Atlas, markers: Sequence[Marker], home: str | None
) -> tuple[Projection, list[str]]:
    """The areas around the markers (and the home area, outlined), then the markers."""
    homes = [] if home is None else [_middle(atlas, home)]
    view = _view([*markers, *homes])
    codes = _areas_in_view(atlas, view)
    body = [
        "<rect width='100%' height='100%' fill='#f8fafb'/><g class='a'>",
        *(f"<path d='{view.path(atlas.lsoas[c])}'/>" for c in codes),
        "</g><g class='o'>",
        *(f"<path d='{view.path(o)}'/>" for _n, o in atlas.sub_icbs.values() if view.overlaps(o)),
        "</g>",
        *([] if home is None else [f"<path class='h' d='{view.path(atlas.lsoas[home])}'/>"]),
        *_labels(atlas, view, codes),
        "<g class='m'>",
    ]
    for m in markers:
        x, y = view.xy(m.lon, m.lat)
        r = 28 + 10 * (len(m.label) - 1)
        body.append(
            f"<g><circle cx='{x:.0f}' cy='{y:.0f}' r='{r}'/>"
            f"<text x='{x:.0f}' y='{y + 12:.0f}'>{escape(m.label)}</text></g>"
        )
    body.append("</g>")
    return view, body


def _middle(atlas: Atlas, code: str) -> Marker:
    """The middle of an area's bounding box, to keep the area in view."""
    shape = atlas.lsoas[code]
    lons = [v for ring in shape for v in ring[0::2]]
    lats = [v for ring in shape for v in ring[1::2]]
    return Marker("", (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
