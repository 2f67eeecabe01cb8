"""The equity audit over one constructed LSOA: 600 White British and 400 Pakistani residents
(2011 Census), 1,000 adults, IMD decile 3. GP A referred 105 people: 80 White British (60
accepted, 20 rejected), 20 Pakistani (10 accepted, 10 rejected) and 5 who gave no ethnicity.
GP B referred 3 people. Ratios worked out by hand in each test."""

from __future__ import annotations

import json
from typing import Any

import pytest
from kith_common.auth import Role
from kith_common.graph import Graph

from tests.helpers.insights import LEAD, ORG_GP, ORG_OTHER_GP, PRESCRIBER, A, Api, principal

AUDIT = """
query($g: GeographyInput!) { FIELD(geography: $g) {
  __typename ... on NotFoundError { message }
  ... on EquityAudit { kind code organisationId suppressionThreshold attribution
    dimensions { dimension recorded notRecorded groups {
      group people share populationShare flags medianDaysToFirstContact
      referralRatio { value low high significantlyLow }
      acceptanceRatio { value low high significantlyLow }
      completionRatio { value } firstContactRatio { value } } } } } }
"""


def _groups(audit: dict[str, Any], dimension: str) -> dict[str, dict[str, Any]]:
    (dim,) = [d for d in audit["dimensions"] if d["dimension"] == dimension]
    return {g["group"]: g for g in dim["groups"]}


def _dim(audit: dict[str, Any], dimension: str) -> dict[str, Any]:
    return next(d for d in audit["dimensions"] if d["dimension"] == dimension)


async def test_referral_ratios_by_ethnic_group(area: Graph, api: Api) -> None:
    got = await api.ok(AUDIT.replace("FIELD", "equityAudit"), {"g": {"code": A}}, LEAD)
    eth = _groups(got, "ethnicity")
    # 108 people: 100 gave an ethnic group. Pakistani: 20/100 = 0.2 of those referred, 0.4 of
    # residents: ratio 0.5; Wilson(20, 100) = (0.13336, 0.28883) / 0.4 = (0.3334, 0.7221).
    pk = eth["pakistani"]
    assert (pk["people"], pk["share"], pk["populationShare"]) == (20, 0.2, 0.4)
    ratio = pk["referralRatio"]
    assert (ratio["value"], ratio["low"], ratio["high"]) == (
        pytest.approx(0.5), pytest.approx(0.3334, abs=5e-4), pytest.approx(0.7221, abs=5e-4),
    )  # fmt: skip
    assert ratio["significantlyLow"]
    assert "referral" in pk["flags"]
    # White British: 0.8 / 0.6 = 1.3333; Wilson(80, 100) = (0.71117, 0.86664) / 0.6
    wb = eth["white_british"]["referralRatio"]
    assert (wb["value"], wb["low"], wb["high"]) == (
        pytest.approx(4 / 3), pytest.approx(1.1853, abs=5e-4), pytest.approx(1.4444, abs=5e-4),
    )  # fmt: skip
    assert not wb["significantlyLow"]
    assert eth["white_british"]["flags"] == []
    # 8 people gave no ethnic group (5 + GP B's 3): below the threshold, so hidden, and
    # "recorded" (108 - 8) with it; groups nobody here belongs to are hidden, unflagged.
    assert (_dim(got, "ethnicity")["recorded"], _dim(got, "ethnicity")["notRecorded"]) == (
        None,
        None,
    )
    assert eth["irish"]["people"] is None
    assert eth["irish"]["referralRatio"] is None
    assert eth["irish"]["flags"] == []  # no residents: no expectation, no flag


async def test_outcome_ratios_and_missing_person_fields(area: Graph, api: Api) -> None:
    got = await api.ok(AUDIT.replace("FIELD", "equityAudit"), {"g": {"code": A}}, LEAD)
    pk = _groups(got, "ethnicity")["pakistani"]["acceptanceRatio"]
    # (10/20) / (60/80) = 0.6667; SE = sqrt(1/10 - 1/20 + 1/60 - 1/80) = 0.232737;
    # exp(1.96 * SE) = 1.57799 -> (0.4225, 1.0520): lower, but not beyond chance.
    assert (pk["value"], pk["low"], pk["high"]) == (
        pytest.approx(2 / 3), pytest.approx(0.4225, abs=5e-4), pytest.approx(1.0520, abs=5e-4),
    )  # fmt: skip
    assert not pk["significantlyLow"]
    # Nobody was contacted or completed: no ratio rather than a made-up one.
    assert _groups(got, "ethnicity")["pakistani"]["firstContactRatio"] is None
    # No one has a language or an age band recorded: all "not recorded", nothing invented.
    assert _groups(got, "language") == {}
    assert _dim(got, "language")["notRecorded"] == 108
    assert all(g["people"] is None for g in _groups(got, "age-band").values())
    imd = _groups(got, "imd-quintile")["Q2"]  # decile 3: everyone is in quintile 2
    assert imd["people"] == 108
    assert imd["referralRatio"]["value"] == pytest.approx(1.0)


async def test_who_are_we_referring_sees_only_our_organisation(area: Graph, api: Api) -> None:
    query = AUDIT.replace("FIELD", "ourReferralsAudit")
    ours = await api.ok(query, {"g": {"code": A}}, PRESCRIBER)
    assert ours["organisationId"] == ORG_GP
    assert _groups(ours, "imd-quintile")["Q2"]["people"] == 105
    other = principal(ORG_OTHER_GP, Role.SOCIAL_PRESCRIBER)
    theirs = await api.ok(query, {"g": {"code": A}}, other)
    assert _groups(theirs, "imd-quintile")["Q2"]["people"] is None  # 3 people: hidden
    body = await api.run(query, {"g": {"code": A}}, LEAD)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


CHECK = """
mutation($g: GeographyInput!) { checkEquity(geography: $g) {
  __typename ... on EquityChecked { audits flagsRaised flags } } }
"""


async def test_flags_are_raised_once_and_announced_with_codes_only(area: Graph, api: Api) -> None:
    first = await api.ok(CHECK, {"g": {"code": A}}, LEAD)
    assert first["audits"] == 3  # the area, GP A, GP B
    assert "ethnicity/pakistani/referral" in first["flags"]
    assert f"ethnicity/pakistani/referral@{ORG_GP}" in first["flags"]
    assert first["flagsRaised"] == len(first["flags"])
    rows = await area.query(
        "MATCH (o:Outbox) WHERE o.subject = 'kith.insights.equity-flag' RETURN o.payload AS p"
    )
    assert len(rows) == first["flagsRaised"]
    payloads = [json.loads(r["p"])["data"] for r in rows]
    assert {"scope": A, "organisation_id": "", "dimension": "ethnicity", "group": "pakistani",
            "measure": "referral"}.items() <= next(
        p for p in payloads if p["organisation_id"] == "" and p["group"] == "pakistani"
    ).items()  # fmt: skip
    text = json.dumps(payloads)
    assert "person-" not in text
    assert "ref-" not in text
    assert "PSN-" not in text
    again = await api.ok(CHECK, {"g": {"code": A}}, LEAD)
    assert again["flagsRaised"] == 0
    assert again["flags"] == first["flags"]
    body = await api.run(CHECK, {"g": {"code": A}}, PRESCRIBER)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


RECORD = """
mutation($i: RecordEthnicityInput!) { recordEthnicity(input: $i) {
  __typename ... on EthnicityRecorded { personId } ... on InputError { field message }
  ... on NotFoundError { message } } }
"""
WITHDRAW = """
mutation($p: ID!) { withdrawEthnicity(personId: $p) {
  __typename ... on NotFoundError { message } } }
"""


async def test_recording_and_withdrawing_a_persons_ethnic_group(area: Graph, api: Api) -> None:
    person = f"person-{A}-100"  # GP A's, gave none so far
    given = {"personId": person, "group": "BANGLADESHI", "consented": True}
    assert (await api.ok(RECORD, {"i": given}, PRESCRIBER))["__typename"] == "EthnicityRecorded"
    assert (await api.ok(RECORD, {"i": given}, PRESCRIBER))["__typename"] == "EthnicityRecorded"
    stored = await area.query(
        "MATCH (:Person {id: $p})-[:SELF_DESCRIBED]->(e:EthnicityStatement) RETURN e.group AS g",
        p=person,
    )
    assert stored == [{"g": "bangladeshi"}]  # once, however often it is recorded
    audit = await area.query("MATCH (a:AuditEvent {person_id: $p}) RETURN a.what AS w", p=person)
    assert {"w": "ethnicity.record"} in audit
    refused = await api.ok(RECORD, {"i": {**given, "consented": False}}, PRESCRIBER)
    assert refused == {"__typename": "InputError", "field": "consented",
                       "message": "record it only with their consent"}  # fmt: skip
    other = principal(ORG_OTHER_GP, Role.SOCIAL_PRESCRIBER)
    assert (await api.ok(RECORD, {"i": given}, other))["__typename"] == "NotFoundError"
    await api.ok(WITHDRAW, {"p": person}, PRESCRIBER)
    gone = await area.query("MATCH (e:EthnicityStatement {person_id: $p}) RETURN e", p=person)
    assert gone == []
