"""Operator use cases: register a partner's endpoint directly (deployment scripts, the local
demo, benchmarks). Organisation admins use the GraphQL gateway instead, where the endpoint must
answer a signed verification ping first; here the operator vouches for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import ip_network

from kith_common.egress import EgressPolicy, UrlRejected
from kith_common.envelope import KeyRing
from kith_common.graph import Graph

from kith_notifications.webhooks import SECRET_CONTEXT, data_keys, new_secret

DEFAULT_EVENT_TYPES = ("referral.received",)
# The operator may name a private address; whether it is reachable is the delivery-time policy's
# call (`KITH_WEBHOOK_ALLOWED_NETWORKS`), checked on every connection.
ANY_ADDRESS = (ip_network("0.0.0.0/0"), ip_network("::/0"))

REGISTER_ENDPOINT = """
MATCH (o:Organisation {id: $organisation_id})
MERGE (o)-[:HAS_ENDPOINT]->(e:WebhookEndpoint {url: $url})
ON CREATE SET e.id = randomUUID(), e.secret = $secret, e.created_at = datetime()
SET e.organisation_id = o.id, e.active = true, e.status = 'verified', e.verified_by = 'operator',
    e.verified_at = coalesce(e.verified_at, datetime())
MERGE (s:Subscription {id: 'operator-' + e.id})
ON CREATE SET s.organisation_id = o.id, s.channel = 'webhook', s.digest = 'immediate',
              s.event_types = $event_types, s.active = true, s.created_at = datetime(),
              s.service_ids = [], s.area_codes = [], s.need_codes = []
MERGE (o)-[:HAS_SUBSCRIPTION]->(s)
MERGE (s)-[:TO_ENDPOINT]->(e)
RETURN e.id AS id, e.secret AS secret
"""


class EndpointRejected(ValueError):
    pass


@dataclass(frozen=True)
class Endpoint:
    id: str
    secret: str


async def register_endpoint(
    graph: Graph,
    organisation_id: str,
    url: str,
    *,
    allow_http: bool,
    event_types: Sequence[str] = DEFAULT_EVENT_TYPES,
    keys: KeyRing | None = None,
) -> Endpoint:
    """An active, verified endpoint subscribed to `event_types` (same URL: same endpoint).
    Addresses are checked again at delivery time against the deployment's egress policy."""
    try:
        EgressPolicy(allow_http=allow_http, allowed_networks=ANY_ADDRESS).check_url(url)
    except UrlRejected as exc:
        raise EndpointRejected(str(exc)) from None
    keys = keys or data_keys()
    rows = await graph.execute(
        REGISTER_ENDPOINT,
        organisation_id=organisation_id,
        url=url,
        secret=keys.seal(new_secret(), SECRET_CONTEXT),
        event_types=list(event_types),
    )
    if not rows:
        raise EndpointRejected(f"no organisation {organisation_id}")
    return Endpoint(rows[0]["id"], keys.reveal(rows[0]["secret"], SECRET_CONTEXT))
