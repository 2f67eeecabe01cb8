"""GraphQL mutations editing a scheduled meeting: invited people, attendance, a case's summary
and taking a case off the agenda. `MeetingMutation` inherits these, so the schema needs no
new mixin. Thin like `mutations.py`: check the role, call the handler, map refusals."""

from __future__ import annotations

from typing import Annotated

import strawberry
from kith_common.auth import Role

from kith_gateway.kernel.graphql import Info
from kith_gateway.meetings import agenda_edits, attendance, invitees
from kith_gateway.meetings.access import chair_scope, practitioner_scope
from kith_gateway.meetings.inputs import (
    EditCaseSummaryInput,
    RecordAttendanceInput,
    RemoveCaseInput,
    SetInviteesInput,
)
from kith_gateway.meetings.resolving import EXPECTED, Refusal, now, refusal, scoped
from kith_gateway.meetings.results import AgendaChanged

EditResult = Annotated[AgendaChanged | Refusal, strawberry.union("MeetingEditResult")]


def _as_chair(info: Info) -> bool:
    return info.context.require_principal().has(Role.MEETING_CHAIR)


@strawberry.type
class MeetingEditMutation:
    @strawberry.mutation(description="Replace the people invited by name (chair only).")
    async def set_meeting_invitees(self, info: Info, input: SetInviteesInput) -> EditResult:
        scope = scoped(info, chair_scope)
        given = [i.invitee() for i in input.invitees]
        try:
            version = await invitees.set_invitees(
                info.context.graph, scope, str(input.meeting_id), given, input.expected_version
            )
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=input.meeting_id, version=version)

    @strawberry.mutation(description="Record who was present (chair, from the start on).")
    async def record_meeting_attendance(
        self, info: Info, input: RecordAttendanceInput
    ) -> EditResult:
        scope = scoped(info, chair_scope)
        try:
            version = await attendance.record_attendance(
                info.context.graph, scope, str(input.meeting_id),
                [str(o) for o in input.organisation_ids], list(input.invitee_user_ids),
                input.expected_version, now(info),
            )  # fmt: skip
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=input.meeting_id, version=version)

    @strawberry.mutation(description="Change a case's summary before the meeting ends.")
    async def edit_meeting_case(self, info: Info, input: EditCaseSummaryInput) -> EditResult:
        scope = scoped(info, practitioner_scope)
        try:
            done = await agenda_edits.edit_summary(
                info.context.graph, scope, str(input.case_id), input.summary,
                input.expected_version, now(info), _as_chair(info),
            )  # fmt: skip
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=strawberry.ID(done.meeting_id), version=done.version)

    @strawberry.mutation(description="Take a case off the agenda (never one with outcomes).")
    async def remove_meeting_case(self, info: Info, input: RemoveCaseInput) -> EditResult:
        scope = scoped(info, practitioner_scope)
        try:
            done = await agenda_edits.remove_case(
                info.context.graph, scope, str(input.case_id), input.expected_version,
                now(info), _as_chair(info),
            )  # fmt: skip
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=strawberry.ID(done.meeting_id), version=done.version)
