"""`KITH_EMBED_THREADS` is read once, in the refresher's composition root: a whole number
from 1 to 64 (default 1), anything else stops the start with a message naming it."""

from __future__ import annotations

import pytest
from kith_gateway.matching.bootstrap import THREADS_VAR, embed_threads
from kith_gateway.matching.embeddings import E5Embedder, default_embedder


def test_the_thread_count_comes_from_the_environment_given() -> None:
    assert embed_threads({}) == 1
    assert embed_threads({THREADS_VAR: " 2 "}) == 2
    assert default_embedder(2) is default_embedder(2)  # one model per thread count
    assert isinstance(default_embedder(2), E5Embedder)
    assert default_embedder(2).threads == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5", "65", ""])
def test_a_bad_thread_count_stops_the_start_and_says_why(raw: str) -> None:
    with pytest.raises(SystemExit, match=THREADS_VAR):
        embed_threads({THREADS_VAR: raw})
