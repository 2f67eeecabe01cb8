"""A match card says how long the wait to start is, in words, when the provider has said."""

from __future__ import annotations

from typing import Any

import pytest
from kith_web.prescriber.matches import match_card


def _item(waiting: int | None) -> dict[str, Any]:
    explanation = {"needsCovered": ["food"], "distanceKm": 1.2, "nextSession": None,
                   "session": None, "language": "in English", "capacity": "3 places free",
                   "whyAboveNext": None, "caveats": []}  # fmt: skip
    service = {"id": "s1", "name": "Larder", "organisationId": "o1",
               "organisationName": "Food bank", "waitingWeeks": waiting}  # fmt: skip
    return {"rank": 1, "diversityBonus": 0, "service": service, "explanation": explanation}


@pytest.mark.parametrize(
    ("weeks", "words"),
    [
        (0, "No wait to start"),
        (1, "About 1 week wait to start"),
        (3, "About 3 weeks wait to start"),
    ],
)
def test_the_wait_is_said_in_words(weeks: int, words: str) -> None:
    reasons = match_card(_item(weeks), {"food": "Food"})["reasons"]
    assert reasons[reasons.index("Room: 3 places free") + 1] == words


def test_nothing_is_said_when_the_provider_has_not_said() -> None:
    reasons = match_card(_item(None), {"food": "Food"})["reasons"]
    assert not [r for r in reasons if "wait" in r.lower()]
