"""Directory API details a client relies on: 405 says what is allowed, `day` in any case,
`start_time` with an offset, `/organizations?search` bounded like `/services`, and an unknown
(well-formed) postcode answered with its own documented error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_directory.api import create_app
from kith_directory.domain.search import BadFilter, parse_filter
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_contract import KITH
from tests.helpers.oruk import service, uid


def london_offset_hours() -> int:
    offset = datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 3600)


@pytest.fixture
async def client(importer: Importer) -> AsyncIterator[httpx.AsyncClient]:
    tuesday = {
        "id": uid("schedule/tue"),
        "freq": "WEEKLY",
        "byday": "TU",
        "opens_at": "09:30",
        "closes_at": "12:00",
    }
    await import_services(
        importer, [service("tue", schedules=[tuesday]), service("mon")], "details"
    )
    transport = httpx.ASGITransport(app=create_app(importer.graph, openapi=KITH))
    async with httpx.AsyncClient(transport=transport, base_url="http://directory.test") as c:
        yield c


async def test_405_carries_an_allow_header(client: httpx.AsyncClient) -> None:
    for route in ("/services", f"/services/{uid('service/tue')}", "/organizations"):
        response = await client.post(route, json={})
        assert response.status_code == 405
        assert response.json()["error"] == "method_not_allowed"
        assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET"}


async def test_day_in_any_case(client: httpx.AsyncClient) -> None:
    for day in ("TU", "tu", "Tu", "tuesday", "TUESDAY", "Tuesday"):
        response = await client.get("/services", params={"day": day})
        assert response.status_code == 200, day
        assert [s["id"] for s in response.json()["contents"]] == [uid("service/tue")], day


async def test_start_time_with_an_offset(client: httpx.AsyncClient) -> None:
    utc = 9 - london_offset_hours()  # 09:00 London time today, in UTC
    for start in (f"{utc:02d}:00Z", f"{utc:02d}:00:00+00:00", f"{utc - 1:02d}:00-01:00",
                  f"{utc + 1:02d}:00+01:00", f"{utc:02d}:00 00:00"):  # fmt: skip
        response = await client.get("/services", params={"start_time": start, "day": "TU"})
        assert response.status_code == 200, start
        assert [s["id"] for s in response.json()["contents"]] == [uid("service/tue")], start
    late = await client.get("/services", params={"start_time": f"{utc + 1:02d}:00Z", "day": "TU"})
    assert late.json()["contents"] == []


@given(st.integers(0, 23), st.integers(0, 59), st.integers(-12, 14))
def test_offset_times_read_as_london_wall_clock(hour: int, minute: int, offset: int) -> None:
    sign = "+" if offset >= 0 else "-"
    raw = f"{hour:02d}:{minute:02d}{sign}{abs(offset):02d}:00"
    parsed = parse_filter({"start_time": raw}).start_time
    assert parsed is not None
    london = (hour - offset + london_offset_hours()) % 24
    assert parsed == f"{london:02d}:{minute:02d}"


async def test_organisation_search_is_bounded(client: httpx.AsyncClient) -> None:
    response = await client.get("/organizations", params={"search": "x" * 501})
    assert response.status_code == 400
    assert "search" in response.json()["message"]
    assert (await client.get("/organizations", params={"search": "x" * 500})).status_code == 200


async def test_an_unknown_postcode_is_its_own_documented_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/services", params={"postcode": "ZZ9 9ZZ"})
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_postcode"
    assert "ZZ9 9ZZ" in response.json()["message"]
    document = (await client.get("/openapi.json")).json()
    assert "422" in document["paths"]["/services"]["get"]["responses"]


def test_a_malformed_time_is_still_refused() -> None:
    for raw in ("25:00Z", "09:00+25:00", "9am+01:00"):
        with pytest.raises(BadFilter):
            parse_filter({"start_time": raw})
