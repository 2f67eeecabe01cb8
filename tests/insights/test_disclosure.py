"""Small-number suppression: what is hidden, and that nothing hidden can be worked back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.insights.disclosure import Suppression

S = Suppression(10)


def test_counts_below_the_threshold_are_hidden_zero_included() -> None:
    assert [S.count(n) for n in (0, 1, 9, 10, 250)] == [None, None, None, 10, 250]


def test_one_small_part_of_a_shown_total_takes_the_next_smallest_with_it() -> None:
    # 40 = 25 + 12 + 3: hiding only the 3 would leave it as 40 - 25 - 12.
    assert S.hidden_parts({"a": 25, "b": 12, "c": 3}) == {"b", "c"}
    assert S.hidden_parts({"a": 25, "b": 12, "c": 3}, total_shown=False) == {"c"}
    assert S.hidden_parts({"a": 25, "b": 4, "c": 3}) == {"b", "c"}
    assert S.hidden_parts({"a": 25, "b": 12}) == frozenset()


def test_two_way_tables_protect_rows_and_columns() -> None:
    table = {("x", "p"): 30, ("x", "q"): 3, ("y", "p"): 40, ("y", "q"): 50}
    hidden = S.hidden_cells(table)
    # row x: (x,q) small, so (x,p) goes too; then column p has (x,p) hidden alone -> (y,p)
    # goes; then row y has (y,p) alone -> (y,q) goes.
    assert hidden == set(table)


def test_a_flag_on_a_hidden_count_needs_another_hidden_count_that_would_raise_it() -> None:
    assert S.safe_flag(12, lambda k: k < 20)  # shown counts flag as usual
    assert S.safe_flag(3, lambda k: k < 5)  # 0..4 would all be flagged: 3 is not pinned
    assert not S.safe_flag(0, lambda k: k == 0)  # only zero flags: the flag would say "0"
    assert not S.safe_flag(5, lambda k: k < 5)


parts = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 60), min_size=1)


@given(parts, st.integers(1, 20))
def test_no_hidden_part_can_be_recovered_by_subtraction(p: dict[str, int], t: int) -> None:
    hidden = Suppression(t).hidden_parts(p)
    assert all(k in hidden for k, v in p.items() if v < t)
    assert len(hidden) != 1 or len(p) == 1


tables = st.dictionaries(
    st.tuples(st.sampled_from("rstu"), st.sampled_from("wxyz")), st.integers(0, 40), min_size=1
)


@given(tables)
def test_every_row_and_column_hides_none_or_at_least_two(table: dict[tuple[str, str], int]) -> None:
    hidden = S.hidden_cells(table)
    assert all(k in hidden for k, v in table.items() if v < 10)
    for axis in (0, 1):
        for line in {k[axis] for k in table}:
            cells = [k for k in table if k[axis] == line]
            assert len(cells) == 1 or sum(k in hidden for k in cells) != 1


@given(st.integers(0, 9), st.integers(0, 9))
def test_a_shown_flag_on_a_hidden_count_never_identifies_it(count: int, cut: int) -> None:
    # Flags are monotone: fewer referrals is never "less low". If the flag shows, some other
    # hidden count would have shown it too.
    def flagged(k: int) -> bool:
        return k <= cut

    if S.safe_flag(count, flagged):
        assert any(flagged(k) for k in range(10) if k != count)
