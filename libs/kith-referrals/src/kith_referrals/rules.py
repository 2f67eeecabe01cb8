"""The transition table: for each action, where it may start, where it ends, who may take it
and which reasons it accepts. Data, so that it reads like the diagram:

    draft ─send→ requested ─receive→ received ─accept→ accepted ─start→ in-progress ─complete→ completed
                                      └─reject→ rejected          └─hold→ on-hold ─resume┘   └─fail→ failed
    any open state ─cancel→ cancelled (referrer or person) ─mark-entered-in-error→ (referrer)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kith_referrals.actors import ActorKind
from kith_referrals.reasons import ReasonCode
from kith_referrals.status import TERMINAL, Status

R = ReasonCode


class Action(StrEnum):
    SEND = "send"
    RECEIVE = "receive"
    ACCEPT = "accept"
    REJECT = "reject"
    START = "start"
    HOLD = "hold"
    RESUME = "resume"
    COMPLETE = "complete"
    FAIL = "fail"
    CANCEL = "cancel"
    MARK_ENTERED_IN_ERROR = "mark-entered-in-error"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status
    actors: frozenset[ActorKind]
    reasons: frozenset[ReasonCode] = frozenset()
    reason_required: bool = False
    takes_outcomes: bool = False


def _rule(
    sources: set[Status],
    target: Status,
    actors: set[ActorKind],
    *,
    reasons: set[ReasonCode] | None = None,
    reason_required: bool = False,
    takes_outcomes: bool = False,
) -> Rule:
    return Rule(
        frozenset(sources),
        target,
        frozenset(actors),
        frozenset(reasons or ()),
        reason_required,
        takes_outcomes,
    )


S, A = Status, ActorKind
OPEN = frozenset(Status) - TERMINAL
RECEIVING = {A.RECEIVER}

RULES: Mapping[Action, Rule] = {
    Action.SEND: _rule({S.DRAFT}, S.REQUESTED, {A.REFERRER}),
    Action.RECEIVE: _rule({S.REQUESTED}, S.RECEIVED, {A.ROUTER}),
    Action.ACCEPT: _rule({S.RECEIVED}, S.ACCEPTED, RECEIVING),
    Action.REJECT: _rule(
        {S.RECEIVED},
        S.REJECTED,
        RECEIVING,
        reasons={
            R.NO_CAPACITY,
            R.NOT_ELIGIBLE,
            R.DECLINED_BY_PERSON,
            R.UNABLE_TO_CONTACT,
            R.DUPLICATE,
            R.OTHER,
        },
        reason_required=True,
    ),
    Action.START: _rule({S.ACCEPTED}, S.IN_PROGRESS, RECEIVING),
    Action.HOLD: _rule({S.ACCEPTED, S.IN_PROGRESS}, S.ON_HOLD, RECEIVING),
    Action.RESUME: _rule({S.ON_HOLD}, S.IN_PROGRESS, RECEIVING),
    Action.COMPLETE: _rule({S.IN_PROGRESS}, S.COMPLETED, RECEIVING, takes_outcomes=True),
    Action.FAIL: _rule(
        {S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD},
        S.FAILED,
        RECEIVING,
        reasons={R.UNABLE_TO_CONTACT, R.DECLINED_BY_PERSON, R.NOT_ELIGIBLE, R.OTHER},
    ),
    Action.CANCEL: _rule(
        set(OPEN),
        S.CANCELLED,
        {A.REFERRER, A.PERSON},
        reasons={
            R.CONSENT_WITHDRAWN,
            R.NO_LONGER_NEEDED,
            R.DECLINED_BY_PERSON,
            R.DUPLICATE,
            R.OTHER,
        },
    ),
    Action.MARK_ENTERED_IN_ERROR: _rule(
        set(OPEN), S.ENTERED_IN_ERROR, {A.REFERRER}, reasons={R.DUPLICATE, R.OTHER}
    ),
}
