"""An event log as cases: every case's steps in time order, as integer codes.

:class:`CaseLog` is what the path analyses (variants, conformance, discovery) share. Steps are
*activity* codes: ``0 .. mapped-1`` are the journey's touchpoints in journey order, codes from
``mapped`` on are values of the log that are no touchpoint of the map (unmapped steps), kept so
that a path shows them instead of silently closing the gap. Events are sorted once by case,
then time, then file order (``events._case_time_order``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey

from .events import _case_time_order
from .feedback import UNKNOWN_TOUCHPOINT, FeedbackTable, _timestamps
from .reading import SourceError


@dataclass
class CaseLog:
    """Cases and their steps, sorted by case then time.

    ``case``, ``step`` and ``time`` (ns since the epoch) are per event; ``starts[i]`` is the
    index of case i's first event and ``names[i]`` its id in the log. ``groups`` (per case,
    −1 for none) index ``group_names`` when the log was split by segment or period.
    """

    activities: list[str]
    mapped: int
    case: np.ndarray
    step: np.ndarray
    time: np.ndarray
    names: np.ndarray
    group_names: list[str]
    groups: np.ndarray

    @property
    def events(self) -> int:
        return len(self.step)

    @property
    def cases(self) -> int:
        return len(self.names)

    @property
    def starts(self) -> np.ndarray:
        return np.flatnonzero(self.first)

    @property
    def first(self) -> np.ndarray:
        c = self.case
        return np.r_[True, c[1:] != c[:-1]] if len(c) else np.zeros(0, dtype=bool)

    def lengths(self) -> np.ndarray:
        return np.diff(np.r_[self.starts, self.events])

    def subset(self, chosen: np.ndarray) -> "CaseLog":
        """The cases where ``chosen`` (per case) is True, renumbered."""
        keep = chosen[self.case]
        renumber = np.cumsum(chosen) - 1
        return CaseLog(self.activities, self.mapped, renumber[self.case[keep]],
                       self.step[keep], self.time[keep], self.names[chosen],
                       self.group_names, self.groups[chosen])


def build_case_log(case: pd.Series | np.ndarray, activity: pd.Categorical,
                   time: pd.Series, mapped: int | None = None,
                   group: pd.Series | np.ndarray | None = None) -> CaseLog:
    """A :class:`CaseLog` from per-event case ids, activities (a categorical: its categories
    are the activities, the first ``mapped`` of them touchpoints), timestamps and optional
    group labels (taken from each case's first event, so a case is never split)."""
    case_codes, names = pd.factorize(pd.Series(case, copy=False), sort=False)
    case_codes = case_codes.astype(np.int64)
    steps = np.asarray(activity.codes, dtype=np.int64)
    stamps = pd.Series(time, copy=False)
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    times = stamps.to_numpy(dtype="datetime64[ns]").view(np.int64) if len(stamps) else \
        np.zeros(0, dtype=np.int64)
    order = _case_time_order(case_codes, times)
    c = case_codes[order]
    activities = [str(a) for a in activity.categories]
    groups = np.full(len(names), -1, dtype=np.int64)
    group_names: list[str] = []
    if group is not None:
        labels = pd.Series(np.asarray(group, dtype=object)[order], copy=False)
        first = np.r_[True, c[1:] != c[:-1]] if len(c) else np.zeros(0, dtype=bool)
        codes, uniques = pd.factorize(labels[first].astype(str))
        # order groups by name, "(missing)" last, as the feedback analysis does
        from .analysis import MISSING_GROUP

        group_names = sorted(map(str, uniques), key=lambda g: (g == MISSING_GROUP, g))
        position = {g: i for i, g in enumerate(group_names)}  # not list.index: n² on ids
        remap = np.array([position[str(u)] for u in uniques] + [-1], dtype=np.int64)
        groups[c[first]] = remap[codes]
    # pd.factorize numbers cases 0.. by first appearance, so the sorted codes ascend and
    # ``names`` is already indexed by them.
    return CaseLog(activities, len(activities) if mapped is None else mapped, c,
                   steps[order], times[order], np.asarray(names, dtype=object),
                   group_names, groups)


def case_log_from_tables(tables: Sequence[FeedbackTable], journey: Journey,
                         group_of: pd.Series | None = None,
                         log: pd.DataFrame | None = None, by: tuple[str, str] = ("", "")
                         ) -> CaseLog:
    """The events of the event sources among ``tables`` as a :class:`CaseLog` over
    ``journey``. Rows rejected only because their touchpoint is none of the map's become
    unmapped steps (their value kept), not lost. ``group_of`` gives each kept event's group
    and ``by`` (kind, argument) says how to find an unmapped step's."""
    ids = journey.touchpoint_ids()
    events = [t for t in tables if t.is_events]
    if not events:
        raise SourceError("no event log: give one with --events FILE or add an event source")
    parts = [] if log is None else [log]
    if log is None:
        parts = [t.rows for t in events if len(t.rows)]
    cases = [p["case"] for p in parts]
    codes = [_touchpoint_codes(p["touchpoint"], ids) for p in parts]
    stamps = [p["timestamp"] for p in parts]
    groups = [group_of] if group_of is not None else []
    unknown: list[str] = []
    for table in events:
        extra = _unmapped_rows(table)
        if extra is None:
            continue
        values = extra["touchpoint"]
        unknown = sorted(set(unknown) | set(values), key=str)
        cases.append(extra["case"])
        codes.append(values)  # resolved below, once every unknown value is known
        stamps.append(extra["timestamp"])
        if group_of is not None:
            groups.append(_extra_groups(extra, *by))
    position = {value: len(ids) + i for i, value in enumerate(unknown)}
    codes = [c if isinstance(c, np.ndarray) else c.map(position).to_numpy(dtype=np.int64)
             for c in codes]
    case = (cases[0] if len(cases) == 1 else
            pd.concat([pd.Series(c, copy=False).astype(object).reset_index(drop=True)
                       for c in cases], ignore_index=True) if cases else
            pd.Series(dtype=object))
    step = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    activity = pd.Categorical.from_codes(step, categories=ids + unknown, validate=False)
    stamp = (stamps[0] if len(stamps) == 1 else
             pd.concat([s.reset_index(drop=True) for s in stamps], ignore_index=True)
             if stamps else pd.Series(dtype="datetime64[ns, UTC]"))
    group = None
    if group_of is not None:
        from .analysis import MISSING_GROUP

        group = pd.concat([g.reset_index(drop=True) for g in groups], ignore_index=True)
        group = group.where(group.notna(), MISSING_GROUP)
    return build_case_log(case, activity, stamp, mapped=len(ids), group=group)


def _touchpoint_codes(column: pd.Series, ids: list[str]) -> np.ndarray:
    """Codes of a kept event's touchpoint (a categorical over the journey's ids, as read)."""
    if isinstance(column.dtype, pd.CategoricalDtype) and list(column.cat.categories) == ids:
        return column.cat.codes.to_numpy().astype(np.int64)
    return pd.Categorical(column.astype(object), categories=ids).codes.astype(np.int64)


def _extra_groups(extra: pd.DataFrame, kind: str, argument: str) -> pd.Series:
    """The group of each unmapped step: its own segment value, or the period of its time."""
    from .analysis import MISSING_GROUP, _group_column

    if kind == "period":
        return _group_column(extra[["timestamp"]], kind, argument)
    if argument in extra:
        values = extra[argument].astype(object)
        return values.where(values.notna(), MISSING_GROUP).astype(str)
    return pd.Series(MISSING_GROUP, index=extra.index, dtype=object)


def _unmapped_rows(table: FeedbackTable) -> pd.DataFrame | None:
    """The rows of an event table rejected as an unknown touchpoint, with a parseable time."""
    rejected = table.rejected
    source = table.source
    if not len(rejected) or source.layout == "wide":
        return None
    rows = rejected[rejected["reason"] == UNKNOWN_TOUCHPOINT]
    needed = (source.case_column, source.touchpoint_column, source.timestamp_column)
    if not len(rows) or not all(c in rows for c in needed):
        return None
    stamps = _timestamps(rows[source.timestamp_column].reset_index(drop=True))
    ok = stamps.notna().to_numpy() & rows[source.case_column].notna().to_numpy()
    out = pd.DataFrame({
        "case": rows[source.case_column].to_numpy(dtype=object)[ok],
        "touchpoint": rows[source.touchpoint_column].astype(str).str.strip()
        .to_numpy(dtype=object)[ok],
        "timestamp": stamps[ok].reset_index(drop=True)})
    for column in source.segment_columns:
        if column in rows:
            out[column] = rows[column].to_numpy(dtype=object)[ok]
    return out


def read_case_log(journey: Journey, sources: Sequence[FeedbackSource] | None = None,
                  base_dir: str | Path = ".", by: str | None = None) -> tuple[CaseLog, list]:
    """Read the journey's event sources (or ``sources``) into a :class:`CaseLog`; with ``by``
    (``segment:COL`` or ``period:W|M|Q``) every case carries its group. Returns the log and
    the tables read (for their rejected-row counts)."""
    from .analysis import _read, parse_by

    kind, argument = parse_by(by)
    if kind == "stage":
        raise ValueError("paths are split by segment:COL or period:W|M|Q, not by stage")
    chosen = [s for s in (journey.sources if sources is None else sources)
              if s.role == "events"]
    if not chosen:
        raise SourceError("no event log: give one with --events FILE or add an event source")
    tables = [_read(s, journey, base_dir, kind, argument) for s in chosen]
    return split_case_log(tables, journey, by), tables


def split_case_log(tables: Sequence[FeedbackTable], journey: Journey, by: str | None = None
                   ) -> CaseLog:
    """The event logs among ``tables`` (read with the ``by`` column carried, as
    :func:`read_case_log` and the analysis read them) as one :class:`CaseLog`, every case
    in its group of ``by``. Raises :class:`SourceError` when a segment column is missing."""
    from .analysis import _case_groups, parse_by

    kind, argument = parse_by(by)
    frames = [t.rows for t in tables if t.is_events and len(t.rows)]
    log = pd.concat(frames, ignore_index=True) if len(frames) > 1 else (
        frames[0] if frames else None)
    group_of = None
    if kind and log is not None:
        if kind == "segment" and argument not in log:
            raise SourceError(f"--by segment:{argument}: the event log has no column "
                              f"{argument!r}")
        group_of = _case_groups(log, kind, argument)
    if log is None:
        log = pd.DataFrame({"case": pd.Series(dtype=object),
                            "touchpoint": pd.Series(dtype=object),
                            "timestamp": pd.Series(dtype="datetime64[ns, UTC]")})
        group_of = None if group_of is None else pd.Series(dtype=object)
    return case_log_from_tables(tables, journey, group_of, log, (kind, argument))


def split_columns(tables: Sequence[FeedbackTable]) -> list[str]:
    """Columns of the event logs among ``tables`` that can split cases into segments (for
    ``by segment:COL``): every column as read but the case, touchpoint and time columns (and
    a wide log's step columns), in the order of the files, each once."""
    out: list[str] = []
    for table in tables:
        if not table.is_events:
            continue
        source = table.source
        used = {source.case_column, source.touchpoint_column, source.timestamp_column,
                *source.wide_columns}
        for column in [*table.columns, *source.segment_columns]:
            if column and column not in used and column not in out:
                out.append(column)
    return out
