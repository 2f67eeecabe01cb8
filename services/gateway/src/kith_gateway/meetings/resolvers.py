"""GraphQL queries for case meetings (a meeting as your organisation may see it now, its
minutes, a person's meeting history), and what the whole GraphQL edge shares: the clock,
scopes as GraphQL errors, refusals as typed results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import strawberry
from kith_common.auth import Principal

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import (
    ConflictError,
    ConsentRequiredError,
    Info,
    InputError,
    NotFoundError,
    TransitionError,
    forbidden,
)
from kith_gateway.meetings import audience, board, cover
from kith_gateway.meetings.access import MeetingRefused, practitioner_scope, reader_scope
from kith_gateway.meetings.board_types import (
    BoardAction,
    CaseCheck,
    CaseCheckResult,
    MeetingListItem,
    MeetingService,
    OrganisationAudience,
)
from kith_gateway.meetings.domain import ActionTransitionError
from kith_gateway.meetings.minutes import render_markdown
from kith_gateway.meetings.reading import person_history, read_meeting
from kith_gateway.meetings.types import (
    AgendaCase,
    ConsentCoverageError,
    Meeting,
    OrganisationName,
    PersonMeeting,
)
from kith_gateway.referrals.domain import InvalidReferral

Refusal = (
    InputError
    | NotFoundError
    | ConflictError
    | ConsentCoverageError
    | ConsentRequiredError
    | TransitionError
)
EXPECTED = (MeetingRefused, InvalidReferral, ActionTransitionError)
MAX_RANGE = timedelta(days=400)  # a year's calendar and a bit


def now(info: Info) -> datetime:
    """The server's clock, from the context (a test or a replay tool passes its own).
    Never a client-supplied time: the access window must not be the caller's to choose."""
    return info.context.clock()


def scoped(info: Info, make: Callable[[Principal], Scope]) -> Scope:
    try:
        return make(info.context.require_principal())
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def refusal(exc: Exception) -> Refusal:
    if isinstance(exc, InvalidReferral):
        return InputError(field=exc.field, message=exc.message)
    if isinstance(exc, ActionTransitionError):
        return TransitionError(code="invalid-transition", message=exc.message)
    if not isinstance(exc, MeetingRefused):
        raise exc
    if exc.kind == MeetingRefused.NOT_FOUND:
        return NotFoundError(message=exc.message)
    if exc.kind == MeetingRefused.CONSENT:
        return ConsentCoverageError(message=exc.message, organisations_without_cover=exc.uncovered)
    if exc.kind == MeetingRefused.REFERRAL_CONSENT:
        return ConsentRequiredError(message=exc.message)
    if exc.kind == MeetingRefused.STATE:
        return TransitionError(code=exc.code, message=exc.message)
    if exc.kind == MeetingRefused.INVALID:
        return InputError(field=exc.field or "meetingId", message=exc.message)
    return ConflictError(message=exc.message, current_version=exc.current_version)


@strawberry.type
class MeetingQuery:
    @strawberry.field(description="Null when the meeting is not yours to see. Reads are audited.")
    async def meeting(self, info: Info, id: strawberry.ID) -> Meeting | None:
        scope = scoped(info, reader_scope)
        view = await read_meeting(info.context.graph, scope, str(id), now(info))
        return Meeting.of(view) if view else None

    @strawberry.field(description="The minutes as markdown, with only what you may see.")
    async def meeting_minutes(self, info: Info, id: strawberry.ID) -> str | None:
        scope = scoped(info, reader_scope)
        graph, when = info.context.graph, now(info)
        view = await read_meeting(graph, scope, str(id), when, "meeting.minutes.read")
        return render_markdown(view, scope.organisation_id) if view else None

    @strawberry.field(description="Meetings the person was discussed in that you may see.")
    async def person_meetings(self, info: Info, person_id: strawberry.ID) -> list[PersonMeeting]:
        scope = scoped(info, reader_scope)
        entries = await person_history(info.context.graph, scope, str(person_id), now(info))
        return [
            PersonMeeting(
                meeting_id=strawberry.ID(e.meeting.id),
                title=e.meeting.title,
                starts_at=e.meeting.starts_at,
                case=AgendaCase.of(e.case),
            )
            for e in entries
        ]

    @strawberry.field(description="Your organisation's meetings starting in [start, end).")
    async def my_meetings(
        self, info: Info, start: datetime, end: datetime
    ) -> list[MeetingListItem]:
        scope = scoped(info, reader_scope)
        rows = await board.my_meetings(
            info.context.graph, scope, start, min(end, start + MAX_RANGE)
        )
        return [MeetingListItem.of(r) for r in rows]

    @strawberry.field(description="Your organisation's meeting actions, overdue first; "
                      "`mine`: only the ones you own by name.")  # fmt: skip
    async def my_meeting_actions(self, info: Info, mine: bool = False) -> list[BoardAction]:
        scope, when = scoped(info, reader_scope), now(info)
        actions = await board.action_board(info.context.graph, scope, when, mine)
        return [BoardAction.of(a, when.date()) for a in actions]

    @strawberry.field(description="Per organisation at the meeting, which of the cases you "
                      "see its consent covers (what each attendee may see).")  # fmt: skip
    async def meeting_audience(
        self, info: Info, meeting_id: strawberry.ID
    ) -> list[OrganisationAudience]:
        scope = scoped(info, reader_scope)
        found = await audience.meeting_audience(
            info.context.graph, scope, str(meeting_id), now(info)
        )
        return [OrganisationAudience.of(a) for a in found]

    @strawberry.field(description="Before adding a case: whom the person's care-coordination "
                      "consent covers at this meeting. `recordedBy`: the organisation that "
                      "recorded the person, when not yours (its consent must cover yours).")  # fmt: skip
    async def meeting_case_check(
        self, info: Info, meeting_id: strawberry.ID, person_pseudonym: str,
        recorded_by: strawberry.ID | None = None,
    ) -> CaseCheckResult:  # fmt: skip
        scope = scoped(info, practitioner_scope)
        holder = str(recorded_by) if recorded_by else None
        try:
            found = await cover.check_case(
                info.context.graph, scope, str(meeting_id), person_pseudonym, now(info), holder
            )
        except MeetingRefused as exc:
            return NotFoundError(message=exc.message)
        return CaseCheck.of(found)

    @strawberry.field(description="Organisations a chair can invite, by name.")
    async def meeting_organisations(self, info: Info) -> list[OrganisationName]:
        scoped(info, reader_scope)
        rows = await board.organisations(info.context.graph)
        return [OrganisationName(id=strawberry.ID(r["id"]), name=r["name"]) for r in rows]

    @strawberry.field(description="Services of the meeting's organisations (to refer to).")
    async def meeting_services(self, info: Info, meeting_id: strawberry.ID) -> list[MeetingService]:
        scope = scoped(info, reader_scope)
        rows = await board.services(info.context.graph, scope, str(meeting_id))
        return [MeetingService(id=strawberry.ID(r["id"]), name=r["name"],
                               organisation_id=strawberry.ID(r["organisation_id"]),
                               organisation_name=r["organisation_name"]) for r in rows]  # fmt: skip
