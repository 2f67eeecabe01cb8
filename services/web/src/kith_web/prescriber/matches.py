"""Matches for a person: services that fit, each with its reasons in plain words and a
"Refer" form (one action: the person's reference and home area come from their record);
near-misses with why; needs nothing fits, which Kith records as unmet (no personal details)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.prescriber.matchmap import match_map
from kith_web.prescriber.words import UNMET
from kith_web.web import call, render, user

MATCHES = """query($id: ID!) { person(id: $id) { __typename ... on PersonRecord { id pseudonym profile { homeArea } } }
  needOptions { code name }
  matches(personId: $id, first: 10, nearMisses: true) { __typename
  ... on Matches { totalCount considered
    items { rank diversityBonus service { id name organisationId organisationName waitingWeeks lat lon }
      explanation { needsCovered distanceKm nextSession session language capacity
                    whyAboveNext caveats } }
    nearMisses { service { id name organisationName } reasons { reason detail } }
    unmetNeeds { need reason } }
  ... on InputError { field message } ... on NotFoundError { message } } }"""


def waiting_words(weeks: int) -> str:
    if weeks == 0:
        return "No wait to start"
    return f"About {weeks} week{'s' if weeks != 1 else ''} wait to start"


def match_card(item: dict[str, Any], need_names: dict[str, str]) -> dict[str, Any]:
    e = item["explanation"]
    covered = [need_names.get(n, n) for n in e["needsCovered"]]
    reasons = [f"Helps with {', '.join(covered)}" if covered else "Fits what they asked for"]
    reasons.append("Online" if e["distanceKm"] is None else f"{e['distanceKm']:.1f} km away")
    when = datetime.fromisoformat(e["nextSession"]) if e["nextSession"] else None
    if when:
        reasons.append(f"Next session {when.strftime('%A %-d %B, %H:%M')}")
    elif e["session"]:
        reasons.append(e["session"])
    language = e["language"]  # "speaks English": raise the first letter only, keep the name's
    reasons += [language[:1].upper() + language[1:], f"Room: {e['capacity']}"]
    waiting = item["service"].get("waitingWeeks")
    if waiting is not None:
        reasons.append(waiting_words(waiting))
    if e["whyAboveNext"]:
        reasons.append(f"Shown above the next one because it {e['whyAboveNext']}")
    if item["diversityBonus"] > 0:
        reasons.append("Moved up the list to offer a different kind of service")
    return {
        **item,
        "reasons": reasons,
        "caveats": e["caveats"],
        "reason_text": f"Help with {', '.join(covered)}" if covered else "Help that fits",
    }


def near_misses(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One per service, each reason once."""
    seen: dict[str, dict[str, Any]] = {}
    for miss in found:
        entry = seen.setdefault(miss["service"]["id"], {"service": miss["service"], "why": []})
        for r in miss["reasons"]:
            if r["detail"] not in entry["why"]:
                entry["why"].append(r["detail"])
    return list(seen.values())


async def matches_context(request: Request) -> dict[str, Any]:
    data = await call(request, MATCHES, {"id": request.path_params["id"]})
    person, found = data["person"], data["matches"]
    if person["__typename"] != "PersonRecord" or found["__typename"] == "NotFoundError":
        raise HTTPException(404)
    names = {n["code"]: n["name"] for n in data["needOptions"]}
    if found["__typename"] != "Matches":
        return {"p": person, "problem": found["message"], "items": [], "misses": [], "unmet": []}
    items = [match_card(i, names) for i in found["items"]]
    return {
        "p": person,
        "problem": None,
        "items": items,
        "map": await match_map(request, items, (person["profile"] or {}).get("homeArea")),
        "considered": found["considered"],
        "misses": near_misses(found["nearMisses"]),
        "unmet": [
            {"need": names.get(u["need"], u["need"]), "why": UNMET.get(u["reason"], u["reason"])}
            for u in found["unmetNeeds"]
        ],
    }


async def show(request: Request, errors: FormErrors | None = None, status: int = 200) -> Response:
    context = await matches_context(request)
    context["errors"] = errors or FormErrors()
    return await render(request, "people/matches.html", context, status)


async def page(request: Request) -> Response:
    await user(request)
    return await show(request)


def routes() -> list[BaseRoute]:
    return [Route("/people/{id}/matches", page)]
