"""The prescriber's pages for `bench.web_render`: the caseload and one person's matches, each
over HTTP as the signed-in prescriber next to the page's own GraphQL query sent straight to
the gateway with the same token (issue #15: a page costs at most 1.3 times its GraphQL time)."""

from __future__ import annotations

import html
import uuid
from typing import Any

import httpx
from kith_devstack.issuer import DemoUser, DevIssuer
from kith_web.prescriber.caseload import CASELOAD
from kith_web.prescriber.matches import MATCHES

from bench.lead_pages import HIDDEN
from bench.page_pairs import gql, page_vs_query
from bench.stats import Row
from bench.timing import time_repeat

CREATE = """mutation($i: CreatePersonInput!) { createPerson(input: $i) {
  ... on PersonSaved { person { id } } } }"""
# A person with several needs, so matching ranks, explains and finds near-misses.
PROFILE = {
    "homeArea": "E01010568",
    "needs": ["food", "debt", "social-isolation"],
    "maxTravelKm": 5.0,
}


async def prescriber_rows(
    web: str, gateway: str, issuer: DevIssuer, prescriber: DemoUser, repeat: int
) -> list[Row]:
    token = issuer.token_for(prescriber)
    async with httpx.AsyncClient(timeout=120, follow_redirects=True) as client:
        people = 20
        person_id = ""
        for i in range(people):
            given = {"idempotencyKey": str(uuid.uuid4()), "pseudonym": f"BD-CASE-{i:04d}",
                     "profile": PROFILE}  # fmt: skip
            saved = await gql(client, gateway, token, CREATE, {"i": given})
            person_id = saved["createPerson"]["person"]["id"]
        page = await client.get(f"{web}/sign-in", params={"next": "/caseload"})
        form = {k: html.unescape(v) for k, v in HIDDEN.findall(page.text)}
        await client.post(
            f"{issuer.issuer}/authorize", data={**form, "username": prescriber.username}
        )

        async def get(path: str) -> None:
            reply = await client.get(f"{web}{path}")
            assert reply.status_code == 200, reply.status_code
            assert reply.url.path == path, reply.url  # not sent to sign in

        async def direct(query: str, variables: dict[str, Any]) -> None:
            await gql(client, gateway, token, query, variables)

        matches = f"/people/{person_id}/matches"
        caseload_page = await time_repeat(repeat, lambda: get("/caseload"), warmup=1)
        caseload_query = await time_repeat(repeat, lambda: direct(CASELOAD, {}), warmup=1)
        matches_page = await time_repeat(repeat, lambda: get(matches), warmup=1)
        matches_query = await time_repeat(
            repeat, lambda: direct(MATCHES, {"id": person_id}), warmup=1
        )
    return [
        *page_vs_query(f"caseload, prescriber ({people} people)", caseload_page, caseload_query),
        *page_vs_query("a person's matches", matches_page, matches_query),
    ]
