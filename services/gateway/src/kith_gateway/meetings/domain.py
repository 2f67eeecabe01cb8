"""Case meetings, pure rules: validating what a chair asks for, who sees which case when, the
action state machine and the ids that make the overdue sweep idempotent. No I/O here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kith_gateway.referrals.domain import InvalidReferral

MAX_INVITED = 20
MAX_SUMMARY_CHARS = 600  # a short summary: the story stays in the lead practitioner's record
MAX_TEXT_CHARS = 1000
DEFAULT_ACCESS_HOURS = 72
MAX_ACCESS_HOURS = 24 * 28
PLACEHOLDER = "a case is on the agenda you cannot see"
_OVERDUE_NAMESPACE = uuid.UUID("3b8e6f0a-51c4-4d9e-a2f7-0c6d9b1e7a42")


class InvalidMeeting(InvalidReferral):
    """Input that can never make a valid meeting, case, decision or action (`field` names it)."""


class Recurrence(StrEnum):
    NONE = "none"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"  # every four weeks: MDTs keep their weekday

    @property
    def interval(self) -> timedelta | None:
        days = {"weekly": 7, "fortnightly": 14, "monthly": 28}.get(self.value)
        return timedelta(days=days) if days else None


class DecisionKind(StrEnum):
    STEP_UP_TIER = "step-up-tier"
    REFER = "refer"
    JOINT_VISIT = "joint-visit"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionChange(StrEnum):
    COMPLETE = "complete"
    CANCEL = "cancel"


class ActionTransitionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_ACTION_MOVES = {
    (ActionStatus.OPEN, ActionChange.COMPLETE): ActionStatus.DONE,
    (ActionStatus.OPEN, ActionChange.CANCEL): ActionStatus.CANCELLED,
}


def next_action_status(current: ActionStatus, change: ActionChange) -> ActionStatus:
    """Open actions get done or cancelled; done and cancelled are final (a new action is
    recorded instead), so the record of what happened is never rewritten."""
    try:
        return _ACTION_MOVES[(current, change)]
    except KeyError:
        raise ActionTransitionError(f"an action that is {current} cannot {change}") from None


class Access(StrEnum):
    FULL = "full"  # summary and context: needs, referrals, tier, actions, decisions
    ACTION_OWNER = "action-owner"  # after the window: the summary and the caller's own actions
    HIDDEN = "hidden"  # a placeholder only


@dataclass(frozen=True)
class CaseFacts:
    """What the access rule needs about one case for one organisation at one moment."""

    holds_person: bool  # the organisation recorded the person (and put them on the agenda)
    participant: bool  # host or invited
    covered: bool  # a valid care-coordination consent or safeguarding basis covers it now
    published: bool
    in_window: bool  # now is before the meeting's end plus its access window
    owns_open_action: bool


def case_access(f: CaseFacts) -> Access:
    """Participants read from publication until the window closes; afterwards organisations
    with an open action keep what the action needs. Cover is checked live, so a consent
    withdrawn or an organisation invited later sees the placeholder."""
    if f.holds_person:
        return Access.FULL
    if not f.covered:
        return Access.HIDDEN
    if f.participant and f.published and f.in_window:
        return Access.FULL
    if f.owns_open_action:
        return Access.ACTION_OWNER
    return Access.HIDDEN


def overdue_event_id(action_id: str, due_on: date) -> str:
    """The same action overdue for the same due date is one event, whichever replica (or how
    many sweeps) notices it; moving the due date makes a new one."""
    return str(uuid.uuid5(_OVERDUE_NAMESPACE, f"{action_id}:{due_on.isoformat()}"))
