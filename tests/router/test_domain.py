"""The router's pure rules: capacity → business status, SLA policy, and the sweep's steps
(property-tested: whatever the order of sweeps and status changes, each level happens once,
in order, never early, never after the receiver acted)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kith_common.events import REFERRAL_ESCALATED
from kith_referrals import Status
from kith_router.config import RouterConfig
from kith_router.domain import (
    BusinessStatus,
    SlaPolicy,
    SlaPolicyError,
    SlaState,
    Step,
    business_status,
    deadlines,
    event_id,
    next_due,
    next_step,
)


@pytest.mark.parametrize(
    ("capacity", "expected"),
    [
        ("open", BusinessStatus.DELIVERED),
        ("waitlist", BusinessStatus.WAITLISTED),
        ("closed", BusinessStatus.SERVICE_CLOSED),
        ("additional-assessment", BusinessStatus.ASSESSMENT_REQUIRED),
        (None, BusinessStatus.DELIVERED),
        ("", BusinessStatus.DELIVERED),
    ],
)
def test_capacity_maps_to_a_business_status(capacity: str | None, expected: BusinessStatus) -> None:
    assert business_status(capacity) is expected


@pytest.mark.parametrize(("first", "second"), [(0, 5), (5, 5), (6, 5), (-1, 3)])
def test_an_sla_policy_needs_two_increasing_positive_deadlines(first: int, second: int) -> None:
    with pytest.raises(SlaPolicyError, match="1 <= first < second"):
        SlaPolicy(first, second)


def test_router_config_reads_the_environment_and_refuses_nonsense() -> None:
    config = RouterConfig.from_env(
        {
            "KITH_SLA_WORKING_DAYS": "3",
            "KITH_SLA_SECOND_WORKING_DAYS": "7",
            "KITH_SLA_SWEEP_MS": "500",
        }
    )
    assert (config.sla.first_working_days, config.sla.second_working_days) == (3, 7)
    assert config.sweep_interval == timedelta(milliseconds=500)
    assert RouterConfig.from_env({}) == RouterConfig()
    with pytest.raises(ValueError, match="KITH_SLA_WORKING_DAYS must be an integer"):
        RouterConfig.from_env({"KITH_SLA_WORKING_DAYS": "five"})
    with pytest.raises(SlaPolicyError):
        RouterConfig.from_env({"KITH_SLA_WORKING_DAYS": "10"})


def test_event_ids_are_stable_per_referral_level_and_type() -> None:
    assert event_id("r1", 1, REFERRAL_ESCALATED) == event_id("r1", 1, REFERRAL_ESCALATED)
    assert event_id("r1", 1, REFERRAL_ESCALATED) != event_id("r1", 2, REFERRAL_ESCALATED)
    assert event_id("r1", 1, REFERRAL_ESCALATED) != event_id("r2", 1, REFERRAL_ESCALATED)


RECEIVED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
offsets = st.integers(min_value=0, max_value=40 * 24 * 3600).map(lambda s: timedelta(seconds=s))
observations = st.lists(
    st.tuples(offsets, st.sampled_from([Status.RECEIVED] * 4 + [Status.ACCEPTED, Status.REJECTED])),
    max_size=30,
)


@settings(deadline=None)
@given(observations=observations)
def test_sweeps_escalate_each_level_once_in_order_and_never_early(
    observations: list[tuple[timedelta, Status]],
) -> None:
    due = deadlines(RECEIVED_AT, SlaPolicy())
    status, level, scheduled = Status.RECEIVED, 0, next_due(0, due)
    done: list[int] = []
    for offset, seen in sorted(observations, key=lambda o: o[0]):
        now = RECEIVED_AT + offset
        status = seen if status is Status.RECEIVED else status  # only leaves `received`
        step = next_step(SlaState(status, level, due), now)
        if step in (Step.ESCALATE, Step.PROPOSE):
            assert status is Status.RECEIVED
            assert now >= (due.first if level == 0 else due.second)
            level += 1
            done.append(level)
            assert step is (Step.ESCALATE if level == 1 else Step.PROPOSE)
        scheduled = next_due(level, due) if step is not Step.STOP else None
    assert done == list(range(1, len(done) + 1))
    assert level <= 2
    if level == 2 or status is not Status.RECEIVED:
        assert (
            next_step(SlaState(status, level, due), RECEIVED_AT + timedelta(days=999)) is Step.STOP
        )
    assert scheduled is None or scheduled in (due.first, due.second)
