"""Calling URLs that outsiders give us (partner webhooks) without being turned against our own
network: the rules against server-side request forgery, shared by the gateway (which checks a
URL when an admin registers it) and the notifications service (which checks again, after its
own DNS lookup, every time it connects — so a name that later re-points inside is refused).

Only globally routable addresses are allowed, unless the deployment lists networks it allows
(`KITH_WEBHOOK_ALLOWED_NETWORKS`, e.g. `127.0.0.0/8` for local development and tests). Cloud
metadata addresses are refused even then.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_URL_LENGTH = 2048
# Instance metadata services (AWS/GCP/Azure/OpenStack, AWS IPv6, Alibaba): never, whatever the
# deployment allows, because they hand out credentials.
METADATA = tuple(
    ipaddress.ip_network(n)
    for n in ("169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32")
)


# IPv6 ranges whose addresses embed an IPv4 address (RFC 4291, 6052, 8215, 3056, 4380).
EMBEDS_IPV4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "::ffff:0:0/96",  # IPv4-mapped
        "::/96",  # IPv4-compatible (deprecated)
        "::ffff:0:0:0/96",  # SIIT IPv4-translated
        "64:ff9b::/96",  # NAT64 well-known prefix
        "64:ff9b:1::/48",  # NAT64 local-use prefix
        "2002::/16",  # 6to4
        "2001::/32",  # Teredo
    )
)


class UrlRejected(ValueError):
    """A URL Kith will not call; the message is safe to show to whoever supplied it."""


def _parse_networks(raw: str) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(p.strip()) for p in raw.split(",") if p.strip())
    except ValueError as exc:
        raise ValueError(f"KITH_WEBHOOK_ALLOWED_NETWORKS: {exc}") from exc


@dataclass(frozen=True)
class EgressPolicy:
    allow_http: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EgressPolicy:
        """Plain http only in local development and tests; private networks only if listed."""
        local = (env.get("KITH_ENV") or "production") in {"local", "test"}
        networks = _parse_networks(env.get("KITH_WEBHOOK_ALLOWED_NETWORKS", ""))
        return cls(allow_http=local, allowed_networks=networks)

    def check_address(self, address: IPAddress) -> None:
        ip: IPAddress = address
        if any(ip.version == net.version and ip in net for net in METADATA):
            raise UrlRejected("the URL points at a cloud metadata address")
        if embeds_ipv4(ip):
            raise UrlRejected(
                "the URL uses an IPv6 address that embeds an IPv4 address; use the IPv4 address"
            )
        if any(ip.version == net.version and ip in net for net in self.allowed_networks):
            return
        if not ip.is_global or ip.is_multicast:
            raise UrlRejected(
                "the URL points at a private, loopback, link-local or reserved address,"
                " which this deployment does not allow"
            )

    def check_url(self, url: str) -> SplitResult:
        """Syntax and scheme, and the address when the host is a literal IP."""
        if len(url) > MAX_URL_LENGTH:
            raise UrlRejected(f"the URL is longer than {MAX_URL_LENGTH} characters")
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise UrlRejected("the URL is not a valid URL") from None
        schemes = {"https", "http"} if self.allow_http else {"https"}
        if parts.scheme not in schemes:
            need = "http or https" if self.allow_http else "https"
            raise UrlRejected(f"the URL must use {need}")
        if not parts.hostname:
            raise UrlRejected("the URL has no host")
        if parts.username is not None or parts.password is not None:
            raise UrlRejected("the URL must not carry a user name or password")
        if parts.fragment:
            raise UrlRejected("the URL must not have a #fragment")
        if port == 0:
            raise UrlRejected("the URL's port must be between 1 and 65535")
        literal = _literal_ip(parts.hostname)
        if literal is not None:
            self.check_address(literal)
        return parts

    async def resolve(self, host: str, port: int) -> list[str]:
        """Every address `host` resolves to, each checked; one bad address refuses them all,
        so a DNS answer mixing public and private addresses cannot slip through."""
        literal = _literal_ip(host)
        if literal is not None:
            self.check_address(literal)
            return [str(literal)]
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise UrlRejected("the URL's host name does not resolve") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            self.check_address(ipaddress.ip_address(address.split("%", 1)[0]))
        if not addresses:
            raise UrlRejected("the URL's host name does not resolve")
        return addresses


def embeds_ipv4(ip: IPAddress) -> bool:
    unspecified_or_loopback = int(ip) <= 1  # :: and ::1 sit inside ::/96 but embed nothing
    return ip.version == 6 and not unspecified_or_loopback and any(ip in net for net in EMBEDS_IPV4)


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)
