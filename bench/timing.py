"""The one way every bench times work: milliseconds per call, one after another or by several
workers at once, or at a steady offered rate; and a stopwatch for a whole phase."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Stopwatch:
    """`with Stopwatch() as watch: ...` then `watch.ms` (or `watch.seconds`); `watch.ms` read
    inside the block is the time so far."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.stopped: float | None = None

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped = time.perf_counter()

    @property
    def seconds(self) -> float:
        return (self.stopped or time.perf_counter()) - self.started

    @property
    def ms(self) -> float:
        return self.seconds * 1000


async def time_pairs(
    items: Iterable[T], call: Callable[[T], Awaitable[object]], *, concurrency: int = 1
) -> list[tuple[T, float]]:
    """(item, milliseconds of `call(item)`) in the order the calls finished, `concurrency`
    workers taking the items in turn."""
    queue = list(items)
    queue.reverse()
    samples: list[tuple[T, float]] = []

    async def worker() -> None:
        while queue:
            item = queue.pop()
            started = time.perf_counter()
            await call(item)
            samples.append((item, (time.perf_counter() - started) * 1000))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples


async def time_each(
    items: Iterable[T],
    call: Callable[[T], Awaitable[object]],
    *,
    concurrency: int = 1,
    warmup: int = 0,
) -> list[float]:
    """Milliseconds of `call(item)` for each item (see `time_pairs`); the first `warmup`
    samples (plans, pools, caches filling) are dropped."""
    pairs = await time_pairs(items, call, concurrency=concurrency)
    return [ms for _, ms in pairs][warmup:]


async def time_repeat(
    n: int, call: Callable[[], Awaitable[object]], *, concurrency: int = 1, warmup: int = 0
) -> list[float]:
    """Milliseconds of `n` (+ `warmup`) calls of the same `call`."""
    return await time_each(
        range(n + warmup), lambda _: call(), concurrency=concurrency, warmup=warmup
    )


async def paced(
    rate: float, items: Sequence[T], call: Callable[[T], Awaitable[R]], in_flight: int = 32
) -> list[R]:
    """Start `call(item)` for each item at `rate` per second whatever the earlier calls are
    doing (an open load, as users send it), at most `in_flight` at once (below the driver's
    pool, so a slow machine lowers the offered rate instead of failing), and return the
    results in order."""
    start = time.perf_counter()
    slots = asyncio.Semaphore(in_flight)
    tasks: list[asyncio.Task[R]] = []

    async def one(item: T) -> R:
        try:
            return await call(item)
        finally:
            slots.release()

    for i, item in enumerate(items):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the load, not synchronising
        await slots.acquire()
        tasks.append(asyncio.ensure_future(one(item)))
    return list(await asyncio.gather(*tasks))
