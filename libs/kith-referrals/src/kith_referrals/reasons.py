"""Reasons for stopping a referral and outcomes of a completed one: codes, not prose.

Codes keep the graph minimal and make "why referrals stop" countable for system leads.
Free text is allowed only to explain `other`, and it is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kith_referrals.errors import InvalidOutcome, InvalidReason

MAX_REASON_TEXT = 500
MAX_OUTCOMES = 10


class ReasonCode(StrEnum):
    NO_CAPACITY = "no-capacity"
    NOT_ELIGIBLE = "not-eligible"
    DECLINED_BY_PERSON = "declined-by-person"
    UNABLE_TO_CONTACT = "unable-to-contact"
    DUPLICATE = "duplicate"
    CONSENT_WITHDRAWN = "consent-withdrawn"
    NO_LONGER_NEEDED = "no-longer-needed"
    OTHER = "other"


class OutcomeCode(StrEnum):
    ENGAGED = "engaged"
    NEED_MET = "need-met"
    NEED_PARTLY_MET = "need-partly-met"
    NEED_NOT_MET = "need-not-met"
    SIGNPOSTED_ELSEWHERE = "signposted-elsewhere"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str | None = None

    @classmethod
    def of(cls, code: ReasonCode, text: str | None = None) -> Reason:
        """A reason with its text trimmed; `other` needs text, the others take none."""
        cleaned = (text or "").strip() or None
        if code is ReasonCode.OTHER and cleaned is None:
            raise InvalidReason("a reason of 'other' needs a short explanation")
        if code is not ReasonCode.OTHER and cleaned is not None:
            raise InvalidReason(f"only 'other' takes an explanation, not {code.value!r}")
        if cleaned is not None and len(cleaned) > MAX_REASON_TEXT:
            raise InvalidReason(f"the explanation must be at most {MAX_REASON_TEXT} characters")
        return cls(code, cleaned)


def check_outcomes(outcomes: tuple[OutcomeCode, ...]) -> tuple[OutcomeCode, ...]:
    if len(outcomes) > MAX_OUTCOMES:
        raise InvalidOutcome(f"at most {MAX_OUTCOMES} outcomes")
    if len(set(outcomes)) != len(outcomes):
        raise InvalidOutcome("each outcome may be given once")
    return outcomes
