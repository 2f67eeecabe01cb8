"""The gap map use case: read the geography's facts (a handful of set-wide queries), then let
the pure modules do the geometry, the statistics and the suppression."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph

from kith_gateway.insights import gaps
from kith_gateway.insights import queries as q
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.insights.geography import Geography
from kith_gateway.insights.reach import Place, Site, bounding_box, reach


@dataclass(frozen=True)
class Window:
    since: datetime | None = None
    until: datetime | None = None

    @property
    def whole(self) -> bool:
        """The whole history: what the per-LSOA tallies count (kith_referrals.tallies)."""
        return self.since is None and self.until is None


@dataclass(frozen=True)
class GapMap:
    geography: Geography
    need: str | None
    config: InsightsConfig
    rows: list[gaps.LsoaGap]
    deciles: list[gaps.DecileProvision]
    total: gaps.Shown
    online: dict[str, int]
    services: int  # distinct place-based services reaching any LSOA of the geography


def _place(row: dict[str, Any]) -> Place:
    parents = frozenset(c for c in (row.get("msoa"), row.get("lad")) if c)
    return Place(row["code"], row["lat"], row["lon"], int(row["population"] or 0), parents)


def _facts(row: dict[str, Any]) -> gaps.AreaFacts:
    return gaps.AreaFacts(
        code=row["code"],
        name=row["name"] or row["code"],
        msoa=row.get("msoa") or "",
        imd_decile=int(row["imd_decile"] or 0),
        population=int(row["population"] or 0),
        adults=int(row["adults"] or 0),
        lat=row["lat"],
        lon=row["lon"],
    )


def _site(row: dict[str, Any]) -> Site:
    closed = row["capacity"] == "closed"  # a closed service provides nothing today
    return Site(
        row["service"],
        row["lat"],
        row["lon"],
        share=0.0 if closed else 1.0 / max(1, int(row["sites"])),
        capacity=row["capacity"],
        covers=frozenset(row["covers"]),
    )


async def _sites(graph: Graph, places: Sequence[Place], need: str | None, km: float) -> list[Site]:
    if not places:
        return []
    south, west, north, east = bounding_box(places, km)
    found = await q.rows(graph, q.SITES, south=south, west=west, north=north, east=east, need=need)
    return [_site(r) for r in found]


async def _ring(graph: Graph, places: Sequence[Place], km: float) -> list[Place]:
    if not places:
        return []
    south, west, north, east = bounding_box(places, 2 * km)
    found = await q.rows(graph, q.RING, south=south, west=west, north=north, east=east)
    return [_place(r) for r in found if r["lat"] is not None]


async def friction(
    graph: Graph, codes: list[str], need: str | None, window: Window, org: str | None = None
) -> dict[str, gaps.Friction]:
    if window.whole and need is None and org is None:
        found = await q.rows(graph, q.FRICTION_TALLIED, codes=codes)
    else:
        found = await q.rows(
            graph, q.FRICTION, codes=codes, need=need, since=window.since, until=window.until,
            org=org, accepted=q.ACCEPTED_STATES,
        )  # fmt: skip
    by_code = {code: gaps.Friction() for code in codes}
    for r in found:
        reasons: dict[str, int] = defaultdict(int)
        for why in r["reasons"]:
            reasons[why] += 1
        by_code[r["code"]] = gaps.Friction(
            r["referrals"], r["accepted"], r["rejected"], r["completed"], dict(reasons),
            r["contact_days"], r["completion_days"],
        )  # fmt: skip
    return by_code


async def _unmet(
    graph: Graph, codes: list[str], need: str | None, window: Window
) -> dict[str, dict[str, int]]:
    found = await q.rows(
        graph, q.UNMET, codes=codes, need=need, since=window.since, until=window.until
    )
    out: dict[str, dict[str, int]] = {code: {} for code in codes}
    for r in found:
        out[r["code"]][r["reason"]] = r["n"]
    return out


def _with_reasons(by_code: dict[str, gaps.Friction]) -> dict[str, gaps.Friction]:
    filled = gaps.with_all_reasons({c: f.rejections for c, f in by_code.items()})
    return {c: gaps.Friction(**{**f.__dict__, "rejections": filled[c]}) for c, f in by_code.items()}


async def gap_map(
    graph: Graph, geo: Geography, need: str | None, config: InsightsConfig, window: Window
) -> GapMap:
    s = Suppression(config.min_count)
    areas = [_facts(a) for a in geo.areas if a["lat"] is not None]
    places = [_place(a) for a in geo.areas if a["lat"] is not None]
    codes = [a.code for a in areas]
    # Five independent reads, run at once: the map waits for the slowest, not for their sum.
    sites, ring, online, found, unmet_found = await asyncio.gather(
        _sites(graph, places, need, config.reach_km),
        _ring(graph, places, config.reach_km),
        q.rows(graph, q.ONLINE, need=need, codes=geo.all_codes),
        friction(graph, codes, need, window),
        _unmet(graph, codes, need, window),
    )
    reached = reach(places, ring, sites, config.reach_km)
    by_code = _with_reasons(found)
    unmet = gaps.with_all_reasons(unmet_found)
    hidden = gaps.protected(by_code, unmet, s)
    shown = {
        a.code: gaps.show(by_code[a.code], unmet[a.code], a.population, s, hidden[a.code])
        for a in areas
    }
    rows = gaps.rank(areas, reached, sites, shown, config.prevalence)
    population = sum(a.population for a in areas)
    total = gaps.total(list(by_code.values()), list(unmet.values()), population, s)
    reached_ids = {sites[i].service_id for found in reached.services for i in found}
    return GapMap(
        geography=geo,
        need=need,
        config=config,
        rows=rows,
        deciles=gaps.by_decile(rows),
        total=total,
        online=gaps.capacity_counts(
            [Site(r["service"], 0, 0, capacity=r["capacity"]) for r in online],
            frozenset(range(len(online))),
        ),
        services=len(reached_ids),
    )
