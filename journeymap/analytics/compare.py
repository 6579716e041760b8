"""Two segments or two periods side by side at every touchpoint: is the difference real?

Shares (friction, CSAT, complaints) use the two-proportion z test (pooled for the p value,
unpooled for the interval of the difference); NPS and net sentiment the difference of two
multinomial scores with summed variances; means (CES, rating) Welch's t test. The difference
is always *b − a*, with its 95% interval; ``significant`` means p < 0.05 at that touchpoint,
and ``q_value`` adjusts p for comparing many touchpoints at once (Benjamini–Hochberg).
A rating or CES reads on the scale its touchpoint's answers were declared on (``scale``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from journeymap.measures import OWN_SCALE, on_own_scale, parse_scale

from . import stats

if TYPE_CHECKING:
    from .analysis import Analysis

COMPARABLE = ("friction", "csat", "nps", "ces", "rating", "sentiment", "complaints")
_SCALE = {"friction": 1.0, "csat": 100.0, "nps": 100.0, "ces": 1.0, "rating": 1.0,
          "sentiment": 1.0, "complaints": 1.0}


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta (Numerical Recipes, Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-12:
            break
    return h


def t_two_sided_p(t: float, dof: float) -> float:
    """Two-sided p value of Student's t with ``dof`` degrees of freedom."""
    if not (t == t and dof == dof) or dof <= 0:
        return math.nan
    x = dof / (dof + t * t)
    a, b = dof / 2, 0.5
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x)) if 0 < x < 1 else 0.0
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def _share_test(k1, n1, k2, n2):
    p1, p2 = stats._safe_divide(k1, n1), stats._safe_divide(k2, n2)
    diff = p2 - p1
    pooled = stats._safe_divide(k1 + k2, n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        se0 = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        z = np.where(se0 > 0, diff / se0, np.where(diff == 0, 0.0, np.nan))
    return p1, p2, diff, stats.Z95 * se, stats.normal_two_sided_p(z)


def _net_test(plus1, minus1, n1, plus2, minus2, n2):
    """Difference of two net scores (share plus − share minus) with multinomial variances."""
    a_plus, a_minus = stats._safe_divide(plus1, n1), stats._safe_divide(minus1, n1)
    b_plus, b_minus = stats._safe_divide(plus2, n2), stats._safe_divide(minus2, n2)
    s1, s2 = a_plus - a_minus, b_plus - b_minus
    variance = (stats._safe_divide(a_plus + a_minus - s1 ** 2, n1)
                + stats._safe_divide(b_plus + b_minus - s2 ** 2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(np.maximum(variance, 0))
        z = np.where(se > 0, (s2 - s1) / se, np.where(s2 == s1, 0.0, np.nan))
    return s1, s2, s2 - s1, stats.Z95 * se, stats.normal_two_sided_p(z)


def _mean_test(sum1, sq1, n1, sum2, sq2, n2):
    m1, m2 = stats._safe_divide(sum1, n1), stats._safe_divide(sum2, n2)
    v1 = stats._safe_divide(sq1 - n1 * m1 ** 2, n1 - 1)
    v2 = stats._safe_divide(sq2 - n2 * m2 ** 2, n2 - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        e1, e2 = np.maximum(v1, 0) / n1, np.maximum(v2, 0) / n2
        se = np.sqrt(e1 + e2)
        dof = (e1 + e2) ** 2 / (e1 ** 2 / (n1 - 1) + e2 ** 2 / (n2 - 1))
        t = (m2 - m1) / se
    half = stats.t975(np.nan_to_num(dof, nan=0.0)) * se
    p = np.array([t_two_sided_p(float(a), float(b)) if s > 0 else
                  (0.0 if d != 0 else 1.0) if s == s else math.nan
                  for a, b, s, d in zip(t, dof, se, m2 - m1)])
    return m1, m2, m2 - m1, half, p


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """False-discovery-rate adjusted p values (q) over the tests that have one: among 500
    touchpoints about 25 differ at p < 0.05 by chance alone; q < 0.05 keeps the expected
    share of false alarms below 5%."""
    q = np.full(len(p), np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    if not len(tested):
        return q
    order = tested[np.argsort(p[tested])]
    m = len(order)
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return q


def _own_scale(out: pd.DataFrame, analysis: "Analysis", measure: str) -> None:
    """A rating's or CES's values and difference on the scale the touchpoint's answers were
    declared on (``scale`` "1–5"; "" where none or several: the common scale stays), by
    :func:`journeymap.measures.on_own_scale`, as :mod:`.units` maps the means."""
    out["scale"] = ""
    if measure not in OWN_SCALE:
        return
    overall = analysis.overall if analysis.overall is not None else analysis.touchpoints
    column = f"{measure}_scale"
    if column not in overall:
        return
    texts = dict(zip(overall["touchpoint"].astype(str), overall[column].astype(object)))
    scales = [parse_scale(texts.get(str(tp))) for tp in out["touchpoint"]]
    ends = (np.array([s[0] if s else np.nan for s in scales]),
            np.array([s[1] if s else np.nan for s in scales]))
    own = ~np.isnan(ends[0])
    for key in ("value_a", "value_b", "difference", "difference_low", "difference_high"):
        values = out[key].to_numpy(dtype=float)
        mapped = on_own_scale(measure, values, ends, difference=key.startswith("difference"))
        out[key] = np.where(own, mapped, values)
    out["scale"] = [texts[str(tp)] if s else "" for tp, s in zip(out["touchpoint"], scales)]


def compare_groups(analysis: "Analysis", a: str, b: str, measure: str = "friction"
                   ) -> pd.DataFrame:
    """Per touchpoint: ``measure`` in groups ``a`` and ``b`` of the analysis's ``by``."""
    if measure not in COMPARABLE:
        raise ValueError(f"cannot compare {measure!r} (one of {', '.join(COMPARABLE)})")
    groups = analysis.groups()
    if not groups or analysis.sums is None:
        raise ValueError("compare needs an analysis made with by='segment:COL' or 'period:X'")
    for group in (a, b):
        if group not in groups:
            raise ValueError(f"no group {group!r} (groups: {', '.join(sorted(groups))})")
    ids = analysis.journey.touchpoint_ids()
    # The sums every engine reduced the rows to, per touchpoint × group (touchpoint-major).
    x = analysis.sums.iloc[groups.index(a)::len(groups)].reset_index(drop=True)
    y = analysis.sums.iloc[groups.index(b)::len(groups)].reset_index(drop=True)
    col = {"friction": ("negative", "scored"), "csat": ("csat_satisfied", "csat_n"),
           "complaints": ("complaints", "flag_n")}
    if measure in col:
        k, n = col[measure]
        va, vb, diff, half, p = _share_test(x[k].to_numpy(float), x[n].to_numpy(float),
                                            y[k].to_numpy(float), y[n].to_numpy(float))
        na, nb = x[n], y[n]
    elif measure in ("nps", "sentiment"):
        plus, minus, n = (("nps_promoters", "nps_detractors", "nps_n") if measure == "nps"
                          else ("sentiment_positive", "sentiment_negative", "sentiment_n"))
        va, vb, diff, half, p = _net_test(*(x[c].to_numpy(float) for c in (plus, minus, n)),
                                          *(y[c].to_numpy(float) for c in (plus, minus, n)))
        na, nb = x[n], y[n]
    else:
        cols = (f"{measure}_sum", f"{measure}_squares", f"{measure}_n")
        va, vb, diff, half, p = _mean_test(*(x[c].to_numpy(float) for c in cols),
                                           *(y[c].to_numpy(float) for c in cols))
        na, nb = x[cols[2]], y[cols[2]]
    scale = _SCALE[measure]
    labels = {tp.id: tp.label for tp in analysis.journey.touchpoints()}
    out = pd.DataFrame({
        "touchpoint": ids, "label": [labels[i] for i in ids], "measure": measure,
        "a": a, "b": b, "n_a": na.to_numpy(np.int64), "n_b": nb.to_numpy(np.int64),
        "value_a": scale * va, "value_b": scale * vb, "difference": scale * diff,
        "difference_low": scale * (diff - half), "difference_high": scale * (diff + half),
        "p_value": p})
    _own_scale(out, analysis, measure)
    out["significant"] = (out["p_value"] < 0.05).fillna(False).astype(bool)
    out["q_value"] = benjamini_hochberg(out["p_value"].to_numpy(dtype=float))
    out["small_sample"] = (out[["n_a", "n_b"]].min(axis=1) < analysis.small_sample)
    return out
