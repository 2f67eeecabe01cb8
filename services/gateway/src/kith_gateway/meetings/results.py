"""GraphQL results of the meeting mutations."""

from __future__ import annotations

import strawberry

from kith_gateway.meetings import agenda, outcomes


@strawberry.type
class MeetingScheduled:
    meeting_id: strawberry.ID
    created: bool = strawberry.field(description="False when an earlier request did it.")


@strawberry.type
class AgendaChanged:
    meeting_id: strawberry.ID
    version: int


@strawberry.type
class CaseAdded:
    case_id: strawberry.ID
    meeting_version: int | None = strawberry.field(description="Null on a replay.")
    review_required: bool
    created: bool

    @classmethod
    def of(cls, done: agenda.CaseAdded) -> CaseAdded:
        return cls(case_id=strawberry.ID(done.case_id), meeting_version=done.meeting_version,
                   review_required=done.review_required, created=done.created)  # fmt: skip


@strawberry.type
class DecisionRecorded:
    decision_id: strawberry.ID
    referral_id: strawberry.ID | None
    created: bool

    @classmethod
    def of(cls, done: outcomes.Recorded) -> DecisionRecorded:
        ref = strawberry.ID(done.referral_id) if done.referral_id else None
        return cls(decision_id=strawberry.ID(done.id), referral_id=ref, created=done.created)


@strawberry.type
class ActionAdded:
    action_id: strawberry.ID
    version: int
    created: bool


@strawberry.type
class ActionChanged:
    action_id: strawberry.ID
    status: str
    version: int
    replayed: bool
