"""GraphQL mutations for case meetings. Thin: check the role, validate, call the handler,
map refusals to typed results (`resolvers.refusal`): scheduling, the agenda, outcomes and
actions, and the edits of a scheduled meeting (invited people, attendance, a case's summary,
taking a case off the agenda)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from kith_common.auth import Role

from kith_gateway.kernel.graphql import Info
from kith_gateway.meetings import actions, agenda, outcomes, participants, schedule
from kith_gateway.meetings.access import chair_scope, practitioner_scope, reader_scope
from kith_gateway.meetings.commands import (
    validate_action,
    validate_case,
    validate_decision,
    validate_meeting,
)
from kith_gateway.meetings.domain import ActionChange
from kith_gateway.meetings.inputs import (
    AddActionInput,
    AddCaseInput,
    ChangeActionInput,
    EditCaseSummaryInput,
    InviteToMeetingInput,
    MeetingVersionInput,
    OpenNextMeetingInput,
    RecordAttendanceInput,
    RecordDecisionInput,
    RemoveCaseInput,
    ScheduleMeetingInput,
    SetInviteesInput,
)
from kith_gateway.meetings.resolvers import EXPECTED, Refusal, now, refusal, scoped
from kith_gateway.meetings.types import (
    ActionAdded,
    ActionChanged,
    AgendaChanged,
    CaseAdded,
    DecisionRecorded,
    MeetingScheduled,
)

ScheduleResult = Annotated[MeetingScheduled | Refusal, strawberry.union("ScheduleMeetingResult")]
AgendaResult = Annotated[AgendaChanged | Refusal, strawberry.union("AgendaChangeResult")]
CaseResult = Annotated[CaseAdded | Refusal, strawberry.union("AddCaseResult")]
DecisionResult = Annotated[DecisionRecorded | Refusal, strawberry.union("RecordDecisionResult")]
ActionResult = Annotated[ActionAdded | Refusal, strawberry.union("AddActionResult")]
ChangeResult = Annotated[ActionChanged | Refusal, strawberry.union("ChangeActionResult")]
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
            version = await participants.set_invitees(
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
            version = await participants.record_attendance(
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
            done = await agenda.edit_summary(
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
            done = await agenda.remove_case(
                info.context.graph, scope, str(input.case_id), input.expected_version,
                now(info), _as_chair(info),
            )  # fmt: skip
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=strawberry.ID(done.meeting_id), version=done.version)


@strawberry.type
class MeetingMutation(MeetingEditMutation):
    @strawberry.mutation(description="Schedule a meeting (or a series); invites are events.")
    async def schedule_meeting(self, info: Info, input: ScheduleMeetingInput) -> ScheduleResult:
        scope = scoped(info, chair_scope)
        try:
            new = validate_meeting(
                idempotency_key=input.idempotency_key, title=input.title,
                starts_at=input.starts_at, ends_at=input.ends_at, place=input.place,
                online_link=input.online_link, recurrence=input.recurrence,
                invited=[str(o) for o in input.invited_organisation_ids],
                access_hours=input.access_hours_after, host=scope.organisation_id,
                invitees=[i.invitee() for i in input.invitees],
            )  # fmt: skip
            done = await schedule.schedule_meeting(info.context.graph, scope, new)
        except EXPECTED as exc:
            return refusal(exc)
        return MeetingScheduled(meeting_id=strawberry.ID(done.id), created=done.created)

    @strawberry.mutation
    async def open_next_meeting(self, info: Info, input: OpenNextMeetingInput) -> ScheduleResult:
        scope = scoped(info, chair_scope)
        try:
            done = await schedule.open_next(info.context.graph, scope, str(input.meeting_id))
        except EXPECTED as exc:
            return refusal(exc)
        return MeetingScheduled(meeting_id=strawberry.ID(done.id), created=done.created)

    @strawberry.mutation
    async def invite_to_meeting(self, info: Info, input: InviteToMeetingInput) -> AgendaResult:
        scope = scoped(info, chair_scope)
        orgs = [str(o) for o in input.organisation_ids]
        try:
            version = await schedule.invite(
                info.context.graph, scope, str(input.meeting_id), orgs, input.expected_version
            )
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=input.meeting_id, version=version)

    @strawberry.mutation(description="Participants may read the cases from now on.")
    async def publish_agenda(self, info: Info, input: MeetingVersionInput) -> AgendaResult:
        scope = scoped(info, chair_scope)
        graph, meeting_id = info.context.graph, str(input.meeting_id)
        try:
            version = await schedule.publish(
                graph, scope, meeting_id, input.expected_version, now(info)
            )
        except EXPECTED as exc:
            return refusal(exc)
        return AgendaChanged(meeting_id=input.meeting_id, version=version)

    @strawberry.mutation(description="Put a person on the agenda: every organisation covered.")
    async def add_case_to_meeting(self, info: Info, input: AddCaseInput) -> CaseResult:
        scope = scoped(info, practitioner_scope)
        try:
            new = validate_case(
                idempotency_key=input.idempotency_key, meeting_id=str(input.meeting_id),
                person_id=str(input.person_id), lead_practitioner=input.lead_practitioner,
                summary=input.summary, expected_version=input.expected_version,
            )  # fmt: skip
            done = await agenda.add_case(info.context.graph, scope, new, now(info))
        except EXPECTED as exc:
            return refusal(exc)
        return CaseAdded.of(done)

    @strawberry.mutation
    async def record_meeting_decision(
        self, info: Info, input: RecordDecisionInput
    ) -> DecisionResult:
        scope = scoped(info, reader_scope)
        try:
            new = validate_decision(
                idempotency_key=input.idempotency_key, case_id=str(input.case_id),
                kind=input.kind, text=input.text,
                service_id=str(input.service_id) if input.service_id else None, tier=input.tier,
                pathway_id=str(input.pathway_id) if input.pathway_id else None,
            )  # fmt: skip
            done = await outcomes.record_decision(info.context.graph, scope, new, now(info))
        except EXPECTED as exc:
            return refusal(exc)
        return DecisionRecorded.of(done)

    @strawberry.mutation
    async def add_meeting_action(self, info: Info, input: AddActionInput) -> ActionResult:
        scope = scoped(info, reader_scope)
        try:
            new = validate_action(
                idempotency_key=input.idempotency_key, case_id=str(input.case_id),
                description=input.description,
                owner_organisation_id=str(input.owner_organisation_id),
                owner_user_id=input.owner_user_id, due_on=input.due_on,
            )  # fmt: skip
            done = await outcomes.add_action(info.context.graph, scope, new, now(info))
        except EXPECTED as exc:
            return refusal(exc)
        return ActionAdded(action_id=strawberry.ID(done.id), version=done.version,
                           created=done.created)  # fmt: skip

    @strawberry.mutation
    async def complete_meeting_action(self, info: Info, input: ChangeActionInput) -> ChangeResult:
        return await _change(info, input, ActionChange.COMPLETE)

    @strawberry.mutation
    async def cancel_meeting_action(self, info: Info, input: ChangeActionInput) -> ChangeResult:
        return await _change(info, input, ActionChange.CANCEL)


async def _change(
    info: Info, input: ChangeActionInput, change: ActionChange
) -> ActionChanged | Refusal:
    scope = scoped(info, reader_scope)
    try:
        done = await actions.change_action(
            info.context.graph, scope, str(input.action_id), change,
            input.expected_version, input.idempotency_key, now(info),
        )  # fmt: skip
    except EXPECTED as exc:
        return refusal(exc)
    return ActionChanged(action_id=input.action_id, status=done.status.value,
                         version=done.version, replayed=done.replayed)  # fmt: skip
