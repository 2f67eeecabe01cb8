"""What each organisation at a meeting may see: per organisation, which of the cases the
caller sees its consent covers; never a case hidden from the caller; audited."""

from __future__ import annotations

from typing import Any

from kith_common.auth import Principal

from tests.helpers.meetings import (
    AMB,
    AMBULANCE,
    CHAIR,
    COACH,
    GP,
    GP_SP,
    HOUSING,
    INVITE,
    VCS,
    Api,
)

AUDIENCE = """query($m: ID!) { meetingAudience(meetingId: $m) { organisationId name
  cases { pseudonym covered safeguardingOnly } } }"""


async def _seen(api: Api, meeting_id: str, as_: Principal) -> dict[str, list[Any]]:
    rows = await api.ok(AUDIENCE, {"m": meeting_id}, as_)
    # two cases added at the same (frozen) moment: compared in reference order
    return {r["organisationId"]: sorted((c["pseudonym"], c["covered"]) for c in r["cases"])
            for r in rows}  # fmt: skip


async def _meeting_with_a_late_invitation(api: Api) -> str:
    """Two cases; the coach's charity is invited afterwards and only one person agreed."""
    meeting_id = await api.schedule([AMBULANCE, HOUSING])
    first = await api.person("PSN-AUD-1", [AMBULANCE, HOUSING])
    second = await api.person("PSN-AUD-2", [AMBULANCE, HOUSING, VCS])
    await api.add_case(meeting_id, first)
    await api.add_case(meeting_id, second)
    version = (await api.meeting(meeting_id, CHAIR))["version"]
    given = {"meetingId": meeting_id, "organisationIds": [VCS], "expectedVersion": version}
    assert (await api.ok(INVITE, {"i": given}, CHAIR))["__typename"] == "AgendaChanged"
    return meeting_id


async def test_the_holder_sees_who_will_get_each_case(api: Api) -> None:
    meeting_id = await _meeting_with_a_late_invitation(api)
    both = [("PSN-AUD-1", True), ("PSN-AUD-2", True)]
    assert await _seen(api, meeting_id, GP_SP) == {
        GP: both, AMBULANCE: both, HOUSING: both,
        VCS: [("PSN-AUD-1", False), ("PSN-AUD-2", True)],
    }  # fmt: skip
    names = {r["organisationId"]: r["name"] for r in await api.ok(AUDIENCE, {"m": meeting_id},
                                                                   GP_SP)}  # fmt: skip
    assert names[VCS] == "Health coaching charity"
    audited = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'meeting.audience.read', organisation: $org})"
        " RETURN count(a) AS n",
        org=GP,
    )
    assert audited == [{"n": 4}]  # two cases, two looks


async def test_nobody_learns_of_a_case_hidden_from_them(api: Api) -> None:
    meeting_id = await _meeting_with_a_late_invitation(api)
    before = await _seen(api, meeting_id, AMB)  # not published: the ambulance sees no case
    assert before == {GP: [], AMBULANCE: [], HOUSING: [], VCS: []}
    await api.publish(meeting_id)
    after = await _seen(api, meeting_id, COACH)  # the coach sees only the one who agreed
    assert after[VCS] == [("PSN-AUD-2", True)]
    assert all(p != "PSN-AUD-1" for cases in after.values() for p, _ in cases)
    assert await _seen(api, meeting_id, AMB) == {
        GP: [("PSN-AUD-1", True), ("PSN-AUD-2", True)],
        AMBULANCE: [("PSN-AUD-1", True), ("PSN-AUD-2", True)],
        HOUSING: [("PSN-AUD-1", True), ("PSN-AUD-2", True)],
        VCS: [("PSN-AUD-1", False), ("PSN-AUD-2", True)],
    }


async def test_an_organisation_not_at_the_meeting_gets_nothing(api: Api) -> None:
    meeting_id = await _meeting_with_a_late_invitation(api)
    await api.publish(meeting_id)
    stranger = Principal(user_id="x", organisation_id="org-stranger", roles=AMB.roles)
    assert await api.ok(AUDIENCE, {"m": meeting_id}, stranger) == []
