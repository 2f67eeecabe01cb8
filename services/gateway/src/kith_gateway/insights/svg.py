"""The gap map as a picture for a board paper, built by hand as SVG (no plotting library):
LSOA centre points coloured by gap score, provision per 10,000 by IMD decile, the largest
gaps named, and the OGL attribution the area data requires, printed on the picture."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from xml.sax.saxutils import escape

from kith_gateway.insights import gaps
from kith_gateway.insights.handlers import GapMap
from kith_gateway.insights.types import ATTRIBUTION

WIDTH, HEIGHT = 1200, 800
MAP = (30, 90, 640, 600)  # x, y, width, height
CHART = (760, 120, 400, 300)
# ColorBrewer YlOrRd (5 classes; colour-blind safe, prints in greyscale), purple: no provision.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_PROVISION = "#54278f"
FONT = "font-family='DejaVu Sans, Arial, sans-serif'"


def _text(x: float, y: float, body: str, size: int = 13, **attrs: str) -> str:
    extra = " ".join(f"{k.replace('_', '-')}='{v}'" for k, v in attrs.items())
    return f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' {FONT} {extra}>{escape(body)}</text>"


def _breaks(scores: Sequence[float]) -> list[float]:
    """Quintile class breaks of the scores (upper bounds of classes 1-4)."""
    ordered = sorted(scores)
    if not ordered:
        return []
    return [
        ordered[min(len(ordered) - 1, math.ceil(len(ordered) * q / 5) - 1)] for q in (1, 2, 3, 4)
    ]


def _colour(score: float | None, breaks: Sequence[float]) -> str:
    if score is None:
        return NO_PROVISION
    return PALETTE[sum(1 for b in breaks if score > b)]


def _project(rows: Sequence[gaps.LsoaGap]) -> tuple[list[tuple[float, float]], float]:
    """Points in the map box (equirectangular, north up) and kilometres per pixel."""
    x0, y0, w, h = MAP
    lats, lons = [r.area.lat for r in rows], [r.area.lon for r in rows]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * k, 1e-3)
    span_y = max(max(lats) - min(lats), 1e-3)
    scale = min((w - 40) / span_x, (h - 40) / span_y)
    left = x0 + (w - span_x * scale) / 2
    top = y0 + (h - span_y * scale) / 2
    points = [
        (left + (lon - min(lons)) * k * scale, top + (max(lats) - lat) * scale)
        for lat, lon in zip(lats, lons, strict=True)
    ]
    return points, 110.574 / scale


def _map(m: GapMap) -> list[str]:
    x0, y0, w, h = MAP
    out = [f"<rect x='{x0}' y='{y0}' width='{w}' height='{h}' fill='#f4f6f8' stroke='#c8cdd2'/>"]
    if not m.rows:
        return [
            *out,
            _text(x0 + w / 2, y0 + h / 2, "No LSOAs in this geography", 16, text_anchor="middle"),
        ]
    points, km_per_px = _project(m.rows)
    breaks = _breaks([r.gap for r in m.rows if r.gap is not None])
    radius = max(2.0, min(9.0, 160 / math.sqrt(len(m.rows))))
    for r, (x, y) in sorted(zip(m.rows, points, strict=True), key=lambda p: -p[0].rank):
        stroke = "#000" if r.priority else "#555"
        width = 1.6 if r.priority else 0.4
        out.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius:.1f}' fill='{_colour(r.gap, breaks)}'"
            f" stroke='{stroke}' stroke-width='{width}'><title>{escape(r.area.name)}</title></circle>"
        )
    bar_km = 5 if km_per_px * 150 > 5 else 1
    px = bar_km / km_per_px
    sx, sy = x0 + 16, y0 + h - 18
    out.append(
        f"<line x1='{sx}' y1='{sy}' x2='{sx + px:.1f}' y2='{sy}' stroke='#222' stroke-width='3'/>"
    )
    out.append(_text(sx, sy - 6, f"{bar_km} km", 11))
    return out + _legend(breaks, y0 + h + 24)


def _legend(breaks: Sequence[float], y: float) -> list[str]:
    out = [
        _text(
            MAP[0],
            y,
            "Gap score (darker = bigger gap): estimated adults with chronic pain per service within reach",
            12,
        )
    ]
    labels = [f"under {breaks[0]:,.0f}"] if breaks else []
    labels += [f"{a:,.0f}-{b:,.0f}" for a, b in pairwise(breaks)]
    labels += [f"{breaks[-1]:,.0f}+"] if breaks else []
    items = list(zip(PALETTE, labels, strict=False))
    items.append((NO_PROVISION, "no service within reach"))
    x = MAP[0]
    for colour, label in items:
        out.append(
            f"<rect x='{x}' y='{y + 8}' width='14' height='14' fill='{colour}' stroke='#555' stroke-width='0.4'/>"
        )
        out.append(_text(x + 19, y + 20, label, 11))
        x += 24 + 7 * len(label)
    out.append(
        f"<circle cx='{x + 8}' cy='{y + 15}' r='6' fill='white' stroke='#000' stroke-width='1.6'/>"
    )
    out.append(_text(x + 19, y + 20, "priority: IMD decile 1-2, provision below median", 11))
    return out


def _chart(deciles: Sequence[gaps.DecileProvision]) -> list[str]:
    x0, y0, w, h = CHART
    out = [
        _text(x0, y0 - 30, "Provision per 10,000 residents by IMD decile", 15, font_weight="bold")
    ]
    out.append(
        _text(
            x0,
            y0 - 12,
            "services within reach, shared among everyone who can reach them",
            11,
            fill="#444",
        )
    )
    top = max([d.per_10k for d in deciles] + [1e-9])
    bar = w / len(deciles) if deciles else w
    for i, d in enumerate(deciles):
        bh = (d.per_10k / top) * (h - 20)
        x = x0 + i * bar
        fill = "#bd0026" if d.decile <= 2 else "#6b7b8c"
        out.append(
            f"<rect x='{x + 4:.1f}' y='{y0 + h - bh:.1f}' width='{bar - 8:.1f}' height='{bh:.1f}' fill='{fill}'/>"
        )
        value = f"{d.per_10k:.2f}" if d.lsoas else "-"
        out.append(_text(x + bar / 2, y0 + h - bh - 4, value, 11, text_anchor="middle"))
        out.append(_text(x + bar / 2, y0 + h + 16, str(d.decile), 12, text_anchor="middle"))
    out.append(f"<line x1='{x0}' y1='{y0 + h}' x2='{x0 + w}' y2='{y0 + h}' stroke='#222'/>")
    out.append(
        _text(x0, y0 + h + 36, "IMD 2019 decile: 1 = most deprived 10% of England … 10 = least", 11)
    )
    return out


def _top(rows: Sequence[gaps.LsoaGap], y: float) -> list[str]:
    out = [_text(CHART[0], y, "Largest gaps", 15, font_weight="bold")]
    for i, r in enumerate(rows[:8]):
        score = "no service within reach" if r.gap is None else f"{r.gap:,.0f} per service"
        line = f"{r.rank}. {r.area.name} (IMD decile {r.area.imd_decile}): {score}"
        out.append(_text(CHART[0], y + 22 + i * 19, line, 12))
    return out


def render(m: GapMap) -> str:
    need = m.need or "all needs"
    title = f"Where need outruns provision: {need}, {m.geography.name}"
    sub = (
        f"{len(m.rows)} LSOAs · services within {m.config.reach_km:g} km · chronic pain at "
        f"{m.config.prevalence:.1%} of adults · {m.services} place-based services"
    )
    body = [
        f"<rect width='{WIDTH}' height='{HEIGHT}' fill='white'/>",
        _text(30, 40, title, 22, font_weight="bold"),
        _text(30, 64, sub, 13, fill="#333"),
        *_map(m),
        *_chart(m.deciles),
        *_top(m.rows, CHART[1] + CHART[3] + 90),
        _text(
            30, HEIGHT - 30, ATTRIBUTION[: ATTRIBUTION.index("English")].strip(), 11, fill="#333"
        ),
        _text(30, HEIGHT - 14, ATTRIBUTION[ATTRIBUTION.index("English") :], 11, fill="#333"),
    ]
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}'"
        f" viewBox='0 0 {WIDTH} {HEIGHT}'>" + "".join(body) + "</svg>"
    )
