"""Hard constraints: a service that fails one is not proposed (but is explained on request).

Each is a named predicate returning a Failure (with words for the practitioner) or None.
Service-wide predicates see the candidate; place predicates see one place it is offered at,
because being reachable and step-free are facts about a venue, not a service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain.model import (
    Assessment,
    Candidate,
    Failure,
    Home,
    Place,
    Reason,
)
from kith_gateway.matching.domain.schedule import attendable, describe
from kith_gateway.people.domain import Profile

SIGN_LANGUAGES = frozenset({"bfi", "bsl", "sgn"})
LANGUAGE_NAMES = {
    "en": "English",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "pl": "Polish",
    "gu": "Gujarati",
    "ar": "Arabic",
    "bfi": "British Sign Language",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# Needs a venue meets or not; at home (online) all of them are met.
_VENUE_NEEDS = {"wheelchair": {"wheelchair"}, "step-free": {"step-free", "wheelchair"}}
_VENUE_NEEDS["hearing-loop"] = {"hearing-loop"}


@dataclass(frozen=True)
class Ask:
    profile: Profile
    home: Home
    config: MatchingConfig


Check = Callable[[Ask, Candidate], Failure | None]
PlaceCheck = Callable[[Ask, Candidate, Place], Failure | None]


def active(ask: Ask, c: Candidate) -> Failure | None:
    return None if c.status == "active" else Failure(Reason.STATUS, f"listed as {c.status}")


def has_capacity(ask: Ask, c: Candidate) -> Failure | None:
    closed = c.capacity_status == "closed"
    return Failure(Reason.FULL, "full: closed to new people for now") if closed else None


def age_eligible(ask: Ask, c: Candidate) -> Failure | None:
    band, lo, hi = ask.profile.age_range, c.min_age or 0, c.max_age or 200
    if band is None or (c.min_age is None and c.max_age is None):
        return None
    if band[1] < lo or band[0] > hi:
        return Failure(Reason.ELIGIBILITY, f"for ages {_ages(c)}; they are {ask.profile.age_band}")
    return None


def gender_eligible(ask: Ask, c: Candidate) -> Failure | None:
    if c.gender not in ("female", "male") or ask.profile.gender == c.gender:
        return None
    who = "women" if c.gender == "female" else "men"
    said = ask.profile.gender or "not recorded"
    return Failure(Reason.ELIGIBILITY, f"for {who} only (gender: {said})")


def in_service_area(ask: Ask, c: Candidate) -> Failure | None:
    if not c.covers or c.covers & ask.home.codes:
        return None
    return Failure(Reason.ELIGIBILITY, f"only for people living in {', '.join(sorted(c.covers))}")


def at_a_time_they_can(ask: Ask, c: Candidate) -> Failure | None:
    availability = ask.profile.availability
    if not availability or not c.sessions or any(attendable(s, availability) for s in c.sessions):
        return None
    when = "; ".join(sorted(describe(s) for s in c.sessions))
    free = ", ".join(str(w) for w in availability)
    return Failure(Reason.SCHEDULE, f"meets {when}; they can come {free}")


def speaks_with_them(ask: Ask, c: Candidate) -> Failure | None:
    p = ask.profile
    theirs = p.languages - {"en"} if p.interpreter_needed else p.languages
    if theirs & c.languages or c.kind in ask.config.interpreting_kinds:
        return None
    return Failure(
        Reason.LANGUAGE, f"no {language_name(p.preferred_language)} speaker or interpreter"
    )


def reachable(ask: Ask, c: Candidate, place: Place) -> Failure | None:
    p = ask.profile
    if place.virtual:
        return None if p.online_ok else Failure(Reason.TOO_FAR, "online only; they want in person")
    if place.metres is None:
        return Failure(Reason.TOO_FAR, "venue location not listed")
    km = place.metres / 1000
    if km <= p.max_travel_km:
        return None
    return Failure(Reason.TOO_FAR, f"{km:.1f} km away; their limit is {p.max_travel_km:g} km")


def accessible(ask: Ask, c: Candidate, place: Place) -> Failure | None:
    needs = ask.profile.access_needs
    missing = sorted(n for n in needs if n == "bsl" and not SIGN_LANGUAGES & c.languages)
    venue = sorted(n for n in needs if n in _VENUE_NEEDS)
    if venue and not place.virtual:
        if place.access is None:
            missing.append("venue access not recorded")
        else:
            missing += [n for n in venue if not _VENUE_NEEDS[n] & place.access]
    return Failure(Reason.ACCESS, f"not {', '.join(missing)}") if missing else None


SERVICE_CHECKS: tuple[Check, ...] = (
    active,
    has_capacity,
    age_eligible,
    gender_eligible,
    in_service_area,
    at_a_time_they_can,
    speaks_with_them,
)
PLACE_CHECKS: tuple[PlaceCheck, ...] = (reachable, accessible)


def _ages(c: Candidate) -> str:
    if c.max_age is None:
        return f"{c.min_age}+"
    return f"{c.min_age or 0}-{c.max_age}"


def _caveats(ask: Ask, c: Candidate) -> tuple[str, ...]:
    notes = []
    band = ask.profile.age_range
    if (c.min_age is not None or c.max_age is not None) and (
        band is None or band[0] < (c.min_age or 0) or band[1] > (c.max_age or 200)
    ):
        notes.append(f"age limit {_ages(c)}: check")
    if ask.profile.availability and not c.sessions:
        notes.append("times not listed: check")
    p = ask.profile
    theirs = p.languages - {"en"} if p.interpreter_needed else p.languages
    if not theirs & c.languages:
        notes.append("book an interpreter")
    if c.capacity_status == "waitlist":
        notes.append("waiting list")
    return tuple(notes) + _single_sex(ask.profile, c)


# A service for women or men only, said either way round: unmet when they asked for one, a
# fact worth knowing when they did not (whether they may go is gender_eligible's question).
_SINGLE_SEX = {"women-only": "female", "men-only": "male"}
_GROUP_WORDS = {"female": "a group for women only", "male": "a group for men only"}


def _single_sex(p: Profile, c: Candidate) -> tuple[str, ...]:
    wanted = [pref for pref, gender in _SINGLE_SEX.items() if pref in p.preferences]
    unmet = [f"not {pref}: they prefer {pref} groups" for pref in wanted
             if c.gender != _SINGLE_SEX[pref]]  # fmt: skip
    if unmet:
        return tuple(unmet)
    return (_GROUP_WORDS[c.gender],) if c.gender in _GROUP_WORDS and not wanted else ()


def _place_order(place: Place) -> tuple[bool, float, str]:
    return (place.virtual, place.metres if place.metres is not None else 1e12, place.location_id)


def assess(ask: Ask, c: Candidate) -> Assessment:
    """Every failure, at the best place: the nearest that passes, else the one failing least."""
    failures = [f for check in SERVICE_CHECKS if (f := check(ask, c)) is not None]
    best: tuple[Place | None, list[Failure]] = (None, [Failure(Reason.TOO_FAR, "no venue listed")])
    for place in sorted(c.places, key=_place_order):
        found = [f for check in PLACE_CHECKS if (f := check(ask, c, place)) is not None]
        if best[0] is None or len(found) < len(best[1]):
            best = (place, found)
        if not found:
            break
    return Assessment(c, best[0], tuple(failures + best[1]), _caveats(ask, c))
