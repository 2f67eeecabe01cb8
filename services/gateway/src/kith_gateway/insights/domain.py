"""The statistics behind gap maps and equity audits: plain Python, no I/O.

Methods, all with 95% intervals (z = 1.959964):

- **Share ratio** (who is referred): a group's share of the people referred divided by its
  share of the area's population, which is the group's referral rate over the whole area's.
  Interval: the Wilson score interval of the observed share (Wilson EB, "Probable inference,
  the law of succession, and statistical inference", JASA 1927;22:209-212; recommended over
  the Wald interval by Newcombe RG, Stat Med 1998;17:857-872, and by Public Health England's
  "Technical Guide: Confidence Intervals", 2018), divided by the population share. The
  population share is treated as known: it is a count of everybody (Census, IoD2019), not a
  sample.
- **Risk ratio** (acceptance, completion: a group's share vs the rest of the area's): Katz log
  method, SE(ln RR) = sqrt(1/a - 1/n1 + 1/b - 1/n0) (Katz D, Baptista J, Azen SP, Pike MC,
  Biometrics 1978;34:469-474).
- **Rate ratio** (first contact per person-day waiting, group vs rest): log-normal
  approximation, SE(ln RR) = sqrt(1/a + 1/b) (Rothman KJ, Greenland S, Lash TL, Modern
  Epidemiology, 3rd ed. 2008, ch. 14). Waiting time is censored at "now" or at the end of a
  referral that stopped before contact, so slow responses count even before they happen.
- Zero cells in the two ratios above get the Haldane-Anscombe 0.5 correction, for the
  interval only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959964

# Fayaz A, Croft P, Langford RM, Donaldson LJ, Jones GT. "Prevalence of chronic pain in the UK:
# a systematic review and meta-analysis of population studies." BMJ Open 2016;6:e010364:
# chronic pain affects "between one-third and one-half of the population of the UK"; the
# pooled prevalence across studies was 43.5% (95% CI 38.4% to 48.6%).
PAIN_PREVALENCE = 0.435


@dataclass(frozen=True)
class Ratio:
    value: float
    low: float
    high: float

    @property
    def significantly_low(self) -> bool:
        """The whole interval lies below 1: fewer than parity, beyond chance."""
        return self.high < 1.0

    @property
    def significantly_high(self) -> bool:
        return self.low > 1.0


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n and n > 0")
    p, z2 = k / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At k = 0 and k = n the bounds are exactly 0 and 1; rounding must not move them inside.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    return low, 1.0 if k == n else min(1.0, centre + half)


def share_ratio(k: int, n: int, population_share: float, z: float = Z95) -> Ratio | None:
    """k of n referred people are in a group that is `population_share` of the population."""
    if n <= 0 or population_share <= 0:
        return None
    low, high = wilson(k, n, z)
    return Ratio(k / n / population_share, low / population_share, high / population_share)


def _log_interval(value: float, se: float, z: float) -> tuple[float, float]:
    return value * math.exp(-z * se), value * math.exp(z * se)


def risk_ratio(a: int, n1: int, b: int, n0: int, z: float = Z95) -> Ratio | None:
    """(a/n1) / (b/n0): the group's share with an outcome over the rest's."""
    if n1 <= 0 or n0 <= 0 or (b == 0 and a == 0):
        return None
    fa, fb = (a, b) if a and b else (a + 0.5, b + 0.5)
    f1, f0 = (n1, n0) if a and b else (n1 + 0.5, n0 + 0.5)
    value = (a / n1) / (b / n0) if b else (fa / f1) / (fb / f0)  # never infinite
    se = math.sqrt(1 / fa - 1 / f1 + 1 / fb - 1 / f0)
    low, high = _log_interval((fa / f1) / (fb / f0), se, z)
    return Ratio(value, low, high)


def rate_ratio(a: int, t1: float, b: int, t0: float, z: float = Z95) -> Ratio | None:
    """(a/t1) / (b/t0): events per unit of time at risk in the group over the rest's."""
    if t1 <= 0 or t0 <= 0 or (a == 0 and b == 0):
        return None
    fa, fb = (a, b) if a and b else (a + 0.5, b + 0.5)
    value = (a / t1) / (b / t0) if b else (fa / t1) / (fb / t0)
    low, high = _log_interval((fa / t1) / (fb / t0), math.sqrt(1 / fa + 1 / fb), z)
    return Ratio(value, low, high)


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def per(count: float, population: float, unit: float) -> float | None:
    """`count` per `unit` residents (e.g. per 1,000); None for an empty population."""
    return count / population * unit if population > 0 else None


def chronic_pain(adults: int, prevalence: float = PAIN_PREVALENCE) -> float:
    """Estimated adults living with chronic pain (not a count of anyone: an estimate)."""
    return adults * prevalence


def gap_score(need: float, provision: float) -> float | None:
    """Estimated people in need per service-equivalent within reach; None when there is no
    provision at all (those areas rank first: no amount of need is "covered")."""
    return need / provision if provision > 0 else None
