"""What a reader gets back (plain data, shaped per organisation by `domain.case_access`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kith_gateway.meetings.domain import Access


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
        due = row["due_on"]
        return cls(
            row["id"], row["case_id"], row["description"], row["owner_organisation_id"],
            row.get("owner_user_id"), due.to_native() if hasattr(due, "to_native") else due,
            row["status"], int(row["version"]),
        )  # fmt: skip


@dataclass(frozen=True)
class DecisionView:
    id: str
    kind: str
    text: str
    referral_id: str | None
    tier: int | None


@dataclass(frozen=True)
class ReferralSummary:
    id: str
    status: str
    service_id: str


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

    @property
    def organisations(self) -> tuple[str, ...]:
        """Everyone at the table: the host, then the invited organisations."""
        return (self.host_organisation_id, *self.invited_organisation_ids)

    @property
    def cases(self) -> list[CaseView]:
        return [item for item in self.agenda if isinstance(item, CaseView)]
