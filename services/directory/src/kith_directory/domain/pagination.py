"""ORUK page arithmetic and query-parameter rules, as pure functions.

Rules (documented in the service README and the API's 400 messages):
- an empty value is malformed, like any other non-integer;
- `page` defaults to 1 and must be an integer >= 1;
- `per_page` defaults to 50 and must be an integer >= 1; values above 200 are clamped to 200;
- a page past the end is a valid, empty page (`size` 0, `empty` true, `last_page` true);
- `page` above 1,000,000,000 is refused (it could only ever be empty);
- `total_pages` is 0 when nothing matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000_000
_INTEGER = re.compile(r"-?[0-9]{1,4000}")  # int() refuses longer


class BadPageRequest(ValueError):
    """A pagination parameter is not acceptable; the message is safe to show."""


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def skip(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class PageInfo:
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


def _positive_int(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise BadPageRequest(f"{name} must be an integer, got {raw!r}")
    value = int(raw)
    if value < 1:
        raise BadPageRequest(f"{name} must be 1 or more, got {value}")
    return value


def parse_page_request(page: str | None, per_page: str | None) -> PageRequest:
    """Parse `page`/`per_page` query values; raises `BadPageRequest`."""
    number = _positive_int("page", page, 1)
    if number > MAX_PAGE:
        raise BadPageRequest(f"page must be at most {MAX_PAGE}")
    size = min(_positive_int("per_page", per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE)
    return PageRequest(page=number, per_page=size)


def total_pages(total_items: int, per_page: int) -> int:
    return -(-total_items // per_page)


def page_info(total_items: int, request: PageRequest) -> PageInfo:
    pages = total_pages(total_items, request.per_page)
    size = max(0, min(request.per_page, total_items - request.skip))
    return PageInfo(
        total_items=total_items,
        total_pages=pages,
        page_number=request.page,
        size=size,
        first_page=request.page == 1,
        last_page=request.page >= pages,
        empty=size == 0,
    )
