"""The commissioner's evaluation in words and pictures: a sentence per score, every group's
figures with [c] where a small number is hidden, and the change per group as a chart of
means with their 95% intervals. Pure: the gateway's answer in, words and SVG out."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from kith_web.lead.words import LANGUAGES, group_name

HIDDEN = "[c]"
DIMENSIONS = {"all": "Everyone", "tier": "Pathway tier", "service": "Service",
              "imd_quintile": "Deprivation of where people live", "ethnicity": "Ethnic group",
              "language": "Main language"}  # fmt: skip
QUINTILES = {"1": "Most deprived fifth of England", "2": "Second most deprived fifth",
             "3": "Middle fifth", "4": "Second least deprived fifth",
             "5": "Least deprived fifth of England"}  # fmt: skip


def group_words(dimension: str, group: str) -> str:
    if group in ("not recorded", "not stated", "not on a pathway", "all"):
        return "Everyone" if group == "all" else group.capitalize()
    if dimension == "imd_quintile":
        return QUINTILES.get(group.rsplit(" ", 1)[-1], group)
    if dimension == "language":
        return LANGUAGES.get(group, group_name(group))
    if dimension == "ethnicity":
        return group_name(group)
    return group[:1].upper() + group[1:]


def count(value: int | None) -> str:
    return HIDDEN if value is None else f"{value:,}"


def _points(value: float) -> str:
    return f"{value:+.1f}".replace("-", "\N{MINUS SIGN}")


def change_words(g: dict[str, Any], lower_is_better: bool) -> str:
    if g["meanChange"] is None:
        return HIDDEN
    mean = _points(g["meanChange"])
    if g["changeLow"] is None:
        return f"{mean} (one person: no interval)"
    low, high = g["changeLow"], g["changeHigh"]
    better = high < 0 if lower_is_better else low > 0
    worse = low > 0 if lower_is_better else high < 0
    verdict = "better" if better else "worse" if worse else "no clear change"
    return f"{mean} ({_points(low)} to {_points(high)}): {verdict}"


def mic_words(g: dict[str, Any], has_mic: bool) -> str:
    if not has_mic:
        return "no published minimal important change"
    if g["shareReachedMic"] is None:
        return HIDDEN
    return (f"{g['reachedMic']:,} ({g['shareReachedMic']:.0%}, {g['shareLow']:.0%} to"
            f" {g['shareHigh']:.0%})")  # fmt: skip


@dataclass(frozen=True)
class Row:
    group: str
    with_baseline: str
    followed_up: str
    no_follow_up: str
    change: str
    reached: str


@dataclass(frozen=True)
class Dimension:
    name: str
    rows: list[Row]
    svg: str


def headline(score: dict[str, Any]) -> str:
    everyone = next((g for g in score["groups"] if g["dimension"] == "all"), None)
    if everyone is None:
        return "Nobody has a baseline yet."
    if everyone["withFollowUp"] is None:
        return "Too few people to show without risking identifying someone."
    text = (f"{count(everyone['peopleWithBaseline'])} people with a baseline, of whom"
            f" {count(everyone['withFollowUp'])} have a later measure and"
            f" {count(everyone['withoutFollowUp'])} have none yet. Mean change"
            f" {change_words(everyone, score['better'] == 'lower')}.")  # fmt: skip
    if score["mic"] is not None and everyone["shareReachedMic"] is not None:
        text += (f" {mic_words(everyone, True)} reached the minimal important change"
                 f" ({score['mic']:g}{' of the baseline' if score['mic'] < 1 else ' points'}).")  # fmt: skip
    return text


def dimensions(score: dict[str, Any]) -> list[Dimension]:
    lower, has_mic = score["better"] == "lower", score["mic"] is not None
    out = []
    for dim, name in DIMENSIONS.items():
        groups = [g for g in score["groups"] if g["dimension"] == dim]
        if not groups:
            continue
        rows = [Row(group_words(dim, g["group"]), count(g["peopleWithBaseline"]),
                    count(g["withFollowUp"]), count(g["withoutFollowUp"]),
                    change_words(g, lower), mic_words(g, has_mic)) for g in groups]  # fmt: skip
        title = f"{score['scoreName']}, {name.lower()}: mean change with 95% intervals"
        out.append(Dimension(name, rows, forest(dim, groups, title, lower)))
    return out


LEFT, PLOT, ROW = 220, 360, 30


def forest(dim: str, groups: list[dict[str, Any]], title: str, lower_is_better: bool) -> str:
    """Mean change per group with its interval; the dashed line is no change."""
    shown = [g for g in groups if g["meanChange"] is not None and g["changeLow"] is not None]
    if not shown:
        return ""
    reach = max(max(abs(g["changeLow"]), abs(g["changeHigh"])) for g in shown) or 1.0

    def x(v: float) -> float:
        return LEFT + PLOT / 2 + v / reach * PLOT / 2

    height = 60 + ROW * len(shown)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {LEFT + PLOT + 20} {height}'"
             f" class='kith-forest' role='img' aria-label='{escape(title, quote=True)}'>",
             f"<title>{escape(title)}</title>",
             f"<line x1='{x(0):.1f}' y1='20' x2='{x(0):.1f}' y2='{height - 24}' stroke='#425563'"
             " stroke-dasharray='4 3'/>"]  # fmt: skip
    for i, g in enumerate(shown):
        y = 36 + ROW * i
        parts += [f"<text x='{LEFT - 10}' y='{y + 4}' font-size='13' text-anchor='end'>"
                  f"{escape(group_words(dim, g['group']))}</text>",
                  f"<line x1='{x(g['changeLow']):.1f}' y1='{y}' x2='{x(g['changeHigh']):.1f}'"
                  f" y2='{y}' stroke='#005eb8' stroke-width='2'/>",
                  f"<circle cx='{x(g['meanChange']):.1f}' cy='{y}' r='5' fill='#005eb8'/>"]  # fmt: skip
    left, right = ("better", "worse") if lower_is_better else ("worse", "better")
    parts.append(f"<text x='{LEFT}' y='14' font-size='12'>← {left}</text><text"
                 f" x='{LEFT + PLOT}' y='14' font-size='12' text-anchor='end'>{right} →</text>"
                 f"<text x='{x(0):.1f}' y='{height - 8}' font-size='12' text-anchor='middle'>"
                 "no change</text></svg>")  # fmt: skip
    return "".join(parts)
