"""Per-group measures with their 95% intervals, from normalised feedback rows.

Rows are reduced once to per-group sums of indicator columns (one pandas ``groupby().sum()``),
and every measure and interval is computed from those sums with vectorised numpy; so 500
touchpoints × segments cost little more than one group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import stats
from .feedback import CSAT_SATISFIED_MIN, KINDS, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN

#: Measure columns every per-group table has, in this order.
MEASURE_COLUMNS = (
    "n", "nps", "nps_low", "nps_high", "nps_n", "csat", "csat_low", "csat_high", "csat_n",
    "ces", "ces_low", "ces_high", "ces_n", "rating", "rating_low", "rating_high", "rating_n",
    "sentiment", "sentiment_negative", "sentiment_neutral", "sentiment_positive", "sentiment_n",
    "complaints", "negative", "scored", "negative_share", "friction", "friction_low",
    "friction_high", "small_sample")


def indicators(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-row counts and sums whose group sums give every measure (numbers only)."""
    n = len(rows)
    out: dict[str, np.ndarray] = {"n": np.ones(n, dtype=np.int64)}

    def values(kind: str) -> np.ndarray:
        if kind in rows:
            return rows[kind].to_numpy(dtype=float, na_value=np.nan)
        return np.full(n, np.nan)

    with np.errstate(invalid="ignore"):
        v = values("nps")
        out["nps_n"] = ~np.isnan(v)
        out["nps_promoters"] = v >= NPS_PROMOTER_MIN
        out["nps_detractors"] = v <= NPS_DETRACTOR_MAX
        v = values("csat")
        out["csat_n"] = ~np.isnan(v)
        out["csat_satisfied"] = v >= CSAT_SATISFIED_MIN
        for kind in ("ces", "rating"):
            v = values(kind)
            present = ~np.isnan(v)
            filled = np.where(present, v, 0.0)
            out[f"{kind}_n"] = present
            out[f"{kind}_sum"] = filled
            out[f"{kind}_squares"] = filled * filled
        v = values("sentiment")
        out["sentiment_n"] = ~np.isnan(v)
        out["sentiment_negative"] = v < 0
        out["sentiment_neutral"] = v == 0
        out["sentiment_positive"] = v > 0
        v = values("flag")
        out["flag_n"] = ~np.isnan(v)
        out["complaints"] = v >= 1
    for key in ("negative", "scored"):
        out[key] = rows[key].to_numpy(dtype=bool) if key in rows else np.zeros(n, dtype=bool)
    return pd.DataFrame({k: a.astype(np.int64) if a.dtype == bool else a for k, a in out.items()})


def sums(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Indicator sums per group of ``keys`` (columns of ``rows``)."""
    table = indicators(rows)
    for key in keys:
        table[key] = rows[key].to_numpy() if not isinstance(rows[key].dtype, pd.CategoricalDtype) \
            else rows[key].array
    return table.groupby(keys, observed=True, sort=False, dropna=False).sum()


def measures(totals: pd.DataFrame, small_sample: int) -> pd.DataFrame:
    """Every measure with its interval from the sums of :func:`sums` (same index)."""
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
    out["small_sample"] = t["n"] < small_sample
    frame = pd.DataFrame(out, index=totals.index)
    return frame[list(MEASURE_COLUMNS)]


def empty_measures(index: pd.Index, small_sample: int) -> pd.DataFrame:
    """Measures of groups without any data: n = 0, everything else NaN, flagged small."""
    frame = pd.DataFrame(np.nan, index=index, columns=list(MEASURE_COLUMNS))
    frame["n"] = 0
    frame["negative"] = 0
    frame["scored"] = 0
    frame["small_sample"] = small_sample > 0
    return frame


__all__ = ["KINDS", "MEASURE_COLUMNS", "empty_measures", "indicators", "measures", "sums"]
