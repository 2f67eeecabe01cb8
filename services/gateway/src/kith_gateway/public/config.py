"""Public self-referral configuration, read once from the environment (in bootstrap).

| variable                             | default | why |
| ------------------------------------ | ------- | --- |
| `KITH_CONTACT_RETENTION_DAYS`        | 30      | contact details are erased this many days after the referral closes |
| `KITH_ASKS_PER_ADDRESS_PER_HOUR`     | 5       | requests one network address may send in an hour (abuse protection) |
| `KITH_ASKS_PER_CONTACT_PER_DAY`      | 3       | requests for one phone number or email address in a day |
| `KITH_TRUSTED_PROXIES`               | 127.0.0.1,::1 | peers whose `X-Forwarded-For` names the real client (the web app) |
| `KITH_CONTACT_SWEEP_SECONDS`         | 600     | how often the erasure sweep runs |
| `KITH_RATE_LIMIT_PEPPER`             | (random per process in dev) | keyed hash of addresses: counters never hold an address |
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class PublicConfig:
    retention: timedelta = timedelta(days=30)
    per_address_per_hour: int = 5
    per_contact_per_day: int = 3
    trusted_proxies: frozenset[str] = frozenset({"127.0.0.1", "::1"})
    sweep_seconds: float = 600.0
    pepper: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PublicConfig:
        proxies = env.get("KITH_TRUSTED_PROXIES", "127.0.0.1,::1")
        return cls(
            retention=timedelta(days=float(env.get("KITH_CONTACT_RETENTION_DAYS", 30))),
            per_address_per_hour=int(env.get("KITH_ASKS_PER_ADDRESS_PER_HOUR", 5)),
            per_contact_per_day=int(env.get("KITH_ASKS_PER_CONTACT_PER_DAY", 3)),
            trusted_proxies=frozenset(p.strip() for p in proxies.split(",") if p.strip()),
            sweep_seconds=float(env.get("KITH_CONTACT_SWEEP_SECONDS", 600)),
            # Without a configured pepper, counters still work within this process's life.
            pepper=env.get("KITH_RATE_LIMIT_PEPPER") or secrets.token_hex(16),
        )
