"""The gateway's typed configuration, read from the environment once, in `bootstrap`.

Resolvers find it on the request context (`info.context.config`), so a test builds the
configuration it wants instead of changing the process environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from kith_common.egress import EgressPolicy
from kith_common.envelope import KeyRing

from kith_gateway.directory.domain import FreshnessPolicy
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.matching.config import MatchingConfig, config_from_env
from kith_gateway.public.config import PublicConfig


@dataclass(frozen=True)
class GatewayConfig:
    insights: InsightsConfig
    matching: MatchingConfig
    freshness: FreshnessPolicy  # when a listing is due a check, and when it is stale
    egress: EgressPolicy  # which webhook URLs may be registered (shared with notifications)
    public: PublicConfig  # self-referral limits, retention of contact details, trusted proxies
    data_keys: KeyRing  # seals webhook signing secrets (KITH_DATA_KEYS, shared with notifications)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GatewayConfig:
        return cls(
            insights=InsightsConfig.from_env(env),
            matching=config_from_env(env),
            freshness=FreshnessPolicy.from_env(env),
            egress=EgressPolicy.from_env(env),
            public=PublicConfig.from_env(env),
            data_keys=KeyRing.configured(env.get("KITH_DATA_KEYS", "")),
        )

    @classmethod
    def defaults(cls) -> GatewayConfig:
        """What an unset environment means, built once per process: a context built without
        a configuration (tests, tools) shares it, so per-process secrets such as the rate-limit
        pepper stay the same from one request to the next."""
        return _defaults()


@cache
def _defaults() -> GatewayConfig:
    return GatewayConfig.from_env({})
