"""The people in the golden scenarios (synthetic), as validated profiles."""

from __future__ import annotations

from typing import Any

from kith_gateway.people.domain import Profile, validate_profile, window

from tests.helpers.matching_golden import GRASSINGTON, HOLME_WOOD, MANNINGHAM

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")


def profile(**overrides: Any) -> Profile:
    base: dict[str, Any] = {"home_area": MANNINGHAM, "needs": ["loneliness"], "max_travel_km": 3.0}
    return validate_profile(**(base | overrides))


def urdu_woman(**overrides: Any) -> Profile:
    """Urdu-speaking woman in a high-deprivation Bradford LSOA with sleep problems and
    loneliness, who prefers women-only groups and cannot travel more than 2 km."""
    return profile(
        **{
            "needs": ["sleep", "loneliness"],
            "max_travel_km": 2.0,
            "age_band": "45-54",
            "gender": "female",
            "languages": ["ur", "pa"],
            "preferred_language": "ur",
            "interpreter_needed": True,
            "preferences": ["women-only"],
            "travel_modes": ["walk", "bus"],
            "availability": [window(d, "09:00", "15:00") for d in WEEKDAYS],
            "what_matters": "مجھے رات کو نیند نہیں آتی اور میں گھر میں بہت اکیلی ہوں، "
            "میں دوسری خواتین سے ملنا چاہتی ہوں",
            **overrides,
        }
    )


def craven_man(**overrides: Any) -> Profile:
    """A man in rural Craven with back pain, no car, and an interest in woodworking."""
    return profile(
        **{
            "home_area": GRASSINGTON,
            "needs": ["pain", "loneliness"],
            "max_travel_km": 3.0,
            "age_band": "65-74",
            "gender": "male",
            "travel_modes": ["walk", "bus"],
            "what_matters": "My back is bad and I have no car. I used to love woodworking and "
            "making things in my garage, and I miss having something to do with my hands.",
            **overrides,
        }
    )


def faith_and_pain(**overrides: Any) -> Profile:
    """Someone whose faith shapes how they understand their pain."""
    return profile(
        **{
            "needs": ["pain"],
            "max_travel_km": 3.0,
            "age_band": "55-59",
            "preferences": ["faith-based"],
            "what_matters": "My faith is how I make sense of my pain. I want to talk about "
            "it with people who understand what belief means to me.",
            **overrides,
        }
    )


def wheelchair_and_debt(**overrides: Any) -> Profile:
    """A wheelchair user with debt worries."""
    return profile(
        **{
            "home_area": HOLME_WOOD,
            "needs": ["debt"],
            "max_travel_km": 5.0,
            "age_band": "35-44",
            "access_needs": ["wheelchair"],
            "travel_modes": ["wheelchair", "bus"],
            "what_matters": "I'm behind on my rent and bills and I can't sleep for worrying.",
            **overrides,
        }
    )
