"""Referral states, named exactly as HL7 FHIR R4 `Task.status` codes.

The Gravity SDOH Clinical Care IG tracks a referral's progress as a `Task`; using the same
codes (one-to-one, no translation table) means a status read from Kith is already a valid
`Task.status` and a `Task.status` received from a GP system needs no mapping.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    REQUESTED = "requested"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"

    @property
    def fhir_code(self) -> str:
        """The FHIR R4 `Task.status` code (http://hl7.org/fhir/task-status)."""
        return self.value

    @property
    def terminal(self) -> bool:
        """A terminal referral never changes again: a new need means a new referral."""
        return self in TERMINAL


TERMINAL = frozenset(
    {
        Status.REJECTED,
        Status.COMPLETED,
        Status.FAILED,
        Status.CANCELLED,
        Status.ENTERED_IN_ERROR,
    }
)

# Every code of the FHIR R4 TaskStatus value set. `ready` (a task with no one assigned yet) is
# the only one Kith does not use: a referral is always addressed to one service.
FHIR_TASK_STATUS_CODES = frozenset(
    {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    }
)


class UnknownStatus(ValueError):
    """A status code that is not one of ours (and so not a FHIR Task.status Kith uses)."""


def from_fhir(code: str) -> Status:
    try:
        return Status(code)
    except ValueError:
        raise UnknownStatus(f"{code!r} is not a referral status Kith uses") from None
