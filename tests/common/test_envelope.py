"""Envelope encryption: values round-trip, tokens bind their context and key, keys rotate
(in memory and across a graph, with plaintext written before encryption migrated)."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_common.envelope import (
    DEVELOPMENT_KEY_ID,
    EnvelopeError,
    KeyRing,
    is_sealed,
    key_id_of,
    new_key,
    reseal_property,
)
from kith_common.graph import Graph
from kith_common.settings import Settings, SettingsError

CONTEXT = "test-context"
OLD = f"old={new_key()}"
NEW = f"new={new_key()}"


@given(st.text(max_size=300))
def test_a_sealed_value_opens_to_itself_and_never_shows_it(value: str) -> None:
    ring = KeyRing.parse(OLD)
    token = ring.seal(value, CONTEXT)
    assert is_sealed(token)
    assert key_id_of(token) == "old"
    assert ring.open(token, CONTEXT) == value
    if len(value) >= 4:
        assert value not in token


def test_each_value_gets_its_own_data_key() -> None:
    ring = KeyRing.parse(OLD)
    first, second = ring.seal("same", CONTEXT), ring.seal("same", CONTEXT)
    assert first != second
    assert first.split(".")[2] != second.split(".")[2]  # different wrapped data keys


def test_a_token_does_not_open_in_another_context_or_when_tampered() -> None:
    ring = KeyRing.parse(OLD)
    token = ring.seal("whsec_abc", CONTEXT)
    with pytest.raises(EnvelopeError, match="does not open"):
        ring.open(token, "another-context")
    prefix, key_id, wrapped, sealed = token.split(".")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(EnvelopeError, match="tampered"):
        ring.open(".".join((prefix, key_id, wrapped, flipped)), CONTEXT)
    with pytest.raises(EnvelopeError, match="not an envelope token"):
        ring.open("kenc1.old.only-three", CONTEXT)


def test_a_ring_without_the_key_names_the_missing_id() -> None:
    token = KeyRing.parse(OLD).seal("x", CONTEXT)
    with pytest.raises(EnvelopeError, match="no data key 'old'"):
        KeyRing.parse(NEW).open(token, CONTEXT)


def test_rotation_rewraps_the_data_key_and_keeps_the_ciphertext() -> None:
    old_ring = KeyRing.parse(OLD)
    token = old_ring.seal("whsec_abc", CONTEXT)
    rotated_ring = KeyRing.parse(f"{NEW},{OLD}")  # new seals; old still opens
    assert rotated_ring.open(token, CONTEXT) == "whsec_abc"
    resealed = rotated_ring.reseal(token, CONTEXT)
    assert key_id_of(resealed) == "new"
    assert resealed.split(".")[3] == token.split(".")[3]
    assert KeyRing.parse(NEW).open(resealed, CONTEXT) == "whsec_abc"  # old key retired
    assert rotated_ring.reseal(resealed, CONTEXT) == resealed
    with pytest.raises(EnvelopeError):
        rotated_ring.reseal(token, "another-context")


def test_plaintext_from_before_encryption_is_revealed_then_sealed() -> None:
    ring = KeyRing.parse(OLD)
    assert ring.reveal("whsec_legacy", CONTEXT) == "whsec_legacy"
    sealed = ring.reseal("whsec_legacy", CONTEXT)
    assert is_sealed(sealed)
    assert ring.reveal(sealed, CONTEXT) == "whsec_legacy"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("k1", "not base64 of 32 bytes"),
        ("k1=c2hvcnQ=", "not base64 of 32 bytes"),
        ("bad id=" + new_key(), "ids are"),
        (f"{OLD},{OLD}", "appears twice"),
    ],
)
def test_a_malformed_key_ring_is_refused_clearly(spec: str, message: str) -> None:
    with pytest.raises(EnvelopeError, match=message):
        KeyRing.parse(spec)
    assert new_key().split("=")[0] not in message


def test_production_needs_data_keys_and_local_uses_the_development_key() -> None:
    env = {
        "KITH_ENV": "production",
        "NEO4J_PASSWORD": "pw",
        "KITH_JWKS_URL": "https://idp/j",
        "KITH_JWT_ISSUER": "https://idp",
        "KITH_JWT_AUDIENCE": "kith",
    }
    with pytest.raises(SettingsError, match="KITH_DATA_KEYS"):
        Settings.from_env(env)
    assert Settings.from_env({**env, "KITH_DATA_KEYS": NEW}).data_keys == NEW
    local = Settings.from_env({"KITH_ENV": "local"})
    assert KeyRing.configured(local.data_keys).current == DEVELOPMENT_KEY_ID


async def test_reseal_property_migrates_plaintext_and_rotates_across_the_graph(
    graph: Graph,
) -> None:
    old_ring = KeyRing.parse(OLD)
    values = {f"n{i}": f"whsec_{i}" for i in range(7)}
    stored = {
        k: (old_ring.seal(v, CONTEXT) if i % 2 else v) for i, (k, v) in enumerate(values.items())
    }
    await graph.execute(
        "UNWIND $rows AS row CREATE (:EnvelopeProbe {id: row[0], secret: row[1]})",
        rows=[[k, v] for k, v in stored.items()],
    )
    await graph.execute("CREATE (:EnvelopeProbe {id: 'empty'})")  # no value: left alone

    rotated = KeyRing.parse(f"{NEW},{OLD}")
    counts = await asyncio.gather(
        *(
            reseal_property(graph, rotated, "EnvelopeProbe", "secret", CONTEXT, batch=2)
            for _ in range(3)
        )
    )
    assert sum(counts) == len(values)  # concurrent runs: each value rewritten once
    assert await reseal_property(graph, rotated, "EnvelopeProbe", "secret", CONTEXT) == 0

    rows = await graph.query(
        "MATCH (n:EnvelopeProbe) WHERE n.secret IS NOT NULL RETURN n.id AS id, n.secret AS s"
    )
    retired = KeyRing.parse(NEW)  # the old key is no longer needed for anything
    assert {r["id"]: retired.open(r["s"], CONTEXT) for r in rows} == values


async def test_reseal_property_refuses_what_is_not_an_identifier(graph: Graph) -> None:
    with pytest.raises(EnvelopeError, match="not a label"):
        await reseal_property(graph, KeyRing.parse(OLD), "X) DETACH DELETE (n", "p", CONTEXT)
