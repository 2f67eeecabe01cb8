"""Percentiles and the printed table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[rank]


@dataclass(frozen=True)
class Row:
    what: str
    n: int
    p50: float
    p95: float
    p99: float
    note: str = ""
    target: str = ""  # an issue's target for this figure, with ✓ or ✗ (see `against`)

    @classmethod
    def of(cls, what: str, samples_ms: Sequence[float], note: str = "") -> Row:
        return cls(
            what,
            len(samples_ms),
            percentile(samples_ms, 50),
            percentile(samples_ms, 95),
            percentile(samples_ms, 99),
            note,
        )


def against(row: Row, target: str, met: bool) -> Row:
    """`row` marked with the issue's `target` and whether this run met it."""
    return replace(row, target=f"{'✓' if met else '✗'} {target}")


def mean(samples: Sequence[float]) -> float:
    return statistics.fmean(samples) if samples else float("nan")


def table(rows: Sequence[Row]) -> str:
    head = f"{'measurement':<52} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        line = f"{r.what:<52} {r.n:>6} {r.p50:>9.2f} {r.p95:>9.2f} {r.p99:>9.2f}  {r.note}"
        lines.append(f"{line}  [target: {r.target}]" if r.target else line)
    return "\n".join(lines)
