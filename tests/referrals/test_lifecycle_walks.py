"""Random walks through the lifecycle: whatever anyone tries, in any order, the invariants hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from kith_referrals import (
    TERMINAL,
    Action,
    Actor,
    ActorKind,
    Command,
    Lifecycle,
    LifecycleError,
    OutcomeCode,
    Reason,
    ReasonCode,
    Status,
)

reasons = st.one_of(
    st.none(),
    st.sampled_from([c for c in ReasonCode if c is not ReasonCode.OTHER]).map(Reason),
    st.text(min_size=1, max_size=20).map(lambda t: Reason(ReasonCode.OTHER, t)),
)
commands = st.builds(
    Command,
    action=st.sampled_from(Action),
    actor=st.builds(Actor, st.sampled_from(ActorKind), st.just("u"), st.just("o")),
    reason=reasons,
    outcomes=st.lists(st.sampled_from(OutcomeCode), max_size=3).map(tuple),
)


@settings(max_examples=400)
@given(start=st.sampled_from([Status.DRAFT, Status.REQUESTED]), steps=st.lists(commands))
def test_random_walks_keep_the_invariants(start: Status, steps: list[Command]) -> None:
    life = Lifecycle(start)
    succeeded = 0
    clock = datetime(2025, 1, 1, tzinfo=UTC)
    for command in steps:
        before = life
        clock += timedelta(minutes=1)
        try:
            life = life.apply(command, at=clock)
        except LifecycleError:
            assert life == before  # a refused command changes nothing
            continue
        succeeded += 1
        assert before.status not in TERMINAL, "a terminal state moved"
        assert life.version == before.version + 1
        last = life.history[-1]
        assert (last.source, last.target, last.at) == (before.status, life.status, clock)
    assert len(life.history) == succeeded
    assert life.version == 1 + succeeded
    chained = [start, *(t.target for t in life.history)]
    assert [t.source for t in life.history] == chained[:-1]


@given(steps=st.lists(commands, min_size=1))
def test_once_terminal_always_terminal(steps: list[Command]) -> None:
    for terminal in TERMINAL:
        life = Lifecycle(terminal, version=7)
        for command in steps:
            try:
                life = life.apply(command)
            except LifecycleError:
                continue
            raise AssertionError(f"{terminal} accepted {command.action}")
        assert (life.status, life.version, life.history) == (terminal, 7, ())
