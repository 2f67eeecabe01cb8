"""GraphQL outputs of an organisation's view across meetings (`board.py`): `myMeetings`,
`myMeetingActions` and `meetingCaseCheck` (the queries are in `resolvers.py`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import NotFoundError
from kith_gateway.meetings import audience, board
from kith_gateway.meetings import cover as covers


@strawberry.type(description="A meeting your organisation hosts or is invited to (no people).")
class MeetingListItem:
    id: strawberry.ID
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_link: str | None
    recurrence: str
    hosting: bool = strawberry.field(description="True when your organisation hosts it.")
    host_name: str
    published: bool
    cases: int = strawberry.field(description="How many cases are on the agenda.")

    @classmethod
    def of(cls, r: board.MeetingListed) -> MeetingListItem:
        return cls(**{**vars(r), "id": strawberry.ID(r.id)})


@strawberry.type(description="An action your organisation owns.")
class BoardAction:
    id: strawberry.ID
    description: str
    due_on: date
    status: str
    version: int
    owner_user_id: str | None
    meeting_id: strawberry.ID
    meeting_title: str
    overdue: bool
    series: bool = strawberry.field(description="The meeting is one of a series.")
    hosting: bool = strawberry.field(description="Your organisation hosts the meeting.")
    next_meeting_id: strawberry.ID | None = strawberry.field(
        description="The series' next meeting, once opened."
    )
    carried: bool = strawberry.field(description="Carried forward to the next meeting.")

    @classmethod
    def of(cls, a: board.BoardAction, today: date) -> BoardAction:
        return cls(
            id=strawberry.ID(a.id), description=a.description, due_on=a.due_on,
            status=a.status, version=a.version, owner_user_id=a.owner_user_id,
            meeting_id=strawberry.ID(a.meeting_id), meeting_title=a.meeting_title,
            overdue=a.overdue(today), series=a.series, hosting=a.hosting,
            next_meeting_id=strawberry.ID(a.next_meeting_id) if a.next_meeting_id else None,
            carried=a.carried,
        )  # fmt: skip


@strawberry.type(description="Whether the person's care-coordination consent covers one "
                 "organisation at the meeting.")  # fmt: skip
class OrganisationCover:
    organisation_id: strawberry.ID
    name: str
    covered: bool
    safeguarding_only: bool = strawberry.field(
        description="Covered only by a safeguarding basis (to be reviewed)."
    )


@strawberry.type
class CaseCheck:
    person_id: strawberry.ID
    holder_organisation_id: strawberry.ID = strawberry.field(
        description="The organisation that recorded the person."
    )
    holder_name: str
    cover: list[OrganisationCover]
    missing: list[OrganisationCover] = strawberry.field(
        description="Organisations the consent does not cover: the case cannot be added yet."
    )

    @classmethod
    def of(cls, found: covers.CaseCheck) -> CaseCheck:
        return cls(person_id=strawberry.ID(found.person_id),
                   holder_organisation_id=strawberry.ID(found.holder_organisation_id),
                   holder_name=found.holder_name, cover=[_cover(c) for c in found.cover],
                   missing=[_cover(c) for c in found.missing])  # fmt: skip


def _cover(c: covers.Cover) -> OrganisationCover:
    return OrganisationCover(organisation_id=strawberry.ID(c.organisation_id), name=c.name,
                             covered=c.covered, safeguarding_only=c.safeguarding_only)  # fmt: skip


@strawberry.type(description="A case on the agenda, as one organisation at the meeting sees it.")
class AudienceCase:
    case_id: strawberry.ID
    pseudonym: str | None
    covered: bool = strawberry.field(
        description="The person's consent covers the organisation (or it recorded them)."
    )
    safeguarding_only: bool


@strawberry.type(description="For one organisation at the meeting: the cases it may see.")
class OrganisationAudience:
    organisation_id: strawberry.ID
    name: str
    cases: list[AudienceCase] = strawberry.field(
        description="Only cases you see in full are listed."
    )

    @classmethod
    def of(cls, a: audience.OrganisationAudience) -> OrganisationAudience:
        cases = [AudienceCase(case_id=strawberry.ID(c.case_id), pseudonym=c.pseudonym,
                              covered=c.covered, safeguarding_only=c.safeguarding_only)
                 for c in a.cases]  # fmt: skip
        return cls(organisation_id=strawberry.ID(a.organisation_id), name=a.name, cases=cases)


@strawberry.type(description="A service one of the meeting's organisations provides.")
class MeetingService:
    id: strawberry.ID
    name: str
    organisation_id: strawberry.ID
    organisation_name: str


CaseCheckResult = Annotated[CaseCheck | NotFoundError, strawberry.union("CaseCheckResult")]
