"""Measures in their own units, computed after the reduction to per-group sums.

The reduction (:func:`journeymap.analytics.metrics.group_sums`) works on common scales, so
answers from sources on different scales add up: a rating is kept as the share of its
declared scale (0..1) and a CES on 1–7. What people read is the scale they declared: a
rating declared 1–5 is a mean on 1–5 with its interval on 1–5 (share 0.47 is 2.89), a CES
declared 1–5 a mean on 1–5. This module maps the common-scale numbers back, touchpoint by
touchpoint, where every answer at the touchpoint came on one scale:

- ``rating_mean``, ``rating_mean_low``, ``rating_mean_high``, ``rating_scale`` ("1–5");
- ``ces_mean``, ``ces_mean_low``, ``ces_mean_high``, ``ces_scale`` ("1–7").

Where a touchpoint's answers came on several scales, ``*_scale`` is "mixed" and the mean is
left empty: the share of scale (``rating``) and the common 1–7 CES (``ces``) still compare
them. NPS is −100..100 and CSAT a percentage already; friction stays 0..1.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

# How the numbers read (number, interval, unit, legends) is defined once, next to the
# measures, in :class:`journeymap.measures.Reading`, pure Python so the app can read a
# metrics cache before pandas loads; this module computes the columns it reads.
from journeymap.measures import MIXED, OWN_SCALE as COMMON, on_own_scale, scale_text

#: Common scale of each kind whose own scale is reported: (low, high) of the common scale.
OWN_COLUMNS = tuple(f"{kind}_{suffix}" for kind in COMMON
                    for suffix in ("mean", "mean_low", "mean_high", "scale"))


def _answered(table, kind: str, ids: list[str]) -> list:
    """Touchpoints with ``kind`` answers in ``table``: from its rows, or, for a table an
    SQL engine reduced to sums, from the sums' touchpoint codes."""
    sums = getattr(table, "sums", None)
    if isinstance(sums, pd.DataFrame) and len(sums) and f"{kind}_n" in sums:
        codes = sums.loc[sums[f"{kind}_n"] > 0, "touchpoint"].astype(int)
        return [ids[c] for c in pd.unique(codes) if 0 <= c < len(ids)]
    rows = table.rows
    if kind not in rows or not len(rows):
        return []
    # pd.unique keeps a categorical's codes (a million rows in milliseconds); turning the
    # column into Python strings first cost a tenth of a second
    answered = rows[kind].notna()
    # every row answered (a clean survey): no copy of a million touchpoints to drop none
    return list(pd.unique(rows["touchpoint"] if answered.all()
                          else rows.loc[answered, "touchpoint"]))


def touchpoint_scales(tables: Iterable, kind: str, ids: list[str] | None = None
                      ) -> dict[str, tuple[float, float] | None]:
    """Touchpoint -> the one declared scale its ``kind`` answers came on (None: several).

    ``tables`` are the analytics' FeedbackTables: each knows its source's metric columns
    (with their scales as used) and its kept rows (touchpoint, and the answer per kind).
    """
    found: dict[str, tuple[float, float] | None] = {}
    for table in tables:
        if table.is_events:
            continue
        for metric in table.source.metrics:
            if metric.kind != kind or metric.minimum is None or metric.maximum is None:
                continue
            scale = (float(metric.minimum), float(metric.maximum))
            for tp in _answered(table, kind, ids or []):
                if tp is None or tp != tp:
                    continue
                if tp in found and found[tp] != scale:
                    found[tp] = None
                else:
                    found.setdefault(tp, scale)
            break  # one column per kind in a source (wide: one description for all)
    return found


def add_own_units(frame: pd.DataFrame, key: str, scales: dict[str, dict],
                  owners: dict[str, list[str]] | None = None) -> None:
    """Add :data:`OWN_COLUMNS` to ``frame`` (a measure table keyed by ``key``).

    ``scales`` is kind -> :func:`touchpoint_scales`; ``owners`` (for stages) says which
    touchpoints a row pools: its scale is theirs when they share one.
    """
    for kind in COMMON:
        per_tp = scales.get(kind, {})
        keys = frame[key].astype(object).to_numpy()
        lows = np.full(len(frame), np.nan)
        highs = np.full(len(frame), np.nan)
        texts = np.full(len(frame), "", dtype=object)
        for i, k in enumerate(keys):
            members = owners.get(k, []) if owners is not None else [k]
            found = {per_tp[m] for m in members if m in per_tp}
            if len(found) == 1 and None not in found:
                (low, high), = found
                lows[i], highs[i], texts[i] = low, high, scale_text(low, high)
            elif found:
                texts[i] = MIXED
        for suffix, source in (("mean", kind), ("mean_low", f"{kind}_low"),
                               ("mean_high", f"{kind}_high")):
            values = frame[source].to_numpy(dtype=float) if source in frame else \
                np.full(len(frame), np.nan)
            frame[f"{kind}_{suffix}"] = on_own_scale(kind, values, (lows, highs))
        frame[f"{kind}_scale"] = texts


__all__ = ["COMMON", "MIXED", "OWN_COLUMNS", "add_own_units", "scale_text",
           "touchpoint_scales"]
