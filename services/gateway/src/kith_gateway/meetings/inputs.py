"""GraphQL inputs for case meetings."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from kith_gateway.meetings.domain import DEFAULT_ACCESS_HOURS
from kith_gateway.meetings.participants import Invitee
from kith_gateway.meetings.types import DecisionKind, Recurrence


@strawberry.input(
    description="A person invited by name: a practitioner of an invited organisation."
)
class InviteeInput:
    user_id: str
    organisation_id: strawberry.ID
    role: str | None = strawberry.field(default=None, description='Shown as, e.g. "GP".')

    def invitee(self) -> Invitee:
        return Invitee(self.user_id, str(self.organisation_id), self.role)


@strawberry.input
class ScheduleMeetingInput:
    idempotency_key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    invited_organisation_ids: list[strawberry.ID]
    place: str | None = None
    online_link: str | None = None
    recurrence: Recurrence = Recurrence.NONE
    access_hours_after: int = strawberry.field(
        default=DEFAULT_ACCESS_HOURS,
        description="How long after the end participants may still read the cases.",
    )
    invitees: list[InviteeInput] = strawberry.field(default_factory=list)


@strawberry.input
class InviteToMeetingInput:
    meeting_id: strawberry.ID
    organisation_ids: list[strawberry.ID]
    expected_version: int


@strawberry.input
class MeetingVersionInput:
    meeting_id: strawberry.ID
    expected_version: int


@strawberry.input
class OpenNextMeetingInput:
    meeting_id: strawberry.ID


@strawberry.input
class AddCaseInput:
    idempotency_key: str
    meeting_id: strawberry.ID
    person_id: strawberry.ID
    lead_practitioner: str
    summary: str
    expected_version: int


@strawberry.input
class RecordDecisionInput:
    idempotency_key: str
    case_id: strawberry.ID
    kind: DecisionKind
    text: str
    service_id: strawberry.ID | None = strawberry.field(default=None, description="refer: where")
    tier: int | None = strawberry.field(default=None, description="step-up-tier: to which tier")
    pathway_id: strawberry.ID | None = strawberry.field(
        default=None, description="step-up-tier: on which pathway"
    )


@strawberry.input
class AddActionInput:
    idempotency_key: str
    case_id: strawberry.ID
    description: str
    owner_organisation_id: strawberry.ID
    due_on: date
    owner_user_id: str | None = None


@strawberry.input
class ChangeActionInput:
    action_id: strawberry.ID
    expected_version: int
    idempotency_key: str


@strawberry.input(description="Replace the people invited by name (the chair's agenda edit).")
class SetInviteesInput:
    meeting_id: strawberry.ID
    invitees: list[InviteeInput]
    expected_version: int


@strawberry.input(description="Who was there: organisations and invited people present.")
class RecordAttendanceInput:
    meeting_id: strawberry.ID
    organisation_ids: list[strawberry.ID]
    expected_version: int
    invitee_user_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class EditCaseSummaryInput:
    case_id: strawberry.ID
    summary: str
    expected_version: int = strawberry.field(description="The meeting's version.")


@strawberry.input
class RemoveCaseInput:
    case_id: strawberry.ID
    expected_version: int = strawberry.field(description="The meeting's version.")
