"""Engines: where a feedback source's rows are reduced to per-touchpoint × group sums.

``pandas`` reads the table into memory (:mod:`..feedback`) and sums with numpy
(:func:`..metrics.group_sums`): the default for small files, and the only engine that keeps
every row for the app's lists. ``duckdb`` (embedded, out of core) and ``spark`` (a local or
remote cluster) run the SQL of :mod:`.sql`, as does a database source's own database
(SQLite, PostgreSQL, DuckDB files). Every engine returns the same sums
(:data:`..reduction.SUMS`) and rejected-row counts by reason; everything after — measures,
intervals, friction, rankings — is computed from the sums in one place
(:func:`..metrics.measures`), whatever engine ran.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey

from ..detect import complete_source
from ..feedback import (MISSING_TOUCHPOINT, NO_TOUCHPOINT, UNKNOWN_TOUCHPOINT, FeedbackTable,
                        _NOWHERE, _text, touchpoint_resolver)
from ..metrics import SUM_COLUMNS
from ..reading import SourceError
from . import sql
from ..events import EventSums
from .backends import Backend, dataset_files, hive_columns, open_backend
from .events_sql import ENGINES as EVENT_ENGINES
from .events_sql import reduce_events

ENGINES = ("pandas", "duckdb", "spark")
#: Files larger than this (in total) are reduced by DuckDB unless an engine is named: the
#: pandas path holds ~265 MiB per million rows in memory.
AUTO_BYTES = 512 << 20
#: Rows read for detection (columns, scales) when the table is not read whole.
SAMPLE_ROWS = 20_000
MISSING_GROUP = "(missing)"
#: Rejected rows listed per reason by an SQL engine (all are counted): enough to see what
#: is wrong, bounded so that a 100M-row source cannot fill memory.
REJECTED_LISTED = 1000


def choose_engine(source: FeedbackSource, base_dir: str | Path, engine: str = "") -> str:
    """The engine for ``source``: ``engine`` if named, else the source's saved one, else
    DuckDB for database sources, Parquet folders and globs and files over
    :data:`AUTO_BYTES`, else pandas. A database source runs on its own database."""
    if source.url:
        from .backends import url_engine

        return url_engine(source.url)
    chosen = engine or source.engine
    if chosen:
        if chosen not in ENGINES:
            raise SourceError(f"unknown engine {chosen!r} (one of {', '.join(ENGINES)})")
        return chosen
    files = dataset_files(source, base_dir)
    if len(files) > 1 or source.resolve(base_dir).is_dir():
        return "duckdb"
    return "duckdb" if sum(f.stat().st_size for f in files) > AUTO_BYTES else "pandas"


@dataclass
class ReducedTable(FeedbackTable):
    """A source reduced by an SQL engine: no rows, but the sums and the rejected counts.

    ``sums`` has a row per (``touchpoint`` code, ``group`` label) with the columns of
    :data:`..metrics.SUM_COLUMNS`.
    """

    sums: pd.DataFrame = field(default_factory=pd.DataFrame)
    counts: dict[str, int] = field(default_factory=dict)
    engine: str = ""

    @property
    def rejected_counts(self) -> dict[str, int]:
        return dict(sorted(self.counts.items(), key=lambda kv: -kv[1]))

    @property
    def kept_rows(self) -> int:
        return self.input_rows - sum(self.counts.values())


class Job:
    """A reduction in progress that another thread may cancel (:meth:`cancel`)."""

    def __init__(self) -> None:
        self.backend: Backend | None = None
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        if self.backend is not None:
            self.backend.interrupt()


def _columns(sample: pd.DataFrame, timestamp: str = "") -> sql.Columns:
    """What the SQL needs to know of the table, from a sample; a text ``timestamp`` column
    also gets the layouts, besides ISO 8601, its values are written in (as pandas reads
    them: :func:`..profile.timestamp_formats`)."""
    numeric = {str(c) for c in sample.columns
               if pd.api.types.is_numeric_dtype(sample[c])
               and not pd.api.types.is_bool_dtype(sample[c])}
    stamps = {str(c) for c in sample.columns
              if pd.api.types.is_datetime64_any_dtype(sample[c])}
    formats = {}
    if timestamp in sample.columns and timestamp not in stamps | numeric:
        from ..profile import timestamp_formats

        formats[timestamp] = timestamp_formats(sample[timestamp])
    return sql.Columns([str(c) for c in sample.columns], numeric, stamps, formats)


@dataclass
class ReducedEvents(FeedbackTable):
    """An event log reduced by an SQL engine: :class:`..events.EventSums`, no rows."""

    sums: EventSums | None = None
    counts: dict[str, int] = field(default_factory=dict)
    engine: str = ""

    rejected_counts = ReducedTable.rejected_counts
    kept_rows = ReducedTable.kept_rows


def reducible(source: FeedbackSource, engine: str, by_kind: str) -> bool:
    """Whether SQL on ``engine`` reduces ``source``: long feedback everywhere; long event
    logs without groups where the engine has exact quantiles. Other sources on a database or
    a dataset are read whole and go the pandas way (:func:`read_whole`)."""
    if source.layout != "long":
        return False
    if source.role == "feedback":
        return True
    if source.role != "events":  # complaint logs: counted from their rows, after the sums
        return False
    return not by_kind and engine in EVENT_ENGINES


def read_whole(source: FeedbackSource, journey: Journey, base_dir: str | Path, engine: str,
               spark_master: str = "", password: str | None = None) -> FeedbackTable:
    """A database or dataset source the SQL engines do not reduce (a wide table, an event
    log by group), read whole through its engine and then read as pandas reads a file."""
    from ..feedback import read_source
    from ..reading import RawTable

    backend = _open(source, base_dir, engine, spark_master, password)
    try:
        frame = backend.query(f"SELECT * FROM {backend.relation}")
    except Exception as exc:
        raise SourceError(f"{source.location}: {str(exc).strip().splitlines()[0]}") from None
    finally:
        backend.close()
    raw = RawTable(frame, Path(source.location), "parquet")
    return read_source(source, journey, base_dir, raw=raw)


def _open(source: FeedbackSource, base_dir: str | Path, engine: str, spark_master: str,
          password: str | None) -> Backend:
    try:
        return open_backend(source, base_dir, engine, spark_master, password)
    except SourceError:
        raise
    except Exception as exc:  # a driver's own error: say where
        raise SourceError(f"{source.location}: {str(exc).strip()}") from None


def reduce_feedback(source: FeedbackSource, journey: Journey, base_dir: str | Path,
                    engine: str, by_kind: str = "", argument: str = "",
                    spark_master: str = "", backend: Backend | None = None,
                    job: Job | None = None, password: str | None = None
                    ) -> ReducedTable | ReducedEvents:
    """Reduce a long feedback source or event log on ``engine`` (see :class:`ReducedTable`,
    :class:`ReducedEvents`).

    ``backend`` overrides where the table is read (tests hand a frame to DuckDB or Spark).
    Raises :class:`SourceError` when it cannot be read at all.
    """
    if not reducible(source, engine, by_kind):
        raise SourceError(f"{source.location}: the {engine} engine reduces long feedback "
                          "tables and event logs; read wide tables with pandas")
    owned = backend is None
    if backend is None:
        backend = _open(source, base_dir, engine, spark_master, password)
    if job is not None:
        job.backend = backend
    try:
        if source.role == "events":
            return _reduce_events(source, journey, backend)
        return _reduce(source, journey, backend, by_kind, argument, base_dir)
    except SourceError:
        raise
    except Exception as exc:
        if job is not None and job.cancelled:
            raise
        raise SourceError(f"{source.location}: {backend.engine}: "
                          f"{str(exc).strip().splitlines()[0]}") from None
    finally:
        if owned:
            backend.close()


def _reduce_events(source: FeedbackSource, journey: Journey, backend: Backend
                   ) -> ReducedEvents:
    sample = backend.sample(SAMPLE_ROWS)
    try:
        used, notes = complete_source(source, sample, journey)
    except KeyError as exc:
        raise SourceError(f"{source.location}: {exc.args[0]}") from None
    columns = _columns(sample, used.timestamp_column)
    sums, counts, total, keys = reduce_events(used, journey, backend, columns)
    notes.append(f"reduced by {backend.engine}")
    rejected = _listed(used, journey, backend, columns, counts, keys, events=True)
    return ReducedEvents(used, pd.DataFrame(), rejected, total,
                         [f"{used.id}: {note}" for note in notes], sums=sums, counts=counts,
                         engine=backend.engine)


def _no_rejected() -> pd.DataFrame:
    return pd.DataFrame({"source": pd.Series(dtype=object), "row": pd.Series(dtype="Int64"),
                         "line": pd.Series(dtype="Int64"), "reason": pd.Series(dtype=object),
                         "column": pd.Series(dtype=object), "value": pd.Series(dtype=object)})


def _reduce(source: FeedbackSource, journey: Journey, backend: Backend, by_kind: str,
            argument: str, base_dir: str | Path) -> ReducedTable:
    sample = backend.sample(SAMPLE_ROWS)
    notes: list[str] = []
    if not source.url and not source.segment_columns:
        try:
            partitions = hive_columns(dataset_files(source, base_dir))
        except SourceError:
            partitions = []
        partitions = [p for p in partitions if p in sample.columns]
        if partitions:
            source = source.copy(segment_columns=partitions)
            notes.append("folders name segments: " + ", ".join(partitions))
    try:
        used, found = complete_source(source, sample, journey)
    except KeyError as exc:
        raise SourceError(f"{source.location}: {exc.args[0]}") from None
    notes += found
    columns = _columns(sample, used.timestamp_column)
    if by_kind == "segment" and columns.has(argument) and argument not in used.segment_columns:
        used = used.copy(segment_columns=[*used.segment_columns, argument])
    query = sql.translate(sql.feedback_query(used, columns, by_kind, argument,
                                             histogram=sql.few_values(sample, used)),
                          backend.engine, backend.relation)
    found = backend.query(query)
    resolve = touchpoint_resolver(used, journey)
    codes = {tp: i for i, tp in enumerate(journey.touchpoint_ids())}
    keys = found["tpk"].astype(object)
    resolved = {k: resolve(k) for k in keys.dropna().unique()}
    code = np.array([-1 if k is None or k != k else codes.get(resolved[k], -1 if resolved[k]
                     != _NOWHERE else -2) for k in keys], dtype=np.int64)
    tp_reason = np.where(keys.isna().to_numpy(), MISSING_TOUCHPOINT,
                         np.where(code == -2, NO_TOUCHPOINT,
                                  np.where(code == -1, UNKNOWN_TOUCHPOINT, "")))
    reason = np.where(tp_reason != "", tp_reason, found["reason"].fillna("").astype(str))
    n = found["n"].to_numpy(dtype=np.int64)
    counts = Counter()
    for r, k in zip(reason, n):
        if r:
            counts[r] += int(k)
    kept = found[reason == ""].copy()
    kept["touchpoint"] = code[reason == ""]
    kept["group"] = [_group_label(g, by_kind, argument, columns) for g in kept["grp"]]
    for column in SUM_COLUMNS:
        kept[column] = pd.to_numeric(kept[column], errors="coerce").fillna(0.0).astype(float)
    sums = kept.groupby(["touchpoint", "group"], sort=False, dropna=False)[
        list(SUM_COLUMNS)].sum().reset_index()
    notes.append(f"reduced by {backend.engine}")
    rejected = _listed(used, journey, backend, columns, counts, list(resolved))
    return ReducedTable(used, pd.DataFrame(), rejected, int(n.sum()),
                        [f"{used.id}: {note}" for note in notes], sums=sums,
                        counts=dict(counts), engine=backend.engine)


def _listed(source: FeedbackSource, journey: Journey, backend: Backend, columns: sql.Columns,
            counts: dict[str, int], keys: list, events: bool = False) -> pd.DataFrame:
    """The first :data:`REJECTED_LISTED` rows rejected for each reason, with the columns of
    the pandas reader's list (source, row, line, reason, column, value, the row's columns).
    ``keys`` are the table's touchpoint values, as the reduction found them. An SQL table
    has no row numbers: ``row`` and ``line`` are empty. One query per reason, each stopping
    at its limit."""
    if not any(counts.values()):
        return _no_rejected()
    from .events_sql import _mapping, rejected_query

    mapping, _ = _mapping([k for k in keys if k is not None and k == k], source, journey)
    shown = list(columns.names)
    parts = []
    for reason, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        if not count:
            continue
        query = (rejected_query(source, mapping, columns, reason, REJECTED_LISTED) if events
                 else sql.feedback_query(source, columns,
                                         listing=(mapping, reason, REJECTED_LISTED)))
        found = backend.query(sql.translate(query, backend.engine, backend.relation))
        part = pd.DataFrame({"source": source.id,
                             "row": pd.array([pd.NA] * len(found), "Int64"),
                             "line": pd.array([pd.NA] * len(found), "Int64"),
                             "reason": found["jm_reason"].astype(object),
                             "column": found["jm_column"].astype(object),
                             "value": found["jm_value"].astype(object)})
        for i, name in enumerate(shown):
            if name not in part:
                part[name] = found[f"jm_c{i}"].astype(object).to_numpy()
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else _no_rejected()


def _group_label(value: object, by_kind: str, argument: str, columns: sql.Columns) -> str:
    if not by_kind or by_kind == "stage":
        return ""
    if value is None or value != value:
        return MISSING_GROUP
    if by_kind == "segment" and argument in columns.numeric:
        try:
            return _text(float(value))
        except ValueError:
            pass
    return _text(value)


__all__ = ["AUTO_BYTES", "ENGINES", "REJECTED_LISTED", "Job", "ReducedEvents", "ReducedTable",
           "choose_engine",
           "read_whole", "reduce_feedback", "reducible"]
