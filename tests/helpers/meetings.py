"""A multi-agency world on the real graph: a GP practice (hosts, holds the person), an
ambulance service, a housing team and a VCS health coach; a client that runs the gateway's
real GraphQL schema as a given user with a frozen, movable clock."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import strawberry
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_gateway.context import Context

from tests.support import SchemaClient

GP, AMBULANCE, HOUSING, VCS = "org-gp", "org-ambulance", "org-housing", "org-vcs-coach"
HOUSING_SERVICE = str(uuid.uuid4())
AREA = "E01010568"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # "now" when the meeting is set up

SEED = """
CREATE (:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA'})
CREATE (:Organisation {id: $gp, name: 'Moorside GP practice'})
CREATE (:Organisation {id: $amb, name: 'Ambulance service'})
CREATE (:Organisation {id: $vcs, name: 'Health coaching charity'})
CREATE (:Organisation {id: $housing, name: 'Housing options'})
       -[:PROVIDES]->(:Service {id: $svc, name: 'Housing options advice', status: 'active',
                                organisation_id: $housing})
"""


def who(org: str, *roles: Role, user: str | None = None) -> Principal:
    return Principal(user_id=user or f"u-{org}", organisation_id=org, roles=frozenset(roles))


CHAIR = who(GP, Role.MEETING_CHAIR, Role.SOCIAL_PRESCRIBER, user="dr-chair")
GP_SP = who(GP, Role.SOCIAL_PRESCRIBER, user="sp-gp")
AMB = who(AMBULANCE, Role.RECEIVING_WORKER, user="paramedic")
HOUSING_W = who(HOUSING, Role.RECEIVING_WORKER, user="housing-officer")
COACH = who(VCS, Role.SOCIAL_PRESCRIBER, user="coach")


def key() -> str:
    return f"k-{uuid.uuid4()}"


RECORD_CONSENT = """
mutation($i: RecordConsentInput!) { recordConsent(input: $i) {
  __typename ... on ConsentRecorded { consentId personId } ... on InputError { message } } }"""

SCHEDULE = """
mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) {
  __typename ... on MeetingScheduled { meetingId created } ... on InputError { field message }
  ... on NotFoundError { message } ... on ConflictError { message } } }"""

ADD_CASE = """
mutation($i: AddCaseInput!) { addCaseToMeeting(input: $i) {
  __typename ... on CaseAdded { caseId meetingVersion reviewRequired created }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message currentVersion }
  ... on ConsentCoverageError { message organisationsWithoutCover } } }"""

MEETING = """
query($id: ID!) { meeting(id: $id) {
  id version publishedAt accessUntil invitedOrganisationIds occurrence
  agenda { __typename
    ... on RestrictedCase { position message }
    ... on AgendaCase { id personId access leadPractitioner summary reviewRequired
      carriedForward needs tier referrals { id status }
      actions { id description ownerOrganisationId dueOn status version }
      decisions { id kind text referralId } } } } }"""

PUBLISH = """
mutation($i: MeetingVersionInput!) { publishAgenda(input: $i) {
  __typename ... on AgendaChanged { version } ... on ConflictError { message } } }"""

INVITE = """
mutation($i: InviteToMeetingInput!) { inviteToMeeting(input: $i) {
  __typename ... on AgendaChanged { version } ... on ConflictError { message }
  ... on NotFoundError { message } } }"""

DECIDE = """
mutation($i: RecordDecisionInput!) { recordMeetingDecision(input: $i) {
  __typename ... on DecisionRecorded { decisionId referralId created }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConsentRequiredError { message } ... on ConflictError { message } } }"""

ADD_ACTION = """
mutation($i: AddActionInput!) { addMeetingAction(input: $i) {
  __typename ... on ActionAdded { actionId version created }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConsentCoverageError { organisationsWithoutCover } } }"""


def change_action(name: str) -> str:
    return f"""mutation($i: ChangeActionInput!) {{ {name}(input: $i) {{
  __typename ... on ActionChanged {{ status version replayed }}
  ... on TransitionError {{ code message }} ... on ConflictError {{ message currentVersion }}
  ... on NotFoundError {{ message }} }} }}"""


@dataclass
class Api(SchemaClient):
    """The schema as meeting participants' clients, on a clock the test sets."""

    now: datetime = T0
    consents: dict[str, str] = field(default_factory=dict)

    def context(self, who: Principal | None) -> Context:
        return dataclasses.replace(super().context(who), clock=lambda: self.now)

    async def person(
        self,
        pseudonym: str,
        shared_with: list[str],
        basis: str = "CONSENT",
        expires_in: timedelta = timedelta(days=365),
    ) -> str:
        """A person the GP holds, with a care-coordination consent (or safeguarding basis)."""
        given: dict[str, Any] = {
            "idempotencyKey": key(),
            "personPseudonym": pseudonym,
            "categories": ["PSEUDONYM"],
            "sharedWithOrganisationIds": shared_with,
            "purpose": "CARE_COORDINATION",
            "basis": basis,
            "expiresAt": (datetime.now(UTC) + expires_in).isoformat(),
        }
        if basis == "CONSENT":
            given["method"] = "WRITTEN"
        else:
            given["justification"] = "Risk of serious harm: repeated falls and 999 calls at night"
        done = await self.ok(RECORD_CONSENT, {"i": given}, GP_SP)
        assert done["__typename"] == "ConsentRecorded", done
        self.consents[pseudonym] = done["consentId"]
        return str(done["personId"])

    async def schedule(self, invited: list[str], **extra: Any) -> str:
        given = {
            "idempotencyKey": key(),
            "title": "Frequent callers MDT",
            "startsAt": (T0 + timedelta(days=1)).isoformat(),
            "endsAt": (T0 + timedelta(days=1, hours=2)).isoformat(),
            "place": "Moorside surgery, room 2",
            "invitedOrganisationIds": invited,
            "accessHoursAfter": 48,
            **extra,
        }
        done = await self.ok(SCHEDULE, {"i": given}, CHAIR)
        assert done["__typename"] == "MeetingScheduled", done
        return str(done["meetingId"])

    async def meeting(self, meeting_id: str, as_: Principal) -> Any:
        return await self.ok(MEETING, {"id": meeting_id}, as_)

    async def add_case(
        self,
        meeting_id: str,
        person_id: str,
        version: int | None = None,
        as_: Principal = GP_SP,
        **extra: Any,
    ) -> Any:
        if version is None:
            version = (await self.meeting(meeting_id, CHAIR))["version"]
        given = {
            "idempotencyKey": key(),
            "meetingId": meeting_id,
            "personId": person_id,
            "leadPractitioner": "Dr A. Patel",
            "summary": "Calls 999 most nights; lives alone; struggling with rent arrears.",
            "expectedVersion": version,
            **extra,
        }
        return await self.ok(ADD_CASE, {"i": given}, as_)

    async def publish(self, meeting_id: str) -> Any:
        version = (await self.meeting(meeting_id, CHAIR))["version"]
        given = {"meetingId": meeting_id, "expectedVersion": version}
        return await self.ok(PUBLISH, {"i": given}, CHAIR)

    async def action(
        self, case_id: str, owner: str, due_in: timedelta, as_: Principal = CHAIR
    ) -> str:
        given = {
            "idempotencyKey": key(),
            "caseId": case_id,
            "description": f"Follow up ({owner})",
            "ownerOrganisationId": owner,
            "dueOn": (T0 + due_in).date().isoformat(),
        }
        done = await self.ok(ADD_ACTION, {"i": given}, as_)
        assert done["__typename"] == "ActionAdded", done
        return str(done["actionId"])

    async def change(self, name: str, action: dict[str, Any], as_: Principal) -> Any:
        given = {"actionId": action["id"], "expectedVersion": action["version"],
                 "idempotencyKey": key()}  # fmt: skip
        return await self.ok(change_action(name), {"i": given}, as_)


@pytest.fixture
async def api(graph: Graph, schema: strawberry.Schema) -> Api:
    await graph.execute(
        SEED, area=AREA, gp=GP, amb=AMBULANCE, vcs=VCS, housing=HOUSING, svc=HOUSING_SERVICE
    )
    return Api(graph, schema)


ALL_PARTNERS = [AMBULANCE, HOUSING, VCS]


async def cases(api: Api, meeting_id: str, as_: Principal) -> list[dict[str, Any]]:
    return list((await api.meeting(meeting_id, as_))["agenda"])


MINUTES = "query($id: ID!) { meetingMinutes(id: $id) }"


GP_PERSON = {"userId": "dr-okafor", "organisationId": GP, "role": "GP"}


INVITEES = """query($id: ID!) { meeting(id: $id) { version invitedOrganisationIds
  attendedOrganisationIds invitees { userId organisationId role attended } } }"""


SET_INVITEES = """mutation($i: SetInviteesInput!) { setMeetingInvitees(input: $i) {
  __typename ... on AgendaChanged { version } ... on InputError { field message }
  ... on ConflictError { message currentVersion } ... on NotFoundError { message } } }"""


COACH_PERSON = {"userId": "coach-ama", "organisationId": VCS, "role": "health coach"}


async def invitees_of(api: Api, meeting_id: str, as_: Any = CHAIR) -> dict[str, Any]:
    return dict(await api.ok(INVITEES, {"id": meeting_id}, as_))


async def set_invitees(
    api: Api, meeting_id: str, people: list[dict[str, Any]], version: int, as_: Any = CHAIR
) -> Any:
    given = {"meetingId": meeting_id, "invitees": people, "expectedVersion": version}
    return await api.ok(SET_INVITEES, {"i": given}, as_)
