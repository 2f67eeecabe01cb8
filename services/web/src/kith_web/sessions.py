"""Server-side sessions in a NATS JetStream key-value bucket.

Why NATS KV: the stack already runs NATS, every replica of the web service sees the same
bucket (services stay stateless), a session can be ended server-side (sign-out, idle timeout)
which an encrypted cookie cannot, and the bucket's TTL clears abandoned sessions by itself.
The cookie holds only a random id; the bucket key is its SHA-256, so someone who can read the
bucket still cannot present a session.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import BadRequestError, KeyNotFoundError
from nats.js.kv import KeyValue

BUCKET = "kith-web-sessions"
COOKIE = "kith_session"
TOUCH_EVERY_SECONDS = 30  # rewrite at most this often to extend an active session


@dataclass(frozen=True)
class PendingSignIn:
    """What the sign-in redirect must find again at the callback (OIDC state + PKCE)."""

    state: str
    code_verifier: str
    nonce: str
    return_to: str


@dataclass(frozen=True)
class SessionData:
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    last_seen: float = 0.0
    access_token: str | None = None
    token_expires_at: float = 0.0
    user_id: str | None = None
    organisation_id: str | None = None
    roles: tuple[str, ...] = ()
    pending: PendingSignIn | None = None

    @property
    def signed_in(self) -> bool:
        return self.access_token is not None

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> SessionData:
        data = json.loads(raw)
        pending = data.pop("pending")
        data["roles"] = tuple(data["roles"])
        return cls(**data, pending=PendingSignIn(**pending) if pending else None)


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    def __init__(
        self, kv: KeyValue, idle_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.kv, self.idle_seconds, self.clock = kv, idle_seconds, clock

    @classmethod
    async def open(
        cls, js: JetStreamContext, idle_seconds: int, bucket: str = BUCKET
    ) -> SessionStore:
        # The bucket's TTL only sweeps: idleness is decided from last_seen, to the second, so
        # a replica configured with another timeout uses the bucket as the first one made it.
        config = KeyValueConfig(
            bucket=bucket, ttl=idle_seconds + 2 * TOUCH_EVERY_SECONDS, storage=StorageType.FILE
        )
        try:
            kv = await js.create_key_value(config)
        except BadRequestError:
            kv = await js.key_value(bucket)
        return cls(kv, idle_seconds)

    async def create(self, data: SessionData) -> tuple[str, SessionData]:
        session_id = secrets.token_urlsafe(32)
        stored = replace(data, last_seen=self.clock())
        await self.kv.put(_key(session_id), stored.to_json())
        return session_id, stored

    async def load(self, session_id: str) -> SessionData | None:
        """The live session, or None when unknown, idle too long or its token expired."""
        try:
            entry = await self.kv.get(_key(session_id))
        except KeyNotFoundError:
            return None
        if entry.value is None:
            return None
        data, now = SessionData.from_json(entry.value), self.clock()
        expired = data.signed_in and data.token_expires_at <= now
        if now - data.last_seen > self.idle_seconds or expired:
            await self.delete(session_id)
            return None
        if now - data.last_seen > TOUCH_EVERY_SECONDS:
            data = replace(data, last_seen=now)
            await self.kv.put(_key(session_id), data.to_json())
        return data

    async def save(self, session_id: str, data: SessionData) -> None:
        await self.kv.put(_key(session_id), replace(data, last_seen=self.clock()).to_json())

    async def delete(self, session_id: str) -> None:
        try:
            await self.kv.purge(_key(session_id))
        except KeyNotFoundError:
            return
