"""The equity audit: who is referred, relative to who lives in the area, and what happens to
their referrals, by group. Plain Python, no I/O.

Each `Cell` is the graph's aggregate for people sharing one combination of attributes; a
dimension (IMD quintile, ethnic group, language, age band) adds the cells up per group.
Referral ratios compare a group's share of the people referred with its share of the
population (`domain.share_ratio`); outcome ratios compare a group's referrals with the rest's
(`domain.risk_ratio`, `domain.rate_ratio`). Everything passes `disclosure.Suppression`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kith_gateway.insights import domain as d
from kith_gateway.insights.disclosure import Suppression

NOT_RECORDED = "not-recorded"


@dataclass(frozen=True)
class Cell:
    """People (and their referrals) with one combination of attributes."""

    keys: Mapping[str, str | None]  # dimension -> group (None: not recorded)
    people: int = 0
    accepted: int = 0
    decided: int = 0
    completed: int = 0
    contacted: int = 0
    days_waiting: float = 0.0  # person-days from sending to first contact (or censoring)
    contact_days: Sequence[float] = ()


@dataclass(frozen=True)
class Totals:
    people: int = 0
    accepted: int = 0
    decided: int = 0
    completed: int = 0
    contacted: int = 0
    days_waiting: float = 0.0
    contact_days: list[float] = field(default_factory=list)

    def add(self, c: Cell | Totals) -> Totals:
        return Totals(
            self.people + c.people, self.accepted + c.accepted, self.decided + c.decided,
            self.completed + c.completed, self.contacted + c.contacted,
            self.days_waiting + c.days_waiting, [*self.contact_days, *c.contact_days],
        )  # fmt: skip

    def minus(self, c: Totals) -> Totals:
        return Totals(
            self.people - c.people, self.accepted - c.accepted, self.decided - c.decided,
            self.completed - c.completed, self.contacted - c.contacted,
            self.days_waiting - c.days_waiting, [],
        )  # fmt: skip


@dataclass(frozen=True)
class GroupResult:
    group: str
    people: int | None
    share: float | None
    population_share: float | None
    referral: d.Ratio | None
    acceptance: d.Ratio | None
    completion: d.Ratio | None
    first_contact: d.Ratio | None
    median_days_to_contact: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    recorded: int | None
    not_recorded: int | None
    groups: list[GroupResult]


def _sums(cells: Sequence[Cell], dimension: str) -> dict[str | None, Totals]:
    out: dict[str | None, Totals] = {}
    for c in cells:
        key = c.keys.get(dimension)
        out[key] = out.get(key, Totals()).add(c)
    return out


def _outcomes(
    g: Totals, rest: Totals, s: Suppression
) -> tuple[d.Ratio | None, d.Ratio | None, d.Ratio | None]:
    def risk(a: int, n1: int, b: int, n0: int) -> d.Ratio | None:
        cells_ok = all(s.shown(x) for x in (a, n1 - a, b, n0 - b))
        return d.risk_ratio(a, n1, b, n0) if cells_ok else None

    contact_ok = s.shown(g.contacted) and s.shown(rest.contacted)
    first = d.rate_ratio(g.contacted, g.days_waiting, rest.contacted, rest.days_waiting)
    return (
        risk(g.accepted, g.decided, rest.accepted, rest.decided),
        risk(g.completed, g.accepted, rest.completed, rest.accepted),
        first if contact_ok else None,
    )


def _group(
    name: str, g: Totals, known: Totals, pop_share: float | None, s: Suppression, hide: bool
) -> GroupResult:
    n = known.people
    flagged: Callable[[int], bool] = lambda k: bool(  # noqa: E731
        pop_share and (r := d.share_ratio(k, n, pop_share)) and r.significantly_low
    )
    referral = d.share_ratio(g.people, n, pop_share) if pop_share else None
    acceptance, completion, first = _outcomes(g, known.minus(g), s)
    flags = ["referral"] if s.safe_flag(g.people, flagged) else []
    flags += [m for m, r in (("acceptance", acceptance), ("completion", completion),
                             ("first-contact", first)) if r and r.significantly_low]  # fmt: skip
    return GroupResult(
        group=name,
        people=None if hide else g.people,
        share=None if hide or not n else g.people / n,
        population_share=pop_share,
        referral=None if hide else referral,
        acceptance=acceptance,
        completion=completion,
        first_contact=first,
        median_days_to_contact=(d.median(g.contact_days) if s.shown(len(g.contact_days)) else None),
        flags=tuple(flags),
    )


def dimension(
    name: str,
    cells: Sequence[Cell],
    population: Mapping[str, float] | None,
    s: Suppression,
) -> DimensionResult:
    """`population`: residents per group (None: no denominator, so no referral ratio)."""
    sums = _sums(cells, name)
    missing = sums.get(None, Totals())
    groups = sorted({g for g in sums if g is not None} | set(population or {}))
    by_group = {g: sums.get(g, Totals()) for g in groups}
    known = Totals()
    for t in by_group.values():
        known = known.add(t)
    everyone = s.shown(known.people + missing.people)
    parts = {g: t.people for g, t in by_group.items()}
    if missing.people:  # an empty "not recorded" is about nobody; it is not a cell to protect
        parts[NOT_RECORDED] = missing.people
    hidden = s.hidden_parts(parts, total_shown=everyone)
    pop_total = sum((population or {}).values())
    results = [
        _group(g, t, known, population[g] / pop_total if population and pop_total else None,
               s, g in hidden)
        for g, t in by_group.items()
    ]  # fmt: skip
    return DimensionResult(
        dimension=name,
        recorded=None if NOT_RECORDED in hidden or not s.shown(known.people) else known.people,
        not_recorded=None if NOT_RECORDED in hidden else missing.people,
        groups=results,
    )
