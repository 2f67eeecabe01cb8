"""The gateway's answer about one person, shaped for the journey page: goals current and
earlier with their history, measures as one chart and table per score, carers and the
check-in in words. Pure: no HTTP."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_web.journey.chart import Point, Series, render

GAS = {
    -2: "Much less than expected",
    -1: "Somewhat less than expected",
    0: "As expected",
    1: "Somewhat more than expected",
    2: "Much more than expected",
}
TIMEPOINTS = {"baseline": "baseline", "review": "review", "keep-in-touch": "keep in touch"}
CONTACT_KINDS = {"CHECK_IN": "Check-in", "REVIEW": "Review", "KEEP_IN_TOUCH": "Keep in touch"}
SEE = {"goals": "goals", "measures": "questionnaire scores", "timeline": "the timeline",
       "check-ins": "check-ins"}  # fmt: skip
DO = {"attend-reviews": "come to reviews", "record-contact": "tell us about contact",
      "receive-reminders": "get reminders"}  # fmt: skip
CHANNELS = {"phone": "phone", "text": "text message", "email": "email", "letter": "letter",
            "in-person": "in person"}  # fmt: skip
RELATIONSHIPS = {"partner": "Partner", "parent": "Parent", "child": "Son or daughter",
                 "sibling": "Brother or sister", "other-family": "Other family",
                 "friend": "Friend", "neighbour": "Neighbour", "paid-carer": "Paid carer"}  # fmt: skip


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Chart:
    series: Series
    svg: str
    instrument: str


def _goal(g: dict[str, Any]) -> dict[str, Any]:
    history = [{"at": when(g["setAt"]), "level": g["baseline"], "words": GAS[g["baseline"]],
                "note": "When the goal was set"}]  # fmt: skip
    history += [{"at": when(r["at"]), "level": r["attainment"], "words": GAS[r["attainment"]],
                 "note": r["note"]} for r in g["reviews"]]  # fmt: skip
    return {**g, "set": when(g["setAt"]), "now": GAS[g["attainment"]], "history": history}


def goals(found: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(current goals, earlier goals that were reset), newest first."""
    shaped = [_goal(g) for g in reversed(found)]
    return [g for g in shaped if g["status"] == "active"], [
        g for g in shaped if g["status"] != "active"
    ]


def charts(measures: list[dict[str, Any]], instruments: list[dict[str, Any]]) -> list[Chart]:
    """One chart per instrument score the person has, in the order first measured."""
    rules = {(i["id"], s["id"]): s for i in instruments for s in i["scores"]}
    points: dict[tuple[str, str], list[Point]] = defaultdict(list)
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for m in measures:
        for s in m["scores"]:
            key = (m["instrumentId"], s["id"])
            points[key].append(Point(when(m["takenAt"]), s["value"],
                                     TIMEPOINTS.get(m["timepoint"], m["timepoint"])))  # fmt: skip
            names[key] = (m["instrumentName"], s["name"])
    out = []
    for key, found in points.items():
        rule = rules.get(key, {"low": 0, "high": max(p.value for p in found), "better": "lower"})
        series = Series(names[key][1], rule["low"], rule["high"], rule["better"] == "lower",
                        sorted(found, key=lambda p: p.at))  # fmt: skip
        out.append(Chart(series, render(series), names[key][0]))
    return out


def carer(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "who": c["carerPseudonym"] or "A carer",
        "relationship": RELATIONSHIPS.get(c["relationship"], c["relationship"]),
        "may_see": ", ".join(SEE.get(x, x) for x in c["maySee"]) or "nothing",
        "may_do": ", ".join(DO.get(x, x) for x in c["mayDo"]) or "nothing",
        "channels": ", ".join(CHANNELS.get(x, x) for x in c["channels"]),
        "best_times": c["bestTimes"],
        "since": when(c["consentedAt"]),
    }


def check_in(c: dict[str, Any] | None) -> dict[str, Any] | None:
    if c is None:
        return None
    last = when(c["lastContact"]) if c["lastContact"] else None
    return {**c, "last": last, "due": when(c["dueAt"])}
