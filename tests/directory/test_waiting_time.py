"""The waiting time a provider gives with its capacity (weeks until someone referred now can
start) is part of the listing everyone reads: `waitingWeeks` on the directory's GraphQL
`DirectoryService`, and `kith_waiting_weeks` in the ORUK service document the directory API
serves. A listing whose provider has not said has none, and saying "no wait" is 0, not none."""

from __future__ import annotations

import httpx
from kith_common.auth import Role
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_contract import KITH
from tests.helpers.directory_gateway import CAPACITY, Gateway, staff
from tests.helpers.oruk import service, uid

ORG = uid("org-a")
WORKER = staff(ORG, Role.RECEIVING_WORKER, user="worker-1")
PRESCRIBER = staff(uid("org-gp"), Role.SOCIAL_PRESCRIBER, user="prescriber-1")
LISTED = "{ services(first: 20) { edges { node { id waitingWeeks capacityStatus version } } } }"


async def _listed(gateway: Gateway) -> dict[str, dict[str, object]]:
    found = await gateway.ok(LISTED, who=PRESCRIBER)
    return {edge["node"]["id"]: edge["node"] for edge in found["edges"]}


async def _oruk(importer: Importer, service_id: str) -> dict[str, object]:
    transport = httpx.ASGITransport(app=create_app(importer.graph, openapi=KITH))
    async with httpx.AsyncClient(transport=transport, base_url="http://directory.test") as c:
        response = await c.get(f"/services/{service_id}")
    assert response.status_code == 200
    document: dict[str, object] = response.json()
    return document


async def test_the_waiting_time_is_read_with_the_listing(importer: Importer) -> None:
    await import_services(importer, [service("larder"), service("cafe")], "feed")
    gateway = Gateway(importer.graph)
    larder, cafe = uid("service/larder"), uid("service/cafe")
    before = await _listed(gateway)
    assert (before[larder]["waitingWeeks"], before[cafe]["waitingWeeks"]) == (None, None)
    assert "kith_waiting_weeks" not in await _oruk(importer, larder)

    for key, service_id, weeks in (("wait-key-001", larder, 3), ("wait-key-002", cafe, 0)):
        change = {"idempotencyKey": key, "serviceId": service_id, "status": "WAITLIST",
                  "waitingWeeks": weeks, "expectedVersion": before[service_id]["version"]}  # fmt: skip
        assert (await gateway.ok(CAPACITY, {"i": change}, WORKER))["__typename"] == "ServiceUpdated"

    after = await _listed(gateway)
    assert (after[larder]["waitingWeeks"], after[larder]["capacityStatus"]) == (3, "waitlist")
    assert after[cafe]["waitingWeeks"] == 0
    assert (await _oruk(importer, larder))["kith_waiting_weeks"] == 3
    assert (await _oruk(importer, cafe))["kith_waiting_weeks"] == 0
