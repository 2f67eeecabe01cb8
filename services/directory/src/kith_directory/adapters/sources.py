"""Read inputs: ONS area CSVs (plain or gzipped) and feeds from a file or a remote API.

A remote ORUK API is pulled page by page (`GET {base}/services?page=N` until the last page;
ORUK 3.0 `page_number`/`total_pages` or ORUK 1.0's Spring `number`/`totalPages`/`last`),
politely (at most one request per `min_interval`), with a timeout per request and retries
with backoff on connection failures, 429 and 5xx (honouring `Retry-After`). An incremental
pull sends `modified_after` (and `If-Modified-Since`) and is never taken as the whole feed.
Redirects are not followed (a feed could otherwise send the importer anywhere, inside our
network included) and proxy variables in the environment are ignored: the importer talks to
the address its operator configured, and nothing else.
"""

from __future__ import annotations

import csv
import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx

MAX_PAGES = 10_000
RETRYABLE = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class PullPolicy:
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5  # seconds, doubled each retry
    min_interval: float = 0.25  # politeness: at most 4 requests a second
    max_retry_after: float = 60.0
    max_pages: int = MAX_PAGES


class PullFailed(RuntimeError):
    pass


def area_csv_rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_feed(
    source: str,
    *,
    modified_after: datetime | None = None,
    policy: PullPolicy | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Any:
    """The decoded payload of a file, or of a URL with all of its pages merged in order."""
    if not is_url(source):
        return json.loads(Path(source).read_text(encoding="utf-8"))
    puller = _Puller(policy or PullPolicy(), modified_after)
    with httpx.Client(
        timeout=puller.policy.timeout, follow_redirects=False, trust_env=False
    ) as client:
        return puller.all_pages(client, source, on_page)


class _Puller:
    def __init__(self, policy: PullPolicy, modified_after: datetime | None) -> None:
        self.policy = policy
        self.modified_after = modified_after
        self._last = float("-inf")

    def all_pages(
        self, client: httpx.Client, url: str, on_page: Callable[[int, int], None] | None
    ) -> Any:
        first = self.get(client, url, None)
        if not isinstance(first, dict):
            return first
        key = "contents" if isinstance(first.get("contents"), list) else "content"
        if not isinstance(first.get(key), list):
            return first
        spring = key == "content"
        start = int(first.get("number" if spring else "page_number") or (0 if spring else 1))
        pages = int(first.get("totalPages" if spring else "total_pages") or 1)
        last_number = min(pages - (1 if spring else 0), start + self.policy.max_pages - 1)
        records = list(first[key])
        for number in range(start + 1, last_number + 1):
            if on_page is not None:
                on_page(number - start, last_number - start + 1)
            records.extend(self.get(client, url, number)[key])
        whole = self.modified_after is None and last_number == pages - (1 if spring else 0)
        if spring:
            return {**first, "content": records, "first": True, "last": whole}
        return {**first, "contents": records, "first_page": start == 1, "last_page": whole}

    def get(self, client: httpx.Client, url: str, page: int | None) -> Any:
        target = httpx.URL(url)
        headers = {"accept": "application/json"}
        if page is not None:
            target = target.copy_set_param("page", str(page))
        if self.modified_after is not None:
            target = target.copy_set_param("modified_after", self.modified_after.isoformat())
            headers["if-modified-since"] = format_datetime(self.modified_after, usegmt=True)
        for attempt in range(self.policy.retries + 1):
            self._wait_turn()
            try:
                response = client.get(target, headers=headers)
            except httpx.TransportError as exc:
                if attempt == self.policy.retries:
                    raise PullFailed(f"{target}: {exc}") from exc
                time.sleep(self.policy.backoff * 2**attempt)
                continue
            if response.status_code in RETRYABLE and attempt < self.policy.retries:
                time.sleep(self._retry_delay(response, attempt))
                continue
            if response.is_redirect:
                raise PullFailed(
                    f"{target}: HTTP {response.status_code} redirects elsewhere; the importer does"
                    " not follow redirects, so configure the feed's final address"
                )
            if response.status_code >= 400:
                raise PullFailed(f"{target}: HTTP {response.status_code}")
            return response.json()
        raise PullFailed(f"{target}: no answer")  # pragma: no cover - the loop returns or raises

    def _wait_turn(self) -> None:
        wait = self._last + self.policy.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        raw = response.headers.get("retry-after", "")
        if raw.isdigit():
            return min(float(raw), self.policy.max_retry_after)
        return float(self.policy.backoff * 2**attempt)
