"""GraphQL queries for case meetings: a meeting as your organisation may see it now, and a
person's meeting history."""

from __future__ import annotations

import strawberry

from kith_gateway.kernel.graphql import Info
from kith_gateway.meetings.access import reader_scope
from kith_gateway.meetings.history import person_history
from kith_gateway.meetings.minutes import render_markdown
from kith_gateway.meetings.reading import read_meeting
from kith_gateway.meetings.resolving import now, scoped
from kith_gateway.meetings.types import AgendaCase, Meeting, PersonMeeting


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
