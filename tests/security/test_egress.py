"""Webhook URLs cannot reach the metadata service (or anything inside) through an IPv6 form
that embeds an IPv4 address: IPv4-mapped, -compatible, NAT64, 6to4, Teredo."""

from __future__ import annotations

import pytest
from kith_common.egress import EgressPolicy, UrlRejected

POLICIES = {
    "production": EgressPolicy.from_env({"KITH_ENV": "production"}),
    # Even a deployment that allows every private network (as a test stack might).
    "permissive": EgressPolicy.from_env({"KITH_WEBHOOK_ALLOWED_NETWORKS": "::/0,0.0.0.0/0"}),
}
EMBEDDING = [
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a9fe:a9fe",  # NAT64 local-use prefix
    "2002:a9fe:a9fe::",  # 6to4
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "::ffff:169.254.169.254",  # IPv4-mapped
    "::ffff:a9fe:a9fe",
    "::a9fe:a9fe",  # IPv4-compatible
    "2001:0:4136:e378:8000:63bf:5601:5601",  # Teredo
    "::ffff:0:a9fe:a9fe",  # SIIT
]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("address", EMBEDDING)
async def test_ipv6_forms_embedding_ipv4_are_refused(policy: str, address: str) -> None:
    chosen = POLICIES[policy]
    with pytest.raises(UrlRejected):
        chosen.check_url(f"https://[{address}]/hook")
    with pytest.raises(UrlRejected):
        await chosen.resolve(address, 443)


def test_an_ordinary_global_ipv6_address_is_still_allowed() -> None:
    POLICIES["production"].check_url("https://[2606:4700:4700::1111]/hook")
