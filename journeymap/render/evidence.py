"""The numbers a figure shows, taken out of an :class:`~journeymap.analytics.Analysis` into
plain dictionaries, so that drawing code needs neither pandas nor the analysis' internals,
and a journey without any feedback can still be drawn (designer's emotion only, no pandas
imported at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from journeymap.measures import SMALL_SAMPLE
from journeymap.model import Journey
from journeymap.plain import plain_value

#: The column holding each measure's own sample size (friction counts scored answers).
N_COLUMN = {"friction": "scored", "nps": "nps_n", "csat": "csat_n", "ces": "ces_n",
            "rating": "rating_n", "sentiment": "sentiment_n"}

Row = dict[str, Any]


def records(frame: Any) -> list[Row]:
    """The rows of a DataFrame as plain dicts of :func:`~journeymap.plain.plain_value`s
    (missing values ``None``), the numbers ``journeymap metrics`` prints and the cache keeps."""
    if frame is None or len(frame) == 0:
        return []
    return [{k: plain_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


@dataclass
class Evidence:
    """Per touchpoint (and per stage, and per group of ``by``) measures as plain dicts."""

    touchpoints: dict[str, Row] = field(default_factory=dict)
    stages: dict[str, Row] = field(default_factory=dict)
    groups: dict[tuple[str, str], Row] = field(default_factory=dict)   # (touchpoint, group)
    group_names: list[str] = field(default_factory=list)
    transitions: dict[tuple[str, str], float] = field(default_factory=dict)
    small_sample: int = SMALL_SAMPLE
    has_feedback: bool = False
    analysis: Any = None

    # -------------------------------------------------------------- reading
    @staticmethod
    def row_value(row: Row | None, key: str) -> float | None:
        return None if row is None else plain_value(row.get(key))

    @staticmethod
    def row_n(row: Row | None, key: str) -> float | None:
        """The sample size behind ``key`` in ``row`` (None for volume and emotion)."""
        column = N_COLUMN.get(key)
        if row is None or column is None:
            return None
        n = plain_value(row.get(column, row.get("n")))
        return n

    def row_small(self, row: Row | None, key: str) -> bool:
        """Whether the value of ``key`` rests on a small sample (never for emotion, volume)."""
        if row is None or key not in N_COLUMN:
            return False
        n = self.row_n(row, key)
        if n is None or self.row_value(row, key) is None:
            return False
        return n < self.small_sample

    def row_cell(self, row: Row | None, key: str) -> tuple[float | None, float | None, bool]:
        """(value, n, small sample) of ``key`` in ``row``: what a card or a cell shows."""
        return self.row_value(row, key), self.row_n(row, key), self.row_small(row, key)

    def value(self, touchpoint: str, key: str) -> float | None:
        return self.row_value(self.touchpoints.get(touchpoint), key)

    def n(self, touchpoint: str, key: str) -> float | None:
        return self.row_n(self.touchpoints.get(touchpoint), key)

    def small(self, touchpoint: str, key: str) -> bool:
        return self.row_small(self.touchpoints.get(touchpoint), key)

    def interval(self, touchpoint: str, key: str) -> tuple[float, float] | None:
        row = self.touchpoints.get(touchpoint)
        low, high = self.row_value(row, f"{key}_low"), self.row_value(row, f"{key}_high")
        return None if low is None or high is None else (low, high)

    def colour_scale_max(self, key: str) -> float:
        """The largest value of ``key`` (volume is coloured as a share of the largest)."""
        return scale_max(self.touchpoints.values(), key)


def scale_max(rows: Iterable[Row], key: str) -> float:
    """The largest value of ``key`` in ``rows`` (0 when there is none)."""
    values = [Evidence.row_value(r, key) for r in rows]
    return max([v for v in values if v is not None] or [0.0])


def from_journey(journey: Journey) -> Evidence:
    """Evidence without any data: the designers' emotion of each touchpoint."""
    return Evidence(touchpoints={tp.id: {"touchpoint": tp.id, "emotion": tp.overall_emotion}
                                 for tp in journey.touchpoints()})


def from_analysis(analysis: Any) -> Evidence:
    """Evidence of an analysis (with or without ``by``)."""
    overall = analysis.overall if getattr(analysis, "overall", None) is not None \
        else analysis.touchpoints
    evidence = Evidence(small_sample=getattr(analysis, "small_sample", SMALL_SAMPLE),
                        has_feedback=bool(getattr(analysis, "has_feedback", True)),
                        analysis=analysis)
    evidence.touchpoints = {r["touchpoint"]: r for r in records(overall)}
    by_group = analysis.touchpoints
    if "segment" in by_group and by_group["segment"].notna().any():
        for r in records(by_group):
            evidence.groups[(r["touchpoint"], str(r["segment"]))] = r
        evidence.group_names = list(dict.fromkeys(str(g) for g in by_group["segment"].dropna()))
    stages = analysis.stages
    if not ("segment" in stages and stages["segment"].notna().any()):  # per group: no summary
        evidence.stages = {r["stage"]: r for r in records(stages)}
    for r in records(analysis.transitions):
        if r.get("volume") is not None:
            evidence.transitions[(r["source"], r["target"])] = float(r["volume"])
    return evidence

