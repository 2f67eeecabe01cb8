"""GraphQL output types for case meetings: thin copies of the domain's views, and the results
of the mutations.

The domain's enums are registered with their GraphQL names once, here: every GraphQL module
takes them from this module, so the names do not depend on which module the schema imports
first."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from kith_gateway.meetings import agenda, outcomes
from kith_gateway.meetings.domain import (
    PLACEHOLDER,
    Access,
    ActionView,
    CaseView,
    DecisionView,
    HiddenCase,
    InviteeView,
    MeetingView,
)
from kith_gateway.meetings.domain import DecisionKind as DecisionKind  # registered below
from kith_gateway.meetings.domain import Recurrence as Recurrence  # (inputs take them here)

strawberry.enum(Access, name="CaseAccess")
strawberry.enum(Recurrence, name="MeetingRecurrence")
strawberry.enum(DecisionKind, name="DecisionKind")


@strawberry.type(name="MeetingAction")
class ActionType:
    id: strawberry.ID
    case_id: strawberry.ID
    description: str
    owner_organisation_id: strawberry.ID
    owner_user_id: str | None
    due_on: date
    status: str = strawberry.field(description="open, done or cancelled")
    version: int

    @classmethod
    def of(cls, a: ActionView) -> ActionType:
        return cls(
            id=strawberry.ID(a.id), case_id=strawberry.ID(a.case_id), description=a.description,
            owner_organisation_id=strawberry.ID(a.owner_organisation_id),
            owner_user_id=a.owner_user_id, due_on=a.due_on, status=a.status, version=a.version,
        )  # fmt: skip


@strawberry.type(name="MeetingDecision")
class DecisionType:
    id: strawberry.ID
    kind: str
    text: str
    referral_id: strawberry.ID | None
    tier: int | None
    early: bool = strawberry.field(
        description="Recorded before the meeting started or its agenda was published."
    )

    @classmethod
    def of(cls, d: DecisionView) -> DecisionType:
        ref = strawberry.ID(d.referral_id) if d.referral_id else None
        return cls(id=strawberry.ID(d.id), kind=d.kind, text=d.text, referral_id=ref, tier=d.tier,
                   early=d.early)  # fmt: skip


@strawberry.type
class CaseReferral:
    id: strawberry.ID
    status: str
    service_id: strawberry.ID
    service_name: str | None


@strawberry.type(description="An organisation's id and its name in the directory.")
class OrganisationName:
    id: strawberry.ID
    name: str


@strawberry.type(description="A case you may see; context is empty for ACTION_OWNER access.")
class AgendaCase:
    id: strawberry.ID
    person_id: strawberry.ID
    access: Access
    lead_practitioner: str
    summary: str
    review_required: bool = strawberry.field(
        description="Shared under a safeguarding basis with someone: to be reviewed."
    )
    carried_forward: bool
    pseudonym: str | None = strawberry.field(
        description="The holding organisation's reference for the person."
    )
    needs: list[str]
    tier: int | None
    referrals: list[CaseReferral]
    actions: list[ActionType]
    decisions: list[DecisionType]

    @classmethod
    def of(cls, c: CaseView) -> AgendaCase:
        refs = [CaseReferral(id=strawberry.ID(r.id), status=r.status, service_name=r.service_name,
                             service_id=strawberry.ID(r.service_id)) for r in c.referrals]  # fmt: skip
        return cls(
            id=strawberry.ID(c.id), person_id=strawberry.ID(c.person_id), access=c.access,
            lead_practitioner=c.lead_practitioner, summary=c.summary,
            review_required=c.review_required, carried_forward=c.carried, pseudonym=c.pseudonym,
            needs=list(c.needs),
            tier=c.tier, referrals=refs, actions=[ActionType.of(a) for a in c.actions],
            decisions=[DecisionType.of(d) for d in c.decisions],
        )  # fmt: skip


@strawberry.type(description="A case on the agenda that your organisation may not see.")
class RestrictedCase:
    position: int
    message: str = PLACEHOLDER


@strawberry.type(description="A person invited by name (a practitioner, never the patient).")
class MeetingInvitee:
    user_id: str
    organisation_id: strawberry.ID
    role: str | None = strawberry.field(description='How they are shown, e.g. "GP".')
    attended: bool | None = strawberry.field(description="Null until attendance is recorded.")

    @classmethod
    def of(cls, i: InviteeView) -> MeetingInvitee:
        return cls(user_id=i.user_id, organisation_id=strawberry.ID(i.organisation_id),
                   role=i.role, attended=i.attended)  # fmt: skip


AgendaItem = Annotated[AgendaCase | RestrictedCase, strawberry.union("AgendaItem")]


@strawberry.type
class Meeting:
    id: strawberry.ID
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_link: str | None
    recurrence: str
    series_id: strawberry.ID
    occurrence: int
    host_organisation_id: strawberry.ID
    chair_user_id: str
    invited_organisation_ids: list[strawberry.ID]
    invitees: list[MeetingInvitee]
    attended_organisation_ids: list[strawberry.ID] | None = strawberry.field(
        description="Organisations present; null until the chair records attendance."
    )
    version: int = strawberry.field(description="Send it back as expectedVersion to edit.")
    published_at: datetime | None
    access_until: datetime = strawberry.field(description="When participants' access ends.")
    agenda: list[AgendaItem]
    organisation_names: list[OrganisationName] = strawberry.field(
        description="Names of the organisations this meeting mentions (host, invited, owners)."
    )

    @classmethod
    def of(cls, v: MeetingView) -> Meeting:
        agenda: list[AgendaCase | RestrictedCase] = [
            RestrictedCase(position=i.position) if isinstance(i, HiddenCase) else AgendaCase.of(i)
            for i in v.agenda
        ]
        return cls(
            id=strawberry.ID(v.id), title=v.title, starts_at=v.starts_at, ends_at=v.ends_at,
            place=v.place, online_link=v.online_link, recurrence=v.recurrence,
            series_id=strawberry.ID(v.series_id), occurrence=v.occurrence,
            host_organisation_id=strawberry.ID(v.host_organisation_id),
            chair_user_id=v.chair_user_id,
            invited_organisation_ids=[strawberry.ID(o) for o in v.invited_organisation_ids],
            invitees=[MeetingInvitee.of(i) for i in v.invitees],
            attended_organisation_ids=None if v.attended_organisation_ids is None
            else [strawberry.ID(o) for o in v.attended_organisation_ids],
            version=v.version, published_at=v.published_at, access_until=v.access_until,
            agenda=agenda, organisation_names=[
                OrganisationName(id=strawberry.ID(k), name=n)
                for k, n in sorted(v.organisation_names.items())
            ],
        )  # fmt: skip


@strawberry.type
class PersonMeeting:
    meeting_id: strawberry.ID
    title: str
    starts_at: datetime
    case: AgendaCase


@strawberry.type
class ConsentCoverageError:
    message: str
    organisations_without_cover: int = strawberry.field(
        description="How many organisations lack cover (never which person data)."
    )


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
