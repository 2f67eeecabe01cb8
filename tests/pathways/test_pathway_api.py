"""Pathways through the real GraphQL schema on the real graph: definitions, tier moves and
who may make them, the referral gate on decision tiers, concurrency, idempotency, audit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from kith_common.auth import Role
from kith_gateway.pathways.domain import Basis
from kith_gateway.pathways.enrolments import TierActor, TierChange, change_tier

from tests.helpers.pathways import (
    ADMIN_R,
    CBT,
    DEFINE,
    EDUCATION,
    GP,
    MOVE,
    ORG_R,
    PRESCRIBER,
    TALKING,
    WHERE,
    move,
    rethinking_pain,
)
from tests.helpers.referrals import ORG_A, Api, key, principal

CREATE = """
mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  __typename ... on ReferralCreated { created referral { id status } }
  ... on PathwayRuleError { code message } ... on ConsentRequiredError { message }
  ... on InputError { message } } }"""


async def refer(api: Api, service: str) -> dict[str, Any]:
    given = {
        "idempotencyKey": key(),
        "personPseudonym": "PSN-PAIN-1",
        "homeArea": "E01010568",
        "serviceId": service,
        "reason": "Persistent back pain",
    }
    return await api.ok(CREATE, {"i": given}, PRESCRIBER)


async def test_definition_round_trips_and_redefining_the_same_is_a_no_op(
    api: Api, pathway_id: str
) -> None:
    again = await api.ok(DEFINE, {"i": rethinking_pain()}, ADMIN_R)
    assert again["changed"] is False
    assert again["pathway"]["id"] == pathway_id
    tiers = again["pathway"]["tiers"]
    assert [(t["level"], t["requiresDecision"]) for t in tiers] == [
        (1, False),
        (2, False),
        (3, True),
    ]
    assert sorted(tiers[2]["serviceIds"]) == sorted([CBT, TALKING])
    changed = await api.ok(DEFINE, {"i": rethinking_pain(cbt_services=[CBT])}, ADMIN_R)
    assert changed["changed"] is True
    assert changed["pathway"]["version"] == 2
    assert changed["pathway"]["tiers"][2]["serviceIds"] == [CBT]


async def test_bad_definitions_are_refused_with_the_field(api: Api) -> None:
    unknown = rethinking_pain(cbt_services=["00000000-0000-4000-8000-000000000000"])
    done = await api.ok(DEFINE, {"i": unknown}, ADMIN_R)
    assert done == {"__typename": "InputError", "field": "tiers", "message": done["message"]}
    assert "unknown service" in done["message"]
    empty = await api.ok(DEFINE, {"i": {"name": "  ", "tiers": [{"name": "x"}]}}, ADMIN_R)
    assert (empty["__typename"], empty["field"]) == ("InputError", "name")
    assert await api.graph.query("MATCH (p:Pathway) RETURN p") == []


async def test_only_an_organisation_admin_defines_pathways(api: Api) -> None:
    body = await api.run(DEFINE, {"i": rethinking_pain()}, PRESCRIBER)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_practitioner_moves_freely_below_a_decision_tier_but_not_into_it(
    api: Api, pathway_id: str, person_id: str
) -> None:
    enrolled = await move(api, person_id, pathway_id, 1, 0)
    assert (enrolled["direction"], enrolled["fromTier"], enrolled["version"]) == ("enrol", None, 1)
    up = await move(api, person_id, pathway_id, 2, 1)
    assert (up["direction"], up["toTier"]) == ("step-up", 2)
    refused = await move(api, person_id, pathway_id, 3, 2)
    assert (refused["__typename"], refused["code"]) == ("PathwayRuleError", "decision-required")
    by_gp = await move(api, person_id, pathway_id, 3, 2, who=GP)
    assert (by_gp["direction"], by_gp["version"]) == ("step-up", 3)
    down = await move(api, person_id, pathway_id, 2, 3)
    assert down["direction"] == "step-down"
    same = await move(api, person_id, pathway_id, 2, 4)
    assert (same["__typename"], same["code"]) == ("PathwayRuleError", "same-tier")


async def test_history_records_every_move_and_each_read_is_audited(
    api: Api, pathway_id: str, person_id: str
) -> None:
    await move(api, person_id, pathway_id, 1, 0)
    await move(api, person_id, pathway_id, 3, 1, who=GP)
    body = await api.run(WHERE, {"p": person_id}, PRESCRIBER)
    (where,) = body["data"]["personPathways"]
    assert (where["tier"], where["version"]) == (3, 2)
    assert [(h["toTier"], h["basis"]) for h in where["history"]] == [
        (1, "practitioner"),
        (3, "clinician"),
    ]
    audit = await api.graph.query(
        "MATCH (a:AuditEvent {person_id: $p}) RETURN a.what AS what ORDER BY a.when", p=person_id
    )
    whats = [a["what"] for a in audit]
    assert whats.count("pathway.tier-change") == 2
    assert whats.count("pathway.read") == 1


async def test_another_organisations_person_is_not_found(
    api: Api, pathway_id: str, person_id: str
) -> None:
    outsider = principal("org-elsewhere", Role.CLINICIAN, user="gp-x")
    done = await move(api, person_id, pathway_id, 1, 0, who=outsider)
    assert done["__typename"] == "NotFoundError"
    body = await api.run(
        WHERE, {"p": person_id}, principal("org-elsewhere", Role.SOCIAL_PRESCRIBER)
    )
    assert body["data"]["personPathways"] is None
    assert await api.graph.query("MATCH (e:PathwayEnrolment) RETURN e") == []


async def test_roles_that_do_not_work_with_people_cannot_move_them(
    api: Api, pathway_id: str, person_id: str
) -> None:
    for role in (Role.SYSTEM_LEAD, Role.RECEIVING_WORKER, Role.PLATFORM_ADMIN):
        given = {
            "personId": person_id,
            "pathwayId": pathway_id,
            "toTier": 1,
            "expectedVersion": 0,
            "idempotencyKey": key(),
        }
        body = await api.run(MOVE, {"i": given}, principal(ORG_A, role))
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_stale_version_conflicts_and_a_retry_replays(
    api: Api, pathway_id: str, person_id: str
) -> None:
    given = {
        "personId": person_id,
        "pathwayId": pathway_id,
        "toTier": 1,
        "expectedVersion": 0,
        "idempotencyKey": key(),
    }
    first = await api.ok(MOVE, {"i": given}, PRESCRIBER)
    again = await api.ok(MOVE, {"i": given}, PRESCRIBER)
    assert (again["created"], again["changeId"]) == (False, first["changeId"])
    stale = await move(api, person_id, pathway_id, 2, 0)
    assert (stale["__typename"], stale["currentVersion"]) == ("ConflictError", 1)


async def test_two_concurrent_first_enrolments_make_one_enrolment(
    api: Api, pathway_id: str, person_id: str
) -> None:
    results = await asyncio.gather(
        move(api, person_id, pathway_id, 1, 0), move(api, person_id, pathway_id, 2, 0)
    )
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["ConflictError", "PathwayTierChanged"], results
    rows = await api.graph.query(
        "MATCH (e:PathwayEnrolment) RETURN e.version AS v, count{(e)-[:CHANGED]->()} AS n"
    )
    assert rows == [{"v": 1, "n": 1}]


async def test_a_decision_tier_service_takes_referrals_only_after_the_step_up(
    api: Api, pathway_id: str, person_id: str
) -> None:
    before = await refer(api, CBT)
    assert (before["__typename"], before["code"]) == ("PathwayRuleError", "decision-required")
    assert await api.graph.query("MATCH (r:Referral {service_id: $s}) RETURN r", s=CBT) == []
    await move(api, person_id, pathway_id, 3, 0, who=GP)
    after = await refer(api, CBT)
    assert after["__typename"] == "ReferralCreated"
    assert after["referral"]["status"] == "requested"


async def test_services_that_take_self_referrals_are_open_without_a_decision(
    api: Api, pathway_id: str, person_id: str
) -> None:
    for service in (TALKING, EDUCATION):
        done = await refer(api, service)
        assert done["__typename"] == "ReferralCreated", done


async def test_each_move_is_announced_with_ids_only(
    api: Api, pathway_id: str, person_id: str
) -> None:
    await move(api, person_id, pathway_id, 1, 0)
    rows = await api.graph.query(
        "MATCH (o:Outbox {subject: 'kith.pathway.tier-changed'}) RETURN o.payload AS payload"
    )
    assert len(rows) == 1
    payload = rows[0]["payload"]
    assert person_id not in payload
    assert "PSN-PAIN-1" not in payload
    assert ORG_A in payload
    assert pathway_id in payload
    assert ORG_R not in payload


async def test_a_meetings_decision_steps_up_a_person_of_another_organisation(
    api: Api, pathway_id: str, person_id: str
) -> None:
    """The meetings domain calls `change_tier_in` with the decision that authorises the move."""
    chair = TierActor("chair-r", ORG_R, Basis.MEETING, meeting_decision_id="decision-1")
    change = TierChange(person_id, pathway_id, 3, "meeting-decision-1", expected_version=None)
    done = await change_tier(api.graph, chair, change)
    assert (done.to_tier, done.direction) == (3, "enrol")
    rows = await api.graph.query(
        "MATCH (c:TierChange) RETURN c.basis AS basis, c.meeting_decision_id AS d,"
        " c.by_organisation_id AS org"
    )
    assert rows == [{"basis": "meeting", "d": "decision-1", "org": ORG_R}]
    with pytest.raises(ValueError, match="meeting basis"):
        TierActor("chair-r", ORG_R, Basis.MEETING)
