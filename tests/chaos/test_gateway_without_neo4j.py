"""With its database unreachable the gateway refuses cleanly: a 503 with `Retry-After` whose
body is the typed, retryable `UNAVAILABLE` error, never the driver's message (it names hosts
and ports), never a stack. The chaos harness's Neo4j fault (test_neo4j_kill.py) shows the same
under load with the database really killed; this shows the answer itself, quickly."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from kith_common.settings import Settings
from kith_common.unavailable import database_unavailable
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import free_port
from kith_gateway.bootstrap import build_app as gateway_app
from kith_gateway.unavailable import CODE
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from tests.helpers.referrals import ORG_B, PRESCRIBER, RECORD_CONSENT
from tests.support import serving


def consent() -> dict[str, object]:
    return {
        "idempotencyKey": f"c-{uuid.uuid4()}",
        "personPseudonym": "PSN-NO-DB-1",
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }


async def test_a_gateway_whose_database_is_away_answers_503_with_the_typed_retryable_error(
    settings: Settings,
) -> None:
    dead_port = free_port()  # nothing listens there
    issuer = DevIssuer("http://issuer.nodb.test", settings.jwt_audience)
    async with serving(issuer_app(issuer, {})) as issuer_url:
        wired = dataclasses.replace(
            settings,
            neo4j_uri=f"bolt://127.0.0.1:{dead_port}",
            neo4j_retry_seconds=1,
            jwt_issuer=issuer.issuer,
            jwks_url=f"{issuer_url}/.well-known/jwks.json",
        )
        async with serving(gateway_app(wired)) as gateway, httpx.AsyncClient(timeout=120) as c:
            token = issuer.mint(
                PRESCRIBER.user_id, PRESCRIBER.organisation_id, tuple(PRESCRIBER.roles)
            )
            answer = await c.post(
                f"{gateway}/graphql",
                json={"query": RECORD_CONSENT, "variables": {"i": consent()}},
                headers={"authorization": f"Bearer {token}"},
            )
            ready = await c.get(f"{gateway}/readyz")

    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "2"
    body = answer.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": CODE, "retryable": True, "retryAfterSeconds": 2}
    assert "same idempotency key" in error["message"]
    for leaked in (str(dead_port), "Traceback", "Couldn't connect", "bolt://"):
        assert leaked not in answer.text
    assert ready.status_code == 503  # and the orchestrator stops sending it traffic


def test_a_request_that_failed_because_of_an_error_it_sent_is_not_unavailable() -> None:
    assert not database_unavailable(ClientError("Neo.ClientError.Statement.SyntaxError"))
    assert not database_unavailable(ValueError("bad input"))
    assert not database_unavailable(None)


@pytest.mark.parametrize(
    "error",
    [
        ServiceUnavailable("no route"),
        SessionExpired("leader gone"),
        IncompleteCommit("connection lost during commit"),  # repeat with the same key
        ConnectionAcquisitionTimeoutError("no free connection: all stuck on a starting server"),
    ],
)
def test_unreachable_or_expired_sessions_are_unavailable(error: Exception) -> None:
    assert database_unavailable(error)


def test_a_transient_error_is_unavailable_even_wrapped_in_a_domain_error() -> None:
    wrapped = RuntimeError("could not record the referral")
    wrapped.__cause__ = TransientError("the database is starting")  # as `raise ... from`
    assert database_unavailable(wrapped)
