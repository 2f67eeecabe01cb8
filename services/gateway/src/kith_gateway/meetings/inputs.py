"""GraphQL inputs for case meetings."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from kith_gateway.meetings.domain import DEFAULT_ACCESS_HOURS, DecisionKind, Recurrence


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
