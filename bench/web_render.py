"""Signed-in pages over HTTP against the same GraphQL call made directly, same run, same graph
(the demo district, its seeded referrals, and referrals to the demo food bank): the inbox and a
referral's page as the signed-in food bank, the caseload and a person's matches as the
prescriber (bench/prescriber_pages.py) (web service → gateway GraphQL → HTML), each next to
the page's own query sent straight to the gateway with the same token. Target (issue #15): a page costs at most 1.3 times its GraphQL time.

    uv run python -m bench.web_render --repeat 30 --referrals 40
"""

from __future__ import annotations

import argparse
import asyncio
import html
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.refresh import refresh_profiles
from kith_web.pages.inbox import INBOX, OPEN
from kith_web.pages.referral import READ

from bench.lead_pages import HIDDEN, _seed
from bench.page_pairs import AREAS, gql, page_stack, page_vs_query
from bench.prescriber_pages import prescriber_rows
from bench.stack import infrastructure
from bench.stats import Row, table
from bench.timing import time_repeat

CONSENT = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"
REFER = """mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  ... on ReferralCreated { referral { id } } } }"""


async def _refer(client: httpx.AsyncClient, gateway: str, token: str, to: str, n: int) -> str:
    """`n` referrals from the prescriber to the food bank (consent first); the last one's id."""
    directory = generate_directory(read_areas(AREAS), seed=7)  # what _seed imported
    service_id = next(s["id"] for s in directory if s["organization"]["id"] == to)
    expires = (datetime.now(UTC) + timedelta(days=90)).isoformat()
    last = ""
    for i in range(n):
        who = f"BD-BENCH-{i:04d}"
        await gql(client, gateway, token, CONSENT, {"i": {
            "idempotencyKey": str(uuid.uuid4()), "personPseudonym": who,
            "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"], "purpose": "REFERRAL",
            "sharedWithOrganisationIds": [to], "method": "VERBAL", "expiresAt": expires}})  # fmt: skip
        made = await gql(client, gateway, token, REFER, {"i": {
            "idempotencyKey": str(uuid.uuid4()), "personPseudonym": who, "homeArea": "E01010568",
            "serviceId": service_id, "reason": "food support"}})  # fmt: skip
        last = made["createReferral"]["referral"]["id"]
    return last


async def measure(settings: Settings, repeat: int, referrals: int) -> list[Row]:
    async with page_stack(settings) as stack:
        client, web, gateway, issuer, users = (
            stack.client, stack.web, stack.gateway, stack.issuer, stack.users)  # fmt: skip
        food_bank, prescriber = users["foodbank"], users["prescriber"]
        referral_id = await _refer(client, gateway, issuer.token_for(prescriber),
                                   food_bank.organisation_id, referrals)  # fmt: skip
        page = await client.get(f"{web}/sign-in", params={"next": "/inbox"})
        form = {k: html.unescape(v) for k, v in HIDDEN.findall(page.text)}
        await client.post(f"{issuer.issuer}/authorize", data={**form, "username": "foodbank"})
        token = issuer.token_for(food_bank)

        async def get(path: str) -> None:
            reply = await client.get(f"{web}{path}")
            assert reply.status_code == 200, reply.status_code
            assert reply.url.path == path.split("?")[0], reply.url  # not sent to sign in

        async def direct(query: str, variables: dict[str, Any]) -> None:
            await gql(client, gateway, token, query, variables)

        inbox_page = await time_repeat(repeat, lambda: get("/inbox?show=new"), warmup=1)
        inbox_query = await time_repeat(repeat, lambda: direct(INBOX, {"status": OPEN}), warmup=1)
        one_page = await time_repeat(repeat, lambda: get(f"/referrals/{referral_id}"), warmup=1)
        one_query = await time_repeat(repeat, lambda: direct(READ, {"id": referral_id}), warmup=1)
        mine = await prescriber_rows(web, gateway, issuer, users["prescriber"], repeat)
        return [
            *page_vs_query(
                f"inbox, food bank ({referrals} open referrals)", inbox_page, inbox_query
            ),
            *page_vs_query("a referral", one_page, one_query),
            *mine,
        ]


async def run(args: argparse.Namespace, uri: str, nats: str) -> list[Row]:
    settings = Settings.from_env({"NEO4J_URI": uri, "NATS_URL": nats, "KITH_ENV": "test",
                                  "KITH_LOG_LEVEL": "warning"})  # fmt: skip
    graph = Graph.from_settings(settings)
    try:
        started = time.perf_counter()
        await _seed(graph)
        await refresh_profiles(graph, default_embedder())  # what `make up` does: matchable
        print(f"seeded the demo district in {time.perf_counter() - started:.0f}s", flush=True)
    finally:
        await graph.close()
    return await measure(settings, args.repeat, args.referrals)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.web_render")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--referrals", type=int, default=40)
    args = parser.parse_args()
    configure_logging("bench", "warning")
    with tempfile.TemporaryDirectory() as state, infrastructure(Path(state)) as stack:
        rows = asyncio.run(run(args, stack.bolt_uri, stack.nats_url))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
