"""The public directory's calls to the gateway: anonymous (no token), with the person's network
address forwarded so the gateway's per-address limits count them, not this service."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.requests import Request

from kith_web.gateway import _raise_for
from kith_web.web import services

CARD = """id name organisationName summary distanceKm freeOfCharge takesSelfReferrals
  needs { code name } languages { code name } whoFor { womenOnly menOnly }
  venues { name address postcode lat lon stepFree } online
  sessions { days weekOfMonth opensAt closesAt } lastChecked freshness writtenIn"""

FIND = (
    """
query($text: String!, $place: String, $near: PointInput, $day: Weekday, $time: String,
      $womenOnly: Boolean!, $stepFree: Boolean!, $free: Boolean!, $languages: [String!],
      $needs: [String!], $after: String) {
  findHelp(text: $text, place: $place, near: $near, needs: $needs, day: $day, time: $time,
           womenOnly: $womenOnly, stepFree: $stepFree, freeOfCharge: $free,
           languages: $languages, after: $after, first: 20) {
    understood { needs { code name } place placeNotFound nearMe day time languages
                 womenOnly stepFree freeOfCharge words }
    edges { node { """
    + CARD
    + """ } }
    pageInfo { hasNextPage endCursor }
  } }"""
)

SERVICE = (
    """
query($id: ID!) { publicService(id: $id) { """
    + CARD
    + """
  description whoFor { minimumAge maximumAge description }
  sessions { description } venues { access directions }
  contact { phone email website } costs capacityStatus contactKeptDays } }"""
)

ASK = """
mutation($i: AskToBeContactedInput!) { askToBeContacted(input: $i) {
  __typename ... on AskSent { reference serviceName organisationName replayed }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } ... on TooManyRequests { message retryAfterSeconds } } }"""


# Sending an ask writes several nodes in one transaction with its limits: on a busy server that
# can outlast an ordinary page's wait, and its idempotency key makes a resend harmless.
ASK_SECONDS = 60.0


async def anonymous(
    request: Request, query: str, variables: dict[str, Any], wait_seconds: float | None = None
) -> dict[str, Any]:
    wired = services(request)
    forwarded = request.headers.get("x-forwarded-for", "")
    peer = request.client.host if request.client else ""
    chain = ", ".join(x for x in (forwarded, peer) if x)
    response = await wired.http.post(
        wired.gateway.endpoint,
        json={"query": query, "variables": variables},
        headers={"x-forwarded-for": chain} if chain else {},
        timeout=wait_seconds if wait_seconds else httpx.USE_CLIENT_DEFAULT,
    )
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        _raise_for(body["errors"])
    data: dict[str, Any] = body["data"]
    return data
