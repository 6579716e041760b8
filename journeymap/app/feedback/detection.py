"""What a table holds, proposed for the import dialog: layout, role and column roles by the
analytics' own detection, likely segment columns, example values, and touchpoint suggestions
for data values (exact ids and labels, else the closest label).

Runs in the dialog's worker thread (on a million rows detection takes seconds); no Qt here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from journeymap.model import FeedbackSource, Journey

#: Above this many value × label comparisons, closest-label suggestions are left out (they
#: would keep the dialog busy for seconds); exact ids and labels are still found.
FUZZY_BUDGET = 250_000


class Suggester:
    """The touchpoint a data value most likely means: its id or label, else (``fuzzy``)
    the closest label or id (difflib ratio ≥ 0.6), else None."""

    def __init__(self, journey: Journey) -> None:
        from journeymap.analytics.detect import label_key, normalise_name, touchpoint_keys

        self.normalise = label_key  # the analytics' key: "🛒" is found as they find it
        self.ids, self.labels = touchpoint_keys(journey)
        self.candidates = {**self.labels,
                           **{normalise_name(k): v for k, v in self.ids.items()}}

    def exact(self, value: object) -> str | None:
        text = str(value).strip()
        if text.casefold() in self.ids:
            return self.ids[text.casefold()]
        return self.labels.get(self.normalise(text))

    def closest(self, value: object) -> str | None:
        found = self.exact(value)
        if found is not None:
            return found
        norm = self.normalise(str(value))
        best, score = None, 0.6
        for key, tp in self.candidates.items():
            ratio = difflib.SequenceMatcher(None, norm, key).ratio()
            # a label inside the value ("customer service issue" ~ "customer service") counts
            if key and (f" {key} " in f" {norm} " or f" {norm} " in f" {key} "):
                ratio = max(ratio, 0.8)
            if ratio > score:
                best, score = tp, ratio
        return best


@dataclass
class Detection:
    """What the analytics' detection proposes for a table (computed in the worker: on a
    million rows it takes seconds the GUI thread must not lose)."""

    source: FeedbackSource
    notes: list[str]
    segments: list[str] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)


def detect(frame, journey: Journey, path: str) -> Detection:
    """Layout, role and column roles of ``frame`` as the analytics would read it."""
    from journeymap.analytics.detect import (CASE_PHRASES, TIMESTAMP_PHRASES, pick_column,
                                             wide_columns)

    def complete(source: FeedbackSource) -> tuple[FeedbackSource | None, list[str]]:
        from journeymap.analytics.detect import complete_source

        try:
            return complete_source(source, frame, journey)
        except KeyError as exc:
            return None, [str(exc.args[0]) if exc.args else str(exc)]

    wide = wide_columns(frame, journey)
    case = pick_column(frame, CASE_PHRASES)
    stamp = pick_column(frame, TIMESTAMP_PHRASES, [case])
    detected, notes = complete(FeedbackSource("new", path))
    if detected is None:  # no touchpoint column found: detect the rest around a stand-in
        stand_in = _stand_in(frame)
        if stand_in:
            detected, notes = complete(FeedbackSource("new", path, touchpoint_column=stand_in))
            if detected is not None:
                detected.touchpoint_column = ""
                notes.append("No column holds touchpoint ids or labels: choose the "
                             "touchpoint column (role “Touchpoint”) and map its values.")
    if (detected is None or not detected.touchpoint_column) and len(wide) >= 2:
        detected, notes = complete(FeedbackSource("new", path, layout="wide"))
    if case and stamp and (detected is None or not detected.metrics
                           or detected.layout == "wide" and not wide):
        events, event_notes = complete(FeedbackSource("new", path, role="events"))
        if events is not None and events.touchpoint_column:
            detected, notes = events, event_notes
    if detected is None:
        detected = FeedbackSource("new", path)
    examples = {}
    head = frame.head(5000)
    for column in frame.columns:
        values = head[column].dropna().unique()[:5]
        examples[column] = ", ".join(str(v)[:30] for v in values)
    counts = {}
    if detected.touchpoint_column:
        counts[detected.touchpoint_column] = value_counts(frame[detected.touchpoint_column])
    return Detection(detected, notes, _segments(head), examples, counts)


def value_counts(series):
    """Rows per value, most frequent first (a categorical's unused categories left out)."""
    counts = series.value_counts(dropna=False)
    return counts[counts > 0]


def _stand_in(frame) -> str:
    """A column that is surely no metric, comment or timestamp (to let detection run when no
    touchpoint column is recognised)."""
    from journeymap.analytics.detect import detect_metric_kind

    for column in frame.columns:
        if detect_metric_kind(column, frame[column].head(2000)) is None and \
                column.lower() not in ("comment", "text", "timestamp", "date"):
            return column
    return ""


def _segments(head) -> list[str]:
    """Columns that look like segments: text with 2–12 values, mostly filled in."""
    import pandas as pd

    found = []
    for column in head.columns:
        series = head[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series) \
                or series.notna().mean() < 0.5:
            continue
        if 2 <= series.nunique(dropna=True) <= 12:
            found.append(column)
    return found
