"""Who is asking, as a network address, for the public rate limits: the peer itself, or the
client a trusted proxy (the web app, a load balancer) names in `X-Forwarded-For`. Only the
nearest untrusted hop counts, so a client cannot pick its own address by sending the header."""

from __future__ import annotations

from starlette.requests import HTTPConnection


def client_address(connection: HTTPConnection, trusted: frozenset[str]) -> str | None:
    """`trusted`: the proxies whose `X-Forwarded-For` is believed."""
    peer = connection.client.host if connection.client else None
    if peer is None or peer not in trusted:
        return peer
    hops = [
        h.strip() for h in connection.headers.get("x-forwarded-for", "").split(",") if h.strip()
    ]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer
