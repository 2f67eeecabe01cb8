"""Configuration read once from the environment.

Every service reads the same variables, so one table in the README documents them all.
An unset `KITH_ENV` means production: nothing fails open because a variable was forgotten.
`make up` and the tests say `local` / `test`, and only there do the defaults point at the
development stack on loopback (its token issuer included); production must name its issuer,
audience and https JWKS, a Neo4j password, and cluster addresses.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from kith_common.ratelimit import RateLimits


class SettingsError(ValueError):
    """A configuration value is missing or malformed."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _list(env: Mapping[str, str], name: str, default: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in env.get(name, default).split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    environment: str = "production"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    # How long the driver keeps retrying a unit of work while Neo4j is away (a leader change,
    # a restart) before the request fails with the typed, retryable UNAVAILABLE error.
    neo4j_retry_seconds: int = 30
    nats_servers: tuple[str, ...] = ("nats://127.0.0.1:4222",)
    nats_credentials: str | None = None
    stream_name: str = "KITH"
    jwt_issuer: str = "http://127.0.0.1:8009"
    jwt_audience: str = "kith"
    jwks_url: str = "http://127.0.0.1:8009/.well-known/jwks.json"
    gateway_port: int = 8000
    directory_port: int = 8001
    router_port: int = 8002
    notifications_port: int = 8003
    host: str = "127.0.0.1"
    public_base_url: str = "http://127.0.0.1:8000"
    log_level: str = "info"
    outbox_poll_ms: int = 1000  # the safety poll: commits in this process wake the relay
    meetings_sweep_seconds: int = 300  # gateway: how often overdue meeting actions are swept
    rate_limits: str = "on"  # on, off, or a factor applied to every quota
    # Key-encryption keys for envelope-encrypted values (kith_common.envelope): "id=base64,..."
    data_keys: str = ""

    @property
    def is_development(self) -> bool:
        """`make up` or the tests: loopback services and the development token issuer."""
        return self.environment in DEVELOPMENT

    @property
    def is_local(self) -> bool:
        return self.environment == "local"

    @property
    def neo4j_auth(self) -> tuple[str, str] | None:
        # The local embedded DBMS runs without auth on loopback; anything else must use it.
        return (self.neo4j_user, self.neo4j_password) if self.neo4j_password else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        settings = cls(
            environment=env.get("KITH_ENV") or "production",
            neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri),
            neo4j_user=env.get("NEO4J_USERNAME", cls.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", cls.neo4j_database),
            neo4j_retry_seconds=_int(env, "KITH_NEO4J_RETRY_S", cls.neo4j_retry_seconds),
            nats_servers=_list(env, "NATS_URL", "nats://127.0.0.1:4222"),
            nats_credentials=env.get("NATS_CREDENTIALS") or None,
            stream_name=env.get("KITH_STREAM", cls.stream_name),
            jwt_issuer=_development_default(env, "KITH_JWT_ISSUER", cls.jwt_issuer),
            jwt_audience=_development_default(env, "KITH_JWT_AUDIENCE", cls.jwt_audience),
            jwks_url=_development_default(env, "KITH_JWKS_URL", cls.jwks_url),
            gateway_port=_int(env, "KITH_GATEWAY_PORT", cls.gateway_port),
            directory_port=_int(env, "KITH_DIRECTORY_PORT", cls.directory_port),
            router_port=_int(env, "KITH_ROUTER_PORT", cls.router_port),
            notifications_port=_int(env, "KITH_NOTIFICATIONS_PORT", cls.notifications_port),
            host=env.get("KITH_HOST", cls.host),
            public_base_url=env.get("KITH_PUBLIC_BASE_URL", cls.public_base_url),
            log_level=env.get("KITH_LOG_LEVEL", cls.log_level),
            outbox_poll_ms=_int(env, "KITH_OUTBOX_POLL_MS", cls.outbox_poll_ms),
            meetings_sweep_seconds=_int(
                env, "KITH_MEETINGS_SWEEP_SECONDS", cls.meetings_sweep_seconds
            ),
            rate_limits=env.get("KITH_RATE_LIMITS", cls.rate_limits).strip().lower() or "on",
            data_keys=env.get("KITH_DATA_KEYS", ""),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.meetings_sweep_seconds < 1:
            raise SettingsError("KITH_MEETINGS_SWEEP_SECONDS must be at least 1")
        if self.environment not in {"local", "test", "production"}:
            raise SettingsError(
                f"KITH_ENV must be local, test or production, not {self.environment!r}"
            )
        self.rate_limits_applied(RateLimits())
        if self.is_development:
            return
        missing = [
            name
            for name, value in (
                ("NEO4J_PASSWORD", self.neo4j_password),
                ("KITH_JWT_ISSUER", self.jwt_issuer),
                ("KITH_JWT_AUDIENCE", self.jwt_audience),
                ("KITH_JWKS_URL", self.jwks_url),
            )
            if not value
        ]
        if missing:
            raise SettingsError(f"KITH_ENV={self.environment} needs {', '.join(missing)}")
        if not self.jwks_url.startswith("https://"):
            raise SettingsError(f"KITH_ENV={self.environment} needs an https:// KITH_JWKS_URL")
        if not self.data_keys.strip():
            raise SettingsError(
                f"KITH_ENV={self.environment} needs KITH_DATA_KEYS (see deploy/README.md)"
            )

    def rate_limits_applied(self, limits: RateLimits) -> RateLimits | None:
        """The quotas as `KITH_RATE_LIMITS` says: unchanged (on), none (off) or scaled."""
        if self.rate_limits == "on":
            return limits
        if self.rate_limits == "off":
            return None
        try:
            factor = float(self.rate_limits)
        except ValueError:
            factor = 0.0
        if not 0 < factor < 1e6:
            raise SettingsError("KITH_RATE_LIMITS must be on, off or a positive factor")
        return limits.scaled(factor)


DEVELOPMENT = frozenset({"local", "test"})


def _development_default(env: Mapping[str, str], name: str, default: str) -> str:
    """The development stack's value when KITH_ENV is local or test; otherwise it must be set."""
    if env.get(name):
        return env[name]
    return default if (env.get("KITH_ENV") or "production") in DEVELOPMENT else ""
