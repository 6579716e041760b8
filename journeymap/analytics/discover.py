"""A draft journey from an event log alone: what customers did, as a map to edit.

- **touchpoints** are the log's activities (one card per distinct value), with the cases that
  reached them;
- **stages** come from each activity's *typical position*: the mean, over the cases that
  reached it, of the step number at which they first reached it (0 = a case's first step).
  Activities are ordered by it and cut into about √(activities) stages (at most 8) at the
  widest gaps;
- **transitions** are directly-follows pairs (b right after a in a case) taken by at least
  ``min_share`` of the moves leaving a; every activity keeps its most walked incoming and
  outgoing pair so none is left unconnected. The most walked pair leaving an activity is
  *expected*, the others *alternative*. Each carries its volume, and its median and
  90th-percentile time in ``attributes`` (``median_seconds``, ``p90_seconds``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey, Stage, Touchpoint, Transition, slug
from journeymap.model.layout import auto_layout

from .caselog import CaseLog, build_case_log
from .detect import CASE_PHRASES, TIMESTAMP_PHRASES, TOUCHPOINT_PHRASES, phrase_rank, pick_column
from .events import _group_quantiles
from .feedback import BAD_TIMESTAMP, MISSING_CASE, MISSING_TIMESTAMP, MISSING_TOUCHPOINT, \
    _timestamps
from .reading import RawTable, SourceError, read_table

MAX_STAGES = 8
DEFAULT_MIN_SHARE = 0.05


@dataclass
class ActivityLog:
    """An event log read without a journey: its cases and what reading it found."""

    log: CaseLog
    path: Path
    case_column: str
    activity_column: str
    time_column: str
    input_rows: int
    rejected: dict[str, int] = field(default_factory=dict)
    #: a wide log (one row per case): each timestamp column -> the activity it times
    steps: dict[str, str] = field(default_factory=dict)
    #: what the reader noticed (as ``journeymap paths`` prints it)
    notes: list[str] = field(default_factory=list)


def read_activity_log(path: str | Path, case_column: str = "", activity_column: str = "",
                      time_column: str = "", steps: Mapping[str, str] | None = None
                      ) -> ActivityLog:
    """Read an event log of (case, activity, time) rows; columns not named are recognised by
    their names as for event sources. Rows without a case, activity or readable time are
    counted by reason and left out. Raises :class:`SourceError` naming the file when it cannot
    be read or a column is missing.

    A log with one row per case and a timestamp column per step (``steps``: column ->
    activity name, or found as ``journeymap detect`` finds them when no activity column is
    named or recognised) is read as :func:`read_wide_activity_log` reads it.
    """
    path = Path(path)

    def is_activity(name: str) -> bool:
        return name == activity_column or (
            not activity_column and phrase_rank(name, TOUCHPOINT_PHRASES) is not None)

    def is_case(name: str) -> bool:
        return name == case_column or (
            not case_column and phrase_rank(name, CASE_PHRASES) is not None)

    raw = read_table(path, "", None, is_activity, is_case)
    frame = raw.frame
    case = case_column or pick_column(frame, CASE_PHRASES)
    time = time_column or pick_column(frame, TIMESTAMP_PHRASES, [case])
    activity = activity_column or pick_column(frame, TOUCHPOINT_PHRASES, [case, time])
    if steps or not (activity_column or activity or time_column):
        wide = read_wide_activity_log(raw, case_column, steps)
        if wide is not None:
            return wide
    for what, column in (("case", case), ("activity", activity), ("time", time)):
        if not column or column not in frame:
            found = ", ".join(map(str, frame.columns))
            named = f"no column {column!r}" if column else "no column recognised"
            wide = "" if what != "activity" else (
                "; or, for one row per case with a timestamp column per step, name those "
                "with --step-column")
            raise SourceError(f"{path}: {named} for the {what} (columns: {found}); name it "
                              f"with --{what}-column{wide}")
    cases = frame[case]
    values = frame[activity].astype(object).map(lambda v: str(v).strip(), na_action="ignore")
    values = values.where(values != "")
    stamps = _timestamps(frame[time])
    rejected: dict[str, int] = {}
    bad = np.zeros(len(frame), dtype=bool)
    for reason, mask in ((MISSING_CASE, cases.isna().to_numpy()),
                         (MISSING_TOUCHPOINT, values.isna().to_numpy()),
                         (MISSING_TIMESTAMP, frame[time].isna().to_numpy()),
                         (BAD_TIMESTAMP, stamps.isna().to_numpy())):
        fresh = mask & ~bad
        if fresh.any():
            rejected[reason] = int(fresh.sum())
            bad |= fresh
    keep = ~bad
    if raw.malformed:
        rejected["malformed line"] = len(raw.malformed)
    kept = values[keep]
    activities = pd.Categorical(kept, categories=list(pd.unique(kept)))
    log = build_case_log(cases[keep].reset_index(drop=True), activities,
                         stamps[keep].reset_index(drop=True))
    return ActivityLog(log, path, case, activity, time, len(frame) + len(raw.malformed),
                       rejected)


def read_wide_activity_log(raw: RawTable, case_column: str = "",
                           steps: Mapping[str, str] | None = None) -> ActivityLog | None:
    """A log of one row per case and one timestamp column per step, read by the reader
    ``journeymap paths`` and the analysis use for such a log (:func:`.feedback.read_source`
    on a wide event source), over a provisional journey with a card per step. ``steps``
    names the step columns (column -> activity); without it they are the timestamp columns
    :func:`.proposal.propose` finds, named by :func:`.proposal.step_name`. None when the
    table is no such log."""
    from .caselog import case_log_from_tables
    from .feedback import read_source
    from .proposal import propose, step_name

    planned: list[str] = []
    if not steps:
        log = propose(raw, Journey(""), case_column).event_log
        if not log or log.get("layout") != "wide":
            return None
        case_column = case_column or log["case_column"]
        steps = {column: name[:1].upper() + name[1:]
                 for column, name in ((c, step_name(c)) for c in log["columns"])}
        planned = list(log.get("planned", []))
    provisional = Journey("")
    stage = Stage("steps", "Steps")
    provisional.add_stage(stage)
    ids: dict[str, str] = {}
    for column, name in steps.items():
        key = ids.get(name) or provisional.new_id(slug(name) or "step")
        if name not in ids:
            provisional.add_touchpoint(Touchpoint(key, name, stage=stage.id))
        ids[name] = key
    source = FeedbackSource("events", str(raw.path), role="events", layout="wide",
                            case_column=case_column,
                            wide_columns={c: ids[n] for c, n in steps.items()})
    table = read_source(source, provisional, raw=raw)
    log = case_log_from_tables([table], provisional)
    names = {tp.id: tp.label for tp in provisional.touchpoints()}
    log.activities = [names.get(a, a) for a in log.activities]
    return ActivityLog(log, Path(raw.path), table.source.case_column, "", "",
                       table.input_rows, table.rejected_counts, dict(steps),
                       (["left out as planned dates, not events: " + ", ".join(planned)]
                        if planned else []) + list(table.notes))


def typical_positions(log: CaseLog) -> tuple[np.ndarray, np.ndarray]:
    """Per activity: its typical position, the mean step number (0 = a case's first step) at
    which cases first reach it, and the cases that reached it. (The mean of whole step
    numbers separates activities better than their median, which ties often; absolute
    numbers beat positions relative to the case's length, which cases that stop early
    push late.)"""
    count = len(log.activities)
    if not log.events:
        return np.zeros(count), np.zeros(count, dtype=np.int64)
    starts = log.starts
    lengths = log.lengths()
    position = (np.arange(log.events) - np.repeat(starts, lengths)).astype(float)
    first = ~pd.Series(log.case * count + log.step).duplicated().to_numpy()
    cases = np.bincount(log.step[first], minlength=count)
    total = np.bincount(log.step[first], weights=position[first], minlength=count)
    return total / np.maximum(cases, 1), cases


def _stage_cuts(positions: np.ndarray) -> list[int]:
    """Indexes into the sorted ``positions`` where a new stage starts (after the first): near
    each equal-count boundary, the widest gap in typical position within half a stage of it,
    so stages are of similar size and split where the journey has a natural break."""
    count = len(positions)
    stages = max(1, min(MAX_STAGES, round(math.sqrt(count)), count))
    gaps = np.diff(positions)
    cuts: list[int] = []
    half = count / stages / 2
    for k in range(1, stages):
        ideal = k * count / stages
        lo = max(int(math.ceil(ideal - half)), (cuts[-1] + 1) if cuts else 1)
        hi = min(int(math.floor(ideal + half)), count - (stages - k))
        if lo > hi:
            continue
        window = gaps[lo - 1:hi]  # gap before index i is gaps[i - 1]
        cuts.append(lo + int(np.argmax(window)))  # the first of equal widest gaps
    return cuts


def _label(activity: str) -> str:
    """A card label for an activity: ids such as ``pay-booking`` read as "Pay booking"."""
    if activity == slug(activity):
        words = activity.replace("_", " ").replace("-", " ").split()
        return " ".join(words)[:1].upper() + " ".join(words)[1:]
    return activity


def discover(log: CaseLog, min_share: float = DEFAULT_MIN_SHARE,
             title: str = "Discovered journey") -> tuple[Journey, dict[str, str]]:
    """A journey drafted from ``log`` (see the module's rules), cards laid out on the grid,
    and the map from each activity to the touchpoint id made of it."""
    if not 0 <= min_share <= 1:
        raise ValueError(f"min_share {min_share} must be between 0 and 1")
    journey = Journey(title)
    typical, reached = typical_positions(log)
    present = np.flatnonzero(reached > 0)
    order = present[np.lexsort((present, typical[present]))]
    cuts = _stage_cuts(typical[order])
    bounds = [0, *cuts, len(order)]
    ids: dict[int, str] = {}
    for number, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:]), 1):
        members = order[lo:hi]
        lead = members[np.argmax(reached[members])]
        stage = Stage(journey.new_id(f"stage-{number}"),
                      f"Stage {number}: {_label(log.activities[lead])}")
        journey.add_stage(stage)
        for code in members:
            name = log.activities[code]
            key = journey.new_id(slug(name) or "touchpoint")
            ids[int(code)] = key
            journey.add_touchpoint(Touchpoint(key, _label(name), stage=stage.id,
                                              attributes={"cases": int(reached[code])}))
    for tr in discovered_transitions(log, min_share):
        journey.connect(Transition(ids[tr["source"]], ids[tr["target"]], kind=tr["kind"],
                                   volume=float(tr["volume"]),
                                   attributes={"median_seconds": round(tr["median"], 3),
                                               "p90_seconds": round(tr["p90"], 3)}))
    auto_layout(journey)
    return journey, {log.activities[code]: key for code, key in ids.items()}


def discovered_transitions(log: CaseLog, min_share: float) -> list[dict]:
    """The directly-follows pairs kept as transitions (activity codes), strongest first."""
    count = max(len(log.activities), 1)
    c, t, s = log.case, log.step, log.time
    same = (c[1:] == c[:-1]) & (t[1:] != t[:-1])  # a repeat of one step is no transition
    if not same.any():
        return []
    keys, volume, (median, p90) = _group_quantiles(t[:-1][same] * count + t[1:][same],
                                                   (s[1:] - s[:-1])[same] / 1e9, (0.5, 0.9))
    source, target = keys // count, keys % count
    leaving = np.bincount(source, weights=volume, minlength=count)
    keep = volume >= min_share * leaving[source]
    frame = pd.DataFrame({"source": source, "target": target, "volume": volume})
    strongest = frame.sort_values(["volume", "source", "target"],
                                  ascending=[False, True, True], kind="stable")
    keep[strongest.drop_duplicates("source").index] = True
    keep[strongest.drop_duplicates("target").index] = True
    best_out = set(strongest.drop_duplicates("source").index)
    chosen = strongest.index[keep[strongest.index]]
    return [{"source": int(source[i]), "target": int(target[i]), "volume": int(volume[i]),
             "median": float(median[i]), "p90": float(p90[i]),
             "kind": "expected" if i in best_out else "alternative"} for i in chosen]


def event_source(found: ActivityLog, mapping: dict[str, str],
                 journey_path: str | Path | None) -> FeedbackSource:
    """The event log as a source of the drafted journey (its path relative to the journey
    file when it lies in the same folder tree, else absolute), its values mapped to the
    touchpoints :func:`discover` made of them."""
    from journeymap.metrics_cache import relative_path

    where = relative_path(found.path, None if journey_path is None else str(journey_path))
    if found.steps:  # a wide log: each step column times the card made of its activity
        return FeedbackSource("events", where, name="Event log", role="events", layout="wide",
                              case_column=found.case_column,
                              wide_columns={c: mapping[a] for c, a in found.steps.items()
                                            if a in mapping})
    identical = all(k == v for k, v in mapping.items())
    return FeedbackSource("events", where,
                          name="Event log", role="events",
                          touchpoint_column=found.activity_column,
                          match="id" if identical else "map",
                          value_map={} if identical else mapping,
                          case_column=found.case_column, timestamp_column=found.time_column)
