"""Goals, measures, contacts and check-in rhythm: the rules, with no I/O.

Goals are in the person's own words and scored by goal attainment scaling (GAS): five levels,
-2 … +2, where 0 is the outcome the person and coach expected (Kiresuk TJ, Sherman RE. Goal
attainment scaling: a general method for evaluating comprehensive community mental health
programs. Community Ment Health J 1968;4(6):443-453). At setting, the baseline is -1, or -2
when things could still get worse (Turner-Stokes L. Goal attainment scaling (GAS) in
rehabilitation: a practical guide. Clin Rehabil 2009;23(4):362-370).

Nobody is discharged: a coach sets how often to check in, and a person whose last contact is
older than that is "lapsed": surfaced to the coach, never closed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kith_gateway.outcomes.instruments import Instrument
from kith_gateway.outcomes.scoring import InvalidResponse, Score, score

GAS_LEVELS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "as expected",
    1: "somewhat more than expected",
    2: "much more than expected",
}
BASELINE_GAS = (-2, -1)
MAX_GOAL_WORDS = 500
MAX_NOTE = 1000
MAX_LINKS = 12
MIN_CHECK_IN_DAYS, MAX_CHECK_IN_DAYS = 7, 365


class InvalidOutcome(ValueError):
    """Input that can never be recorded; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Timepoint(StrEnum):
    BASELINE = "baseline"
    REVIEW = "review"
    KEEP_IN_TOUCH = "keep-in-touch"


class ContactKind(StrEnum):
    CHECK_IN = "check-in"
    REVIEW = "review"
    KEEP_IN_TOUCH = "keep-in-touch"


def fingerprint(*parts: object) -> str:
    """What was asked, to refuse an idempotency key reused for a different request."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _words(field: str, text: str, limit: int, *, required: bool) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise InvalidOutcome(field, "write the goal as the person said it")
    if len(cleaned) > limit:
        raise InvalidOutcome(field, f"at most {limit} characters")
    return cleaned


def _links(field: str, values: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(sorted({v.strip() for v in values if v.strip()}))
    if len(cleaned) > MAX_LINKS:
        raise InvalidOutcome(field, f"at most {MAX_LINKS}")
    return cleaned


@dataclass(frozen=True)
class NewGoal:
    person_id: str
    words: str
    needs: tuple[str, ...]
    service_ids: tuple[str, ...]
    baseline: int

    @property
    def request_hash(self) -> str:
        return fingerprint(self.person_id, self.words, self.needs, self.service_ids, self.baseline)


def validate_goal(
    person_id: str, words: str, needs: Sequence[str], service_ids: Sequence[str], baseline: int
) -> NewGoal:
    if baseline not in BASELINE_GAS:
        raise InvalidOutcome(
            "baseline", "a goal starts at -1 (somewhat less than expected) or -2 (much less)"
        )
    return NewGoal(
        person_id,
        _words("words", words, MAX_GOAL_WORDS, required=True),
        _links("needs", needs),
        _links("serviceIds", service_ids),
        baseline,
    )


def check_gas(level: int) -> int:
    if level not in GAS_LEVELS:
        raise InvalidOutcome("attainment", "goal attainment is scored -2, -1, 0, +1 or +2")
    return level


def check_note(note: str) -> str:
    return _words("note", note, MAX_NOTE, required=False)


@dataclass(frozen=True)
class NewMeasure:
    person_id: str
    instrument: Instrument
    timepoint: Timepoint
    answers: Mapping[str, int]
    taken_at: datetime
    service_id: str | None
    scores: tuple[Score, ...]

    @property
    def request_hash(self) -> str:
        return fingerprint(
            self.person_id, self.instrument.id, self.instrument.version, self.timepoint,
            sorted(self.answers.items()), self.taken_at.isoformat(), self.service_id,
        )  # fmt: skip


def validate_measure(
    person_id: str,
    instrument: Instrument,
    timepoint: Timepoint,
    answers: Mapping[str, int],
    taken_at: datetime,
    service_id: str | None,
    now: datetime,
) -> NewMeasure:
    """Range and completeness checked by the instrument's own definition."""
    if taken_at.tzinfo is None:
        raise InvalidOutcome("takenAt", "give a time zone, e.g. 2026-01-31T10:00:00Z")
    if taken_at > now + timedelta(minutes=5):
        raise InvalidOutcome("takenAt", "a measure cannot be taken in the future")
    try:
        scores = score(instrument, answers)
    except InvalidResponse as exc:
        raise InvalidOutcome(exc.field, exc.message) from exc
    return NewMeasure(person_id, instrument, timepoint, dict(answers), taken_at, service_id, scores)


def check_rhythm(every_days: int) -> int:
    if not MIN_CHECK_IN_DAYS <= every_days <= MAX_CHECK_IN_DAYS:
        raise InvalidOutcome(
            "everyDays", f"check in every {MIN_CHECK_IN_DAYS} to {MAX_CHECK_IN_DAYS} days"
        )
    return every_days


@dataclass(frozen=True)
class CheckIn:
    every_days: int
    last_contact: datetime | None
    due_at: datetime
    lapsed: bool
    days_overdue: int


def check_in(
    every_days: int, since: datetime, last_contact: datetime | None, now: datetime
) -> CheckIn:
    """When the next contact is due (from the last contact, or from when the rhythm was set)."""
    due = (last_contact or since) + timedelta(days=every_days)
    overdue = max(0, (now - due).days)
    return CheckIn(every_days, last_contact, due, now > due, overdue)
