"""GraphQL inputs for a person's profile, parsed into the domain at the edge."""

from __future__ import annotations

import strawberry

from kith_gateway.people.domain import Profile, validate_profile
from kith_gateway.people.domain import window as make_window


@strawberry.input(description="A weekly time the person can attend, e.g. TU 09:00-12:00.")
class AvailabilityInput:
    day: str = strawberry.field(description="MO, TU, WE, TH, FR, SA or SU")
    start: str = strawberry.field(description="HH:MM")
    end: str = strawberry.field(description="HH:MM")


@strawberry.input(description="What matching needs to know; no names, addresses or NHS numbers.")
class ProfileInput:
    home_area: str = strawberry.field(description="Home LSOA 2011 code (never an address).")
    needs: list[str] = strawberry.field(description="Codes from the Kith needs taxonomy.")
    max_travel_km: float = strawberry.field(description="How far they can get to, 0-50 km.")
    age_band: str | None = None
    gender: str | None = strawberry.field(
        default=None, description="Optional; used only for gender-specific groups."
    )
    languages: list[str] | None = strawberry.field(default=None, description="ISO 639 codes.")
    preferred_language: str | None = None
    interpreter_needed: bool = False
    preferences: list[str] | None = strawberry.field(
        default=None, description="women-only, men-only, faith-based, not-faith-based"
    )
    access_needs: list[str] | None = strawberry.field(
        default=None, description="wheelchair, step-free, hearing-loop, bsl"
    )
    travel_modes: list[str] | None = None
    availability: list[AvailabilityInput] | None = strawberry.field(
        default=None, description="Empty: any time."
    )
    online_ok: bool = False
    what_matters: str = strawberry.field(default="", description="In their own words.")


@strawberry.input
class CreatePersonInput:
    idempotency_key: str
    profile: ProfileInput
    pseudonym: str | None = strawberry.field(
        default=None, description="Your organisation's pseudonymous reference (never a name)."
    )


@strawberry.input
class UpdatePersonInput:
    id: strawberry.ID
    profile: ProfileInput
    pseudonym: str | None = None


def profile_from_input(p: ProfileInput) -> Profile:
    """Parse at the edge; raises InvalidProfile naming the GraphQL field at fault."""
    return validate_profile(
        home_area=p.home_area.strip(),
        needs=[n.strip() for n in p.needs],
        max_travel_km=p.max_travel_km,
        age_band=p.age_band,
        gender=p.gender,
        languages=p.languages,
        preferred_language=p.preferred_language,
        interpreter_needed=p.interpreter_needed,
        preferences=p.preferences,
        access_needs=p.access_needs,
        travel_modes=p.travel_modes,
        availability=[make_window(w.day, w.start, w.end) for w in p.availability or []],
        online_ok=p.online_ok,
        what_matters=p.what_matters,
    )
