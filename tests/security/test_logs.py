"""Nothing a client sends reaches the gateway's log: no query text, no variables, no error
message (a refusal can quote the values it refused), and expected refusals are one info line
each, never an error with a traceback. The client, meanwhile, is told what was wrong."""

from __future__ import annotations

import io

from tests.helpers.security import Gateway

PSEUDONYM = "SYN-PSN-LOGSCAN-4417"
SECRETS = (PSEUDONYM, "E01099998", "SYNTHETIC-NEED-okapi", "okapi")


async def test_refusals_reach_the_client_but_not_the_log(
    gateway: Gateway, json_logs: io.StringIO
) -> None:
    token = gateway.token()
    inline = (
        'mutation { recordConsent(input: {idempotencyKey: "k-1", personPseudonym: "'
        + PSEUDONYM
        + '", categories: [PSEUDONYM], purpose: REFERRAL, sharedWithOrganisationIds: [],'
        ' method: VERBAL, expiresAt: "not-a-date"}) { __typename } }'
    )
    refused = (await gateway.graphql(inline, token=token)).json()
    assert refused["errors"]
    profile = {"homeArea": "E01099998", "needs": ["SYNTHETIC-NEED-okapi"]}  # no maxTravelKm
    invalid = await gateway.graphql(
        "query($p: ProfileInput!) { matchesFor(profile: $p) { __typename } }",
        {"p": profile},
        token=token,
    )
    message = invalid.json()["errors"][0]["message"]
    assert "maxTravelKm" in message, message  # not "Unexpected error."
    directives = "{ __typename " + "@skip(if: false) " * 1000 + "}"
    await gateway.graphql(directives)
    logged = json_logs.getvalue()
    assert "graphql_refused" in logged  # the log scan saw the refusals happen
    for secret in SECRETS:
        assert secret not in logged, secret
    assert "Traceback" not in logged
    assert '"level": "error"' not in logged
    assert logged.count("graphql_refused") < 10
