"""Percentiles and the printed table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


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


def mean(samples: Sequence[float]) -> float:
    return statistics.fmean(samples) if samples else float("nan")


def table(rows: Sequence[Row]) -> str:
    head = f"{'measurement':<52} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.what:<52} {r.n:>6} {r.p50:>9.2f} {r.p95:>9.2f} {r.p99:>9.2f}  {r.note}")
    return "\n".join(lines)
