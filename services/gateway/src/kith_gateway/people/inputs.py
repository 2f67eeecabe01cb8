"""GraphQL inputs for recording a person, and the profile (`kernel.vocabulary.ProfileInput`,
which matching takes too) parsed into the domain at the edge."""

from __future__ import annotations

import strawberry

from kith_gateway.kernel.vocabulary import ProfileInput
from kith_gateway.people.domain import Profile, validate_profile
from kith_gateway.people.domain import window as make_window


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
