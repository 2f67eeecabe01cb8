"""A listing row (public/queries.py) as the public sees it: sessions, venues, contact and
who it is for, read from the listing's own ORUK document. Pure."""

from __future__ import annotations

import json
from typing import Any

import strawberry

from kith_gateway.kernel.vocabulary import Freshness, Weekday
from kith_gateway.public.types import (
    CodeName,
    PublicContact,
    PublicService,
    PublicSession,
    PublicVenue,
    WhoFor,
)

SUMMARY_CHARS = 180
_DAYS = {d.value for d in Weekday}


def summary(text: str | None) -> str:
    """The first sentence or so, cut at a word: what a result card shows."""
    plain = " ".join((text or "").split())
    if len(plain) <= SUMMARY_CHARS:
        return plain
    cut = plain[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _session(raw: dict[str, Any]) -> PublicSession:
    codes = [c.strip()[-2:] for c in str(raw.get("byday") or "").split(",") if c.strip()]
    ordinal = [c.strip()[:-2] for c in str(raw.get("byday") or "").split(",") if len(c) > 2]
    week = int(ordinal[0]) if ordinal and ordinal[0].lstrip("-").isdigit() else None
    return PublicSession(
        days=[Weekday(c) for c in codes if c in _DAYS],
        week_of_month=week,
        opens_at=raw.get("opens_at"),
        closes_at=raw.get("closes_at"),
        description=raw.get("description"),
    )


def _venue(location: dict[str, Any], derived: set[str]) -> PublicVenue:
    address = (location.get("addresses") or [{}])[0]
    lines = [address.get(k) for k in ("address_1", "address_2", "city")]
    access = [
        str(a.get("description") or a.get("accessibility"))
        for a in location.get("accessibility") or []
        if a.get("description") or a.get("accessibility")
    ]
    step_free = None if "accessibility" not in location else bool(derived)
    return PublicVenue(
        name=location.get("name"),
        address=", ".join(x for x in lines if x) or None,
        postcode=address.get("postal_code"),
        lat=location.get("latitude"),
        lon=location.get("longitude"),
        step_free=step_free,
        access=access,
        directions=location.get("transportation") or location.get("description"),
    )


def _step_free_venues(access: list[str]) -> dict[str, set[str]]:
    """Venue id -> its step-free codes, from the profile's "<venue id> <code>..." entries."""
    out: dict[str, set[str]] = {}
    for entry in access:
        venue, *codes = entry.split()
        out[venue] = {c for c in codes if c in ("step-free", "wheelchair")}
    return out


def _contact(doc: dict[str, Any], row: dict[str, Any]) -> PublicContact:
    phones = [p for c in doc.get("contacts") or [] for p in c.get("phones") or []]
    phones += doc.get("phones") or []
    phone = next((str(p["number"]) for p in phones if p.get("number")), None)
    website = doc.get("url") or row.get("organisation_website")
    return PublicContact(phone=phone, email=doc.get("email"), website=website)


def _who_for(doc: dict[str, Any], row: dict[str, Any]) -> WhoFor:
    return WhoFor(
        women_only=row["gender"] == "female",
        men_only=row["gender"] == "male",
        minimum_age=row["min_age"],
        maximum_age=row["max_age"],
        description=doc.get("eligibility_description"),
    )


def public_service(
    row: dict[str, Any], freshness: Freshness, distance_km: float | None
) -> PublicService:
    doc: dict[str, Any] = json.loads(row["oruk_json"]) if row["oruk_json"] else {}
    places = [sal.get("location") or {} for sal in doc.get("service_at_locations") or []]
    derived = _step_free_venues(row["access"])
    venues = [
        _venue(p, derived.get(str(p.get("id")), set()))
        for p in places
        if p.get("location_type") != "virtual"
    ]
    schedules = list(doc.get("schedules") or [])
    schedules += [
        x for sal in doc.get("service_at_locations") or [] for x in sal.get("schedules") or []
    ]
    costs = [
        str(c.get("amount_description") or c.get("option") or "")
        for c in doc.get("cost_options") or []
    ]
    verified = row["verified_at"]
    return PublicService(
        id=strawberry.ID(row["id"]),
        name=row["name"],
        organisation_name=row["organisation"],
        description=row["description"],
        summary=summary(row["description"]),
        needs=[CodeName(code=n["code"], name=n["name"] or n["code"]) for n in row["needs"]],
        languages=[CodeName(code=g["code"], name=g["name"] or g["code"]) for g in row["languages"]],
        written_in=str(doc.get("kith_listing_language") or "en"),
        who_for=_who_for(doc, row),
        sessions=[_session(x) for x in schedules],
        venues=venues,
        online=any(p.get("location_type") == "virtual" for p in places),
        contact=_contact(doc, row),
        free_of_charge=row["free_of_charge"],
        costs="; ".join(c for c in costs if c) or row["fees"],
        takes_self_referrals=bool(row["self_referral"]),
        capacity_status=row["capacity_status"],
        last_checked=verified.to_native() if hasattr(verified, "to_native") else verified,
        freshness=freshness,
        distance_km=distance_km,
    )
