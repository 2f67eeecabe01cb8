"""The gap map as CSV, one row per LSOA in rank order. A suppressed value is written `[c]`
(the ONS/GSS "confidential" marker), never left blank, so nobody mistakes it for zero."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from kith_gateway.insights.disclosure import HIDDEN
from kith_gateway.insights.handlers import GapMap
from kith_gateway.insights.types import ATTRIBUTION

COLUMNS = (
    "rank", "lsoa_code", "lsoa_name", "msoa_code", "imd_decile", "population", "adults",
    "estimated_chronic_pain", "services_within_reach", "services_by_capacity",
    "provision_per_10k", "gap_score", "priority", "referrals", "referrals_per_1000",
    "acceptance_rate", "rejection_rate", "rejections_by_reason", "median_days_to_first_contact",
    "median_days_to_completion", "unmet_needs", "unmet_needs_by_reason",
)  # fmt: skip


def _v(value: object, digits: int = 2) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _pairs(counts: Mapping[str, int | None]) -> str:
    return ";".join(f"{k}={_v(v)}" for k, v in sorted(counts.items()))


def render(m: GapMap) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in m.rows:
        s = r.shown
        writer.writerow([
            r.rank, r.area.code, r.area.name, r.area.msoa, r.area.imd_decile, r.area.population,
            r.area.adults, f"{r.chronic_pain:.0f}", r.services, _pairs(dict(r.capacity)),
            f"{r.per_10k:.3f}", "" if r.gap is None else f"{r.gap:.1f}", r.priority,
            _v(s.referrals), _v(s.per_1000), _v(s.acceptance, 3), _v(s.rejection, 3),
            _pairs(s.rejections), _v(s.days_to_contact, 1), _v(s.days_to_completion, 1),
            _v(s.unmet), _pairs(s.unmet_by_reason),
        ])  # fmt: skip
    writer.writerow([])
    writer.writerow([ATTRIBUTION])
    return out.getvalue()
