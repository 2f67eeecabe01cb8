"""The notifications service's own settings (on top of the shared `Settings`), from the
environment. Tests shorten the clocks (backoff base, leases, cooldowns) instead of sleeping."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kith_common.egress import EgressPolicy

from kith_notifications.domain.breaker import BreakerPolicy
from kith_notifications.domain.retry import RetryPolicy

# What "now" is for the schedule (claims, leases, retries, purges): the system clock in
# production; a test passes one it can move to see a backoff without waiting for it.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def _seconds(env: Mapping[str, str], name: str, default: float) -> timedelta:
    raw = env.get(name, "")
    try:
        return timedelta(seconds=float(raw)) if raw else timedelta(seconds=default)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from exc


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "Kith <notifications@kith.invalid>"
    starttls: bool = False
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class NotifyConfig:
    egress: EgressPolicy = field(default_factory=EgressPolicy)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    smtp: SmtpConfig | None = None  # no email channel without an SMTP relay
    lease: timedelta = timedelta(seconds=60)  # longer than one HTTP attempt can take
    http_timeout: float = 10.0
    concurrency: int = 64
    per_endpoint: int = 8
    # The senders are woken by what the recorder commits and by finished attempts; the poll
    # only finds retries falling due and rows another replica recorded.
    poll: timedelta = timedelta(seconds=1)
    ack_wait: timedelta = timedelta(seconds=30)  # JetStream redelivers an unacked event after it

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> NotifyConfig:
        env = os.environ if env is None else env
        retry = RetryPolicy(
            base=_seconds(env, "KITH_WEBHOOK_RETRY_BASE_S", 10),
            max_delay=_seconds(env, "KITH_WEBHOOK_RETRY_MAX_DELAY_S", 7200),
            window=_seconds(env, "KITH_WEBHOOK_RETRY_WINDOW_S", 86400),
        )
        breaker = BreakerPolicy(
            threshold=_int(env, "KITH_WEBHOOK_BREAKER_THRESHOLD", 5),
            cooldown=_seconds(env, "KITH_WEBHOOK_BREAKER_COOLDOWN_S", 30),
            max_cooldown=_seconds(env, "KITH_WEBHOOK_BREAKER_MAX_COOLDOWN_S", 1800),
        )
        smtp = None
        if env.get("KITH_SMTP_HOST"):
            smtp = SmtpConfig(
                host=env["KITH_SMTP_HOST"],
                port=_int(env, "KITH_SMTP_PORT", 25),
                sender=env.get("KITH_SMTP_FROM", SmtpConfig.sender),
                starttls=env.get("KITH_SMTP_STARTTLS", "") == "true",
                username=env.get("KITH_SMTP_USERNAME") or None,
                password=env.get("KITH_SMTP_PASSWORD") or None,
            )
        return cls(
            egress=EgressPolicy.from_env(env),
            retry=retry,
            breaker=breaker,
            smtp=smtp,
            lease=_seconds(env, "KITH_WEBHOOK_LEASE_S", 60),
            http_timeout=_seconds(env, "KITH_WEBHOOK_TIMEOUT_S", 10).total_seconds(),
            concurrency=_int(env, "KITH_WEBHOOK_CONCURRENCY", 64),
            per_endpoint=_int(env, "KITH_WEBHOOK_PER_ENDPOINT", 8),
            poll=_seconds(env, "KITH_NOTIFY_POLL_S", 1.0),
            ack_wait=_seconds(env, "KITH_NOTIFY_ACK_WAIT_S", 30),
        )
