"""``analyse()``: a journey plus its feedback and event sources -> per-touchpoint evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.measures import MEASURES, SMALL_SAMPLE
from journeymap.model import FeedbackSource, Journey, Touchpoint

from .engines import (MISSING_GROUP, Job, ReducedEvents, ReducedTable, choose_engine,
                      read_whole, reduce_feedback, reducible)
from .events import EventResult, analyse_events, empty_transitions, event_result
from .feedback import FeedbackTable, code_dtype, read_source, text_column_tests
from .metrics import code_counts, group_sums, measures
from .reading import SourceError, read_table
from . import complaints
from .units import COMMON as OWN_SCALE_KINDS
from .units import add_own_units, touchpoint_scales

#: A workshop score at or above +1 says "a good moment", at or below −1 "a bad one"; the scores
#: between claim nothing the data could contradict (journeymap.measures.EMOTION_DISAGREEMENT).
EMOTION_VERDICT = 1.0
#: With fewer touchpoints of enough answers than this, a journey (or group) has no typical
#: friction to compare with, and nothing is flagged.
MIN_REFERENCE = 3
PERIODS = {"W": "week", "M": "month", "Q": "quarter"}


class Cancelled(Exception):
    """Raised inside :func:`analyse` when its ``cancelled()`` callback returns True."""


def parse_by(by: str | None) -> tuple[str, str]:
    """``None``/``stage``/``segment:COL``/``period:W|M|Q`` -> (kind, argument)."""
    if by in (None, ""):
        return "", ""
    if by == "stage":
        return "stage", ""
    kind, _, argument = str(by).partition(":")
    if kind == "segment" and argument:
        return "segment", argument
    if kind == "period" and argument.upper() in PERIODS:
        return "period", argument.upper()
    raise ValueError(f"--by {by!r}: use stage, segment:COLUMN or period:W|M|Q")


@dataclass
class Analysis:
    """Everything :func:`analyse` found; see the analytics contract for the columns."""

    journey: Journey
    by: str | None
    small_sample: int
    touchpoints: pd.DataFrame
    stages: pd.DataFrame
    transitions: pd.DataFrame
    friction_ranking: pd.DataFrame
    rows: pd.DataFrame
    rejected: pd.DataFrame
    rejected_counts: dict[str, dict[str, int]]
    input_counts: dict[str, int] = field(default_factory=dict)
    kept_counts: dict[str, int] = field(default_factory=dict)
    tables: list[FeedbackTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    overall: pd.DataFrame | None = None
    events: EventResult | None = None
    #: The folder the sources' relative paths start from (to read them again: key drivers).
    base_dir: Path | None = None
    #: Source id -> the engine that reduced it (pandas, duckdb, spark, sqlite, postgresql).
    engines: dict[str, str] = field(default_factory=dict)
    #: The sums of :data:`.metrics.SUM_COLUMNS` per touchpoint × group (touchpoint-major,
    #: groups in the order of :meth:`groups`): what every engine reduced the rows to.
    sums: pd.DataFrame | None = None

    @property
    def engine_summary(self) -> str:
        """The engines that computed the numbers, for a status line ("pandas", "duckdb")."""
        return ", ".join(dict.fromkeys(self.engines.values())) or "pandas"

    @property
    def has_feedback(self) -> bool:
        return any(not t.is_events for t in self.tables)

    @property
    def has_events(self) -> bool:
        return self.events is not None

    def measure_values(self, measure_key: str) -> pd.Series:
        """Values of a :data:`journeymap.measures.MEASURES` key per touchpoint id (no ``by``)."""
        if measure_key not in MEASURES:
            raise KeyError(f"unknown measure {measure_key!r} (one of {', '.join(MEASURES)})")
        table = self.overall if self.overall is not None else self.touchpoints
        return pd.Series(table[measure_key].to_numpy(dtype=float),
                         index=pd.Index(table["touchpoint"], name="touchpoint"),
                         name=measure_key)

    def compare(self, a: str, b: str, measure: str = "friction") -> pd.DataFrame:
        """Per touchpoint, ``measure`` in group ``a`` against group ``b`` of ``by``: the
        difference (b − a), its 95% interval, p value and whether it is significant."""
        from .compare import compare_groups

        return compare_groups(self, a, b, measure)

    def export_rejected(self, path: str | Path) -> int:
        """Write every rejected row (source, row, line, reason, column, value and the row's
        original columns) to ``path`` as CSV, atomically; returns how many rows."""
        from journeymap.model.fileformat import write_atomic

        write_atomic(path, self.rejected.to_csv(index=False, lineterminator="\n"))
        return len(self.rejected)

    def groups(self) -> list[str]:
        """The group values of ``by`` (segments or periods) in display order."""
        if "segment" not in self.touchpoints or self.touchpoints["segment"].isna().all():
            return []
        return list(dict.fromkeys(self.touchpoints["segment"].dropna()))

    def for_group(self, group: str) -> Analysis:
        """One group of ``by`` (a segment value or period) as if its rows were all the
        feedback: its touchpoints, stages, friction ranking and rows alone, with no ``by``.
        The app shows a chosen segment this way in the ranking, the feedback rows and the
        heatmaps, so every panel agrees with the cards."""
        if not self.by:
            return self

        def alone(table: pd.DataFrame) -> pd.DataFrame:
            if "segment" not in table:
                return table
            chosen = table[table["segment"].astype(object) == group].copy()
            chosen["segment"] = None
            return chosen.reset_index(drop=True)

        touchpoints = alone(self.touchpoints)
        rows = self.rows
        if "segment" in rows:
            rows = rows[rows["segment"].astype(object) == group].reset_index(drop=True)
        return replace(self, by=None, touchpoints=touchpoints, overall=touchpoints,
                       stages=alone(self.stages), friction_ranking=_ranking(touchpoints),
                       rows=rows)


def _feedback_rows(tables: list[FeedbackTable], journey: Journey) -> pd.DataFrame:
    """The kept feedback rows of every source, touchpoint a categorical over the journey."""
    ids = journey.touchpoint_ids()
    parts = [t.rows for t in tables if t.source.role == "feedback" and len(t.rows)]
    if not parts:
        return pd.DataFrame({"source": pd.Series(dtype=object),
                             "row": pd.Series(dtype=np.int64),
                             "touchpoint": pd.Categorical([], categories=ids)})
    rows = parts[0].copy(deep=False) if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    column = rows["touchpoint"]
    if not (isinstance(column.dtype, pd.CategoricalDtype)
            and list(column.cat.categories) == ids):
        rows["touchpoint"] = pd.Categorical(column.astype(object), categories=ids)
    return rows


def _base_table(journey: Journey) -> pd.DataFrame:
    stages = {s.id: s.name for s in journey.stages}
    tps = journey.touchpoints()
    return pd.DataFrame({
        "touchpoint": [tp.id for tp in tps], "label": [tp.label for tp in tps],
        "stage": [tp.stage for tp in tps], "stage_name": [stages.get(tp.stage, "") for tp in tps],
        "channel": [tp.channel for tp in tps], "lane": [tp.lane for tp in tps],
        "kind": [tp.kind for tp in tps],
        # Where a journey is meant to end, "drop-off" is completion: renderers may say so.
        "terminal": [tp.kind == "success" or not any(
            t != tp.id for t in journey.successors(tp.id)) for tp in tps],
        "emotion": [_emotion(tp) for tp in tps]})


def _emotion(tp: Touchpoint) -> float:
    """The workshop's score of the moment for the journey as a whole: the journey-wide score,
    or the mean of the persona scores where only those were given (as the Mermaid export)."""
    emotion = tp.overall_emotion
    return np.nan if emotion is None else float(emotion)


def _group_column(rows: pd.DataFrame, kind: str, argument: str) -> pd.Series:
    """The group value of each feedback row for ``by`` (strings; missing -> MISSING_GROUP)."""
    if kind == "segment":
        if argument not in rows:
            return pd.Series(MISSING_GROUP, index=rows.index, dtype=object)
        values = rows[argument].astype(object)
    else:
        if "timestamp" not in rows:
            return pd.Series(MISSING_GROUP, index=rows.index, dtype=object)
        stamps = rows["timestamp"].dt.tz_convert(None)
        if argument == "W":
            iso = stamps.dt.isocalendar()
            values = pd.Series([f"{y}-W{w:02d}" if pd.notna(y) else None
                                for y, w in zip(iso["year"], iso["week"])],
                               index=rows.index, dtype=object)
            values = values.where(stamps.notna())
        else:
            values = stamps.dt.to_period(argument).astype(str).where(stamps.notna())
    return values.where(values.notna(), MISSING_GROUP).astype(str)


def _emotion_check(table: pd.DataFrame) -> None:
    """Add ``typical_friction``, ``emotion_disagrees`` and ``measured_emotion`` to a table of
    touchpoints (or stages), one group of ``by`` at a time.

    ``typical_friction`` is the median friction of the rows of the same group that are not
    small samples (NaN with fewer than :data:`MIN_REFERENCE` of them). ``emotion_disagrees``
    is :data:`~journeymap.measures.EMOTION_DISAGREEMENT`: the emotion is at least
    +:data:`EMOTION_VERDICT` and ``friction_low`` is above the typical friction, or it is at
    most −:data:`EMOTION_VERDICT` and ``friction_high`` is below it. The flag is relative to
    the journey because any survey has a baseline of unhappy answers: a good moment is one
    that hurts less than the rest, not one nobody complains about.

    ``measured_emotion`` is friction on the emotion scale, 2 − 4 × friction (0 → +2, 1 → −2):
    an absolute reading for drawing next to the workshop's curve, not what the flag compares.
    """
    table["measured_emotion"] = 2 - 4 * table["friction"]
    enough = table["friction"].notna() & ~table["small_sample"].astype(bool)
    group = table["segment"].astype(object).where(table["segment"].notna(), "")
    reference = table["friction"].where(enough).groupby(group, sort=False)
    typical = reference.transform("median").where(reference.transform("count") >= MIN_REFERENCE)
    table["typical_friction"] = typical
    emotion = table["emotion"]
    good_but_worse = (emotion >= EMOTION_VERDICT) & (table["friction_low"] > typical)
    bad_but_better = (emotion <= -EMOTION_VERDICT) & (table["friction_high"] < typical)
    table["emotion_disagrees"] = (good_but_worse | bad_but_better).astype(bool)


def _measure_table(base: pd.DataFrame, totals: pd.DataFrame, groups: list[str] | None,
                   small_sample: int) -> pd.DataFrame:
    """``base`` (one row per key) with the measures of ``totals`` (the sums of
    :func:`group_sums`, one row per key or, with ``groups``, per key and group, key-major)."""
    if groups is None:
        table = base.assign(segment=None)
    else:
        table = base.loc[base.index.repeat(len(groups))].reset_index(drop=True)
        table["segment"] = list(groups) * len(base)
    found = measures(totals, small_sample).astype(
        {"n": np.int64, "negative": np.int64, "scored": np.int64, "small_sample": bool})
    return pd.concat([table, found.set_axis(table.index)], axis=1)


def _rollup(totals: pd.DataFrame, owner: np.ndarray, owners: int, groups: int) -> pd.DataFrame:
    """Sums per owner (e.g. stage) × group from sums per key × group: sums add up, so the
    rows need not be read again. ``owner[k]`` is key k's owner."""
    values = totals.to_numpy().reshape(len(owner), groups, -1)
    out = np.zeros((owners, groups, values.shape[2]))
    np.add.at(out, owner, values)
    return pd.DataFrame(out.reshape(owners * groups, -1), columns=totals.columns)


def _ranking(table: pd.DataFrame) -> pd.DataFrame:
    """Touchpoints by friction, hottest first; the lower end of the interval breaks ties and
    leads, so that a handful of answers cannot top the list by chance."""
    ranked = table[table["friction"].notna()].sort_values(
        ["friction_low", "friction", "n"], ascending=[False, False, False], kind="stable")
    ranked = ranked[["touchpoint", "label", "stage", "stage_name", "n", "scored", "friction",
                     "friction_low", "friction_high", "small_sample", "emotion",
                     "emotion_disagrees"]].reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked


def analyse(journey: Journey, sources: Sequence[FeedbackSource] | None = None,
            base_dir: str | Path = ".", by: str | None = None,
            small_sample: int = SMALL_SAMPLE,
            progress: Callable[[float, str], None] | None = None,
            cancelled: Callable[[], bool] | None = None, engine: str = "",
            spark_master: str = "", job: Job | None = None,
            passwords: dict[str, str] | None = None) -> Analysis:
    """Read every source and measure the journey: see :class:`Analysis`.

    ``engine`` (``pandas``, ``duckdb``, ``spark``; empty: each source's saved engine, else
    chosen by size, see :func:`.engines.choose_engine`) reduces the feedback rows to sums;
    ``spark_master`` says where Spark runs; ``job`` lets another thread interrupt a running
    query; ``passwords`` maps a database source's id to its password (never saved).

    Raises :class:`~journeymap.analytics.reading.SourceError` when a source cannot be read
    at all (or ``by`` names a segment column no source has), :class:`Cancelled` when
    ``cancelled()`` turns True, ``ValueError`` for a malformed ``by``.
    """
    kind, argument = parse_by(by)
    sources = list(journey.sources if sources is None else sources)
    # A source switched off (options "enabled": false) stays attached but is not read.
    switched_off = [s.id for s in sources if s.options.get("enabled") is False]
    sources = [s for s in sources if s.options.get("enabled") is not False]

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(message)
        if progress is not None:
            progress(fraction, message)

    tables: list[FeedbackTable] = []
    engines: dict[str, str] = {}
    for i, source in enumerate(sources):
        chosen = _engine(source, base_dir, engine)
        step(0.8 * i / max(len(sources), 1),
             f"reading {source.location}" + ("" if chosen == "pandas" else f" with {chosen}"))
        password = (passwords or {}).get(source.id)
        if chosen == "pandas":
            tables.append(_read(source, journey, base_dir, kind, argument))
        elif reducible(source, chosen, kind):
            tables.append(reduce_feedback(source, journey, base_dir, chosen, kind, argument,
                                          spark_master, job=job, password=password))
        else:
            tables.append(read_whole(source, journey, base_dir, chosen, spark_master,
                                     password))
            chosen = f"pandas (read through {chosen})"
        engines[source.id] = chosen
    reduced = [t for t in tables if isinstance(t, ReducedTable)]
    if kind == "segment" and tables and not any(
            argument in t.rows or argument in t.source.segment_columns for t in tables):
        raise SourceError(f"--by segment:{argument}: no source has a column {argument!r}")
    step(0.8, "measuring")
    rows = _feedback_rows(tables, journey)
    base = _base_table(journey)
    stage_ids = [s.id for s in journey.stages]
    stage_base = pd.DataFrame({"stage": stage_ids,
                               "stage_name": [s.name for s in journey.stages]})
    stage_base["emotion"] = [base.loc[base["stage"] == s, "emotion"].mean() for s in stage_ids]
    tp_codes = rows["touchpoint"].cat.codes.to_numpy()  # pandas' small ints: no copy
    stage_of = np.array([stage_ids.index(s) for s in base["stage"]] + [-1],
                        dtype=code_dtype(len(stage_ids)))
    stage_codes = stage_of[tp_codes]  # code −1 picks the trailing −1
    # In range by construction and already in pandas' code type: no check, no conversion.
    rows["stage"] = pd.Categorical.from_codes(stage_codes, categories=stage_ids,
                                              validate=False) \
        if stage_ids else pd.Categorical([None] * len(rows))
    log = _event_log(tables)
    complaint_rows = _complaint_rows(tables, journey)
    event_groups = None
    groups = group_codes = None
    if kind in ("segment", "period"):
        rows["segment"] = _group_column(rows, kind, argument)
        labels = set(rows["segment"].unique())
        labels |= {g for t in reduced for g in t.sums["group"]}
        if complaint_rows is not None:
            complaint_rows["segment"] = _group_column(complaint_rows, kind, argument)
            labels |= set(complaint_rows["segment"].unique())
        if log is not None:
            event_groups = _case_groups(log, kind, argument)
            labels |= set(event_groups.unique())
        groups = sorted(labels, key=lambda g: (g == MISSING_GROUP, g))  # missing goes last
        group_codes = pd.Categorical(rows["segment"], categories=groups).codes.astype(np.int64)
    count = len(groups) if groups is not None else 1
    codes = tp_codes if groups is None else np.where(
        (tp_codes >= 0) & (group_codes >= 0), tp_codes.astype(np.int64) * count + group_codes,
        -1)
    totals = group_sums(rows, codes, len(base) * count)
    for table in reduced:  # sums add up, whatever engine made them
        slot = table.sums["touchpoint"].to_numpy(dtype=np.int64) * count
        if groups is not None:
            slot = slot + pd.Categorical(table.sums["group"], categories=groups).codes
        values = totals.to_numpy(copy=True)
        np.add.at(values, slot, table.sums[list(totals.columns)].to_numpy(dtype=float))
        totals = pd.DataFrame(values, columns=totals.columns)
    complaint_counts = None
    if complaint_rows is not None:
        c_tp = complaint_rows["touchpoint"].cat.codes.to_numpy().astype(np.int64)
        c_codes = c_tp if groups is None else np.where(c_tp >= 0, c_tp * count + pd.Categorical(
            complaint_rows["segment"], categories=groups).codes.astype(np.int64), -1)
        complaint_counts = complaints.counts(complaint_rows, c_codes, len(base) * count)
    owner = stage_of[:-1]
    stages = _measure_table(stage_base, _rollup(totals, owner, len(stage_ids), count), groups,
                            small_sample)
    if groups is None:
        overall = touchpoints = _measure_table(base, totals, None, small_sample)
    else:
        touchpoints = _measure_table(base, totals, groups, small_sample)
        summed = totals.to_numpy().reshape(len(base), count, -1).sum(axis=1)
        overall = _measure_table(base, pd.DataFrame(summed, columns=totals.columns), None,
                                 small_sample)
    traffic = complaints.card_traffic(journey)
    complaint_themes = complaints.themes(complaint_rows, "theme") \
        if complaint_rows is not None else {}
    step(0.9, "event log")
    events = analyse_events(log, journey) if log is not None else None
    reduced_logs = [t for t in tables if isinstance(t, ReducedEvents)]
    if reduced_logs:
        if log is not None or len(reduced_logs) > 1:
            raise SourceError("several event logs with an SQL engine: reduce them with "
                              "pandas (--engine pandas) or keep one event log")
        events = event_result(journey, reduced_logs[0].sums)
    per_group: dict[str, EventResult] = {}
    if event_groups is not None:
        labels = event_groups.to_numpy()
        for group in groups or []:
            chosen = labels == group
            if chosen.any():
                per_group[group] = analyse_events(log[chosen], journey)
    # Without groups ``overall`` is ``touchpoints``: one table, completed once.
    for table, key, grouped in ((overall, "touchpoint", False),
                                *(() if touchpoints is overall else
                                  ((touchpoints, "touchpoint", True),)),
                                (stages, "stage", groups is not None)):
        _add_events(table, key, events, per_group if grouped else None)
        if key == "touchpoint":
            found = None if complaint_counts is None else (
                complaint_counts if grouped else
                complaint_counts.reshape(len(base), count).sum(axis=1))
            complaints.add_complaints(table, key, found, traffic, complaint_themes)
        if "emotion" in table:
            _emotion_check(table)
    # Ratings and CES back on the scales their sources declared (after the reduction).
    ids = journey.touchpoint_ids()
    scales = {kind: touchpoint_scales(tables, kind, ids) for kind in OWN_SCALE_KINDS}
    # Python lists, not a filtered copy of the base table per stage (text columns of pandas
    # are Arrow arrays: slow to walk one item at a time).
    members: dict[str, list[str]] = {s: [] for s in stage_ids}
    for tp, stage in zip(base["touchpoint"].tolist(), base["stage"].tolist()):
        if stage in members:
            members[stage].append(tp)
    for table in {id(t): t for t in (overall, touchpoints)}.values():
        add_own_units(table, "touchpoint", scales)
    add_own_units(stages, "stage", scales, members)
    feeding = _sources_by_touchpoint(rows, complaint_rows, tables, ids)
    for table in {id(t): t for t in (overall, touchpoints)}.values():
        table["sources"] = [feeding.get(str(tp), "") for tp in table["touchpoint"].tolist()]
    rejected = [t.rejected for t in tables if len(t.rejected)]
    analysis = Analysis(
        journey=journey, by=by, small_sample=small_sample, touchpoints=touchpoints,
        stages=stages,
        transitions=events.transitions if events is not None else empty_transitions(),
        friction_ranking=_ranking(overall),
        rows=rows,
        rejected=pd.concat(rejected, ignore_index=True) if rejected else pd.DataFrame(
            columns=["source", "row", "line", "reason", "column", "value"]),
        rejected_counts={t.source.id: t.rejected_counts for t in tables},
        input_counts={t.source.id: t.input_rows for t in tables},
        kept_counts={t.source.id: t.kept_rows for t in tables},
        tables=tables, notes=[note for t in tables for note in t.notes]
        + [f"{key}: switched off, not read" for key in switched_off], overall=overall,
        events=events, base_dir=Path(base_dir), engines=engines, sums=totals)
    step(1.0, "done")
    return analysis


def _sources_by_touchpoint(rows: pd.DataFrame, complaint_rows: pd.DataFrame | None,
                           tables: list[FeedbackTable], ids: list[str]) -> dict[str, str]:
    """Touchpoint -> the ids of the sources with kept rows there ("survey, tweets")."""
    found: dict[str, list[str]] = {}
    for table in tables:  # sources an SQL engine reduced to sums: no rows, their codes
        sums = getattr(table, "sums", None)
        if isinstance(sums, pd.DataFrame) and len(sums) and "n" in sums:
            for code in pd.unique(sums.loc[sums["n"] > 0, "touchpoint"].astype(int)):
                if 0 <= code < len(ids):
                    found.setdefault(ids[code], []).append(table.source.id)
    for part in (rows, complaint_rows):
        if part is None or not len(part):
            continue
        for tp, source in _pairs(part["touchpoint"], part["source"]):
            found.setdefault(str(tp), []).append(str(source))
    return {tp: ", ".join(dict.fromkeys(ids)) for tp, ids in found.items()}


def _pairs(touchpoints: pd.Series, sources: pd.Series) -> list[tuple[object, object]]:
    """The distinct (touchpoint, source) pairs of the rows, in order of first appearance.
    Two categoricals are paired on their codes with numpy (a million rows: a few ms, a
    third of a groupby's time); anything else is grouped."""
    if not (isinstance(touchpoints.dtype, pd.CategoricalDtype)
            and isinstance(sources.dtype, pd.CategoricalDtype)):
        pairs = pd.DataFrame({"touchpoint": touchpoints, "source": sources}).groupby(
            ["touchpoint", "source"], observed=True, sort=False).size()
        return list(pairs.index)
    tp_codes = touchpoints.cat.codes.to_numpy()
    source_codes = sources.cat.codes.to_numpy()
    kinds = max(len(sources.cat.categories), 1)
    if kinds == 1 and not (source_codes < 0).any():
        # One source on every row: the touchpoints present are all there is (and their
        # order is not used), counted on the codes as they are, in cache-sized chunks
        # (no copy of the rows, no 8 MB array of them as bincount's integers).
        found = np.flatnonzero(code_counts(tp_codes, len(touchpoints.cat.categories))[1:, 0])
        tp_names, source_names = touchpoints.cat.categories, sources.cat.categories
        return [(tp_names[k], source_names[0]) for k in found.tolist()]
    known = (tp_codes >= 0) & (source_codes >= 0)
    keys = tp_codes[known].astype(np.int64) * kinds + source_codes[known]
    if kinds == 1:  # one source: the order of touchpoints is all there is, and it is not used
        found = np.flatnonzero(np.bincount(keys, minlength=0))
    else:
        found, first = np.unique(keys, return_index=True)
        found = found[np.argsort(first, kind="stable")]
    tp_names, source_names = touchpoints.cat.categories, sources.cat.categories
    return [(tp_names[k // kinds], source_names[k % kinds]) for k in found.tolist()]


def _complaint_rows(tables: list[FeedbackTable], journey: Journey) -> pd.DataFrame | None:
    """The kept rows of the complaint logs (one complaint each), touchpoint a categorical
    over the journey; None without complaint logs."""
    parts = [t.rows for t in tables if t.source.role == "complaints"]
    if not parts:
        return None
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].copy()
    rows["touchpoint"] = pd.Categorical(rows["touchpoint"].astype(object),
                                        categories=journey.touchpoint_ids())
    return rows


def _event_log(tables: list[FeedbackTable]) -> pd.DataFrame | None:
    """The events of every event source, one table (None without any)."""
    logs = [t.rows for t in tables if t.is_events and not isinstance(t, ReducedEvents)]
    if not logs:
        return None
    return pd.concat(logs, ignore_index=True) if len(logs) > 1 else logs[0]


def _case_groups(log: pd.DataFrame, kind: str, argument: str) -> pd.Series:
    """The group of each event's case: its segment on its first event, or the period in which
    the case started, so that a case is never split between groups."""
    if kind == "segment":
        if argument not in log:
            return pd.Series(MISSING_GROUP, index=log.index, dtype=object)
        first = log.groupby("case", sort=False, observed=True)[argument].transform("first")
        return first.astype(object).where(first.notna(), MISSING_GROUP).astype(str)
    start = log.groupby("case", sort=False, observed=True)["timestamp"].transform("min")
    return _group_column(pd.DataFrame({"timestamp": start}), kind, argument)


def _add_events(table: pd.DataFrame, key: str, events: EventResult | None,
                per_group: dict[str, EventResult] | None) -> None:
    """Reach, drop-off and volume columns (volume = customers reached with an event log,
    responses without one); with ``per_group``, each group's own numbers."""
    if events is None:
        table["reached"] = np.nan
        table["drop_off"] = np.nan
        table["volume"] = table["n"].astype(float)
        return
    reached = np.full(len(table), np.nan)
    drop_off = np.full(len(table), np.nan)
    parts = [(np.ones(len(table), dtype=bool), events)] if per_group is None else [
        ((table["segment"] == group).to_numpy(), result) for group, result in per_group.items()]
    for mask, result in parts:
        found = result.touchpoints if key == "touchpoint" else result.stages
        keys = table.loc[mask, key]
        reached[mask] = keys.map(found["reached"]).to_numpy(dtype=float)
        drop_off[mask] = keys.map(found["drop_off"]).to_numpy(dtype=float)
    if per_group is not None:  # a group without events reached nobody
        reached = np.where(np.isnan(reached), 0.0, reached)
    table["reached"] = reached
    table["drop_off"] = drop_off
    table["volume"] = reached


def _engine(source: FeedbackSource, base_dir: str | Path, engine: str) -> str:
    """Where ``source`` is reduced (:func:`.engines.choose_engine`); a file the SQL engines
    do not reduce (a wide table, Excel) is read by pandas."""
    if not source.url and (source.format == "xlsx" or (
            source.layout != "long" and not source.is_dataset(base_dir))):
        return "pandas"
    try:
        return choose_engine(source, base_dir, engine)
    except SourceError:
        if engine or source.engine or source.url:
            raise
        return "pandas"  # a missing file: the pandas reader says so in its words


def _read(source: FeedbackSource, journey: Journey, base_dir: str | Path, kind: str,
          argument: str) -> FeedbackTable:
    """Read one source; with ``by segment:COL`` the column is carried if the table has it."""
    if kind != "segment" or argument in source.segment_columns:
        return read_source(source, journey, base_dir)
    path = source.resolve(base_dir)
    is_text, is_case = text_column_tests(source)
    raw = read_table(path, source.format, source.options,
                     lambda name: name == argument or is_text(name), is_case)
    if argument in raw.frame.columns:
        source = source.copy(segment_columns=[*source.segment_columns, argument])
    return read_source(source, journey, base_dir, raw=raw)


__all__ = ["Analysis", "Cancelled", "SourceError", "analyse", "parse_by"]
