"""Webhook signing secrets are stored sealed; `kith-migrate --reseal-only` seals one written
before encryption and re-wraps one under the key being retired, and deliveries still verify."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from base64 import b64encode
from pathlib import Path

from kith_common.envelope import KeyRing, key_id_of, new_key
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_notifications.bootstrap import build_app
from kith_notifications.handlers import register_endpoint
from kith_notifications.webhooks import SECRET_CONTEXT
from standardwebhooks import Webhook

from tests.helpers.notifications_support import (
    Partner,
    fast_config,
    partner_org,
    publish,
    referral_event,
    until,
)
from tests.support import serving

STORED = "MATCH (e:WebhookEndpoint {id: $id}) RETURN e.secret AS secret"


async def stored_secret(graph: Graph, endpoint_id: str) -> str:
    return str((await graph.query(STORED, id=endpoint_id))[0]["secret"])


async def test_secrets_are_sealed_and_a_key_rotation_reseals_them_at_start(
    graph: Graph, settings: Settings, partner: tuple[Partner, str]
) -> None:
    receiver, url = partner
    old = KeyRing.parse(f"old={new_key()}")
    legacy_org, old_org = await partner_org(graph), await partner_org(graph)
    legacy = await register_endpoint(
        graph, legacy_org.organisation_id, url, allow_http=True, keys=old
    )
    sealed = await register_endpoint(graph, old_org.organisation_id, url, allow_http=True, keys=old)
    assert key_id_of(await stored_secret(graph, sealed.id)) == "old"
    assert sealed.secret not in await stored_secret(graph, sealed.id)
    # As an endpoint registered before encryption existed stores it:
    await graph.execute(
        "MATCH (e:WebhookEndpoint {id: $id}) SET e.secret = $plain",
        id=legacy.id,
        plain=legacy.secret,
    )

    new = f"new={new_key()}"
    rotated = dataclasses.replace(
        settings, data_keys=f"{new},old={b64encode(old.keys['old']).decode()}"
    )
    legacy_event, old_event = referral_event(legacy_org), referral_event(old_org)
    assert await reseal_only(settings, rotated.data_keys) == {
        "WebhookEndpoint.secret": 2,
        "WebhookEndpoint.previous_secret": 0,
    }
    for endpoint in (legacy, sealed):
        assert key_id_of(await stored_secret(graph, endpoint.id)) == "new"
    assert (await reseal_only(settings, rotated.data_keys))["WebhookEndpoint.secret"] == 0

    async with serving(build_app(rotated, fast_config())):
        await publish(graph, [legacy_event, old_event])
        await until(lambda: len(receiver.events()) == 2)

    hits = {hit.webhook_id: hit for hit in receiver.events()}
    Webhook(legacy.secret).verify(hits[legacy_event.id].body, hits[legacy_event.id].headers)
    Webhook(sealed.secret).verify(hits[old_event.id].body, hits[old_event.id].headers)
    retired = KeyRing.parse(new)  # nothing needs the old key any more
    for endpoint in (legacy, sealed):
        stored = await stored_secret(graph, endpoint.id)
        assert retired.open(stored, SECRET_CONTEXT) == endpoint.secret


async def reseal_only(settings: Settings, data_keys: str) -> dict[str, int]:
    """Run the release's migrations command as the job would, with the rotated key ring."""
    env = {
        **os.environ,
        "KITH_ENV": "test",
        "NEO4J_URI": settings.neo4j_uri,
        "KITH_DATA_KEYS": data_keys,
    }
    command = str(Path(sys.executable).parent / "kith-migrate")
    proc = await asyncio.create_subprocess_exec(
        command, "--reseal-only", env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    assert proc.returncode == 0
    return dict(json.loads(out.decode().splitlines()[-1])["resealed"])
