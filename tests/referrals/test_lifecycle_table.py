"""Every (state, action, actor) against a table written out by hand from the issue, so a
change to the rules in code that nobody meant shows up here."""

from __future__ import annotations

import itertools

import pytest
from kith_referrals import (
    FHIR_TASK_STATUS_CODES,
    TERMINAL,
    Action,
    Actor,
    ActorKind,
    ActorNotAllowed,
    Command,
    IllegalTransition,
    Lifecycle,
    OutcomeCode,
    Reason,
    ReasonCode,
    Status,
    UnknownStatus,
    decide,
    from_fhir,
)

S, A, K = Status, Action, ActorKind
OPEN_STATES = [S.DRAFT, S.REQUESTED, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD]

# action → (who may take it, {from state: to state})
EXPECTED: dict[Action, tuple[set[ActorKind], dict[Status, Status]]] = {
    A.SEND: ({K.REFERRER}, {S.DRAFT: S.REQUESTED}),
    A.RECEIVE: ({K.ROUTER}, {S.REQUESTED: S.RECEIVED}),
    A.ACCEPT: ({K.RECEIVER}, {S.RECEIVED: S.ACCEPTED}),
    A.REJECT: ({K.RECEIVER}, {S.RECEIVED: S.REJECTED}),
    A.START: ({K.RECEIVER}, {S.ACCEPTED: S.IN_PROGRESS}),
    A.HOLD: ({K.RECEIVER}, {S.ACCEPTED: S.ON_HOLD, S.IN_PROGRESS: S.ON_HOLD}),
    A.RESUME: ({K.RECEIVER}, {S.ON_HOLD: S.IN_PROGRESS}),
    A.COMPLETE: ({K.RECEIVER}, {S.IN_PROGRESS: S.COMPLETED}),
    A.FAIL: (
        {K.RECEIVER},
        {S.ACCEPTED: S.FAILED, S.IN_PROGRESS: S.FAILED, S.ON_HOLD: S.FAILED},
    ),
    A.CANCEL: ({K.REFERRER, K.PERSON}, dict.fromkeys(OPEN_STATES, S.CANCELLED)),
    A.MARK_ENTERED_IN_ERROR: ({K.REFERRER}, dict.fromkeys(OPEN_STATES, S.ENTERED_IN_ERROR)),
}

# The one valid reason each action is given in the table walk (None: it takes none).
TABLE_REASON = {
    A.REJECT: Reason(ReasonCode.NO_CAPACITY),
    A.CANCEL: Reason(ReasonCode.NO_LONGER_NEEDED),
}


def actor(kind: ActorKind) -> Actor:
    return Actor(kind, f"user-{kind.value}", None if kind is K.ROUTER else "org-1")


CASES = list(itertools.product(Status, Action, ActorKind))


@pytest.mark.parametrize(("status", "action", "kind"), CASES, ids=lambda v: str(v))
def test_every_state_action_and_actor(status: Status, action: Action, kind: ActorKind) -> None:
    allowed, moves = EXPECTED[action]
    command = Command(action, actor(kind), TABLE_REASON.get(action))
    if kind not in allowed:
        with pytest.raises(ActorNotAllowed):
            decide(status, command)
    elif status not in moves:
        with pytest.raises(IllegalTransition):
            decide(status, command)
    else:
        transition = decide(status, command)
        assert (transition.source, transition.target) == (status, moves[status])
        assert transition.actor == command.actor


def test_the_table_covers_every_combination() -> None:
    assert len(CASES) == 11 * 11 * 4
    assert set(EXPECTED) == set(Action)


def test_terminal_states_are_exactly_those_with_no_way_out() -> None:
    no_exit = {s for s in Status if not any(s in moves for _, moves in EXPECTED.values())}
    assert no_exit == set(TERMINAL)
    assert all(s.terminal for s in TERMINAL)


def test_states_are_fhir_task_status_codes_one_to_one() -> None:
    codes = [s.fhir_code for s in Status]
    assert len(set(codes)) == len(codes) == 11
    assert set(codes) <= FHIR_TASK_STATUS_CODES
    assert FHIR_TASK_STATUS_CODES - set(codes) == {"ready"}
    assert all(from_fhir(s.fhir_code) is s for s in Status)
    with pytest.raises(UnknownStatus):
        from_fhir("ready")


def test_error_messages_name_the_state_and_action_only() -> None:
    with pytest.raises(IllegalTransition) as illegal:
        decide(S.COMPLETED, Command(A.ACCEPT, actor(K.RECEIVER)))
    assert illegal.value.message == "a referral that is completed cannot be accepted"
    assert illegal.value.code == "illegal-transition"
    with pytest.raises(ActorNotAllowed) as who:
        decide(S.RECEIVED, Command(A.ACCEPT, actor(K.REFERRER)))
    assert who.value.message == "only the receiver may accept a referral"


def test_allowed_actions_follow_the_table() -> None:
    life = Lifecycle(S.RECEIVED)
    assert set(life.allowed_actions(actor(K.RECEIVER))) == {A.ACCEPT, A.REJECT}
    assert set(life.allowed_actions(actor(K.REFERRER))) == {A.CANCEL, A.MARK_ENTERED_IN_ERROR}
    assert life.allowed_actions(actor(K.ROUTER)) == []
    assert Lifecycle(S.CANCELLED).allowed_actions(actor(K.REFERRER)) == []


def test_completion_carries_outcomes() -> None:
    outcomes = (OutcomeCode.ENGAGED, OutcomeCode.NEED_MET)
    done = decide(S.IN_PROGRESS, Command(A.COMPLETE, actor(K.RECEIVER), outcomes=outcomes))
    assert done.outcomes == outcomes
