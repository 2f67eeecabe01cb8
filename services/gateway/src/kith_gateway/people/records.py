"""A profile as Neo4j properties and back (pure mapping, no I/O)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from kith_gateway.people.domain import Profile, Window


def to_props(profile: Profile) -> dict[str, Any]:
    """Lists are sorted so the same profile always stores (and hashes) the same way."""
    return {
        "home_area": profile.home_area,
        "max_travel_km": profile.max_travel_km,
        "age_band": profile.age_band,
        "gender": profile.gender,
        "languages": sorted(profile.languages),
        "preferred_language": profile.preferred_language,
        "interpreter_needed": profile.interpreter_needed,
        "preferences": sorted(profile.preferences),
        "access_needs": sorted(profile.access_needs),
        "travel_modes": sorted(profile.travel_modes),
        "availability": [str(w) for w in profile.availability],
        "online_ok": profile.online_ok,
        "what_matters": profile.what_matters,
    }


def from_props(props: Mapping[str, Any], needs: list[str]) -> Profile:
    return Profile(
        home_area=props["home_area"],
        needs=frozenset(needs),
        max_travel_km=float(props["max_travel_km"]),
        age_band=props.get("age_band"),
        gender=props.get("gender"),
        languages=frozenset(props.get("languages") or ["en"]),
        preferred_language=props.get("preferred_language") or "en",
        interpreter_needed=bool(props.get("interpreter_needed")),
        preferences=frozenset(props.get("preferences") or []),
        access_needs=frozenset(props.get("access_needs") or []),
        travel_modes=frozenset(props.get("travel_modes") or []),
        availability=tuple(Window.parse(w) for w in props.get("availability") or []),
        online_ok=bool(props.get("online_ok")),
        what_matters=props.get("what_matters") or "",
    )


def fingerprint(profile: Profile, reference: str | None) -> str:
    """What was asked, to refuse an idempotency key reused for a different person."""
    body = {**to_props(profile), "needs": sorted(profile.needs), "reference": reference}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
