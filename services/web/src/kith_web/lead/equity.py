"""The equity audit in plain words: one finding per group (share of people referred against
share of residents, the ratio, its 95% interval and what it means), suppression and "not
recorded" said as such, and a forest plot of the ratios drawn as SVG."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from kith_web.lead.words import dimension_name, group_name

AUDIT = """
query EquityAuditPage($g: GeographyInput!) {
  equityAudit(geography: $g) {
    __typename
    ... on EquityAudit {
      name suppressionThreshold attribution
      dimensions { dimension recorded notRecorded
        groups { group people share populationShare medianDaysToFirstContact flags
          referralRatio { value low high significantlyLow }
          acceptanceRatio { value low high significantlyLow } } }
    }
    ... on InputError { field message }
    ... on NotFoundError { message }
  }
}"""
NOT_RECORDED = "not-recorded"


@dataclass(frozen=True)
class Finding:
    dimension: str
    group: str
    sentence: str
    verdict: str  # "significantly fewer", "significantly more", "no clear difference", ""
    ratio: dict[str, Any] | None
    people: int | None
    share: float | None
    population_share: float | None


def verdict(ratio: dict[str, Any] | None) -> str:
    if ratio is None:
        return ""
    if ratio["high"] < 1:
        return "significantly fewer"
    if ratio["low"] > 1:
        return "significantly more"
    return "no clear difference"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def sentence(group: dict[str, Any], label: str, threshold: int) -> str:
    r = group["referralRatio"]
    if group["people"] is None:
        return f"{label}: [c] fewer than {threshold} people referred, hidden to protect them."
    if r is None or group["share"] is None or group["populationShare"] is None:
        return f"{label}: {group['people']:,} people referred (no resident figures to compare)."
    return (
        f"{label}: {_pct(group['share'])} of people referred against "
        f"{_pct(group['populationShare'])} of residents — referred {r['value']:.2f} times as "
        f"often; 95% CI {r['low']:.2f} to {r['high']:.2f}; {verdict(r)}."
    )


def findings(audit: dict[str, Any]) -> list[Finding]:
    """Every group of every dimension, the clearest (significant) findings first."""
    out = []
    for dim in audit["dimensions"]:
        for g in dim["groups"]:
            if g["group"] == NOT_RECORDED:
                continue
            label = group_name(g["group"])
            text = sentence(g, label, audit["suppressionThreshold"])
            out.append(Finding(dimension_name(dim["dimension"]), label, text,
                               verdict(g["referralRatio"]), g["referralRatio"], g["people"],
                               g["share"], g["populationShare"]))  # fmt: skip
    order = {"significantly fewer": 0, "significantly more": 1}
    return sorted(out, key=lambda f: order.get(f.verdict, 2))


def not_recorded(dim: dict[str, Any], threshold: int) -> str:
    n = dim["notRecorded"]
    name = dimension_name(dim["dimension"]).lower()
    if n is None:
        return f"{name.capitalize()} not recorded: [c] fewer than {threshold} people."
    return f"{name.capitalize()} not recorded for {n:,} people (left out of the comparison)."


# --- the forest plot -----------------------------------------------------------------------
LOW, HIGH = 0.25, 4.0
LEFT, PLOT, ROW = 250, 420, 26
FEWER, MORE = "Referred less often", "Referred more often"  # at the left, at the right


def _x(v: float) -> float:
    v = min(max(v, LOW), HIGH)
    return LEFT + PLOT * (math.log(v) - math.log(LOW)) / (math.log(HIGH) - math.log(LOW))


def forest(items: Sequence[Finding], title: str) -> str:
    """Ratios (log scale) with their 95% intervals; the line at 1 is parity."""
    shown = [f for f in items if f.ratio is not None]
    height = 70 + ROW * len(shown)
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {LEFT + PLOT + 110} {height}'"
        f" class='kith-forest' role='img' aria-label='{escape(title, {chr(39): '&#39;'})}'>",
        f"<title>{escape(title)}</title>",
        f"<line x1='{_x(1):.1f}' y1='20' x2='{_x(1):.1f}' y2='{height - 30}' stroke='#425563'"
        " stroke-dasharray='4 3'/>",
    ]
    for tick in (0.25, 0.5, 1, 2, 4):
        parts.append(f"<text x='{_x(tick):.1f}' y='{height - 12}' font-size='12'"
                     f" text-anchor='middle'>{tick:g}</text>")  # fmt: skip
    for i, f in enumerate(shown):
        y = 36 + ROW * i
        r = f.ratio or {}
        colour = "#d5281b" if f.verdict == "significantly fewer" else "#005eb8"
        parts.append(f"<text x='{LEFT - 10}' y='{y + 4}' font-size='13' text-anchor='end'>"
                     f"{escape(f.group)}</text>")  # fmt: skip
        parts.append(f"<line x1='{_x(r['low']):.1f}' y1='{y}' x2='{_x(r['high']):.1f}' y2='{y}'"
                     f" stroke='{colour}' stroke-width='2'/>")  # fmt: skip
        parts.append(f"<circle cx='{_x(r['value']):.1f}' cy='{y}' r='5' fill='{colour}'/>")
        parts.append(f"<text x='{LEFT + PLOT + 10}' y='{y + 4}' font-size='12'>"
                     f"{r['value']:.2f} ({r['low']:.2f} to {r['high']:.2f})</text>")  # fmt: skip
    # words, not arrows: the fonts shipped for the PNG (lead/fonts) have no ← or →
    parts.append(f"<text x='{LEFT}' y='14' font-size='12'>{FEWER}"
                 f"</text><text x='{LEFT + PLOT}' y='14' font-size='12' text-anchor='end'>"
                 f"{MORE}</text></svg>")  # fmt: skip
    return "".join(parts)


def as_csv(audit: dict[str, Any]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["dimension", "group", "people_referred", "share_of_referred",
                "share_of_residents", "referral_ratio", "ci_low", "ci_high", "finding"])  # fmt: skip
    hidden = "[c]"
    for f in findings(audit):
        r = f.ratio
        w.writerow([f.dimension, f.group, hidden if f.people is None else f.people,
                    "" if f.share is None else f"{f.share:.4f}",
                    "" if f.population_share is None else f"{f.population_share:.4f}",
                    *(("", "", "") if r is None else (f"{r['value']:.3f}", f"{r['low']:.3f}",
                                                      f"{r['high']:.3f}")),
                    f.verdict])  # fmt: skip
    w.writerow([])
    w.writerow([f"[c]: fewer than {audit['suppressionThreshold']} people, hidden to protect them"])
    w.writerow([audit["attribution"]])
    return out.getvalue()
