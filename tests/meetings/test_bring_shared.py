"""Bringing a person recorded by another organisation to a meeting under their
care-coordination consent: the same record (never a copy), audited, and refused without
that consent exactly as for a reference that does not exist."""

from __future__ import annotations

from typing import Any

from kith_common.auth import Role

from tests.helpers.meetings import (
    AMBULANCE,
    CHAIR,
    COACH,
    GP,
    HOUSING,
    VCS,
    Api,
    cases,
    who,
)

CHECK = """query($m: ID!, $p: String!, $by: ID) {
  meetingCaseCheck(meetingId: $m, personPseudonym: $p, recordedBy: $by) {
  __typename ... on CaseCheck { personId holderOrganisationId holderName
    cover { organisationId covered } missing { organisationId } }
  ... on NotFoundError { message } } }"""


async def _audit(api: Api, organisation: str) -> list[str]:
    rows = await api.graph.query(
        "MATCH (a:AuditEvent {organisation: $org}) WHERE a.what STARTS WITH 'meeting.case'"
        " RETURN a.what AS what ORDER BY a.what",
        org=organisation,
    )
    return [r["what"] for r in rows]


async def _check(api: Api, meeting_id: str, pseudonym: str, by: str | None = GP) -> Any:
    return await api.ok(CHECK, {"m": meeting_id, "p": pseudonym, "by": by}, COACH)


async def test_the_coach_brings_the_gps_person_under_their_consent(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS])
    person = await api.person("PSN-SHARE-1", [AMBULANCE, VCS])
    found = await _check(api, meeting_id, "PSN-SHARE-1")
    assert found["__typename"] == "CaseCheck"
    assert (found["personId"], found["holderOrganisationId"]) == (person, GP)
    assert found["holderName"] == "Moorside GP practice"
    assert found["missing"] == []
    added = await api.add_case(meeting_id, person, as_=COACH)
    assert added["__typename"] == "CaseAdded", added
    people = await api.graph.query("MATCH (p:Person) RETURN count(p) AS n")
    assert people == [{"n": 1}]  # the GP's record, not a copy
    assert await _audit(api, VCS) == ["meeting.case.bring", "meeting.case.check-shared"]
    (seen,) = await cases(api, meeting_id, COACH)  # before publication: it brought the case
    assert (seen["__typename"], seen["personId"]) == ("AgendaCase", person)
    (held,) = await cases(api, meeting_id, CHAIR)  # the holder sees it too
    assert held["__typename"] == "AgendaCase"
    assert "meeting.case.read" in await _audit(api, VCS)


async def test_without_their_consent_the_person_is_not_found(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, VCS])
    person = await api.person("PSN-SHARE-2", [AMBULANCE])  # not the coach's charity
    refused = await _check(api, meeting_id, "PSN-SHARE-2")
    unknown = await _check(api, meeting_id, "PSN-NOBODY")
    assert refused["__typename"] == unknown["__typename"] == "NotFoundError"
    assert refused["message"] == unknown["message"]  # no way to probe who the GP holds
    mine_by_default = await _check(api, meeting_id, "PSN-SHARE-2", by=None)
    assert mine_by_default["__typename"] == "NotFoundError"
    not_added = await api.add_case(meeting_id, person, as_=COACH)
    assert not_added["__typename"] == "NotFoundError"
    assert "shared with it" in not_added["message"]
    assert (await api.meeting(meeting_id, CHAIR))["agenda"] == []
    assert await _audit(api, VCS) == []


async def test_the_gate_still_needs_every_other_organisation_covered(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE, HOUSING, VCS])
    person = await api.person("PSN-SHARE-3", [AMBULANCE, VCS])
    found = await _check(api, meeting_id, "PSN-SHARE-3")
    assert [m["organisationId"] for m in found["missing"]] == [HOUSING]
    covered = {c["organisationId"]: c["covered"] for c in found["cover"]}
    assert covered[GP] is True  # the holder needs no consent to see its own person
    refused = await api.add_case(meeting_id, person, as_=COACH)
    assert refused["__typename"] == "ConsentCoverageError"
    assert refused["organisationsWithoutCover"] == 1


async def test_an_organisation_not_at_the_meeting_cannot_bring_anyone(api: Api) -> None:
    meeting_id = await api.schedule([AMBULANCE])
    person = await api.person("PSN-SHARE-4", [AMBULANCE, VCS])
    assert (await _check(api, meeting_id, "PSN-SHARE-4"))["__typename"] == "NotFoundError"
    stranger = who("org-stranger", Role.SOCIAL_PRESCRIBER)
    assert (await api.add_case(meeting_id, person, as_=COACH))["__typename"] == "NotFoundError"
    assert (await api.add_case(meeting_id, person, as_=stranger))["__typename"] == "NotFoundError"
