"""Editing a case's summary and taking a case off the agenda: who may, until when, with
`expectedVersion`, audited, and never losing recorded decisions or actions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from kith_common.auth import Principal

from tests.helpers.meetings import (
    ALL_PARTNERS,
    AMB,
    CHAIR,
    COACH,
    GP,
    GP_SP,
    HOUSING,
    MINUTES,
    RECORD_CONSENT,
    T0,
    Api,
    cases,
    key,
)

EDIT = """mutation($i: EditCaseSummaryInput!) { editMeetingCase(input: $i) {
  __typename ... on AgendaChanged { meetingId version } ... on InputError { field message }
  ... on ConflictError { currentVersion } ... on TransitionError { code message }
  ... on NotFoundError { message } } }"""

REMOVE = """mutation($i: RemoveCaseInput!) { removeMeetingCase(input: $i) {
  __typename ... on AgendaChanged { meetingId version } ... on ConflictError { currentVersion }
  ... on TransitionError { code message } ... on NotFoundError { message } } }"""

DECIDE = """mutation($i: RecordDecisionInput!) { recordMeetingDecision(input: $i) {
  __typename } }"""

AFTER_THE_END = T0 + timedelta(days=1, hours=2)


async def version_of(api: Api, meeting_id: str) -> int:
    return int((await api.meeting(meeting_id, CHAIR))["version"])


async def edit(api: Api, case_id: str, summary: str, version: int, as_: Principal) -> Any:
    given = {"caseId": case_id, "summary": summary, "expectedVersion": version}
    return await api.ok(EDIT, {"i": given}, as_)


async def remove(api: Api, case_id: str, version: int, as_: Principal = CHAIR) -> Any:
    return await api.ok(REMOVE, {"i": {"caseId": case_id, "expectedVersion": version}}, as_)


async def audited(api: Api, what: str) -> list[dict[str, Any]]:
    return await api.graph.query(
        "MATCH (a:AuditEvent {what: $what}) RETURN a.organisation AS org, a.subject_id AS case",
        what=what,
    )


async def coach_case(api: Api, meeting_id: str) -> str:
    """A person the VCS coach holds (not the host), put on the GP's agenda by the coach."""
    given = {"idempotencyKey": key(), "personPseudonym": "PSN-VCS-1", "categories": ["PSEUDONYM"],
             "sharedWithOrganisationIds": [GP, *ALL_PARTNERS], "purpose": "CARE_COORDINATION",
             "basis": "CONSENT", "method": "WRITTEN",
             "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat()}  # fmt: skip
    recorded = await api.ok(RECORD_CONSENT, {"i": given}, COACH)
    api.consents["PSN-VCS-1"], person = recorded["consentId"], recorded["personId"]
    added = await api.add_case(meeting_id, person, as_=COACH)
    assert added["__typename"] == "CaseAdded", added
    return str(added["caseId"])


async def test_the_chair_and_the_holding_organisation_edit_a_summary(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    case_id = await coach_case(api, meeting_id)
    version = await version_of(api, meeting_id)
    by_holder = await edit(api, case_id, "  Coach: isolated, missing GP appointments. ", version,
                           COACH)  # fmt: skip
    assert by_holder == {"__typename": "AgendaChanged", "meetingId": meeting_id,
                         "version": version + 1}  # fmt: skip
    retried = await edit(api, case_id, "Coach: isolated, missing GP appointments.", version, COACH)
    assert retried["version"] == version + 1  # the same summary again: a no-op
    stale = await edit(api, case_id, "Something else", version, CHAIR)
    assert stale == {"__typename": "ConflictError", "currentVersion": version + 1}
    by_chair = await edit(api, case_id, "Chair: agreed joint visit first.", version + 1, CHAIR)
    assert by_chair["version"] == version + 2
    (case,) = await cases(api, meeting_id, COACH)
    assert case["summary"] == "Chair: agreed joint visit first."
    not_chair = await edit(api, case_id, "Host practitioner, not chair", version + 2, GP_SP)
    assert not_chair["__typename"] == "NotFoundError"
    reader = await api.run(EDIT, {"i": {"caseId": case_id, "summary": "x",
                                        "expectedVersion": version + 2}}, AMB)  # fmt: skip
    assert reader["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    empty = await edit(api, case_id, "   ", version + 2, CHAIR)
    assert (empty["__typename"], empty["field"]) == ("InputError", "summary")
    assert sorted(a["org"] for a in await audited(api, "meeting.case.edit")) == [
        GP,
        "org-vcs-coach",
    ]


async def test_the_chair_edits_only_while_consent_covers_the_host(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    case_id = await coach_case(api, meeting_id)
    withdraw = "mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { __typename } }"
    given = {"consentId": api.consents["PSN-VCS-1"], "idempotencyKey": key()}
    await api.ok(withdraw, {"i": given}, COACH)
    version = await version_of(api, meeting_id)
    assert (await edit(api, case_id, "Chair", version, CHAIR))["__typename"] == "NotFoundError"
    assert (await remove(api, case_id, version))["__typename"] == "NotFoundError"
    assert (await edit(api, case_id, "Holder", version, COACH))["version"] == version + 1


async def test_a_removed_case_leaves_the_agenda_but_not_the_record(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    person = await api.person("PSN-RM-1", ALL_PARTNERS)
    case_id = (await api.add_case(meeting_id, person))["caseId"]
    version = await version_of(api, meeting_id)
    removed = await remove(api, case_id, version)
    assert removed == {"__typename": "AgendaChanged", "meetingId": meeting_id,
                       "version": version + 1}  # fmt: skip
    assert (await remove(api, case_id, version))["version"] == version + 1  # a retry
    assert await cases(api, meeting_id, CHAIR) == []
    assert "Calls 999" not in await api.ok(MINUTES, {"id": meeting_id}, CHAIR)
    kept = await api.graph.query(
        "MATCH (:CaseMeeting {id: $m})-[r:REMOVED_CASE]->(c:MeetingCase {id: $c})"
        " RETURN r.organisation_id AS org, c.summary AS summary", m=meeting_id, c=case_id,
    )  # fmt: skip
    assert [k["org"] for k in kept] == [GP]
    assert kept[0]["summary"].startswith("Calls 999")  # the record of what was on the agenda
    assert await audited(api, "meeting.case.remove") == [{"org": GP, "case": case_id}]
    late_edit = await edit(api, case_id, "Too late", version + 1, CHAIR)
    assert late_edit["__typename"] == "NotFoundError"
    decided = await api.ok(DECIDE, {"i": {"idempotencyKey": key(), "caseId": case_id,
                                          "kind": "OTHER", "text": "x"}}, CHAIR)  # fmt: skip
    assert decided["__typename"] == "NotFoundError"


async def test_cases_with_outcomes_stay_and_the_ended_agenda_is_closed(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    people = [await api.person(f"PSN-RM-{i}", ALL_PARTNERS) for i in (2, 3, 4)]
    decided, acted, plain = [(await api.add_case(meeting_id, p))["caseId"] for p in people]
    await api.ok(DECIDE, {"i": {"idempotencyKey": key(), "caseId": decided, "kind": "OTHER",
                                "text": "Joint visit agreed"}}, CHAIR)  # fmt: skip
    await api.action(acted, HOUSING, timedelta(days=7))
    version = await version_of(api, meeting_id)
    for case_id in (decided, acted):
        refused = await remove(api, case_id, version)
        assert refused["__typename"] == "TransitionError"
        assert refused["code"] == "case-has-outcomes"
    assert len(await cases(api, meeting_id, CHAIR)) == 3
    api.now = AFTER_THE_END
    ended = await remove(api, plain, version)
    assert (ended["__typename"], ended["code"]) == ("TransitionError", "meeting-ended")
    too_late = await edit(api, plain, "Rewritten afterwards", version, CHAIR)
    assert (too_late["__typename"], too_late["code"]) == ("TransitionError", "meeting-ended")
    assert await version_of(api, meeting_id) == version


async def test_an_edit_and_a_removal_at_once_lose_no_update(api: Api) -> None:
    meeting_id = await api.schedule(ALL_PARTNERS)
    case_id = await coach_case(api, meeting_id)
    version = await version_of(api, meeting_id)
    results = await asyncio.gather(
        edit(api, case_id, "Chair's new summary", version, CHAIR),
        remove(api, case_id, version, as_=COACH),
    )
    kinds = [r["__typename"] for r in results]
    assert sorted(kinds) == ["AgendaChanged", "ConflictError"], results
    agenda = await cases(api, meeting_id, COACH)  # the holder sees it before publication
    if kinds[0] == "AgendaChanged":
        assert [c["summary"] for c in agenda] == ["Chair's new summary"]
    else:
        assert agenda == []
    assert await version_of(api, meeting_id) == version + 1
