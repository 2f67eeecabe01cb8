"""Small-number suppression: counts below the threshold are never shown, and neither is
anything they could be worked back from. Plain Python, no I/O.

Three rules, applied by the builders in `gaps.py` and `equity.py`:

1. **Primary**: a count below `threshold` (zero included) is hidden, with every value derived
   from it (rates, shares, ratios and their intervals, medians of that many values).
2. **Secondary** (complementary): when the parts of a total are shown with the total, one
   hidden part could be recovered by subtraction, so the smallest visible part is hidden too.
3. **Flags**: a "significantly low" flag on a hidden count is shown only if some other count
   below the threshold would raise it as well, so the flag never pins the count down.

Following the ONS/GSS convention, a hidden value is written `[c]` (confidential) in files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

HIDDEN = "[c]"


@dataclass(frozen=True)
class Suppression:
    threshold: int

    def shown(self, count: int) -> bool:
        return count >= self.threshold

    def count(self, count: int) -> int | None:
        return count if self.shown(count) else None

    def hidden_parts(
        self, parts: Mapping[K, int], total_shown: bool = True, already: frozenset[K] = frozenset()
    ) -> frozenset[K]:
        """The parts to hide so that no hidden part can be recovered from the others
        (`already`: parts hidden for another reason, which count as hidden here)."""
        hidden = {k for k, v in parts.items() if not self.shown(v) or k in already}
        if total_shown and len(hidden) == 1 and len(parts) > 1:
            visible = sorted((v, i) for i, (k, v) in enumerate(parts.items()) if k not in hidden)
            hidden.add(list(parts)[visible[0][1]])
        return frozenset(hidden)

    def hidden_cells(self, table: Mapping[tuple[R, C], int]) -> frozenset[tuple[R, C]]:
        """Cells of a two-way table whose row and column totals are shown: protect every row
        and column until nothing changes (a hidden cell may force another in its column)."""
        rows: dict[object, list[tuple[R, C]]] = defaultdict(list)
        cols: dict[object, list[tuple[R, C]]] = defaultdict(list)
        for key in sorted(table, key=str):
            rows[key[0]].append(key)
            cols[key[1]].append(key)
        lines = [*rows.values(), *cols.values()]
        hidden: frozenset[tuple[R, C]] = frozenset()
        while True:
            before = hidden
            for line in lines:
                hidden |= self.hidden_parts({k: table[k] for k in line}, already=hidden)
            if hidden == before:
                return hidden

    def safe_flag(self, count: int, flagged_at: Callable[[int], bool]) -> bool:
        """Whether a flag on `count` may be shown, given `flagged_at(k)` (would k be flagged?)."""
        if not flagged_at(count):
            return False
        if self.shown(count):
            return True
        return any(flagged_at(k) for k in range(self.threshold) if k != count)
