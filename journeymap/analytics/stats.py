"""Confidence intervals and tests, vectorised over arrays of groups (numpy only).

Every function takes arrays of counts or sums per group and returns arrays, so one call serves
500 touchpoints as cheaply as one. Groups without data give NaN, never a division warning.
"""

from __future__ import annotations

import math

import numpy as np

#: The two-sided 95% normal quantile.
Z95 = 1.959963984540054

#: Student's t 0.975 quantiles for 1..30 degrees of freedom (exact to 3 decimals); beyond 30
#: a Cornish–Fisher expansion around the normal quantile is accurate to 1e-4.
_T975 = np.array([
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042])


def _safe_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b > 0)
    return out


def t975(dof: np.ndarray) -> np.ndarray:
    """The 0.975 quantile of Student's t for each number of degrees of freedom (NaN below 1)."""
    dof = np.asarray(dof, dtype=float)
    z = Z95
    with np.errstate(divide="ignore", invalid="ignore"):
        v = dof
        expansion = (z + (z ** 3 + z) / (4 * v) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2)
                     + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3))
    table = _T975[np.clip(dof, 1, 30).astype(int) - 1] if dof.size else dof
    out = np.where(dof <= 30, table, expansion)
    return np.where(dof >= 1, out, np.nan)


def wilson(successes: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share, and the 95% Wilson score interval of a binomial share (NaN where n = 0)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    p = _safe_divide(k, n)
    z2 = Z95 ** 2
    denominator = 1 + _safe_divide(z2, n)
    centre = (p + _safe_divide(z2, 2 * n)) / denominator
    with np.errstate(invalid="ignore"):
        half = Z95 * np.sqrt(_safe_divide(p * (1 - p), n) + _safe_divide(z2, 4 * n * n)) / denominator
    # All or none: the interval touches the end exactly (not 0.9999999999999999).
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))
    high = np.where((k == n) & (n > 0), 1.0, np.clip(centre + half, 0, 1))
    return p, np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def nps_interval(promoters: np.ndarray, detractors: np.ndarray, n: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NPS (−100..100) and its 95% interval from the multinomial variance.

    With shares p (promoters) and d (detractors), NPS = p − d and
    Var = (p + d − (p − d)²) / n. The variance is taken with one pseudo-answer added to each
    of the three categories (an adjusted Wald interval, as Agresti and Caffo do for shares):
    otherwise 20 promoters out of 20 would claim +100 with no uncertainty at all. A group
    with one answer gets the whole range.
    """
    n = np.asarray(n, dtype=float)
    promoters = np.asarray(promoters, dtype=float)
    detractors = np.asarray(detractors, dtype=float)
    p = _safe_divide(promoters, n)
    d = _safe_divide(detractors, n)
    score = p - d
    pa = _safe_divide(promoters + 1, n + 3)
    da = _safe_divide(detractors + 1, n + 3)
    variance = np.where(n > 0, (pa + da - (pa - da) ** 2) / np.where(n > 0, n, 1), np.nan)
    with np.errstate(invalid="ignore"):
        half = Z95 * np.sqrt(np.maximum(variance, 0))
    half = np.where(n < 2, 2.0, half)
    return 100 * score, 100 * np.clip(score - half, -1, 1), 100 * np.clip(score + half, -1, 1)


def mean_interval(total: np.ndarray, squares: np.ndarray, n: np.ndarray,
                  low: float | np.ndarray = -np.inf, high: float | np.ndarray = np.inf
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and its 95% t interval from sums and sums of squares, clipped to the scale."""
    n = np.asarray(n, dtype=float)
    mean = _safe_divide(total, n)
    variance = _safe_divide(np.asarray(squares, dtype=float) - n * mean ** 2, n - 1)
    with np.errstate(invalid="ignore"):
        half = t975(n - 1) * np.sqrt(np.maximum(variance, 0) / np.where(n > 0, n, np.nan))
    return mean, np.clip(mean - half, low, high), np.clip(mean + half, low, high)


def normal_two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p value of a standard normal statistic."""
    z = np.abs(np.asarray(z, dtype=float))
    erfc = np.vectorize(math.erfc, otypes=[float])
    return np.where(np.isnan(z), np.nan, erfc(np.nan_to_num(z) / math.sqrt(2)))
