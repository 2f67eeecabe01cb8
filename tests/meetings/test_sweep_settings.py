"""The overdue sweep's interval comes from `KITH_MEETINGS_SWEEP_SECONDS` (default 300)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings, SettingsError
from kith_gateway.meetings.actions import overdue_loop

from tests.helpers.meetings import T0
from tests.support import eventually


def test_the_sweep_interval_is_read_from_the_environment() -> None:
    local = {"KITH_ENV": "local"}
    assert Settings.from_env(local).meetings_sweep_seconds == 300
    assert (
        Settings.from_env({**local, "KITH_MEETINGS_SWEEP_SECONDS": "30"}).meetings_sweep_seconds
        == 30
    )
    with pytest.raises(SettingsError, match="KITH_MEETINGS_SWEEP_SECONDS must be an integer"):
        Settings.from_env({**local, "KITH_MEETINGS_SWEEP_SECONDS": "5m"})
    with pytest.raises(SettingsError, match="at least 1"):
        Settings.from_env({**local, "KITH_MEETINGS_SWEEP_SECONDS": "0"})


async def test_the_loop_sweeps_at_the_interval_it_is_given(graph: Graph) -> None:
    passes: list[datetime] = []

    def clock() -> datetime:
        passes.append(T0)
        return T0

    async def swept_thrice() -> bool:
        return len(passes) >= 3

    stop = asyncio.Event()
    running = asyncio.create_task(overdue_loop(graph, 0.05, clock)(stop))
    try:
        await eventually(swept_thrice, within=20)
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=20)
    before, slow_stop = len(passes), asyncio.Event()
    slow = asyncio.create_task(overdue_loop(graph, 300, clock)(slow_stop))
    await eventually(lambda: _more_than(passes, before), within=20)  # the first pass runs now
    slow_stop.set()
    await asyncio.wait_for(slow, timeout=20)  # stopping does not wait out the interval
    assert len(passes) == before + 1


async def _more_than(passes: list[datetime], count: int) -> bool:
    return len(passes) > count
