"""Scores over time as a server-rendered SVG line chart (no script), with the words a screen
reader reads and the same figures as a table beside it on the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 40, 28, 44
LABEL_GAP = 80


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float
    when: str  # the timepoint in words (baseline, review, keep in touch)


@dataclass(frozen=True)
class Series:
    title: str  # e.g. "PHQ-9 total"
    low: float
    high: float
    lower_is_better: bool
    points: list[Point]

    @property
    def summary(self) -> str:
        """The chart in one sentence: what a screen reader hears instead of the picture."""
        told = "; ".join(f"{_number(p.value)} at {p.when} on {day(p.at)}" for p in self.points)
        better = "lower is better" if self.lower_is_better else "higher is better"
        return f"{self.title} over time ({better}, from {_number(self.low)} to" \
               f" {_number(self.high)}): {told}."  # fmt: skip


def day(at: datetime) -> str:
    return at.strftime("%-d %b %Y")


def _number(value: float) -> str:
    return f"{value:g}"


def _x(series: Series, at: datetime) -> float:
    first, last = series.points[0].at, series.points[-1].at
    span = (last - first).total_seconds()
    share = 0.5 if span <= 0 else (at - first).total_seconds() / span
    return LEFT + share * (WIDTH - LEFT - RIGHT)


def _y(series: Series, value: float) -> float:
    share = (value - series.low) / ((series.high - series.low) or 1)
    return TOP + (1 - share) * (HEIGHT - TOP - BOTTOM)


def _axes(series: Series) -> list[str]:
    parts = []
    for tick in (series.low, (series.low + series.high) / 2, series.high):
        y = _y(series, tick)
        parts.append(f"<line x1='{LEFT}' y1='{y:.1f}' x2='{WIDTH - RIGHT}' y2='{y:.1f}'"
                     " stroke='#d8dde0'/>")  # fmt: skip
        parts.append(f"<text x='{LEFT - 8}' y='{y + 4:.1f}' text-anchor='end'"
                     f" font-size='12'>{_number(tick)}</text>")  # fmt: skip
    better = "↓ better" if series.lower_is_better else "↑ better"
    parts.append(f"<text x='{LEFT}' y='16' font-size='12'>{better}</text>")
    return parts


def render(series: Series) -> str:
    """The line of scores, each point labelled with its value, dates along the bottom."""
    label = escape(series.summary, quote=True)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {HEIGHT}'"
             f" class='kith-chart' role='img' aria-label='{label}'>",
             f"<title>{escape(series.title)}</title>", *_axes(series)]  # fmt: skip
    xy = [(_x(series, p.at), _y(series, p.value)) for p in series.points]
    if len(xy) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f"<polyline points='{line}' fill='none' stroke='#005eb8' stroke-width='3'/>")
    dated = -float(LABEL_GAP)  # dates closer than a label's width apart are left to the table
    for (x, y), p in zip(xy, series.points, strict=True):
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='#005eb8'/>")
        parts.append(f"<text x='{x:.1f}' y='{y - 10:.1f}' text-anchor='middle'"
                     f" font-size='13' font-weight='bold'>{_number(p.value)}</text>")  # fmt: skip
        if x - dated >= LABEL_GAP:
            dated = x
            parts.append(f"<text x='{x:.1f}' y='{HEIGHT - 16}' text-anchor='middle'"
                         f" font-size='11'>{day(p.at)}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
