"""GraphQL directory reads over the real graph: near a point or in an area, by need, term,
language, opening moment and capacity; Relay pages with a maximum size; stale listings last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.domain.schedules import Moment, is_open, query_fields
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_gateway import SERVICES, Gateway, ids
from tests.helpers.oruk import service, uid

LONDON = ZoneInfo("Europe/London")
CENTRE = {"lat": 53.7946, "lon": -1.7520}
SLOTS = {
    "weekday-mornings": ("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "12:00"),
    "monday-evening": ("WEEKLY", "MO", "18:00", "20:30"),
    "second-tuesday": ("MONTHLY", "2TU", "10:00", "12:00"),
    "last-friday": ("MONTHLY", "-1FR", "13:00", "15:00"),
    "weekends": ("WEEKLY", "SA,SU", "10:00", "16:00"),
    "first-of-month": ("MONTHLY", None, "09:00", "17:00"),
}


def scheduled(key: str) -> dict[str, Any]:
    freq, byday, opens, closes = SLOTS[key]
    schedule: dict[str, Any] = {
        "id": uid(f"s/{key}"),
        "freq": freq,
        "opens_at": opens,
        "closes_at": closes,
    }
    if byday:
        schedule["byday"] = byday
    else:
        schedule["bymonthday"] = "1"
    return service(
        key, schedules=[schedule], needs=("timed",), lat=53.79 + len(key) / 1000, lon=-1.75
    )


@pytest.fixture
async def gateway(importer: Importer) -> Gateway:
    records = [
        service("near-food", needs=("food",), languages=("en", "ur"), lat=53.7950, lon=-1.7525),
        service("far-food", needs=("food",), lat=53.8676, lon=-1.9063),
        service("near-debt", needs=("debt",), lat=53.7960, lon=-1.7500, kith_capacity_status="waitlist"),
        service("craven-walk", needs=("isolation",), lat=53.9620, lon=-2.0170, areas=("E07000163",)),
        service("online", needs=("debt",), lat=None, lon=None, areas=("E08000032",)),
        service("closed-one", needs=("food",), status="inactive"),
        *(scheduled(key) for key in SLOTS),
    ]  # fmt: skip
    summary = await import_services(importer, records, "feed")
    assert summary.rejected == []
    return Gateway(importer.graph)


async def test_near_a_point_nearest_first_with_needs(gateway: Gateway) -> None:
    found = await gateway.ok(SERVICES, {"near": CENTRE, "km": 20, "needs": ["food"]})
    nodes = [edge["node"] for edge in found["edges"]]
    assert [n["id"] for n in nodes] == [uid("service/near-food"), uid("service/far-food")]
    assert nodes[0]["distanceKm"] < nodes[1]["distanceKm"] < 20
    assert nodes[0]["languages"] == ["en", "ur"]
    assert nodes[0]["sources"] == [
        {
            "serviceId": uid("service/near-food"),
            "feedId": "feed",
            "sourceId": uid("service/near-food"),
        }
    ]


async def test_area_language_capacity_term_and_words(gateway: Gateway) -> None:
    craven = await ids(gateway, area="E07000163")
    assert craven == [uid("service/craven-walk")]
    bradford = set(await ids(gateway, area="E08000032", first=100))
    assert {uid("service/online"), uid("service/near-food"), uid("service/far-food")} <= bradford
    assert uid("service/craven-walk") not in bradford
    assert await ids(gateway, languages=["ur"]) == [uid("service/near-food")]
    assert await ids(gateway, capacity=["WAITLIST"]) == [uid("service/near-debt")]
    debt = set(await ids(gateway, terms=[uid("need/debt")]))
    assert debt == {uid("service/near-debt"), uid("service/online")}
    assert await ids(gateway, search="debt", near=CENTRE) == [uid("service/near-debt")]
    assert uid("service/closed-one") not in await ids(gateway, needs=["food"], first=100)


async def test_relay_pages_walk_everything_once(gateway: Gateway) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = await gateway.ok(SERVICES, {"first": 3, "after": after})
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 11
    assert seen == await ids(gateway, first=100)


@pytest.mark.parametrize(
    ("variables", "fragment"),
    [
        ({"first": 101}, "first must be between 1 and 100"),
        ({"first": 0}, "first must be between 1 and 100"),
        ({"after": "nonsense"}, "after is not a cursor"),
        ({"area": "Bradford"}, "area must be an ONS area code"),
        ({"area": "E08999999"}, "not a known ONS area"),
        ({"near": {"lat": 95, "lon": 0}}, "near latitude"),
        ({"near": CENTRE, "km": 500}, "withinKm"),
    ],
)
async def test_bad_reads_are_bad_user_input(
    gateway: Gateway, variables: dict[str, Any], fragment: str
) -> None:
    body = await gateway.run(SERVICES, variables)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert fragment in body["errors"][0]["message"]


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(LONDON)
).map(lambda t: t.replace(second=0, microsecond=0))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at=moments)
async def test_open_at_agrees_with_the_reference_meaning(gateway: Gateway, at: datetime) -> None:
    moment = Moment.of(at)
    want = set()
    for key, (freq, byday, opens, closes) in SLOTS.items():
        schedule = {"byday": byday, "opens_at": opens, "closes_at": closes, "freq": freq}
        if byday is None:
            schedule["bymonthday"] = "1"
        if is_open(query_fields(schedule), freq, moment):
            want.add(uid(f"service/{key}"))
    got = set(await ids(gateway, openAt=at.astimezone(UTC).isoformat(), first=100))
    assert got == want, (at, moment)


async def test_open_at_named_moments(gateway: Gateway) -> None:
    async def open_at(local: datetime) -> set[str]:
        return set(await ids(gateway, openAt=local.replace(tzinfo=LONDON).isoformat(), first=100))

    assert await open_at(datetime(2026, 11, 10, 11, 0)) == {  # the 2nd Tuesday of November
        uid("service/weekday-mornings"),
        uid("service/second-tuesday"),
    }
    assert await open_at(datetime(2026, 11, 3, 11, 0)) == {uid("service/weekday-mornings")}
    assert await open_at(datetime(2026, 11, 27, 14, 0)) == {uid("service/last-friday")}
    assert await open_at(datetime(2026, 11, 2, 19, 0)) == {uid("service/monday-evening")}
    assert await open_at(datetime(2026, 8, 1, 12, 0)) == {  # a Saturday, the 1st, in BST
        uid("service/weekends"),
        uid("service/first-of-month"),
    }


async def test_stale_listings_sort_last(gateway: Gateway) -> None:
    old = (datetime.now(UTC) - timedelta(days=800)).isoformat()
    await gateway.graph.execute(
        "MATCH (s:Service {id: $id}) SET s.verified_at = datetime($old)",
        id=uid("service/near-food"),
        old=old,
    )
    found = await gateway.ok(SERVICES, {"near": CENTRE, "km": 20, "needs": ["food"]})
    nodes = [edge["node"] for edge in found["edges"]]
    assert [n["id"] for n in nodes] == [uid("service/far-food"), uid("service/near-food")]
    assert [n["freshness"] for n in nodes] == ["DUE", "STALE"]  # last changed 2026-01-02
