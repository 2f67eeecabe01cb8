"""The router's own settings (on top of the shared `Settings`), from the environment.

| variable | default | meaning |
| --- | --- | --- |
| `KITH_SLA_WORKING_DAYS` | 5 | working days to accept or reject before escalation (level 1) |
| `KITH_SLA_SECOND_WORKING_DAYS` | 10 | working days before a next-best service is proposed |
| `KITH_SLA_SWEEP_MS` | 30000 | how often each replica looks for due referrals |
| `KITH_SLA_LEASE_S` | 60 | how long a claimed referral is left to its replica |
| `KITH_SLA_BATCH` | 50 | referrals claimed per sweep |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from kith_router.domain import SlaPolicy


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    try:
        value = int(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


@dataclass(frozen=True)
class RouterConfig:
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    sweep_interval: timedelta = timedelta(seconds=30)
    lease: timedelta = timedelta(seconds=60)
    batch: int = 50

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RouterConfig:
        env = os.environ if env is None else env
        sla = SlaPolicy(
            _int(env, "KITH_SLA_WORKING_DAYS", 5), _int(env, "KITH_SLA_SECOND_WORKING_DAYS", 10)
        )
        return cls(
            sla=sla,
            sweep_interval=timedelta(milliseconds=_int(env, "KITH_SLA_SWEEP_MS", 30_000)),
            lease=timedelta(seconds=_int(env, "KITH_SLA_LEASE_S", 60)),
            batch=_int(env, "KITH_SLA_BATCH", 50),
        )
