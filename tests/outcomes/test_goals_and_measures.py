"""Goals and measures through the real GraphQL schema on the real graph: idempotent, validated
with clear errors, reachable only by the holding or a consented coordinating organisation,
announced through the outbox with ids only, and every read audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from kith_common.graph import Graph

from tests.helpers.outcomes import (
    COACH,
    LEAD,
    ORG_A,
    ORG_B,
    ORG_R,
    PRESCRIBER,
    RECORD_CONTACT,
    RECORD_MEASURE,
    RESET_GOAL,
    REVIEW_GOAL,
    SERVICE_B,
    SERVICE_R,
    SET_GOAL,
    STRANGER,
    add_consent,
    add_person,
    goal_input,
    listed,
    phq9,
)
from tests.helpers.referrals import Api, key

GOALS = """query($p: ID!) { personGoals(personId: $p) { id words status baseline attainment
  attainmentWords replaces needs needNames serviceIds serviceNames
  reviews { attainment note version } } }"""
MEASURES = """query($p: ID!) { personMeasures(personId: $p) { instrumentId timepoint
  scores { id value band } } }"""


async def test_a_goal_is_set_reviewed_and_reset_keeping_its_history(api: Api) -> None:
    person = await add_person(api.graph)
    goal = await api.ok(SET_GOAL, {"i": goal_input(person)}, PRESCRIBER)
    assert goal["__typename"] == "OutcomeSaved"
    for level, note in ((0, "made it halfway"), (1, "walked there twice")):
        review = {"idempotencyKey": key(), "goalId": goal["id"], "attainment": level,
                  "note": note}  # fmt: skip
        assert (await api.ok(REVIEW_GOAL, {"i": review}, PRESCRIBER))["created"]
    reset = {"idempotencyKey": key(), "goalId": goal["id"], "words": "Swim once a week"}
    new = await api.ok(RESET_GOAL, {"i": reset}, PRESCRIBER)
    old_goal, new_goal = await listed(api, GOALS, {"p": person}, PRESCRIBER)
    assert old_goal["status"] == "reset"
    assert old_goal["attainment"] == 1
    assert old_goal["attainmentWords"] == "somewhat more than expected"
    assert [r["attainment"] for r in old_goal["reviews"]] == [0, 1]
    assert old_goal["needs"] == ["pain"]
    assert old_goal["needNames"] == ["Pain"], "needs in words for the pages"
    needs = await listed(api, "{ goalNeeds { code name } }", None, PRESCRIBER)
    assert {"code": "pain", "name": "Pain"} in needs
    assert new_goal == {
        "id": new["id"], "words": "Swim once a week", "status": "active", "baseline": -1,
        "attainment": -1, "attainmentWords": "somewhat less than expected",
        "replaces": goal["id"], "needs": [], "needNames": [], "serviceIds": [],
        "serviceNames": [], "reviews": [],
    }  # fmt: skip
    again = await api.ok(REVIEW_GOAL, {"i": {"idempotencyKey": key(), "goalId": goal["id"],
                                             "attainment": 2}}, PRESCRIBER)  # fmt: skip
    assert again["__typename"] == "ConflictError"


async def test_mutations_are_idempotent_and_a_reused_key_is_refused(api: Api) -> None:
    person = await add_person(api.graph)
    given = goal_input(person)
    first = await api.ok(SET_GOAL, {"i": given}, PRESCRIBER)
    second = await api.ok(SET_GOAL, {"i": given}, PRESCRIBER)
    assert (second["id"], second["created"]) == (first["id"], False)
    other = await api.ok(SET_GOAL, {"i": {**given, "words": "something else"}}, PRESCRIBER)
    assert other["__typename"] == "ConflictError"
    rows = await api.graph.query("MATCH (g:Goal) RETURN count(g) AS n")
    assert rows == [{"n": 1}]


async def test_bad_input_gets_a_clear_error_naming_the_field(api: Api) -> None:
    person = await add_person(api.graph)
    cases = [
        (SET_GOAL, goal_input(person, baseline=0), "baseline"),
        (SET_GOAL, goal_input(person, words="  "), "words"),
        (SET_GOAL, goal_input(person, needs=["no-such-need"]), "needs"),
        (SET_GOAL, {**goal_input(person), "idempotencyKey": "x"}, "idempotencyKey"),
        (RECORD_MEASURE, phq9(person, [1] * 8 + [4]), "answers.9"),
        (RECORD_MEASURE, phq9(person, [1] * 8), "answers"),
        (RECORD_MEASURE, {**phq9(person, [1] * 9), "instrumentId": "wemwbs"}, "instrumentId"),
        (RECORD_MEASURE, phq9(person, [1] * 9, taken_at="2099-01-01T00:00:00Z"), "takenAt"),
    ]
    for query, given, field in cases:
        out = await api.ok(query, {"i": given}, PRESCRIBER)
        assert (out["__typename"], out["field"]) == ("InputError", field), (given, out)
    goal = await api.ok(SET_GOAL, {"i": goal_input(person)}, PRESCRIBER)
    bad = {"idempotencyKey": key(), "goalId": goal["id"], "attainment": 3}
    assert (await api.ok(REVIEW_GOAL, {"i": bad}, PRESCRIBER))["field"] == "attainment"
    rows = await api.graph.query("MATCH (m:Measure) RETURN count(m) AS n")
    assert rows == [{"n": 0}]


async def test_measures_are_scored_and_a_second_baseline_is_refused(api: Api) -> None:
    person = await add_person(api.graph)
    base = await api.ok(RECORD_MEASURE, {"i": phq9(person, [2] * 9)}, PRESCRIBER)
    assert base["created"]
    twice = await api.ok(RECORD_MEASURE, {"i": phq9(person, [1] * 9)}, PRESCRIBER)
    assert twice["__typename"] == "ConflictError"
    assert "already recorded on 2026-01-10" in twice["message"]
    review = phq9(person, [1] * 9, "REVIEW", "2026-03-10T10:00:00Z")
    assert (await api.ok(RECORD_MEASURE, {"i": review}, PRESCRIBER))["created"]
    seen = await listed(api, MEASURES, {"p": person}, PRESCRIBER)
    assert seen == [
        {"instrumentId": "phq-9", "timepoint": "baseline",
         "scores": [{"id": "total", "value": 18.0, "band": "moderately severe"}]},
        {"instrumentId": "phq-9", "timepoint": "review",
         "scores": [{"id": "total", "value": 9.0, "band": "mild"}]},
    ]  # fmt: skip


async def test_only_holder_or_consented_coordinator_reaches_the_person(api: Api) -> None:
    person = await add_person(api.graph)
    refused = await api.ok(SET_GOAL, {"i": goal_input(person)}, COACH)
    assert refused["__typename"] == "NotFoundError"
    assert (await api.ok(SET_GOAL, {"i": goal_input(person)}, STRANGER))["__typename"] == (
        "NotFoundError"
    )
    await add_consent(api.graph, person, [ORG_R])
    assert (await api.ok(SET_GOAL, {"i": goal_input(person)}, COACH))["created"]
    await api.graph.execute("MATCH (c:Consent) SET c.status = 'withdrawn'")
    assert await listed(api, GOALS, {"p": person}, COACH) == []
    body = await api.run(GOALS, {"p": person}, LEAD)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_reads_are_audited_and_events_carry_ids_only(api: Api) -> None:
    person = await add_person(api.graph)
    goal = await api.ok(SET_GOAL, {"i": goal_input(person, words="Sleep through the night")},
                        PRESCRIBER)  # fmt: skip
    await api.ok(RECORD_MEASURE, {"i": phq9(person, [1] * 9)}, PRESCRIBER)
    await listed(api, GOALS, {"p": person}, PRESCRIBER)
    audit = await api.graph.query(
        "MATCH (a:AuditEvent {person_id: $p}) RETURN a.what AS what, a.who AS who ORDER BY what",
        p=person,
    )
    assert {"what": "outcomes.goals.read", "who": "sp-a"} in audit
    rows = await api.graph.query("MATCH (o:Outbox) RETURN o.subject AS s, o.payload AS p")
    subjects = sorted(r["s"] for r in rows)
    assert subjects == ["kith.outcomes.goal-set", "kith.outcomes.measure-recorded"]
    for row in rows:
        payload = json.dumps(row["p"]) if not isinstance(row["p"], str) else row["p"]
        assert person not in payload
        assert "Sleep" not in payload
    assert goal["id"] in " ".join(str(r["p"]) for r in rows)


async def test_lapsed_contacts_are_surfaced_not_closed(api: Api, graph: Graph) -> None:
    person, quiet = await add_person(graph), await add_person(graph, "PSN-0002")
    rhythm = """mutation($i: SetCheckInInput!) { setCheckIn(input: $i) { __typename
      ... on CheckInSet { checkIn { everyDays lapsed } } ... on InputError { field } } }"""
    for who in (person, quiet):
        out = await api.ok(rhythm, {"i": {"personId": who, "everyDays": 14}}, PRESCRIBER)
        assert out["checkIn"] == {"everyDays": 14, "lapsed": False}
    bad = await api.ok(rhythm, {"i": {"personId": person, "everyDays": 2}}, PRESCRIBER)
    assert bad == {"__typename": "InputError", "field": "everyDays"}
    await graph.execute("MATCH (r:CheckInRhythm) SET r.since = datetime() - duration('P30D')")
    recent = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    contact = {"idempotencyKey": key(), "personId": person, "kind": "CHECK_IN", "at": recent}
    assert (await api.ok(RECORD_CONTACT, {"i": contact}, PRESCRIBER))["created"]
    lapsed = await listed(api, "{ lapsedContacts { pseudonym checkIn { lapsed daysOverdue } } }",
                          None, PRESCRIBER)  # fmt: skip
    assert lapsed == [{"pseudonym": "PSN-0002", "checkIn": {"lapsed": True, "daysOverdue": 16}}]
    people = await graph.query("MATCH (p:Person) RETURN count(p) AS n")
    assert people == [{"n": 2}]


SERVICES = """query($p: ID!) { goalServices(personId: $p) { id name } }"""
REFERRED = """
MATCH (p:Person {id: $person}), (s:Service {id: $svc})
CREATE (r:Referral {id: randomUUID(), status: 'accepted', from_organisation_id: $org_a,
                   to_organisation_id: $org_b})-[:FOR]->(p)
CREATE (r)-[:TO]->(s)
"""


async def test_goal_services_are_those_the_person_was_referred_to_or_already_has(
    api: Api,
) -> None:
    person = await add_person(api.graph)
    assert await listed(api, SERVICES, {"p": person}, PRESCRIBER) == []
    await api.graph.execute(REFERRED, person=person, svc=SERVICE_B, org_a=ORG_A, org_b=ORG_B)
    await api.ok(SET_GOAL, {"i": goal_input(person)}, PRESCRIBER)  # helped by SERVICE_R
    food = {"id": SERVICE_B, "name": "Food parcels"}
    coaching = {"id": SERVICE_R, "name": "Health coaching"}
    assert await listed(api, SERVICES, {"p": person}, PRESCRIBER) == [food, coaching]
    assert await listed(api, SERVICES, {"p": person}, STRANGER) == []
    audit = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'outcomes.goal-services.read'}) RETURN a.person_id AS p"
    )
    assert audit == [{"p": person}, {"p": person}]
