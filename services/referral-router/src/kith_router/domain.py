"""The router's rules, plain Python: what a service's capacity means for a delivered referral,
when a received referral's SLA deadlines fall, and what the sweep does about it next.

`business_status` is a FHIR `Task.businessStatus`-style code: the Task stays `received` (only
the receiving organisation may accept or reject), and the code says why it may not move soon.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kith_common.events import EventType
from kith_referrals import Status
from kith_referrals.calendar import due_after

# Fixed namespace: an escalation's events get the same ids in every router replica, so the
# outbox (MERGE on the id) and JetStream (Nats-Msg-Id) both drop a second copy.
_SLA_NAMESPACE = uuid.UUID("0b7c9e4a-58d1-4f63-a2c4-91d7e3f5a8b6")


class BusinessStatus(StrEnum):
    DELIVERED = "delivered"  # open, or capacity not published: nothing to flag
    WAITLISTED = "waitlisted"
    SERVICE_CLOSED = "service-closed"
    ASSESSMENT_REQUIRED = "assessment-required"


# The directory's `capacity_status` values (ORUK `service_capacity`, Kith's four states).
_FOR_CAPACITY = {
    "open": BusinessStatus.DELIVERED,
    "waitlist": BusinessStatus.WAITLISTED,
    "closed": BusinessStatus.SERVICE_CLOSED,
    "additional-assessment": BusinessStatus.ASSESSMENT_REQUIRED,
}


def business_status(capacity_status: str | None) -> BusinessStatus:
    """Unknown or unpublished capacity delivers unflagged: most listings publish none, and a
    guess would tell referrers a service is full when nobody said so."""
    return _FOR_CAPACITY.get(capacity_status or "", BusinessStatus.DELIVERED)


class SlaPolicyError(ValueError):
    """SLA settings that cannot work (a second deadline not after the first...)."""


@dataclass(frozen=True)
class SlaPolicy:
    first_working_days: int = 5  # escalate (level 1) if not accepted or rejected by then
    second_working_days: int = 10  # propose the next-best service (level 2)

    def __post_init__(self) -> None:
        if not 1 <= self.first_working_days < self.second_working_days:
            raise SlaPolicyError(
                "SLA working days must satisfy 1 <= first < second, got"
                f" {self.first_working_days} and {self.second_working_days}"
            )


@dataclass(frozen=True)
class Deadlines:
    first: datetime
    second: datetime


def deadlines(received_at: datetime, policy: SlaPolicy) -> Deadlines:
    return Deadlines(
        due_after(received_at, policy.first_working_days),
        due_after(received_at, policy.second_working_days),
    )


class Step(StrEnum):
    WAIT = "wait"  # not due yet (or no longer due): reschedule
    STOP = "stop"  # left `received`, or both levels done: the timer ends
    ESCALATE = "escalate"  # level 1: the referrer and the receiving organisation's lead
    PROPOSE = "propose"  # level 2: escalate again and propose the next-best service


@dataclass(frozen=True)
class SlaState:
    status: Status
    level: int  # how many escalations happened: 0, 1 or 2
    due: Deadlines


def next_step(state: SlaState, now: datetime) -> Step:
    """One level per sweep: a router that was down for weeks escalates, then proposes on the
    next pass, so each level's facts are announced once and in order."""
    if state.status is not Status.RECEIVED or state.level >= 2:
        return Step.STOP
    if state.level == 0:
        return Step.ESCALATE if now >= state.due.first else Step.WAIT
    return Step.PROPOSE if now >= state.due.second else Step.WAIT


def next_due(level: int, due: Deadlines) -> datetime | None:
    """When the sweep should look at a referral at `level` again (None: never)."""
    return {0: due.first, 1: due.second}.get(level)


def sla_id(referral_id: str, level: int, what: str) -> str:
    """A stable id for one level's record or event of one referral."""
    return str(uuid.uuid5(_SLA_NAMESPACE, f"{referral_id}:{level}:{what}"))


def event_id(referral_id: str, level: int, event_type: EventType) -> str:
    return sla_id(referral_id, level, event_type.key)
