"""The equity cube from per-LSOA tallies (kith_referrals.tallies): plain Python, no I/O.

Each tally lists, per combination of ethnicity, language and age band, what the raw cube
query (`queries.EQUITY_CUBE`) would count for that LSOA. Adding them up by the LSOA's IMD
decile gives the cube's rows. People add up across LSOAs because a person is counted in the
LSOA they live in. Waiting that has not ended is measured to `now` here: the tally keeps how
many such referrals there are and the sum of their sending times, so it never goes stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

_COUNTS = ("people", "accepted", "decided", "completed", "contacted")
Key = tuple[Any, str | None, str | None, str | None]


class WaitsInTheFuture(ValueError):
    """A referral was sent after `now` (a report asked about the past): count the rows."""


def _recorded(value: str) -> str | None:
    return value or None  # the tally writes '' for "not recorded" (lists cannot hold null)


def _empty() -> dict[str, Any]:
    return {**dict.fromkeys(_COUNTS, 0), "closed": 0.0, "open": 0, "sent": 0.0, "days": []}


def _add_tally(into: dict[Key, dict[str, Any]], decile: Any, t: Mapping[str, Any]) -> float:
    """Adds one LSOA's cells; returns the latest sending time of a wait still going on."""
    offset, latest = 0, 0.0
    for i, people in enumerate(t["cell_people"]):
        key = (decile, _recorded(t["cell_ethnicity"][i]), _recorded(t["cell_language"][i]),
               _recorded(t["cell_age_band"][i]))  # fmt: skip
        cell = into.setdefault(key, _empty())
        cell["people"] += people
        for name in _COUNTS[1:]:
            cell[name] += t[f"cell_{name}"][i]
        cell["closed"] += t["cell_closed_days"][i]
        cell["open"] += t["cell_open"][i]
        cell["sent"] += t["cell_open_sent"][i]
        count = t["cell_contact_count"][i]
        cell["days"].extend(t["cell_contact_days"][offset : offset + count])
        offset += count
        latest = max(latest, t["cell_open_latest"][i])
    return latest


def cube(found: Iterable[Mapping[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Rows shaped as `queries.EQUITY_CUBE` returns them; raises WaitsInTheFuture when some
    wait began after `now` (the raw query would count it as zero days, a tally cannot)."""
    by_key: dict[Key, dict[str, Any]] = {}
    latest = 0.0
    for row in found:
        latest = max(latest, _add_tally(by_key, row["decile"], row["tally"]))
    at = now.timestamp()
    if latest > at:
        raise WaitsInTheFuture(latest)
    return [_row(key, cell, at) for key, cell in by_key.items()]


def _row(key: Key, cell: Mapping[str, Any], at: float) -> dict[str, Any]:
    decile, ethnicity, language, age_band = key
    return {
        "decile": decile, "ethnicity": ethnicity, "language": language, "age_band": age_band,
        **{name: cell[name] for name in _COUNTS},
        "days_waiting": cell["closed"] + (cell["open"] * at - cell["sent"]) / 86400.0,
        "contact_days": cell["days"],
    }  # fmt: skip
