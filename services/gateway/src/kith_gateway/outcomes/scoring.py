"""Scoring a response to an instrument (pure): range and completeness checked, each score
computed by its definition's method and missing-item rule, banded, and flagged.

Arithmetic is exact (fractions) and rounded half up to the definition's decimals, so the
same answers always give the same score whatever the float order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kith_gateway.outcomes.instruments import Instrument, ScoreDefinition

# Scores are rounded to at most a few decimals: a change equal to the MIC must count.
_EPSILON = 1e-9


class InvalidResponse(ValueError):
    """Answers that cannot be recorded; `field` names the answer at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Score:
    id: str
    value: float | None  # None: too many items missing under the definition's rule
    band: str | None
    answered: int
    missing: int
    flags: tuple[str, ...]


def _rounded(value: Fraction, decimals: int) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _value(definition: ScoreDefinition, given: list[int]) -> Fraction | None:
    missing = len(definition.items) - len(given)
    allowed = definition.missing.max_missing if definition.missing.rule == "prorate" else 0
    if not given or missing > allowed:
        return None
    mean = Fraction(sum(given), len(given))
    return mean * len(definition.items) if definition.method == "sum" else mean


def band(definition: ScoreDefinition, value: float | None) -> str | None:
    if value is None:
        return None
    return next((b.label for b in definition.bands if b.low <= value <= b.high), None)


def score_one(definition: ScoreDefinition, answers: Mapping[str, int]) -> Score:
    given = [answers[i] for i in definition.items if i in answers]
    exact = _value(definition, given)
    value = None if exact is None else _rounded(exact, definition.decimals)
    flags = tuple(f.id for f in definition.flags if answers.get(f.item, -1) >= f.at_least)
    return Score(
        definition.id, value, band(definition, value), len(given),
        len(definition.items) - len(given), flags,
    )  # fmt: skip


def check_answers(instrument: Instrument, answers: Mapping[str, int]) -> None:
    known = {i.id for i in instrument.items}
    for item, value in sorted(answers.items()):
        if item not in known:
            raise InvalidResponse(f"answers.{item}", f"{instrument.name} has no item {item!r}")
        if value not in instrument.values:
            allowed = ", ".join(str(v) for v in sorted(instrument.values))
            raise InvalidResponse(f"answers.{item}", f"{value} is not an answer ({allowed})")


def score(instrument: Instrument, answers: Mapping[str, int]) -> tuple[Score, ...]:
    """Every score of the instrument; refuses answers out of range, unknown items, and a
    response so incomplete that no score can be computed."""
    check_answers(instrument, answers)
    scores = tuple(score_one(d, answers) for d in instrument.scores)
    if all(s.value is None for s in scores):
        needed = ", ".join(i.id for i in instrument.items if i.id not in answers)
        raise InvalidResponse("answers", f"too many items unanswered to score (missing: {needed})")
    return scores


def change_reaches_mic(definition: ScoreDefinition, baseline: float, later: float) -> bool | None:
    """Whether the change is at least the minimal important improvement; None when the
    definition has no MIC, or a relative MIC has no baseline to be relative to."""
    mic = definition.mic
    if mic is None:
        return None
    gain = baseline - later if definition.lower_is_better else later - baseline
    if mic.kind == "absolute":
        return gain >= mic.value - _EPSILON
    # A relative MIC is a share of the baseline score (IMMPACT's "30% reduction").
    return None if baseline == 0 else gain >= mic.value * baseline - _EPSILON
