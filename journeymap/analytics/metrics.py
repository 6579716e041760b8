"""Per-group measures with their 95% intervals, from normalised feedback rows.

Rows are reduced once to per-group sums (counts of promoters, sums of squares, ...), and every
measure and interval is computed from those sums with vectorised numpy; so 500 touchpoints ×
segments cost little more than one group. A group without data gets NaN measures.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import stats
from .feedback import KINDS
from .reduction import sums_of, weigh

#: Measure columns every per-group table has, in this order.
MEASURE_COLUMNS = (
    "n", "nps", "nps_low", "nps_high", "nps_n", "csat", "csat_low", "csat_high", "csat_n",
    "ces", "ces_low", "ces_high", "ces_n", "rating", "rating_low", "rating_high", "rating_n",
    "sentiment", "sentiment_negative", "sentiment_neutral", "sentiment_positive", "sentiment_n",
    "complaints", "negative", "scored", "negative_share", "friction", "friction_low",
    "friction_high", "small_sample")


#: The per-group sums every measure is computed from.
SUM_COLUMNS = ("n", "nps_n", "nps_promoters", "nps_detractors", "csat_n", "csat_satisfied",
               "ces_n", "ces_sum", "ces_squares", "rating_n", "rating_sum", "rating_squares",
               "sentiment_n", "sentiment_negative", "sentiment_neutral", "sentiment_positive",
               "flag_n", "complaints", "negative", "scored")


#: Rows per step of the counts below: their temporaries (a few arrays of this length) stay
#: in the processor's cache and are reused, instead of a dozen fresh 8 MB arrays per
#: measure for a million rows, which a new process pays for page by page.
CHUNK = 1 << 16


def code_counts(codes: np.ndarray, size: int, width: int = 1,
            digit: Callable[[int, int], np.ndarray] | None = None) -> np.ndarray:
    """Counts of each (group, digit) for groups ``0..size-1`` as a ``(size + 1, width)``
    array whose first row collects the rows of no group (code −1). ``digit(start, stop)``
    gives the rows' digits (``0 <= digit < width``; None: all 0), a chunk at a time."""
    counts = np.zeros((size + 1) * width, dtype=np.int64)
    for start in range(0, len(codes), CHUNK):
        stop = min(start + CHUNK, len(codes))
        key = codes[start:stop].astype(np.int64)
        key += 1
        if width != 1:
            key *= width
        if digit is not None:
            key += digit(start, stop)
        counts += np.bincount(key, minlength=len(counts))
    return counts.reshape(size + 1, width)


def _histogram(codes: np.ndarray, values: np.ndarray, size: int
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """Per-group counts of each value when every value is present and a small integer (the
    usual survey answer): one count of (group, value) then gives n, shares, sums and squares
    at once. Returns (counts[size, k], the k values), or None when the values do not allow
    it."""
    if not len(values):
        return None
    low, high = np.min(values), np.max(values)  # NaN anywhere makes these NaN
    if not (high - low <= 100):
        return None
    for start in range(0, len(values), CHUNK):
        part = values[start:start + CHUNK]
        if not np.array_equal(part, np.floor(part)):
            return None
    width = int(high - low) + 1
    counts = code_counts(codes, size, width,
                     lambda start, stop: (values[start:stop] - low).astype(np.int64))
    return counts[1:], np.arange(width) + low


def _kind_sums(kind: str, v: np.ndarray, codes: np.ndarray, size: int
               ) -> dict[str, np.ndarray]:
    """The sums of one measure's columns (see :func:`group_sums`).

    Each sum is ``tally(weigh)``, the per-group total of ``weigh(answer)`` over the answers
    present: from one histogram when they are small whole numbers (:func:`_histogram`), else
    with a ``bincount`` per sum. The sums and their thresholds are
    :data:`.reduction.SUMS`, which the SQL engines read too.
    """
    with np.errstate(invalid="ignore"):
        found = _histogram(codes, v, size)
        if found is not None:
            hist, answers = found
            n = hist.sum(axis=1).astype(float)

            def tally(weight_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
                return hist @ weight_of(answers).astype(float)
        else:
            present = ~np.isnan(v)
            if not present.any():
                return {}
            # slot 0, dropped, takes the rows of no group and the missing answers
            slot = np.where(present, codes.astype(np.int64) + 1, 0)
            n = np.bincount(slot, minlength=size + 1)[1:size + 1].astype(float)

            def tally(weight_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
                return np.bincount(slot, weights=weight_of(v), minlength=size + 1)[1:size + 1]

        out: dict[str, np.ndarray] = {f"{kind}_n": n}
        for name, weight in sums_of(kind).items():
            if weight[0] != "count":
                out[name] = tally(lambda a, w=weight: weigh(w, a))
    return out


def group_sums(rows: pd.DataFrame, codes: np.ndarray, size: int) -> pd.DataFrame:
    """The sums of :data:`SUM_COLUMNS` for groups ``0..size-1`` of ``rows``.

    ``codes`` holds each row's group (−1: none). One count of (group, answer) per measure
    for whole-number answers, a few ``np.bincount`` with weights otherwise: a million rows
    cost ~5 ms a measure, an absent measure nothing. (Counted in cache-sized chunks, the
    measures gain nothing from threads: a pool of them cost more CPU than it saved.)
    """
    codes = np.asarray(codes)
    out: dict[str, np.ndarray] = {name: np.zeros(size) for name in SUM_COLUMNS}
    for kind in ("nps", "csat", "ces", "rating", "sentiment", "flag"):
        if kind in rows:
            column = rows[kind]
            out.update(_kind_sums(kind, column.to_numpy() if column.dtype == np.float64
                                  else column.to_numpy(dtype=float, na_value=np.nan),
                                  codes, size))

    def with_flag(name: str) -> np.ndarray:  # rows per (group, flag of column ``name``)
        flags = rows[name].to_numpy(dtype=bool)
        return code_counts(codes, size, 2, lambda start, stop: flags[start:stop])[1:]

    if "negative" in rows:  # n and the negative answers from one count of (group, flag)
        pairs = with_flag("negative")
        n = pairs.sum(axis=1).astype(float)
        out["negative"] = pairs[:, 1].astype(float)
    else:
        n = code_counts(codes, size)[1:, 0].astype(float)
    out["n"] = n
    if "scored" in rows:
        out["scored"] = n if rows["scored"].to_numpy(dtype=bool).all() else \
            with_flag("scored")[:, 1].astype(float)
    return pd.DataFrame(out)


def measures(totals: pd.DataFrame, small_sample: int) -> pd.DataFrame:
    """Every measure with its interval from the sums of :func:`group_sums` (same index)."""
    t = {c: totals[c].to_numpy(dtype=float) for c in totals.columns}
    out: dict[str, np.ndarray] = {"n": t["n"].astype(np.int64)}
    out["nps"], out["nps_low"], out["nps_high"] = stats.nps_interval(
        t["nps_promoters"], t["nps_detractors"], t["nps_n"])
    out["nps_n"] = t["nps_n"]
    share, low, high = stats.wilson(t["csat_satisfied"], t["csat_n"])
    out["csat"], out["csat_low"], out["csat_high"] = 100 * share, 100 * low, 100 * high
    out["csat_n"] = t["csat_n"]
    out["ces"], out["ces_low"], out["ces_high"] = stats.mean_interval(
        t["ces_sum"], t["ces_squares"], t["ces_n"], 1.0, 7.0)
    out["ces_n"] = t["ces_n"]
    out["rating"], out["rating_low"], out["rating_high"] = stats.mean_interval(
        t["rating_sum"], t["rating_squares"], t["rating_n"], 0.0, 1.0)
    out["rating_n"] = t["rating_n"]
    sentiment_n = t["sentiment_n"]
    negative = stats._safe_divide(t["sentiment_negative"], sentiment_n)
    neutral = stats._safe_divide(t["sentiment_neutral"], sentiment_n)
    positive = stats._safe_divide(t["sentiment_positive"], sentiment_n)
    out["sentiment"] = positive - negative
    out["sentiment_negative"], out["sentiment_neutral"] = negative, neutral
    out["sentiment_positive"], out["sentiment_n"] = positive, sentiment_n
    out["complaints"] = np.where(t["flag_n"] > 0, t["complaints"], np.nan)
    out["negative"] = t["negative"]
    out["scored"] = t["scored"]
    share, low, high = stats.wilson(t["negative"], t["scored"])
    out["negative_share"] = share
    out["friction"], out["friction_low"], out["friction_high"] = share, low, high
    # No data at all is not a small sample: its measures are simply missing (NaN).
    out["small_sample"] = (t["n"] > 0) & (t["n"] < small_sample)
    frame = pd.DataFrame(out, index=totals.index)
    return frame[list(MEASURE_COLUMNS)]


__all__ = ["KINDS", "MEASURE_COLUMNS", "SUM_COLUMNS", "code_counts", "group_sums", "measures"]
