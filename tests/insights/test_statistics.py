"""The statistics, against values worked out by hand (arithmetic in the comments), and
properties that must hold for any counts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.insights import domain as d


def approx(x: float) -> object:
    return pytest.approx(x, abs=5e-4)


def test_wilson_interval_of_10_in_100() -> None:
    # p = 0.1, z^2 = 3.8415: centre = (0.1 + 3.8415/200) / (1 + 3.8415/100) = 0.114798;
    # half = 1.96 * sqrt(0.0009 + 3.8415/40000) / 1.038415 = 0.059569 -> (0.0552, 0.1744)
    assert d.wilson(10, 100) == (approx(0.0552), approx(0.1744))


def test_share_ratio_of_a_fifth_referred_from_two_fifths_of_the_population() -> None:
    # 20 of 100 referred people are in a group that is 40% of residents: 0.2 / 0.4 = 0.5.
    # Wilson(20, 100): centre 0.211097, half 0.077734 -> (0.133363, 0.288831); / 0.4
    ratio = d.share_ratio(20, 100, 0.4)
    assert ratio is not None
    assert (ratio.value, ratio.low, ratio.high) == (0.5, approx(0.3334), approx(0.7221))
    assert ratio.significantly_low
    assert not ratio.significantly_high


def test_share_ratio_needs_people_and_a_population() -> None:
    assert d.share_ratio(0, 0, 0.4) is None
    assert d.share_ratio(3, 10, 0.0) is None


def test_risk_ratio_katz() -> None:
    # 20/100 vs 60/200: RR = 0.2 / 0.3 = 0.6667; SE = sqrt(1/20 - 1/100 + 1/60 - 1/200)
    # = 0.227303; exp(+-1.96 * SE) = 0.64052, 1.56128 -> (0.4270, 1.0409): not significant
    ratio = d.risk_ratio(20, 100, 60, 200)
    assert ratio is not None
    assert (ratio.value, ratio.low, ratio.high) == (approx(0.6667), approx(0.4270), approx(1.0409))
    assert not ratio.significantly_low


def test_rate_ratio_log_normal() -> None:
    # 10 events in 1000 days vs 40 in 2000: 0.01 / 0.02 = 0.5; SE = sqrt(1/10 + 1/40)
    # = 0.353553; exp(+-0.69296) = 0.50011, 1.99956 -> (0.2501, 0.9998): just significant
    ratio = d.rate_ratio(10, 1000.0, 40, 2000.0)
    assert ratio is not None
    assert (ratio.value, ratio.low, ratio.high) == (0.5, approx(0.2501), approx(0.9998))
    assert ratio.significantly_low


def test_zero_cells_get_a_finite_interval() -> None:
    # No outcome in the group: ratio 0; the interval uses the 0.5 correction.
    ratio = d.risk_ratio(0, 30, 40, 100)
    assert ratio is not None
    assert ratio.value == 0.0
    assert 0 < ratio.high < 1
    assert math.isfinite(ratio.high)
    rate = d.rate_ratio(5, 100.0, 0, 100.0)
    assert rate is not None
    assert math.isfinite(rate.value)


def test_median_per_prevalence_and_gap() -> None:
    assert d.median([]) is None
    assert d.median([3.0, 1.0, 2.0]) == 2.0
    assert d.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert d.per(15, 1500, 1000) == 10.0
    assert d.per(3, 0, 1000) is None
    assert d.chronic_pain(1000) == approx(435.0)  # Fayaz et al. 2016 pooled 43.5%
    assert d.chronic_pain(1000, 1 / 3) == approx(333.333)
    assert d.gap_score(435.0, 0.5) == 870.0
    assert d.gap_score(435.0, 0.0) is None


counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts)
def test_wilson_contains_the_observed_share_and_stays_in_0_1(kn: tuple[int, int]) -> None:
    k, n = kn
    low, high = d.wilson(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


@given(counts, st.floats(min_value=0.01, max_value=1.0))
def test_share_ratio_interval_brackets_its_value(kn: tuple[int, int], share: float) -> None:
    ratio = d.share_ratio(*kn, share)
    assert ratio is not None
    assert ratio.low <= ratio.value * (1 + 1e-9)
    assert ratio.value <= ratio.high * (1 + 1e-9)


@given(st.integers(1, 500), st.integers(1, 500), st.integers(1, 500), st.integers(1, 500))
def test_risk_ratio_is_reciprocal_when_groups_swap(
    a: int, extra1: int, b: int, extra0: int
) -> None:
    forward = d.risk_ratio(a, a + extra1, b, b + extra0)
    backward = d.risk_ratio(b, b + extra0, a, a + extra1)
    assert forward is not None
    assert backward is not None
    assert forward.value == pytest.approx(1 / backward.value)
    assert forward.low == pytest.approx(1 / backward.high)
    assert forward.significantly_low == backward.significantly_high


@given(st.integers(1, 2000), st.integers(1, 2000), st.floats(1.0, 1e5), st.floats(1.0, 1e5))
def test_rate_ratio_interval_brackets_its_value(a: int, b: int, t1: float, t0: float) -> None:
    ratio = d.rate_ratio(a, t1, b, t0)
    assert ratio is not None
    assert ratio.low <= ratio.value * (1 + 1e-9) <= ratio.high * (1 + 2e-9)
