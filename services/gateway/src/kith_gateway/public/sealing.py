"""Contact details sealed at rest with envelope encryption: each record gets its own data key
(AES-256-GCM), itself wrapped with the configured key-encryption key, so rotating the master
key re-wraps small data keys, never re-encrypts records, and a leaked graph dump alone reads
nothing. The record's own id is bound in as associated data: a sealed value copied onto
another record does not open.

Keys: `KITH_ENVELOPE_KEYS` = "<key id>:<32 bytes, base64>,..." (the first seals; all open).
Outside production (`KITH_ENV` local or test) a fixed, published development key is used when
none is configured — never for real data."""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
_DEV_KEY = "dev:" + base64.b64encode(b"kith-development-key-not-secret!").decode()


class SealingError(Exception):
    """A sealed value that cannot be opened (wrong key, tampered, other record)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Envelope:
    keys: Mapping[str, bytes]  # key id -> key-encryption key; `current` seals
    current: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Envelope:
        env = os.environ if env is None else env
        raw = env.get("KITH_ENVELOPE_KEYS", "").strip()
        if not raw:
            if env.get("KITH_ENV", "local") not in ("local", "test"):
                raise SealingError("KITH_ENVELOPE_KEYS must be set outside local and test")
            raw = _DEV_KEY
        keys: dict[str, bytes] = {}
        for entry in raw.split(","):
            kid, _, encoded = entry.strip().partition(":")
            key = base64.b64decode(encoded)
            if len(key) != 32:
                raise SealingError(f"envelope key {kid!r} must be 32 bytes")
            keys[kid] = key
        return cls(keys, raw.split(",")[0].split(":")[0].strip())

    def seal(self, fields: Mapping[str, str | None], record_id: str) -> str:
        data_key, nonce, wrap_nonce = (
            AESGCM.generate_key(256),
            secrets.token_bytes(12),
            secrets.token_bytes(12),
        )
        body = AESGCM(data_key).encrypt(
            nonce, json.dumps(dict(fields)).encode(), record_id.encode()
        )
        wrapped = AESGCM(self.keys[self.current]).encrypt(
            wrap_nonce, data_key, self.current.encode()
        )
        parts = [VERSION, self.current, *map(_b64, (wrap_nonce, wrapped, nonce, body))]
        return ".".join(parts)

    def open(self, sealed: str, record_id: str) -> dict[str, str | None]:
        try:
            version, kid, *parts = sealed.split(".")
            wrap_nonce, wrapped, nonce, body = map(_unb64, parts)
            if version != VERSION or kid not in self.keys:
                raise SealingError("sealed with an unknown key")
            data_key = AESGCM(self.keys[kid]).decrypt(wrap_nonce, wrapped, kid.encode())
            plain = AESGCM(data_key).decrypt(nonce, body, record_id.encode())
        except (ValueError, TypeError) as exc:
            raise SealingError("the sealed value does not open") from exc
        except Exception as exc:  # cryptography's InvalidTag
            raise SealingError("the sealed value does not open") from exc
        value: dict[str, str | None] = json.loads(plain)
        return value


@cache
def configured() -> Envelope:
    return Envelope.from_env()
