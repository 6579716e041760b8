"""Complaint and ticket logs: a source kind of their own (``role`` ``complaints``).

Each kept row is one complaint or contact about the touchpoint its touchpoint column names.
A complaint log says where people complained, not how many were fine, so it has no "share
of negative answers" (every row would be negative: friction 1.00 everywhere). Instead:

- ``complaint_count``: complaints at the touchpoint;
- ``complaint_share``: its share of all complaints (in the same segment or period);
- ``complaints_per_1000`` with ``_low``/``_high``: complaints per 1,000 customers who reached
  the touchpoint, where that traffic is known: customers reached in the event log, else the
  volume on the arrows into the card. The 95% interval is Wilson's on complaints / traffic;
- ``complaint_themes``: complaints per theme (the source's ``theme_column`` option, e.g. a
  reason or category column), most frequent first.

Friction where a touchpoint has no scored answers but has complaints: the complaint rate
(complaints / traffic, with its Wilson interval) where traffic is known; where it is not,
friction is left empty and ``friction_basis`` says it cannot be computed. Where the
touchpoint has scored answers (a survey) friction stays theirs, and the complaint numbers
sit beside it. ``friction_basis`` says which: "answers", "complaint rate" or "unknown:
complaints without traffic".
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from journeymap.model import Journey

from . import stats

COMPLAINT_COLUMNS = ("complaint_count", "complaint_share", "complaints_per_1000",
                     "complaints_per_1000_low", "complaints_per_1000_high",
                     "complaint_themes", "friction_basis")
NO_TRAFFIC = "unknown: complaints without traffic"


def card_traffic(journey: Journey) -> dict[str, float]:
    """Customers into each touchpoint by the volumes written on its incoming arrows (only
    touchpoints with at least one volume)."""
    found: dict[str, float] = {}
    for t in journey.transitions():
        if t.volume is not None and t.volume == t.volume:
            found[t.target] = found.get(t.target, 0.0) + float(t.volume)
    return found


def counts(rows: pd.DataFrame, codes: np.ndarray, size: int) -> np.ndarray:
    """Complaints per group code ``0..size-1`` (code −1: none)."""
    slot = np.asarray(codes, dtype=np.int64) + 1
    return np.bincount(slot, minlength=size + 1)[1:size + 1].astype(float)


def themes(rows: pd.DataFrame, theme: str) -> dict[str, dict[str, int]]:
    """Touchpoint -> {theme: complaints}, most frequent first."""
    out: dict[str, dict[str, int]] = {}
    if theme not in rows or not len(rows):
        return out
    pairs = Counter(zip(rows["touchpoint"].astype(object), rows[theme].astype(object)))
    for (tp, value), n in pairs.most_common():
        if tp is None or tp != tp or value is None or value != value:
            continue
        out.setdefault(str(tp), {})[str(value)] = n
    return out


def add_complaints(table: pd.DataFrame, key: str, complaint: np.ndarray | None,
                   traffic: dict[str, float], found_themes: dict[str, dict[str, int]]) -> None:
    """Add :data:`COMPLAINT_COLUMNS` to ``table`` (rows aligned with ``complaint``) and
    take friction from the complaint rate where the touchpoint has no scored answers."""
    scored = table["scored"].to_numpy(dtype=float)
    table["friction_basis"] = np.where(scored > 0, "answers", "")
    if complaint is None:
        for column in COMPLAINT_COLUMNS[:-1]:
            table[column] = np.nan if column != "complaint_themes" else None
        return
    table["complaint_count"] = complaint
    if "segment" in table and table["segment"].notna().any():
        totals = table.groupby("segment", sort=False)["complaint_count"].transform("sum")
    else:
        totals = pd.Series(complaint.sum(), index=table.index)
    table["complaint_share"] = stats._safe_divide(complaint, totals.to_numpy(dtype=float))
    reached = table["reached"].to_numpy(dtype=float) if "reached" in table else \
        np.full(len(table), np.nan)
    if key == "touchpoint":
        by_card = table[key].map(traffic).to_numpy(dtype=float)
        reached = np.where(np.isnan(reached) | (reached == 0), by_card, reached)
    known = ~np.isnan(reached) & (reached > 0)
    safe = np.where(known, np.maximum(reached, complaint), 1.0)  # Wilson needs k ≤ n
    share, low, high = stats.wilson(complaint, safe)
    for column, value in (("complaints_per_1000", share), ("complaints_per_1000_low", low),
                          ("complaints_per_1000_high", high)):
        table[column] = np.where(known, 1000 * value, np.nan)
    table["complaint_themes"] = table[key].map(found_themes) if key == "touchpoint" else None
    only = (scored == 0) & (complaint > 0)
    by_rate = only & known
    for column, value in (("friction", share), ("friction_low", low),
                          ("friction_high", high)):
        values = table[column].to_numpy(dtype=float)
        table[column] = np.where(by_rate, value, np.where(only, np.nan, values))
    basis = table["friction_basis"].to_numpy(dtype=object)
    basis[by_rate] = "complaint rate"
    basis[only & ~known] = NO_TRAFFIC
    table["friction_basis"] = basis


__all__ = ["COMPLAINT_COLUMNS", "NO_TRAFFIC", "add_complaints", "card_traffic", "counts",
           "themes"]
