"""Page arithmetic and parameter rules (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_directory.domain.pagination import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    BadPageRequest,
    PageRequest,
    page_info,
    parse_page_request,
    total_pages,
)

totals = st.integers(min_value=0, max_value=10_000)
sizes = st.integers(min_value=1, max_value=MAX_PER_PAGE)


@given(total=totals, per_page=sizes)
def test_pages_partition_every_item_exactly_once(total: int, per_page: int) -> None:
    pages = total_pages(total, per_page)
    infos = [page_info(total, PageRequest(n, per_page)) for n in range(1, pages + 1)]
    assert sum(info.size for info in infos) == total
    assert all(info.size == per_page for info in infos[:-1])
    assert [info.last_page for info in infos] == [False] * (pages - 1) + [True] * (pages > 0)
    assert all(not info.empty for info in infos)


@given(total=totals, per_page=sizes, page=st.integers(min_value=1, max_value=10**9))
def test_any_page_is_a_consistent_envelope(total: int, per_page: int, page: int) -> None:
    info = page_info(total, PageRequest(page, per_page))
    assert 0 <= info.size <= per_page
    assert info.empty == (info.size == 0)
    assert info.first_page == (page == 1)
    if total:
        assert (info.total_pages - 1) * per_page < total <= info.total_pages * per_page
    else:
        assert info.total_pages == 0
    if page > info.total_pages:
        assert info.empty
        assert info.last_page
    else:
        assert info.size == min(per_page, total - (page - 1) * per_page)


def test_nothing_matches_gives_zero_pages_and_an_empty_first_page() -> None:
    info = page_info(0, PageRequest())
    assert (info.total_pages, info.size, info.first_page, info.last_page, info.empty) == (
        0,
        0,
        True,
        True,
        True,
    )


def test_defaults() -> None:
    assert parse_page_request(None, None) == PageRequest(1, DEFAULT_PER_PAGE)
    with pytest.raises(BadPageRequest, match="page must be an integer, got ''"):
        parse_page_request("", None)


def test_per_page_above_the_maximum_is_clamped() -> None:
    assert parse_page_request("2", "100000").per_page == MAX_PER_PAGE


@pytest.mark.parametrize(
    ("page", "per_page", "message"),
    [
        ("0", None, "page must be 1 or more"),
        ("-3", None, "page must be 1 or more"),
        ("two", None, "page must be an integer"),
        ("1.5", None, "page must be an integer"),
        ("10000000000", None, "page must be at most"),
        (None, "0", "per_page must be 1 or more"),
        (None, "-1", "per_page must be 1 or more"),
        (None, "ten", "per_page must be an integer"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    page: str | None, per_page: str | None, message: str
) -> None:
    with pytest.raises(BadPageRequest, match=message):
        parse_page_request(page, per_page)
