"""The directory process is wired like the others: its lifespan sweeps for stale listings on
the shared periodic loop and relays the events the sweep writes to JetStream."""

from __future__ import annotations

import json

from kith_common.settings import Settings
from kith_directory.bootstrap import build_app
from kith_directory.handlers import Importer, import_services
from nats.js import JetStreamContext

from tests.helpers.oruk import service, uid
from tests.support import eventually, published, serving

# Imported listings were last changed on 2026-01-02: stale once 60 days have passed.
STALE_AFTER_60_DAYS = {"KITH_DIRECTORY_DUE_DAYS": "30", "KITH_DIRECTORY_STALE_DAYS": "60"}


async def test_the_served_directory_sweeps_and_publishes_what_went_stale(
    importer: Importer, settings: Settings, jetstream: JetStreamContext
) -> None:
    await import_services(importer, [service("larder")], "feed")
    await importer.graph.execute("MATCH (o:Outbox) DETACH DELETE o")

    async def stale_published() -> list[bytes]:
        messages = await published(importer.graph, jetstream)
        return [m for m in messages if m.startswith(b"kith.directory.listing-stale ")]

    async with serving(build_app(settings, STALE_AFTER_60_DAYS)):
        stale = await eventually(stale_published)
    assert len(stale) == 1, stale
    event = json.loads(stale[0].split(b" ", 1)[1])
    assert event["data"]["service_id"] == uid("service/larder")
