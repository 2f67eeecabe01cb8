"""Building the gap map from what the graph returned: plain Python, no I/O.

Need, provision, demand and friction per LSOA, ranked by need ÷ provision, with every count
that describes people (referrals, rejections, unmet needs, waiting times) passed through
`disclosure.Suppression`. Population, deprivation and the directory are public and shown whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kith_gateway.insights import domain as d
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.insights.reach import Reach, Site

DEPRIVED_DECILES = 2  # IMD deciles 1-2: the most deprived fifth of England


@dataclass(frozen=True)
class AreaFacts:
    code: str
    name: str
    msoa: str
    imd_decile: int
    population: int
    adults: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Friction:
    """Referrals of people living in one LSOA, as the graph aggregated them."""

    referrals: int = 0
    accepted: int = 0
    rejected: int = 0
    completed: int = 0
    rejections: Mapping[str, int] = field(default_factory=dict)
    contact_days: Sequence[float] = ()
    completion_days: Sequence[float] = ()


@dataclass(frozen=True)
class Shown:
    """Friction as it may be shown: None wherever a count is too small (or would reveal one)."""

    referrals: int | None = None
    per_1000: float | None = None
    acceptance: float | None = None
    rejection: float | None = None
    rejections: dict[str, int | None] = field(default_factory=dict)
    days_to_contact: float | None = None
    days_to_completion: float | None = None
    unmet: int | None = None
    unmet_by_reason: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class LsoaGap:
    area: AreaFacts
    chronic_pain: float
    services: int
    capacity: dict[str, int]
    per_10k: float
    gap: float | None
    priority: bool
    shown: Shown
    rank: int = 0


@dataclass(frozen=True)
class DecileProvision:
    decile: int
    lsoas: int
    population: int
    per_10k: float


def capacity_counts(sites: Sequence[Site], indices: frozenset[int]) -> dict[str, int]:
    by_service = {sites[i].service_id: sites[i].capacity or "unknown" for i in indices}
    counts: dict[str, int] = {}
    for status in by_service.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def _rate(part: int, other: int, total: int, s: Suppression) -> float | None:
    return part / total if total and s.shown(part) and s.shown(other) else None


def show(
    f: Friction, unmet: Mapping[str, int], population: int, s: Suppression, hide: frozenset[str]
) -> Shown:
    """`hide` names cells protected by the map-wide pass (`referrals`, `rej:<reason>` ...)."""
    decided = f.accepted + f.rejected
    shown_refs = None if "referrals" in hide else s.count(f.referrals)
    return Shown(
        referrals=shown_refs,
        per_1000=None if shown_refs is None else d.per(shown_refs, population, 1000),
        acceptance=_rate(f.accepted, f.rejected, decided, s),
        rejection=_rate(f.rejected, f.accepted, decided, s),
        rejections={r: None if f"rej:{r}" in hide else n for r, n in f.rejections.items()},
        days_to_contact=d.median(f.contact_days) if s.shown(len(f.contact_days)) else None,
        days_to_completion=(
            d.median(f.completion_days) if s.shown(len(f.completion_days)) else None
        ),
        unmet=None if "unmet" in hide else sum(unmet.values()),
        unmet_by_reason={r: None if f"unmet:{r}" in hide else n for r, n in unmet.items()},
    )


def protected(
    friction: Mapping[str, Friction], unmet: Mapping[str, Mapping[str, int]], s: Suppression
) -> dict[str, frozenset[str]]:
    """Per LSOA, the cells hidden so that neither small counts nor their complements show:
    referrals and unmet needs as columns over the LSOAs (the map's totals are shown), and
    rejections and unmet needs by reason as LSOA x reason tables."""
    out: dict[str, set[str]] = {code: set() for code in friction}
    columns = {
        "referrals": {code: f.referrals for code, f in friction.items()},
        "unmet": {code: sum(unmet.get(code, {}).values()) for code in friction},
    }
    for name, column in columns.items():
        for code in s.hidden_parts(column):
            out[code].add(name)
    tables = {
        "rej": {(c, r): n for c, f in friction.items() for r, n in f.rejections.items()},
        "unmet": {(c, r): n for c in friction for r, n in unmet.get(c, {}).items()},
    }
    for prefix, table in tables.items():
        for code, reason in s.hidden_cells(table):
            out[code].add(f"{prefix}:{reason}")
    return {code: frozenset(cells) for code, cells in out.items()}


def with_all_reasons(counts: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Every reason seen anywhere, in every LSOA (zeros included): a missing reason would
    otherwise say "none here", which is itself a count below the threshold."""
    reasons = sorted({r for by_reason in counts.values() for r in by_reason})
    return {code: {r: by_reason.get(r, 0) for r in reasons} for code, by_reason in counts.items()}


def rank(
    areas: Sequence[AreaFacts],
    reached: Reach,
    sites: Sequence[Site],
    shown: Mapping[str, Shown],
    prevalence: float,
) -> list[LsoaGap]:
    per_10k = [v * 10_000 for v in reached.per_resident]
    cut = d.median(per_10k) or 0.0
    rows = []
    for i, area in enumerate(areas):
        need = d.chronic_pain(area.adults, prevalence)
        equivalents = reached.per_resident[i] * area.population
        low = per_10k[i] < cut or per_10k[i] == 0
        rows.append(
            LsoaGap(
                area=area,
                chronic_pain=need,
                services=len({sites[j].service_id for j in reached.services[i]}),
                capacity=capacity_counts(sites, reached.services[i]),
                per_10k=per_10k[i],
                gap=d.gap_score(need, equivalents),
                priority=area.imd_decile <= DEPRIVED_DECILES and low,
                shown=shown[area.code],
            )
        )
    rows.sort(key=priority_order)
    return [LsoaGap(**{**r.__dict__, "rank": n}) for n, r in enumerate(rows, start=1)]


def priority_order(r: LsoaGap) -> tuple[bool, bool, float, int, float, str]:
    """Areas with some service in reach come first, ranked: priorities (deprived and below
    the median's provision) before the rest, then the biggest gap score, then the most
    deprived. Areas with no service in reach follow as their own list (a gap score there is
    undefined, and leading with them put affluent fringes first), most deprived first."""
    unreached = r.gap is None
    return (unreached, not r.priority, -(r.gap or 0.0), r.area.imd_decile, -r.chronic_pain,
            r.area.code)  # fmt: skip


def by_decile(rows: Sequence[LsoaGap]) -> list[DecileProvision]:
    """Provision per 10,000 residents of each IMD decile (population-weighted)."""
    out = []
    for decile in range(1, 11):
        group = [r for r in rows if r.area.imd_decile == decile]
        people = sum(r.area.population for r in group)
        weighted = sum(r.per_10k * r.area.population for r in group)
        out.append(
            DecileProvision(decile, len(group), people, weighted / people if people else 0.0)
        )
    return out


def total(
    friction: Sequence[Friction],
    unmet: Sequence[Mapping[str, int]],
    population: int,
    s: Suppression,
) -> Shown:
    """The whole geography's friction, suppressed like any one LSOA's."""
    rejections: dict[str, int] = {}
    unmet_all: dict[str, int] = {}
    for f in friction:
        for reason, n in f.rejections.items():
            rejections[reason] = rejections.get(reason, 0) + n
    for u in unmet:
        for reason, n in u.items():
            unmet_all[reason] = unmet_all.get(reason, 0) + n
    merged = Friction(
        referrals=sum(f.referrals for f in friction),
        accepted=sum(f.accepted for f in friction),
        rejected=sum(f.rejected for f in friction),
        completed=sum(f.completed for f in friction),
        rejections=rejections,
        contact_days=[x for f in friction for x in f.contact_days],
        completion_days=[x for f in friction for x in f.completion_days],
    )
    cells = {f"rej:{r}": n for r, n in rejections.items()}
    cells |= {f"unmet:{r}": n for r, n in unmet_all.items()}
    hide = s.hidden_parts(cells, total_shown=False)
    hide |= frozenset() if s.shown(merged.referrals) else {"referrals"}
    hide |= frozenset() if s.shown(sum(unmet_all.values())) else {"unmet"}
    return show(merged, unmet_all, population, s, hide)
