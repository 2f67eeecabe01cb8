"""Envelope encryption for values the graph must hold but nobody should read from a dump:
webhook signing secrets, contact details.

Each value gets its own random 256-bit data key; the value is sealed with AES-256-GCM under
that data key, and the data key is wrapped (AES-256-GCM again) by a key-encryption key from
configuration. The stored token names the key-encryption key by id:

    kenc1.<key id>.<wrapped data key>.<nonce + ciphertext>     (base64url, no padding)

so keys rotate without a flag day: a key ring holds the current key (used to seal) and older
keys (used only to open). `reseal` re-wraps a value's data key under the current key (the value's
own ciphertext is unchanged) and seals legacy plaintext; `reseal_property` does that for every
node of a label in batches, each write conditional on the value it read, so concurrent runs on
several replicas are harmless.

The value's ciphertext is bound to a *context* (e.g. "webhook-signing-secret"): a token copied
onto another kind of property does not open there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kith_common.graph import Graph

PREFIX = "kenc1"
NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Only for KITH_ENV local/test: a published key protects nothing, and production refuses to
# start without KITH_DATA_KEYS (see Settings.validate).
DEVELOPMENT_KEY_ID = "dev"
DEVELOPMENT_KEY = hashlib.sha256(b"kith development data key: not secret").digest()


class EnvelopeError(ValueError):
    """A key ring is misconfigured, or a token cannot be opened (unknown key, tampered,
    opened in the wrong context)."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key() -> str:
    """A fresh key-encryption key, as KITH_DATA_KEYS wants it (standard base64 of 32 bytes)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX + ".")


def key_id_of(stored: str) -> str | None:
    """The id of the key that wraps `stored`'s data key; None for plaintext."""
    return stored.split(".", 2)[1] if is_sealed(stored) else None


@dataclass(frozen=True)
class KeyRing:
    current: str
    keys: Mapping[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """`id=base64key,id=base64key,...`: the first seals, all open."""
        if not spec.strip():
            raise EnvelopeError("KITH_DATA_KEYS is empty")
        keys: dict[str, bytes] = {}
        for part in (p.strip() for p in spec.split(",")):
            key_id, _, encoded = part.partition("=")
            key_id = key_id.strip()
            if not KEY_ID.match(key_id):
                raise EnvelopeError(
                    "KITH_DATA_KEYS: each entry is <id>=<base64 of 32 bytes>; ids are 1-32 "
                    f"letters, digits, '-' or '_' (got an entry starting {key_id[:8]!r})"
                )
            try:
                key = base64.b64decode(encoded.strip(), validate=True)
            except binascii.Error:
                key = b""
            if len(key) != KEY_BYTES:
                raise EnvelopeError(f"KITH_DATA_KEYS: key {key_id!r} is not base64 of 32 bytes")
            if key_id in keys:
                raise EnvelopeError(f"KITH_DATA_KEYS: key id {key_id!r} appears twice")
            keys[key_id] = key
        return cls(next(iter(keys)), keys)

    @classmethod
    def development(cls) -> KeyRing:
        return cls(DEVELOPMENT_KEY_ID, {DEVELOPMENT_KEY_ID: DEVELOPMENT_KEY})

    @classmethod
    def configured(cls, spec: str) -> KeyRing:
        """The configured ring; the published development key when none is configured (the
        settings refuse that outside local and test)."""
        return cls.parse(spec) if spec.strip() else cls.development()

    def _kek(self, key_id: str) -> AESGCM:
        try:
            return AESGCM(self.keys[key_id])
        except KeyError:
            raise EnvelopeError(
                f"no data key {key_id!r} in KITH_DATA_KEYS: keep a retired key until "
                "reseal reports nothing left under it"
            ) from None

    def seal(self, plaintext: str, context: str) -> str:
        data_key = AESGCM.generate_key(bit_length=8 * KEY_BYTES)
        value_nonce, key_nonce = os.urandom(NONCE_BYTES), os.urandom(NONCE_BYTES)
        sealed = AESGCM(data_key).encrypt(value_nonce, plaintext.encode(), context.encode())
        wrapped = self._wrap(self.current, key_nonce, data_key)
        return ".".join((PREFIX, self.current, _b64(wrapped), _b64(value_nonce + sealed)))

    def _wrap(self, key_id: str, nonce: bytes, data_key: bytes) -> bytes:
        return nonce + self._kek(key_id).encrypt(nonce, data_key, key_id.encode())

    def _unwrap(self, token: str) -> tuple[bytes, bytes]:
        """The data key and the value's nonce + ciphertext."""
        try:
            prefix, key_id, wrapped_text, sealed_text = token.split(".")
            wrapped, sealed = _unb64(wrapped_text), _unb64(sealed_text)
        except (ValueError, binascii.Error):
            raise EnvelopeError("not an envelope token") from None
        if prefix != PREFIX:
            raise EnvelopeError("not an envelope token")
        try:
            kek = self._kek(key_id)
            data_key = kek.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], key_id.encode())
        except InvalidTag:
            raise EnvelopeError(f"data key under {key_id!r} does not unwrap (tampered?)") from None
        return data_key, sealed

    def open(self, token: str, context: str) -> str:
        data_key, sealed = self._unwrap(token)
        try:
            plain = AESGCM(data_key).decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode()
            )
        except InvalidTag:
            raise EnvelopeError(f"value does not open as {context!r} (tampered?)") from None
        return plain.decode()

    def reveal(self, stored: str, context: str) -> str:
        """The plaintext of a stored value: opened if sealed, as it is if written before
        encryption (until `reseal_property` has sealed it)."""
        return self.open(stored, context) if is_sealed(stored) else stored

    def reseal(self, stored: str, context: str) -> str:
        """`stored` sealed under the current key: plaintext is sealed; a token under an older
        key keeps its ciphertext and gets its data key re-wrapped; a current token is kept."""
        if not is_sealed(stored):
            return self.seal(stored, context)
        if key_id_of(stored) == self.current:
            return stored
        data_key, sealed = self._unwrap(stored)
        self.open(stored, context)  # refuse to re-wrap a value that would not open
        wrapped = self._wrap(self.current, os.urandom(NONCE_BYTES), data_key)
        return ".".join((PREFIX, self.current, _b64(wrapped), _b64(sealed)))


def _stale_query(label: str, prop: str) -> str:
    return f"""
MATCH (n:{label}) WHERE n.{prop} IS NOT NULL AND NOT n.{prop} STARTS WITH $current
RETURN elementId(n) AS ref, n.{prop} AS stored LIMIT $batch
"""


def _swap_query(label: str, prop: str) -> str:
    # Lock, then compare with the value read: a concurrent write (a rotation, another
    # replica's reseal) wins, and that node is looked at again in the next batch.
    return f"""
UNWIND $rows AS row
MATCH (n:{label}) WHERE elementId(n) = row.ref
SET n._lock = true REMOVE n._lock
WITH n, row WHERE n.{prop} = row.stored
SET n.{prop} = row.sealed
RETURN count(n) AS changed
"""


async def reseal_property(
    graph: Graph, ring: KeyRing, label: str, prop: str, context: str, batch: int = 500
) -> int:
    """Seal every `label` node's `prop` under the ring's current key (plaintext or older
    keys); returns how many values were rewritten. Run after making a new key current, and
    before removing the old one from KITH_DATA_KEYS."""
    if not (IDENTIFIER.match(label) and IDENTIFIER.match(prop)):
        raise EnvelopeError(f"not a label and property: {label!r}, {prop!r}")
    stale, swap = _stale_query(label, prop), _swap_query(label, prop)
    current = f"{PREFIX}.{ring.current}."
    changed = 0
    while rows := await graph.query(stale, current=current, batch=batch):
        resealed = [{**row, "sealed": ring.reseal(row["stored"], context)} for row in rows]
        result = await graph.execute(swap, rows=resealed)
        changed += result[0]["changed"]
    return changed
