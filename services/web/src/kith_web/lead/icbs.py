"""Integrated care boards as the lead's map knows them: each ICB is the local authorities
whose areas lie in its sub-ICB locations. The shipped boundaries name each sub-ICB location
"NHS <ICB name> ICB - <code>"; a local authority belongs to the ICB that holds most of its
LSOAs' centres (the outlines are simplified for the web, so a vote of up to VOTERS of its
LSOAs, not one point, decides; all 32,844 would cost seconds of start-up for nothing).
The ICB is then asked of the gateway as the list of those LSOAs."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # areas builds the ICBs when it loads the atlas
    from kith_web.lead.areas import Place, Shape

VOTERS = 7
_NAME = re.compile(r"^(NHS .+ ICB) - \w+$")


@dataclass(frozen=True)
class Icb:
    key: str  # "icb-greater-manchester": for the query string
    name: str  # "NHS Greater Manchester ICB"
    lads: tuple[str, ...]
    lsoas: tuple[str, ...]


def slug(name: str) -> str:
    words = re.sub(r"^NHS | ICB$", "", name).lower()
    return "icb-" + re.sub(r"[^a-z0-9]+", "-", words).strip("-")


def centre(shape: Shape) -> tuple[float, float]:
    """The mean of the outer ring's points: inside all but the oddest LSOA shapes."""
    ring = shape[0]
    n = len(ring) // 2
    return sum(ring[0::2]) / n, sum(ring[1::2]) / n


def _bbox(shape: Shape) -> tuple[float, float, float, float]:
    xs = [v for ring in shape for v in ring[0::2]]
    ys = [v for ring in shape for v in ring[1::2]]
    return min(xs), min(ys), max(xs), max(ys)


def contains(shape: Shape, x: float, y: float) -> bool:
    """Even-odd ray casting over every ring (so holes count as outside)."""
    inside = False
    for ring in shape:
        n = len(ring) // 2
        j = n - 1
        for i in range(n):
            xi, yi, xj, yj = ring[2 * i], ring[2 * i + 1], ring[2 * j], ring[2 * j + 1]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


Outline = tuple[str, "Shape", tuple[float, float, float, float]]  # ICB name, shape, bbox


def _icb_of_point(outlines: list[Outline], x: float, y: float) -> str:
    for icb, shape, (w, s, e, n) in outlines:
        if w <= x <= e and s <= y <= n and contains(shape, x, y):
            return icb
    return ""


def build(
    sub_icbs: Mapping[str, tuple[str, Shape]],
    lsoas: Mapping[str, Shape],
    places: Mapping[str, Place],
) -> dict[str, Icb]:
    outlines: list[Outline] = []
    for name, shape in sub_icbs.values():
        found = _NAME.match(name)
        if found:
            outlines.append((found.group(1), shape, _bbox(shape)))
    members: dict[str, list[str]] = defaultdict(list)
    for code, place in places.items():
        if code in lsoas:
            members[place.lad_code].append(code)
    lads_of: dict[str, list[str]] = defaultdict(list)
    for lad, codes in members.items():
        step = max(1, len(codes) // VOTERS)
        votes = Counter(_icb_of_point(outlines, *centre(lsoas[c])) for c in codes[::step])
        votes.pop("", None)  # a centre outside every simplified outline (a coastal area)
        if votes:
            lads_of[votes.most_common(1)[0][0]].append(lad)
    out = {}
    for name, lads in sorted(lads_of.items()):
        inside = tuple(sorted(c for lad in lads for c in members[lad]))
        out[slug(name)] = Icb(slug(name), name, tuple(sorted(lads)), inside)
    return out
