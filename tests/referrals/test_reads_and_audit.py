"""Reads: consent-gated fields, the Relay connection, and the audit trail behind every read."""

from __future__ import annotations

import graphql
import pytest
import strawberry
from kith_common.auth import Role
from kith_common.graph import Graph

from tests.helpers.referrals import (
    ADMIN_A,
    ORG_A,
    ORG_B,
    PRESCRIBER,
    WORKER_B,
    Api,
    principal,
    referral_in,
)

READ = """query($id: ID!) { referral(id: $id) {
  id status version reason serviceId fromOrganisationId toOrganisationId
  person { id pseudonym homeArea } history { from to actor byUser reasonCode } } }"""

LIST = """query($first: Int!, $after: String, $status: [String!]) {
  referrals(first: $first, after: $after, status: $status) {
    edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }"""

ACCESS_LOG = """query($id: ID!) { personAccessLog(personId: $id) {
  who organisation what purpose when } }"""


async def test_the_receiver_sees_only_what_the_consent_shares(api: Api) -> None:
    await api.consent("PSN-0001", categories=["HOME_AREA"])
    referral = await referral_in(api, "received", with_consent=False)
    theirs = await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    assert theirs["person"]["pseudonym"] is None
    assert theirs["person"]["homeArea"] == "E01010568"
    assert theirs["reason"] is None
    assert [h["to"] for h in theirs["history"]] == ["requested", "received"]

    ours = await api.ok(READ, {"id": referral["id"]}, PRESCRIBER)
    assert (ours["person"]["pseudonym"], ours["reason"]) == ("PSN-0001", "Needs food support")


async def test_another_organisation_sees_nothing_at_all(api: Api) -> None:
    referral = await referral_in(api, "received")
    for stranger in (
        principal("org-other-gp", Role.SOCIAL_PRESCRIBER),
        principal("org-housing-c", Role.RECEIVING_WORKER),
        principal("org-housing-c", Role.ORG_ADMIN),
    ):
        seen = await api.run(READ, {"id": referral["id"]}, stranger)
        assert seen == {"data": {"referral": None}}
        listed = await api.ok(LIST, {"first": 10}, stranger)
        assert listed["edges"] == []


async def test_referrals_page_newest_first_without_gaps_or_repeats(api: Api) -> None:
    await api.consent("PSN-0001")
    made = [
        (await api.create("PSN-0001", reason=f"reason {i}"))["referral"]["id"] for i in range(7)
    ]
    seen: list[str] = []
    after = None
    while True:
        page = await api.ok(LIST, {"first": 3, "after": after}, PRESCRIBER)
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen)) == 7
    assert seen[0] == made[-1]  # newest first


async def test_referrals_filter_by_fhir_status_and_reject_bad_arguments(api: Api) -> None:
    received = await referral_in(api, "received")
    await referral_in(api, "requested", with_consent=False)
    only = await api.ok(LIST, {"first": 10, "status": ["received"]}, PRESCRIBER)
    assert [e["node"]["id"] for e in only["edges"]] == [received["id"]]
    for bad in (
        {"first": 101},
        {"first": 0},
        {"first": 5, "after": "!!"},
        {"first": 5, "status": ["ready"]},
    ):
        body = await api.run(LIST, bad, PRESCRIBER)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", bad


async def test_a_receiver_lists_only_what_was_sent_to_it(api: Api) -> None:
    received = await referral_in(api, "received")
    await api.create("PSN-0001", draft=True)
    listed = await api.ok(LIST, {"first": 10}, WORKER_B)
    assert [e["node"]["id"] for e in listed["edges"]] == [received["id"]]
    listed_by_referrer = await api.ok(LIST, {"first": 10}, PRESCRIBER)
    assert len(listed_by_referrer["edges"]) == 2


OF_PERSON = """query($p: ID!, $status: [String!]) {
  referrals(first: 20, personId: $p, status: $status) { edges { node { id person { id } } } } }"""


async def test_one_persons_referrals_only_those_the_caller_may_see_and_audited(api: Api) -> None:
    received = await referral_in(api, "received", pseudonym="PSN-0001")
    draft = await referral_in(api, "draft", pseudonym="PSN-0001", with_consent=False)
    other = await referral_in(api, "received", pseudonym="PSN-0002")
    person = (await api.ok(READ, {"id": received["id"]}, PRESCRIBER))["person"]["id"]

    mine = await api.ok(OF_PERSON, {"p": person}, PRESCRIBER)
    assert {e["node"]["id"] for e in mine["edges"]} == {received["id"], draft["id"]}
    assert {e["node"]["person"]["id"] for e in mine["edges"]} == {person}
    theirs = await api.ok(OF_PERSON, {"p": person}, WORKER_B)  # the draft was never sent
    assert [e["node"]["id"] for e in theirs["edges"]] == [received["id"]]
    only = await api.ok(OF_PERSON, {"p": person, "status": ["draft"]}, PRESCRIBER)
    assert [e["node"]["id"] for e in only["edges"]] == [draft["id"]]
    for stranger in (principal("org-other-gp", Role.SOCIAL_PRESCRIBER),
                     principal("org-housing-c", Role.RECEIVING_WORKER)):  # fmt: skip
        assert (await api.ok(OF_PERSON, {"p": person}, stranger))["edges"] == []
    assert (await api.ok(OF_PERSON, {"p": "no-such-person"}, PRESCRIBER))["edges"] == []
    assert other["id"] not in {e["node"]["id"] for e in mine["edges"]}

    log = (await api.run(ACCESS_LOG, {"id": person}, ADMIN_A))["data"]["personAccessLog"]
    listed = [(e["who"], e["what"]) for e in log if e["what"] == "referral.list"]
    assert ("sp-a", "referral.list") in listed
    assert ("worker-b", "referral.list") in listed


async def test_every_read_and_change_is_audited_and_admins_see_who_looked(
    api: Api, graph: Graph
) -> None:
    referral = await referral_in(api, "accepted")
    await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    await api.ok(LIST, {"first": 5}, PRESCRIBER)
    person_id = (await api.ok(READ, {"id": referral["id"]}, PRESCRIBER))["person"]["id"]

    log = await api.run(ACCESS_LOG, {"id": person_id}, ADMIN_A)
    entries = log["data"]["personAccessLog"]
    seen = [(e["who"], e["organisation"], e["what"]) for e in entries]
    assert ("worker-b", ORG_B, "referral.read") in seen
    assert ("worker-b", ORG_B, "referral.accept") in seen
    assert ("sp-a", ORG_A, "referral.list") in seen
    assert ("sp-a", ORG_A, "consent.record") in seen
    assert ("sp-a", ORG_A, "referral.send") in seen
    assert {e["purpose"] for e in entries} >= {"direct-care-referring", "direct-care-receiving"}
    whens = [e["when"] for e in entries]
    assert whens == sorted(whens, reverse=True)

    # Looking at the log is itself recorded.
    again = await api.run(ACCESS_LOG, {"id": person_id}, ADMIN_A)
    assert again["data"]["personAccessLog"][0]["what"] == "person.access-log.read"


@pytest.mark.parametrize(
    "who",
    [
        principal(ORG_B, Role.ORG_ADMIN),  # the receiver's admin: not their person
        principal("org-other", Role.ORG_ADMIN),
    ],
)
async def test_access_log_is_for_the_holding_organisation_only(api: Api, who: object) -> None:
    referral = await referral_in(api, "received")
    person_id = (await api.ok(READ, {"id": referral["id"]}, PRESCRIBER))["person"]["id"]
    body = await api.run(ACCESS_LOG, {"id": person_id}, who)  # type: ignore[arg-type]
    assert body == {"data": {"personAccessLog": None}}


def test_no_mutation_can_touch_the_audit_trail(schema: strawberry.Schema) -> None:
    published = graphql.build_schema(schema.as_str())
    assert published.mutation_type is not None
    for name, field in published.mutation_type.fields.items():
        assert "audit" not in name.lower()
        assert "accesslog" not in name.lower()
        returned = graphql.get_named_type(field.type)
        assert returned.name != "AccessLogEntry", name


async def test_audit_entries_are_never_rewritten_by_later_operations(
    api: Api, graph: Graph
) -> None:
    referral = await referral_in(api, "received")
    before = await graph.query(
        "MATCH (a:AuditEvent) RETURN a.id AS id, properties(a) AS props ORDER BY a.id"
    )
    await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    await api.change("accept", referral, WORKER_B)
    after = await graph.query(
        "MATCH (a:AuditEvent) RETURN a.id AS id, properties(a) AS props ORDER BY a.id"
    )
    still = [row for row in after if row["id"] in {b["id"] for b in before}]
    assert still == before
    assert len(after) == len(before) + 2
