"""Opportunities ranked by priority, with the evidence of the touchpoints they link to.

The evidence is attached from the data, never typed in: for the linked touchpoints together,
the responses (n) and their friction with its 95% Wilson interval (pooled: negative answers
over scored answers of all linked touchpoints, as a stage pools its touchpoints), and the
key-driver weight (the linked touchpoints' relative weights added up: their joint share of the
outcome's variance, since weights add up to R²).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeymap.measures import FRICTION, Reading
from journeymap.model import Journey, ranked

from . import stats

#: Columns of :func:`opportunity_table`, in order: what a backlog tool imports.
COLUMNS = ("rank", "id", "title", "description", "priority", "status", "owner",
           "customer_value", "business_value", "effort", "confidence", "touchpoints",
           "touchpoint_ids", "pain_points", "n", "friction", "friction_low", "friction_high",
           "driver_weight", "evidence")


def _evidence(touchpoints: list[str], overall: pd.DataFrame | None,
              weights: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": np.nan, "friction": np.nan, "friction_low": np.nan,
                           "friction_high": np.nan, "driver_weight": np.nan}
    if overall is not None and touchpoints:
        rows = overall[overall["touchpoint"].isin(touchpoints)]
        if len(rows):
            negative, scored = rows["negative"].sum(), rows["scored"].sum()
            share, low, high = stats.wilson(np.array([negative]), np.array([scored]))
            out.update(n=int(rows["n"].sum()), friction=float(share[0]),
                       friction_low=float(low[0]), friction_high=float(high[0]))
    known = [weights[t] for t in touchpoints if t in weights]
    if known:
        out["driver_weight"] = float(sum(known))
    return out


def evidence_text(row: dict[str, Any]) -> str:
    """The evidence in a consultant's words: 'friction 0.31 [0.28, 0.34], n=1,204; driver
    weight 0.116' (friction as every figure writes it: :class:`journeymap.measures.Reading`)."""
    parts = []
    if row["friction"] == row["friction"] and row["friction"] is not None:
        friction = Reading(FRICTION, row["friction"], row["friction_low"], row["friction_high"])
        parts.append(f"friction {friction.full()}, n={row['n']:,}")
    elif row["n"] == row["n"] and row["n"] is not None and row["n"] > 0:
        parts.append(f"{row['n']:,} responses, none scored")
    weight = row["driver_weight"]
    if weight == weight and weight is not None:
        parts.append(f"driver weight {weight:.3f}")
    return "; ".join(parts) or "no data"


def opportunity_table(journey: Journey, analysis: Any = None,
                      driver_weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Every opportunity, highest priority first (:func:`journeymap.model.ranked`), with the
    evidence of its touchpoints (see the module docstring). ``analysis`` is an
    :class:`~.analysis.Analysis` (None: no friction); ``driver_weights`` maps touchpoint id
    to relative weight (None: no driver weight)."""
    overall = None
    if analysis is not None:
        overall = analysis.overall if analysis.overall is not None else analysis.touchpoints
    weights = driver_weights or {}
    labels = {tp.id: tp.label for tp in journey.touchpoints()}
    records = []
    for rank, o in enumerate(ranked(journey.opportunities), start=1):
        row: dict[str, Any] = {
            "rank": rank, "id": o.id, "title": o.title, "description": o.description,
            "priority": np.nan if o.priority is None else o.priority, "status": o.status,
            "owner": o.owner, "customer_value": o.customer_value,
            "business_value": o.business_value, "effort": o.effort,
            "confidence": o.confidence,
            "touchpoints": "; ".join(labels.get(t, t) for t in o.touchpoints),
            "touchpoint_ids": "; ".join(o.touchpoints),
            "pain_points": "; ".join(o.pain_points),
            **_evidence(o.touchpoints, overall, weights)}
        row["evidence"] = evidence_text(row)
        records.append(row)
    table = pd.DataFrame(records, columns=list(COLUMNS))
    for column in ("customer_value", "business_value", "effort", "confidence", "priority",
                   "friction", "friction_low", "friction_high", "driver_weight"):
        table[column] = table[column].astype(float)
    table["n"] = table["n"].astype("Int64") if len(table) else table["n"]
    return table


__all__ = ["COLUMNS", "evidence_text", "opportunity_table"]
