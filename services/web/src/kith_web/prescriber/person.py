"""A person's page: their profile and consent in plain words, their referrals with live
status, next-best proposals to confirm or decline, and the way on to matches, consent and
their journey (goals, measures and timeline live under /people/{id}/journey)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.pages.labels import STATUS, STATUS_COLOUR
from kith_web.pages.live import event_stream
from kith_web.prescriber import availability
from kith_web.prescriber import words as w
from kith_web.web import call, render, user

PERSON = """query($id: ID!) { person(id: $id) { __typename ... on PersonRecord {
  id pseudonym version profile { homeArea needs maxTravelKm languages preferredLanguage
  interpreterNeeded preferences accessNeeds whatMatters ageBand gender
  availability { day start end } } } }
  personOverview(personId: $id) { homeArea needs tiers
    consents { status purpose basis method categories sharedWith recordedAt expiresAt } }
  referrals(first: 100, personId: $id) { edges { node { id status version createdAt
    escalationLevel names { service toOrganisation } } } } }"""
FINGERPRINT = """query($id: ID!) { referrals(first: 100, personId: $id) {
  edges { node { id version } } } }"""
PROPOSAL = """query($r: ID!) { proposedAlternative(referralId: $r) {
  status reason serviceName organisationName } }"""
OPEN = {"draft", "requested", "received", "accepted", "in-progress", "on-hold"}


def consent_words(c: dict[str, Any]) -> str:
    """One consent record as a sentence a person would say back."""
    shares = ", ".join(w.names(c["categories"], w.CATEGORIES))
    whom = ", ".join(c["sharedWith"]) or "no organisation"
    until = datetime.fromisoformat(c["expiresAt"]).strftime("%-d %B %Y")
    recorded = datetime.fromisoformat(c["recordedAt"]).strftime("%-d %B %Y")
    purpose = w.PURPOSES.get(c["purpose"], c["purpose"])
    if c["basis"] == "SAFEGUARDING":
        return f"Shared without consent to keep them safe, with {whom}, on {recorded}."
    status = {"active": f"until {until}", "withdrawn": "since withdrawn",
              "expired": f"ended on {until}"}.get(c["status"], c["status"])  # fmt: skip
    return f"On {recorded} they agreed to share {shares} with {whom} for {purpose}, {status}."


def referral_row(node: dict[str, Any]) -> dict[str, Any]:
    return {
        **node,
        "status_text": STATUS.get(node["status"], node["status"]),
        "colour": STATUS_COLOUR.get(node["status"], "grey"),
        "created": datetime.fromisoformat(node["createdAt"]),
        "open": node["status"] in OPEN,
    }


def profile_rows(profile: dict[str, Any], overview: dict[str, Any]) -> list[dict[str, Any]]:
    p = profile
    langs = ", ".join(w.names(p["languages"], w.LANGUAGES))
    prefers = w.LANGUAGES.get(p["preferredLanguage"], p["preferredLanguage"])
    rows = [
        ("Needs help with", ", ".join(overview["needs"]) or "Not recorded"),
        ("What matters to them", p["whatMatters"] or "Not recorded"),
        ("Lives in", overview["homeArea"] or "Not recorded"),
        ("Can travel", f"up to {p['maxTravelKm']:g} km"),
        ("Languages", f"{langs}; prefers {prefers}"
                      + ("; needs an interpreter" if p["interpreterNeeded"] else "")),
        ("Preferences", ", ".join(w.names(p["preferences"], w.PREFERENCES)) or "None"),
        ("Access needs", ", ".join(w.names(p["accessNeeds"], w.ACCESS)) or "None"),
        ("Age", w.AGE_BANDS.get(p.get("ageBand") or "", p.get("ageBand"))),
        ("Gender, for groups for women or men only", w.GENDERS.get(p.get("gender") or "")),
        ("Can come", availability.words(p.get("availability") or [])),
        ("Pathway", ", ".join(overview["tiers"]) or "Not on a pathway"),
    ]  # fmt: skip
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


async def _context(request: Request) -> dict[str, Any]:
    person_id = request.path_params["id"]
    data = await call(request, PERSON, {"id": person_id})
    person, overview = data["person"], data["personOverview"]
    if person["__typename"] != "PersonRecord" or overview is None:
        raise HTTPException(404)
    referrals = [referral_row(e["node"]) for e in data["referrals"]["edges"]]
    proposals: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []  # proposals declined, said on the page in plain words
    for r in referrals:
        if r["open"] and r["escalationLevel"] > 0:
            found = (await call(request, PROPOSAL, {"r": r["id"]}))["proposedAlternative"]
            if found and found["status"] in ("proposed", "declined"):
                answered = found["status"] == "declined"
                (kept if answered else proposals).append({"referral": r, **found})
    consents = [{**c, "words": consent_words(c)} for c in overview["consents"]]
    return {
        "p": person,
        "rows": profile_rows(person["profile"], overview) if person["profile"] else [],
        "consents": consents,
        "has_consent": any(c["status"] == "active" for c in consents),
        "referrals": referrals,
        "proposals": proposals,
        "kept": kept,
    }


async def show(request: Request, errors: FormErrors | None = None, status: int = 200) -> Response:
    context = {**await _context(request), "errors": errors or FormErrors()}
    return await render(request, "people/page.html", context, status)


async def page(request: Request) -> Response:
    await user(request)
    return await show(request)


async def region(request: Request) -> Response:
    await user(request)
    return await render(request, "people/referrals.html", await _context(request))


async def events(request: Request) -> Response:
    await user(request)
    person_id = request.path_params["id"]

    async def fingerprint() -> str:
        data = await call(request, FINGERPRINT, {"id": person_id})
        return ",".join(
            f"{e['node']['id']}:{e['node']['version']}" for e in data["referrals"]["edges"]
        )

    return event_stream(request, fingerprint)


def routes() -> list[BaseRoute]:
    return [
        Route("/people/{id}", page),
        Route("/people/{id}/referrals", region),
        Route("/people/{id}/events", events),
    ]
