"""How much each card rests on evidence: data-backed, thin or assumed.

- **data-backed**: at least :data:`~journeymap.measures.SMALL_SAMPLE` scored answers, a
  friction interval no wider than :data:`MAX_WIDTH` (20 points), and the workshop agrees with
  the data (its emotion and its pain points, see below).
- **thin**: customers' answers exist but are few, or their interval is wide, or they
  contradict what the workshop wrote on the card: the card needs a second look.
- **assumed**: no customer answers at all: the card is the workshop's view only.

The workshop **disagrees** with the data where its emotion is contradicted (the "≠" rule of
:data:`journeymap.measures.EMOTION_DISAGREEMENT`), where the card lists pain points but
the moment is among the calmest of the journey (the whole 95% interval of its friction below
half the median friction: :data:`PAIN_FACTOR`), or where the card lists none and scores the moment
neutral or good while customers report clearly more friction than is typical.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeymap.measures import FRICTION, SMALL_SAMPLE, Reading

DATA_BACKED = "data-backed"
THIN = "thin"
ASSUMED = "assumed"
LEVELS = (DATA_BACKED, THIN, ASSUMED)
#: The widest friction interval (high − low) a data-backed card may have.
MAX_WIDTH = 0.20
#: Pain points are contradicted where the whole friction interval lies below this share of
#: the journey's typical friction: among the calmest moments of the journey. (Below the
#: median alone is too weak: a pain point may hurt a few customers at a calm moment.)
PAIN_FACTOR = 0.5


def _disagreements(row: dict[str, Any], pains: list[str]) -> list[tuple[str, str, str]]:
    """(what, the workshop says, the data says) for one touchpoint row of an analysis."""
    out = []
    friction, low, high = row["friction"], row["friction_low"], row["friction_high"]
    typical = row.get("typical_friction", np.nan)
    data = (f"friction {Reading(FRICTION, friction, low, high).full()}, typical "
            f"{Reading(FRICTION, typical).text}" if friction == friction and typical == typical
            else "")
    if row.get("emotion_disagrees"):
        out.append(("emotion", f"emotion {row['emotion']:+g}", data))
    if typical == typical and friction == friction:
        if pains and high < PAIN_FACTOR * typical:
            out.append(("pain points", f"{len(pains)} pain point"
                        + ("s" if len(pains) != 1 else "") + f": {pains[0]}", data))
        emotion = row.get("emotion", np.nan)
        if not pains and low > typical and not (emotion == emotion and emotion < 0):
            out.append(("pain points", "no pain point written", data))
    return out


def evidence_levels(analysis: Any, small_sample: int = SMALL_SAMPLE) -> pd.DataFrame:
    """One row per touchpoint: touchpoint, label, level, reason, n, width (of the friction
    interval) and disagrees (whether the workshop disagrees with the data)."""
    table = analysis.overall if analysis.overall is not None else analysis.touchpoints
    journey = analysis.journey
    records = []
    for row in table.to_dict("records"):
        tp = journey.touchpoint(row["touchpoint"])
        scored = int(row.get("scored", 0) or 0)
        width = row["friction_high"] - row["friction_low"] if scored else np.nan
        disagree = _disagreements(row, tp.pain_points) if scored else []
        if not scored:
            level, reason = ASSUMED, "no scored customer answers: the workshop's view only"
        elif disagree:
            level, reason = THIN, "the data contradicts the workshop's " + " and ".join(
                dict.fromkeys(d[0] for d in disagree))
        elif scored < small_sample:
            level, reason = THIN, f"{scored} scored answers (fewer than {small_sample})"
        elif width > MAX_WIDTH:
            level, reason = THIN, f"friction interval {width:.0%} wide"
        else:
            level, reason = DATA_BACKED, (f"{scored:,} scored answers, interval {width:.0%} "
                                          "wide, the workshop agrees")
        records.append({"touchpoint": tp.id, "label": tp.label, "level": level,
                        "reason": reason, "n": scored, "width": width,
                        "disagrees": bool(disagree)})
    return pd.DataFrame(records, columns=["touchpoint", "label", "level", "reason", "n",
                                          "width", "disagrees"])


def disagreements(analysis: Any) -> pd.DataFrame:
    """Every place where the workshop and the data disagree: touchpoint, label, about
    (emotion or pain points), workshop (what the card says) and data (what customers say)."""
    table = analysis.overall if analysis.overall is not None else analysis.touchpoints
    records = []
    for row in table.to_dict("records"):
        if not row.get("scored"):
            continue
        tp = analysis.journey.touchpoint(row["touchpoint"])
        for about, workshop, data in _disagreements(row, tp.pain_points):
            records.append({"touchpoint": tp.id, "label": tp.label, "about": about,
                            "workshop": workshop, "data": data})
    return pd.DataFrame(records, columns=["touchpoint", "label", "about", "workshop", "data"])


__all__ = ["ASSUMED", "DATA_BACKED", "LEVELS", "MAX_WIDTH", "THIN", "disagreements",
           "evidence_levels"]
