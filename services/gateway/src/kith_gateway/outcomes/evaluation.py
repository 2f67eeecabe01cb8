"""The commissioner's evaluation: change from baseline per measure, by group (pure).

For each person with a baseline, the follow-up is their latest later measure (review or keep
in touch). Per group:

- **Mean paired change** (follow-up minus baseline, in the score's own units) with a 95%
  confidence interval from Student's t with n-1 degrees of freedom (the paired t interval).
- **Share reaching the minimal important change** (the instrument's published MIC, direction
  aware) with a Wilson 95% interval, only where the definition has a MIC.
- **Follow-up shown honestly**: people with a baseline but no follow-up are counted per group,
  never silently dropped.
- **Small numbers**: the equity audit's rules (`insights.disclosure`): a count below the
  threshold is hidden with everything derived from it, and one more part of a group is hidden
  when a single hidden part could be recovered from the total.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kith_gateway.insights.disclosure import Suppression
from kith_gateway.insights.domain import wilson
from kith_gateway.outcomes.instruments import ScoreDefinition
from kith_gateway.outcomes.scoring import change_reaches_mic

DIMENSIONS = ("all", "tier", "service", "imd_quintile", "ethnicity", "language")
# Student's t, two-sided 95% (0.975 quantile), for 1-30 degrees of freedom (standard tables).
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip
_Z975 = 1.959964


def t975(df: int) -> float:
    """Above 30 degrees of freedom, the Cornish-Fisher expansion of t around the normal
    (Abramowitz & Stegun 26.7.5), within 0.001 of the exact quantile there."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Person:
    """One person's baseline and follow-up on one score, with the groups they fall in."""

    baseline: float
    later: float | None
    groups: dict[str, str]  # dimension -> group label
    referrals: int = 0
    contacts: int = 0


@dataclass(frozen=True)
class Cell:
    """The people who share every group, summed (sufficient statistics for the paired t
    interval and the MIC share): what the report's Cypher returns, a few hundred rows
    instead of one per person."""

    groups: dict[str, str]
    with_baseline: int
    with_follow_up: int
    sum_change: float
    sum_squares: float
    reached_mic: int
    referrals: int = 0
    contacts: int = 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.groups, self.with_baseline + other.with_baseline,
                    self.with_follow_up + other.with_follow_up,
                    self.sum_change + other.sum_change, self.sum_squares + other.sum_squares,
                    self.reached_mic + other.reached_mic, self.referrals + other.referrals,
                    self.contacts + other.contacts)  # fmt: skip


def cells_of(definition: ScoreDefinition, people: Sequence[Person]) -> list[Cell]:
    """One cell per person: the reference the Cypher aggregation is tested against."""
    cells = []
    for p in people:
        change = 0.0 if p.later is None else p.later - p.baseline
        reached = p.later is not None and bool(change_reaches_mic(definition, p.baseline, p.later))
        cells.append(Cell(p.groups, 1, int(p.later is not None), change, change * change,
                          int(reached), p.referrals, p.contacts))  # fmt: skip
    return cells


@dataclass(frozen=True)
class Change:
    mean: float
    low: float | None  # None with a single pair: no interval
    high: float | None


@dataclass(frozen=True)
class GroupResult:
    dimension: str
    group: str
    with_baseline: int | None  # None: hidden (small number)
    with_follow_up: int | None
    without_follow_up: int | None
    change: Change | None
    reached_mic: int | None
    share_mic: tuple[float, float, float] | None  # share, low, high


def paired_change(changes: Sequence[float]) -> Change:
    mean = statistics.fmean(changes)
    if len(changes) < 2:
        return Change(mean, None, None)
    half = t975(len(changes) - 1) * statistics.stdev(changes) / math.sqrt(len(changes))
    return Change(mean, mean - half, mean + half)


def summed_change(n: int, total: float, squares: float) -> Change:
    """The paired t interval from n, the sum of changes and the sum of their squares."""
    mean = total / n
    if n < 2:
        return Change(mean, None, None)
    variance = max(0.0, (squares - total * total / n) / (n - 1))
    half = t975(n - 1) * math.sqrt(variance / n)
    return Change(mean, mean - half, mean + half)


def _group(definition: ScoreDefinition, dim: str, label: str, cell: Cell,
           hide: Suppression, hidden: frozenset[str]) -> GroupResult:  # fmt: skip
    pairs, count = cell.with_follow_up, cell.reached_mic
    visible = label not in hidden
    shown = visible and hide.shown(pairs)
    change = summed_change(pairs, cell.sum_change, cell.sum_squares) if shown and pairs else None
    reached: int | None = None
    share = None
    # Both the improved and the not-improved counts must be large enough to show.
    mic = change is not None and definition.mic is not None
    if mic and hide.shown(count) and hide.shown(pairs - count):
        reached, share = count, (count / pairs, *wilson(count, pairs))
    return GroupResult(
        dim, label, hide.count(cell.with_baseline) if visible else None,
        hide.count(pairs) if visible else None,
        hide.count(cell.with_baseline - pairs) if visible else None, change, reached, share,
    )  # fmt: skip


def evaluate(definition: ScoreDefinition, cells: Sequence[Cell], hide: Suppression
             ) -> list[GroupResult]:  # fmt: skip
    """Every dimension's groups, in a stable order, with small numbers suppressed."""
    results = []
    for dim in DIMENSIONS:
        groups: dict[str, Cell] = {}
        for c in cells:
            label = "all" if dim == "all" else c.groups.get(dim, "not recorded")
            groups[label] = groups[label] + c if label in groups else c
        paired = {g: groups[g].with_follow_up for g in sorted(groups)}
        hidden = hide.hidden_parts(paired) if dim != "all" else frozenset()
        results += [_group(definition, dim, g, groups[g], hide, hidden) for g in paired]
    return results


@dataclass(frozen=True)
class CostPerImproved:
    """Cost inputs you gave, divided by people reaching the MIC: not a social-value figure."""

    total_cost: float
    people_improved: int
    per_person_improved: float | None
    label: str


def cost_per_improved(
    cells: Sequence[Cell], reached: int | None, per_referral: float, per_session: float
) -> CostPerImproved:
    total = sum(c.referrals * per_referral + c.contacts * per_session for c in cells)
    per = total / reached if reached else None
    label = ("cost per person reaching the minimal important change = (referrals x cost per"
             " referral + contacts x cost per session, as entered) / people reaching it")  # fmt: skip
    return CostPerImproved(total, reached or 0, per, label)
