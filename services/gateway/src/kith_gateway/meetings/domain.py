"""Case meetings, pure rules: who sees which case when, the action state machine, the ids
that make the overdue sweep idempotent, and what a reader gets back (plain data, shaped per
organisation by `case_access`). No I/O here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

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
    brought_case: bool = False  # the organisation put the case on the agenda under consent


def case_access(f: CaseFacts) -> Access:
    """Participants read from publication until the window closes; afterwards organisations
    with an open action keep what the action needs. Cover is checked live, so a consent
    withdrawn or an organisation invited later sees the placeholder. An organisation that
    brought a person recorded elsewhere sees its case before publication, as the holder does,
    while the person's consent covers it."""
    if f.holds_person:
        return Access.FULL
    if not f.covered:
        return Access.HIDDEN
    if f.brought_case and f.in_window:
        return Access.FULL
    if f.participant and f.published and f.in_window:
        return Access.FULL
    if f.owns_open_action:
        return Access.ACTION_OWNER
    return Access.HIDDEN


def overdue_event_id(action_id: str, due_on: date) -> str:
    """The same action overdue for the same due date is one event, whichever replica (or how
    many sweeps) notices it; moving the due date makes a new one."""
    return str(uuid.uuid5(_OVERDUE_NAMESPACE, f"{action_id}:{due_on.isoformat()}"))


def native(value: Any) -> Any:
    """A driver temporal value as Python's (plain values pass through)."""
    return value.to_native() if hasattr(value, "to_native") else value


@dataclass(frozen=True)
class ActionView:
    id: str
    case_id: str
    description: str
    owner_organisation_id: str
    owner_user_id: str | None
    due_on: date
    status: str
    version: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> ActionView:
        return cls(
            row["id"], row["case_id"], row["description"], row["owner_organisation_id"],
            row.get("owner_user_id"), native(row["due_on"]),
            row["status"], int(row["version"]),
        )  # fmt: skip


@dataclass(frozen=True)
class DecisionView:
    id: str
    kind: str
    text: str
    referral_id: str | None
    tier: int | None
    early: bool = False  # recorded before the meeting started or its agenda was published


@dataclass(frozen=True)
class ReferralSummary:
    id: str
    status: str
    service_id: str
    service_name: str | None = None


@dataclass(frozen=True)
class CaseView:
    id: str
    person_id: str
    access: Access
    lead_practitioner: str
    summary: str
    review_required: bool
    carried: bool
    needs: tuple[str, ...] = ()
    tier: int | None = None
    referrals: tuple[ReferralSummary, ...] = ()
    actions: tuple[ActionView, ...] = ()
    decisions: tuple[DecisionView, ...] = ()
    pseudonym: str | None = None  # the holding organisation's reference for the person


@dataclass(frozen=True)
class HiddenCase:
    position: int


@dataclass(frozen=True)
class InviteeView:
    user_id: str
    organisation_id: str
    role: str | None
    attended: bool | None  # None until the chair records attendance


@dataclass(frozen=True)
class MeetingView:
    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_link: str | None
    recurrence: str
    series_id: str
    occurrence: int
    host_organisation_id: str
    chair_user_id: str
    invited_organisation_ids: tuple[str, ...]
    version: int
    published_at: datetime | None
    access_until: datetime
    agenda: list[CaseView | HiddenCase] = field(default_factory=list)
    invitees: tuple[InviteeView, ...] = ()
    attended_organisation_ids: tuple[str, ...] | None = None  # None: attendance not recorded
    organisation_names: dict[str, str] = field(default_factory=dict)  # id → name, where known

    def name_of(self, organisation_id: str) -> str:
        return self.organisation_names.get(organisation_id, "an organisation not in the directory")

    @property
    def organisations(self) -> tuple[str, ...]:
        """Everyone at the table: the host, then the invited organisations."""
        return (self.host_organisation_id, *self.invited_organisation_ids)

    @property
    def cases(self) -> list[CaseView]:
        return [item for item in self.agenda if isinstance(item, CaseView)]
