"""Reasons and outcomes: rejection needs a code, `other` needs words, nothing else takes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_referrals import (
    MAX_REASON_TEXT,
    Action,
    Actor,
    ActorKind,
    Command,
    InvalidOutcome,
    InvalidReason,
    OutcomeCode,
    Reason,
    ReasonCode,
    Status,
    decide,
)

RECEIVER = Actor(ActorKind.RECEIVER, "w-1", "org-b")
REFERRER = Actor(ActorKind.REFERRER, "p-1", "org-a")
REJECTION_CODES = [
    ReasonCode.NO_CAPACITY,
    ReasonCode.NOT_ELIGIBLE,
    ReasonCode.DECLINED_BY_PERSON,
    ReasonCode.UNABLE_TO_CONTACT,
    ReasonCode.DUPLICATE,
]


def reject(reason: Reason | None) -> Command:
    return Command(Action.REJECT, RECEIVER, reason)


def test_rejection_without_a_reason_is_refused() -> None:
    with pytest.raises(InvalidReason, match="reject needs a reason code"):
        decide(Status.RECEIVED, reject(None))


@pytest.mark.parametrize("code", REJECTION_CODES)
def test_each_rejection_code_is_accepted(code: ReasonCode) -> None:
    assert decide(Status.RECEIVED, reject(Reason.of(code))).reason == Reason(code)


def test_other_needs_an_explanation_and_keeps_it_trimmed() -> None:
    with pytest.raises(InvalidReason, match="needs a short explanation"):
        Reason.of(ReasonCode.OTHER, "   ")
    with pytest.raises(InvalidReason):  # built directly, still checked when deciding
        decide(Status.RECEIVED, reject(Reason(ReasonCode.OTHER)))
    done = decide(Status.RECEIVED, reject(Reason.of(ReasonCode.OTHER, "  moved away  ")))
    assert done.reason == Reason(ReasonCode.OTHER, "moved away")


def test_only_other_takes_text_and_text_is_bounded() -> None:
    with pytest.raises(InvalidReason, match="only 'other'"):
        Reason.of(ReasonCode.NO_CAPACITY, "full")
    with pytest.raises(InvalidReason, match=str(MAX_REASON_TEXT)):
        Reason.of(ReasonCode.OTHER, "x" * (MAX_REASON_TEXT + 1))


@pytest.mark.parametrize(
    ("status", "action", "actor", "code"),
    [
        (Status.RECEIVED, Action.REJECT, RECEIVER, ReasonCode.CONSENT_WITHDRAWN),
        (Status.RECEIVED, Action.ACCEPT, RECEIVER, ReasonCode.OTHER),
        (Status.REQUESTED, Action.CANCEL, REFERRER, ReasonCode.NO_CAPACITY),
    ],
)
def test_a_reason_the_action_does_not_know_is_refused(
    status: Status, action: Action, actor: Actor, code: ReasonCode
) -> None:
    reason = Reason(code, "why" if code is ReasonCode.OTHER else None)
    with pytest.raises(InvalidReason, match="is not a reason for"):
        decide(status, Command(action, actor, reason))


def test_outcomes_only_on_completion_once_each_and_bounded() -> None:
    with pytest.raises(InvalidOutcome, match="only complete"):
        decide(Status.RECEIVED, Command(Action.ACCEPT, RECEIVER, outcomes=(OutcomeCode.ENGAGED,)))
    twice = (OutcomeCode.ENGAGED, OutcomeCode.ENGAGED)
    with pytest.raises(InvalidOutcome, match="once"):
        decide(Status.IN_PROGRESS, Command(Action.COMPLETE, RECEIVER, outcomes=twice))


@given(st.text(max_size=MAX_REASON_TEXT + 50))
def test_other_text_is_accepted_exactly_when_nonblank_and_short(text: str) -> None:
    cleaned = text.strip()
    if cleaned and len(cleaned) <= MAX_REASON_TEXT:
        assert Reason.of(ReasonCode.OTHER, text).text == cleaned
    else:
        with pytest.raises(InvalidReason):
            Reason.of(ReasonCode.OTHER, text)
