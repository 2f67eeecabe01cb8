"""The safeguarding review queue: an organisation admin other than the recorder upholds or
ends each record that shares a person's data without consent."""

from __future__ import annotations

from typing import Any

from kith_common.auth import Role
from kith_common.graph import Graph

from tests.helpers.referrals import ADMIN_A, ORG_B, PRESCRIBER, WORKER_B, Api, key, principal

QUEUE = """
query { safeguardingReviews { consentId personId recordedBy purpose justification
  sharedWithOrganisationIds } }"""

REVIEW = """
mutation($i: ReviewSafeguardingInput!) { reviewSafeguardingBasis(input: $i) {
  __typename ... on SafeguardingReviewed { consentId outcome cancelledReferralIds replayed }
  ... on NotFoundError { message } ... on ConflictError { message } ... on InputError { message }
} }"""

JUSTIFICATION = "Risk of serious harm; person lacks capacity to consent at present."


async def safeguarding(api: Api, pseudonym: str = "PSN-SG-1") -> dict[str, Any]:
    return await api.consent(
        pseudonym, basis="SAFEGUARDING", method=None, justification=JUSTIFICATION
    )


async def review(
    api: Api, consent_id: str, outcome: str, idem: str | None = None, who: Any = ADMIN_A
) -> dict[str, Any]:
    given = {"consentId": consent_id, "outcome": outcome, "idempotencyKey": idem or key()}
    return await api.ok(REVIEW, {"i": given}, who)


async def test_the_queue_lists_own_organisations_records_and_audits_the_read(
    api: Api, graph: Graph
) -> None:
    recorded = await safeguarding(api)
    await api.consent("PSN-ORDINARY")  # an ordinary consent never enters the queue
    queue = (await api.run(QUEUE, None, ADMIN_A))["data"]["safeguardingReviews"]
    assert [q["consentId"] for q in queue] == [recorded["consentId"]]
    assert queue[0]["justification"] == JUSTIFICATION
    assert queue[0]["recordedBy"] == PRESCRIBER.user_id
    other = await api.run(QUEUE, None, principal(ORG_B, Role.ORG_ADMIN))
    assert other["data"]["safeguardingReviews"] == []
    audit = await graph.query(
        "MATCH (a:AuditEvent {what: 'safeguarding.review-read'}) RETURN a.person_id AS p"
    )
    assert audit == [{"p": recorded["personId"]}]


async def test_only_organisation_admins_see_the_queue(api: Api) -> None:
    for who in (PRESCRIBER, WORKER_B, principal("org-gp-a", Role.SYSTEM_LEAD)):
        body = await api.run(QUEUE, None, who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_upheld_records_keep_counting_and_leave_the_queue(api: Api) -> None:
    recorded = await safeguarding(api)
    idem = key()
    done = await review(api, recorded["consentId"], "UPHELD", idem)
    assert (done["outcome"], done["cancelledReferralIds"]) == ("UPHELD", [])
    again = await review(api, recorded["consentId"], "UPHELD", idem)
    assert again["replayed"] is True
    twice = await review(api, recorded["consentId"], "NOT_UPHELD")
    assert twice["__typename"] == "ConflictError"
    assert (await api.run(QUEUE, None, ADMIN_A))["data"]["safeguardingReviews"] == []
    assert (await api.create("PSN-SG-1"))["referral"]["status"] == "requested"


async def test_not_upheld_stops_sharing_and_cancels_open_referrals(api: Api, graph: Graph) -> None:
    recorded = await safeguarding(api)
    referral = (await api.create("PSN-SG-1"))["referral"]
    done = await review(api, recorded["consentId"], "NOT_UPHELD")
    assert done["cancelledReferralIds"] == [referral["id"]]
    rows = await graph.query(
        "MATCH (c:Consent {id: $c}) MATCH (r:Referral {id: $r})"
        " RETURN c.status AS consent, c.review_outcome AS outcome, r.status AS referral",
        c=recorded["consentId"],
        r=referral["id"],
    )
    assert rows == [{"consent": "withdrawn", "outcome": "not-upheld", "referral": "cancelled"}]
    events = await graph.query(
        "MATCH (o:Outbox {subject: 'kith.consent.withdrawn'}) RETURN o.aggregate_id AS c"
    )
    assert events == [{"c": recorded["consentId"]}]
    refused = await api.create("PSN-SG-1")
    assert refused["__typename"] == "ConsentRequiredError"


async def test_the_recorder_cannot_review_their_own_record(api: Api) -> None:
    recorded = await safeguarding(api)
    both = principal("org-gp-a", Role.SOCIAL_PRESCRIBER, Role.ORG_ADMIN, user=PRESCRIBER.user_id)
    done = await review(api, recorded["consentId"], "UPHELD", who=both)
    assert done["__typename"] == "ConflictError"
    assert "someone other" in done["message"]


async def test_another_organisations_record_is_not_found(api: Api) -> None:
    recorded = await safeguarding(api)
    done = await review(api, recorded["consentId"], "UPHELD", who=principal(ORG_B, Role.ORG_ADMIN))
    assert done["__typename"] == "NotFoundError"
