"""The equity audit use case: the geography's population by group (public data), the graph's
cube of referred people by group, and `equity.dimension` for each way of grouping them."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph

from kith_gateway.insights import equity, tallied
from kith_gateway.insights import queries as q
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.insights.geography import Geography
from kith_gateway.insights.handlers import Window

# The 14 ethnic groups of the 2011 Census (table KS201EW) as the area data names them; the
# same codes are what a person may choose to record about themselves.
ETHNIC_GROUPS = (
    "white_british", "irish", "other_white", "mixed", "indian", "pakistani", "bangladeshi",
    "chinese", "other_asian", "black_african", "black_caribbean", "other_black", "arab", "other",
)  # fmt: skip
# Person age bands (people/domain.py) folded into the IoD2019 adult bands. Children are not
# compared: Kith's services are for adults, so a 0-15 denominator would flag them every time.
BROAD_AGE = {"16-17": "16-59", "18-24": "16-59", "25-34": "16-59",
             "35-44": "16-59", "45-54": "16-59", "55-59": "16-59"}  # fmt: skip
DIMENSIONS = ("imd-quintile", "ethnicity", "age-band", "language")


@dataclass(frozen=True)
class EquityAudit:
    geography: Geography
    organisation_id: str | None
    dimensions: list[equity.DimensionResult]
    min_count: int

    @property
    def flags(self) -> list[tuple[str, str, str]]:
        """(dimension, group, measure) for every group significantly below parity."""
        return [
            (dim.dimension, g.group, measure)
            for dim in self.dimensions
            for g in dim.groups
            for measure in g.flags
        ]


def quintile(decile: int | None) -> str | None:
    return f"Q{(int(decile) + 1) // 2}" if decile else None


def broad_age(band: str | None) -> str | None:
    if band is None or band == "0-15":
        return None
    return BROAD_AGE.get(band, "60+")


def _shares(area: Mapping[str, Any], keys: Mapping[str, str]) -> dict[str, float]:
    counts = {group: float(area.get(column) or 0) for group, column in keys.items()}
    total = sum(counts.values())
    return {g: n / total for g, n in counts.items()} if total else {}


ETHNIC_COLUMNS = {g: f"eth_{g}" for g in ETHNIC_GROUPS}
AGE_COLUMNS = {"16-59": "aged_16_59", "60+": "aged_60_plus"}


def populations(
    props: Sequence[Mapping[str, Any]], referred: Mapping[str, int] | None = None
) -> dict[str, dict[str, float]]:
    """Residents per group, for the dimensions that have a public denominator.

    Area-wide (`referred` None): the geography's residents. For one organisation, the
    expectation is indirectly standardised on where its people live: each LSOA's ethnic and
    age mix weighted by how many people it referred from there ("given the neighbourhoods we
    refer from, do we refer the people who live there?"), and deprivation over the residents
    of the LSOAs it referred anyone from (an IMD mix weighted by its own referrals would
    always match itself)."""
    served = [a for a in props if referred is None or referred.get(a["code"], 0) > 0]
    imd: dict[str, float] = {}
    for a in served:
        key = quintile(a.get("imd_decile"))
        if key:
            imd[key] = imd.get(key, 0) + float(a.get("adults") or 0)
    out: dict[str, dict[str, float]] = {"imd-quintile": imd}
    for name, columns in (("ethnicity", ETHNIC_COLUMNS), ("age-band", AGE_COLUMNS)):
        totals = dict.fromkeys(columns, 0.0)
        for a in served:
            weight = 1.0 if referred is None else float(referred[a["code"]])
            scale = sum(float(a.get(c) or 0) for c in columns.values()) if referred is None else 1
            for group, share in _shares(a, columns).items():
                totals[group] += share * weight * scale
        out[name] = totals
    return out


def _cell(row: Mapping[str, Any]) -> equity.Cell:
    return equity.Cell(
        keys={
            "imd-quintile": quintile(row["decile"]),
            "ethnicity": row["ethnicity"],
            "age-band": broad_age(row["age_band"]),
            "language": row["language"],
        },
        people=row["people"],
        accepted=row["accepted"],
        decided=row["decided"],
        completed=row["completed"],
        contacted=row["contacted"],
        days_waiting=float(row["days_waiting"] or 0.0),
        contact_days=row["contact_days"],
    )


async def cells(
    graph: Graph, geo: Geography, window: Window, org: str | None, now: datetime
) -> list[equity.Cell]:
    if window.whole and org is None:
        try:
            found = tallied.cube(await q.rows(graph, q.CUBE_TALLIED, codes=geo.codes), now)
            return [_cell(r) for r in found]
        except tallied.WaitsInTheFuture:
            pass  # a report about the past: only the rows can say who had been sent by then
    found = await q.rows(
        graph, q.EQUITY_CUBE, codes=geo.codes, need=None, since=window.since,
        until=window.until, org=org, accepted=q.ACCEPTED_STATES, now=now,
    )  # fmt: skip
    return [_cell(r) for r in found]


def audit_of(
    geo: Geography,
    found: Sequence[equity.Cell],
    config: InsightsConfig,
    org: str | None,
    referred: Mapping[str, int] | None = None,
) -> EquityAudit:
    s = Suppression(config.min_count)
    pops = populations(geo.areas, referred)
    # Languages have no small-area denominator in the shipped data (the 2011 Census main
    # language table is not among them), so they get outcome ratios but no referral ratio.
    dims = [equity.dimension(name, found, pops.get(name), s) for name in DIMENSIONS]
    return EquityAudit(geo, org, dims, config.min_count)


async def equity_audit(
    graph: Graph,
    geo: Geography,
    config: InsightsConfig,
    window: Window,
    org: str | None,
    now: datetime,
) -> EquityAudit:
    if org is None:
        found, referred = await cells(graph, geo, window, org, now), None
    else:
        found, referred = await asyncio.gather(
            cells(graph, geo, window, org, now),
            people_by_lsoa(graph, geo, window, org),
        )
    return audit_of(geo, found, config, org, referred)


async def people_by_lsoa(graph: Graph, geo: Geography, window: Window, org: str) -> dict[str, int]:
    found = await q.rows(
        graph, q.PEOPLE_BY_LSOA, codes=geo.codes, need=None, since=window.since,
        until=window.until, org=org,
    )  # fmt: skip
    return {r["code"]: r["people"] for r in found}


async def referrers(graph: Graph, geo: Geography, window: Window) -> list[str]:
    found = await q.rows(
        graph, q.REFERRERS, codes=geo.codes, need=None, since=window.since,
        until=window.until, org=None,
    )  # fmt: skip
    return sorted(r["org"] for r in found if r["org"])
