"""`ourServices`: an organisation's staff see their own listings — capacity with the waiting
time, regular opening times, freshness and the version an edit must name — and nobody else's;
an edit naming an old version is refused, not applied over the newer one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_common.auth import Role
from kith_directory.handlers import Importer, import_services
from kith_gateway.directory.domain import DAYS
from kith_gateway.directory.own import opening_time

from tests.helpers.directory_gateway import CAPACITY, OPENING, REASSURE, Gateway, staff
from tests.helpers.oruk import service, uid

ORG = uid("org-a")
LARDER = uid("service/larder")
WORKER = staff(ORG, Role.RECEIVING_WORKER, user="worker-1")
OURS = """{ ourServices { id name active version waitingWeeks freshness verifiedAt
  providerVerifiedAt capacity { status available maximum unit updatedAt }
  openingTimes { days weekOfMonth opensAt closesAt description } } }"""


async def seeded(importer: Importer) -> Gateway:
    listings = [service("larder"), service("cafe"), service("other", org="org-b")]
    await import_services(importer, listings, "feed")
    return Gateway(importer.graph)


async def test_staff_see_only_their_own_listings(importer: Importer) -> None:
    gateway = await seeded(importer)
    ours = await gateway.ok(OURS, who=WORKER)
    assert sorted(s["id"] for s in ours) == sorted([LARDER, uid("service/cafe")])
    larder = next(s for s in ours if s["id"] == LARDER)
    assert larder["openingTimes"] == [
        {"days": ["MO"], "weekOfMonth": None, "opensAt": None, "closesAt": None,
         "description": None}
    ]  # fmt: skip
    assert (larder["providerVerifiedAt"], larder["waitingWeeks"]) == (None, None)
    other = await gateway.ok(OURS, who=staff(uid("org-b"), Role.ORG_ADMIN))
    assert [s["id"] for s in other] == [uid("service/other")]


async def test_a_prescriber_may_not_list_an_organisations_services(importer: Importer) -> None:
    gateway = await seeded(importer)
    body = await gateway.run(OURS, who=staff(ORG, Role.SOCIAL_PRESCRIBER))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_edits_show_and_a_stale_version_is_refused(importer: Importer) -> None:
    gateway = await seeded(importer)
    (before,) = [s for s in await gateway.ok(OURS, who=WORKER) if s["id"] == LARDER]
    change = {"idempotencyKey": "ours-key-001", "serviceId": LARDER, "status": "WAITLIST",
              "waitingWeeks": 3, "expectedVersion": before["version"]}  # fmt: skip
    done = await gateway.ok(CAPACITY, {"i": change}, WORKER)
    assert done["__typename"] == "ServiceUpdated"
    times = [{"days": ["TU"], "opensAt": "10:00", "closesAt": "12:00", "weekOfMonth": 2}]
    opening = {"idempotencyKey": "ours-key-002", "serviceId": LARDER, "openingTimes": times,
               "expectedVersion": done["version"]}  # fmt: skip
    assert (await gateway.ok(OPENING, {"i": opening}, WORKER))["__typename"] == "ServiceUpdated"
    (after,) = [s for s in await gateway.ok(OURS, who=WORKER) if s["id"] == LARDER]
    assert (after["capacity"]["status"], after["waitingWeeks"]) == ("waitlist", 3)
    assert after["openingTimes"][0]["days"] == ["TU"]
    assert after["openingTimes"][0]["weekOfMonth"] == 2
    assert (after["freshness"], after["version"]) == ("FRESH", before["version"] + 2)
    assert after["providerVerifiedAt"] is not None

    stale = {"idempotencyKey": "ours-key-003", "serviceId": LARDER,
             "expectedVersion": before["version"]}  # fmt: skip
    refused = await gateway.ok(REASSURE, {"i": stale}, WORKER)
    assert (refused["__typename"], refused["currentVersion"]) == (
        "ConflictError",
        after["version"],
    )
    (unchanged,) = [s for s in await gateway.ok(OURS, who=WORKER) if s["id"] == LARDER]
    assert unchanged["version"] == after["version"]


@pytest.mark.parametrize("weeks", [-1, 105])
async def test_a_waiting_time_out_of_range_is_an_input_error(
    importer: Importer, weeks: int
) -> None:
    gateway = await seeded(importer)
    change = {"idempotencyKey": f"ours-wait-{weeks + 10}", "serviceId": LARDER, "status": "OPEN",
              "waitingWeeks": weeks}  # fmt: skip
    refused = await gateway.ok(CAPACITY, {"i": change}, WORKER)
    assert (refused["__typename"], refused["field"]) == ("InputError", "waitingWeeks")


@given(
    days=st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True),
    nth=st.sampled_from([None, 1, 2, 3, 4, 5, -1]),
)
def test_byday_reads_back_as_the_days_and_week_written(days: list[str], nth: int | None) -> None:
    byday = ",".join(f"{nth}{d}" if nth is not None else d for d in days)
    read = opening_time({"byday": byday, "opens_at": "09:00", "closes_at": "10:00"})
    assert ([d.value for d in read.days], read.week_of_month) == (days, nth)
