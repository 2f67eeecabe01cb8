"""Read inputs: ONS area CSVs (plain or gzipped) and ORUK feeds from a file or a URL.

A URL that answers with a `service_list` page is followed page by page, so an import of
the whole feed sees every service (and may then mark the missing ones as removed).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

MAX_PAGES = 10_000


def area_csv_rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_feed(source: str) -> Any:
    """The decoded payload of a file, or of a URL with all of its pages merged in order."""
    if not is_url(source):
        return json.loads(Path(source).read_text(encoding="utf-8"))
    with httpx.Client(timeout=30.0, follow_redirects=True) as client:
        return _fetch_all_pages(client, source)


def _fetch_all_pages(client: httpx.Client, url: str) -> Any:
    first = _get_json(client, url, None)
    if not (isinstance(first, dict) and isinstance(first.get("contents"), list)):
        return first
    contents = list(first["contents"])
    pages = int(first.get("total_pages") or 1)
    start = int(first.get("page_number") or 1)
    for number in range(start + 1, min(pages, MAX_PAGES) + 1):
        contents.extend(_get_json(client, url, number)["contents"])
    last = pages <= MAX_PAGES
    return {**first, "contents": contents, "first_page": start == 1, "last_page": last}


def _get_json(client: httpx.Client, url: str, page: int | None) -> Any:
    target = httpx.URL(url)
    response = client.get(target if page is None else target.copy_set_param("page", str(page)))
    response.raise_for_status()
    return response.json()
