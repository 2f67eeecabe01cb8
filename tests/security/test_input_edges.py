"""Input at the edge: malformed bodies are 400s, validators match whole strings (a trailing
newline is not a valid id), and FHIR PUT does not tell an outsider a referral's status."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.fhir.updates import expected_version
from kith_gateway.notifications.domain import check_idempotency_key as notification_key
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key, check_pseudonym

from tests.helpers.fhir import WORKER_C, Fhir, created, fhir, served  # noqa: F401  (fixtures)
from tests.helpers.referrals import WORKER_B, api  # noqa: F401  (fixture)
from tests.helpers.security import Gateway

VALID_KEY = st.from_regex(r"[A-Za-z0-9._:-]{8,120}", fullmatch=True)
ENDINGS = st.sampled_from(["\n", "\r\n", "\n\n"])


@given(VALID_KEY, ENDINGS)
def test_a_line_ending_after_a_valid_key_or_pseudonym_is_refused(key: str, end: str) -> None:
    assert check_idempotency_key(key) == key
    with pytest.raises(InvalidReferral):
        check_idempotency_key(key + end)
    with pytest.raises(InvalidReferral):
        check_pseudonym(key[:60] + end)
    with pytest.raises(ValueError, match="idempotencyKey"):
        notification_key(key + end)


def test_if_match_must_be_the_whole_header() -> None:
    assert expected_version('W/"3"') == 3
    with pytest.raises(Exception, match="If-Match"):
        expected_version('W/"3"x')


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'"just a string"', "a bare JSON string"),
        (b"[1, 2]", "a batch"),
        (b"\xff\xfe{}", "invalid UTF-8"),
        (b'{"query": "{ __typename }", "variables": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
         "variables nested 50k deep (over the size limit)"),
        (b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 5_000 + b"]" * 5_000
         + b"}}", "variables nested 5k deep"),
        (b'{"query": 1}', "a query that is not a string"),
        (b'{"query": "{ __typename }", "variables": "x"}', "variables that are not an object"),
        (b"{", "truncated JSON"),
    ],
)  # fmt: skip
async def test_malformed_bodies_are_client_errors(gateway: Gateway, body: bytes, why: str) -> None:
    response = await gateway.http.post(
        f"{gateway.url}/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in {400, 413}, why
    assert response.json()["errors"][0]["message"], why


async def test_fhir_put_tells_an_outsider_nothing(fhir: Fhir) -> None:  # noqa: F811
    referral = await created(fhir)
    _, task, _ = await fhir.call("GET", f"/fhir/Task/{referral}", WORKER_B)
    answers: list[Any] = []
    for status, version in ((task["status"], task["meta"]["versionId"]), ("cancelled", "99")):
        got, body, _ = await fhir.call(
            "PUT",
            f"/fhir/Task/{referral}",
            WORKER_C,
            task | {"status": status},
            {"if-match": f'W/"{version}"'},
        )
        answers.append((got, body["issue"][0]["code"]))
    unknown = await fhir.call(
        "PUT", "/fhir/Task/no-such-referral", WORKER_C, task, {"if-match": 'W/"1"'}
    )
    assert answers == [(404, "not-found")] * 2
    assert (unknown[0], unknown[1]["issue"][0]["code"]) == (404, "not-found")


@pytest.mark.parametrize(
    "query",
    [
        '{ services(first: 5, openAt: "9999-12-31T23:59:59Z") { edges { node { id } } } }',
        '{ services(first: 5, openAt: "0001-01-01T00:00:00Z") { edges { node { id } } } }',
        '{ services(first: 5, after: "' + "A" * 5000 + '") { edges { node { id } } } }',
        "{ services(first: 2147483647) { edges { node { id } } } }",
        '{ referrals(first: 5, after: "MTAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==") { edges '
        "{ node { id } } } }",
    ],
)
async def test_huge_cursors_numbers_and_dates_are_told_what_is_wrong(
    gateway: Gateway, query: str
) -> None:
    response = await gateway.graphql(query, token=gateway.token())
    assert response.status_code == 200
    message = response.json()["errors"][0]["message"]
    assert "Unexpected error" not in message
