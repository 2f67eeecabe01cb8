"""Who may read what over FHIR: the same rules as GraphQL (other organisations get 404, not
403), and a receiver sees only the person data the consent shares with it."""

from __future__ import annotations

import json

import pytest
from kith_common.auth import Principal, Role

from tests.helpers.fhir import WORKER_C, Fhir, created
from tests.helpers.referrals import ORG_A, ORG_B, PRESCRIBER, WORKER_B, principal

PRESCRIBER_C = principal("org-housing-c", Role.SOCIAL_PRESCRIBER, user="sp-c")
ADMIN_B = principal(ORG_B, Role.ORG_ADMIN, user="admin-b")
LEAD = principal(ORG_A, Role.SYSTEM_LEAD, user="lead")


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest"])
@pytest.mark.parametrize(
    ("who", "status"),
    [(PRESCRIBER, 200), (WORKER_B, 200), (ADMIN_B, 200), (WORKER_C, 404), (PRESCRIBER_C, 404),
     (LEAD, 403), (None, 401)],
)  # fmt: skip
async def test_reads_follow_the_graphql_rules(
    fhir: Fhir, kind: str, who: Principal | None, status: int
) -> None:
    referral = await created(fhir)
    got, body, headers = await fhir.call("GET", f"/fhir/{kind}/{referral}", who)
    assert got == status, body
    if status == 401:
        assert headers["www-authenticate"] == "Bearer"
        assert body["issue"][0]["code"] == "login"
    if status == 404:  # exactly what an unknown id gets: existence is not revealed
        unknown = await fhir.call("GET", f"/fhir/{kind}/no-such-referral", who)
        assert (unknown[0], unknown[1]["issue"][0]["code"]) == (404, "not-found")


async def test_a_bad_token_is_401(fhir: Fhir) -> None:
    referral = await created(fhir)
    headers = {"authorization": "Bearer not-a-jwt"}
    response = await fhir.client.get(f"{fhir.url}/fhir/Task/{referral}", headers=headers)
    assert response.status_code == 401
    assert response.json()["resourceType"] == "OperationOutcome"


async def test_the_receiver_sees_only_what_the_consent_covers(fhir: Fhir) -> None:
    referral = await created(fhir, categories=["HOME_AREA"])
    for kind in ("Task", "ServiceRequest"):
        _, body, _ = await fhir.call("GET", f"/fhir/{kind}/{referral}", WORKER_B)
        text = json.dumps(body)
        assert "PSN-0001" not in text
        assert "Synthetic reason 7731" not in text
    _, request, _ = await fhir.call("GET", f"/fhir/ServiceRequest/{referral}", WORKER_B)
    assert request["subject"]["extension"][0]["valueCode"] == "masked"
    assert request["extension"][0]["valueCoding"]["code"] == "E01010568"  # home area: covered
    _, theirs, _ = await fhir.call("GET", f"/fhir/ServiceRequest/{referral}", PRESCRIBER)
    assert "PSN-0001" in json.dumps(theirs)  # the referrer holds the person: sees it all
    assert theirs["reasonCode"] == [{"text": "Synthetic reason 7731"}]


async def test_every_fhir_read_is_audited(fhir: Fhir) -> None:
    referral = await created(fhir)
    await fhir.call("GET", f"/fhir/Task/{referral}", WORKER_B)
    rows = await fhir.graph.query(
        "MATCH (a:AuditEvent {subject_id: $id, organisation: $org}) RETURN a.what AS what",
        id=referral,
        org=ORG_B,
    )
    assert [r["what"] for r in rows] == ["referral.read"]
