"""An event log reduced case by case in bounded memory: DuckDB sorts, numpy walks the cases.

A window over cases (``LAG() OVER (PARTITION BY case ORDER BY time)``) holds every case's
events at once; at 50M events that is more than 4 GB. Here DuckDB only *sorts* the events by
case, time and touchpoint — its sort spills to the temporary folder, so its memory stays
under its ``memory_limit`` — and streams them in batches. Python cuts the stream into pieces
of whole cases (:data:`PIECE` events) and runs on each piece the very numpy code the pandas
path runs on the whole log (:func:`..conformance.conform`, the variant hashes of
:mod:`..paths`); every per-case result is a sum over cases, so pieces add up.

What does not add up — exact quantiles (delays per transition, case durations per variant)
and the variants themselves (cases grouped by their path) — goes to a scratch DuckDB file, a
row per move or per case, and is finished there: variants by a GROUP BY, quantiles by
reading the values sorted and picking, per group, the two values numpy interpolates between
(:func:`_pick_quantiles`), so the numbers are numpy's to the last bit. Memory: DuckDB's limit
plus one piece plus the small tables (per transition, touchpoint, variant shown).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey

from ..caselog import CaseLog
from ..conformance import STATES, Conformance, conform, transition_frame
from ..events import EventSums
from ..feedback import UNKNOWN_TOUCHPOINT
from ..paths import OTHER, _hashes, case_durations
from . import sql
from .events_sql import _mapping, judged_ctes

#: Events per piece handed to numpy (whole cases; a longer case makes its piece longer).
PIECE = 2_000_000
#: Rows per batch read from DuckDB's sorted stream.
BATCH = 500_000
QUANTILES = (0.5, 0.9)


@dataclass
class LogSummary:
    """What the printers ask of a :class:`..caselog.CaseLog` that was never held whole."""

    activities: list[str]
    mapped: int
    events: int
    cases: int
    group_names: list[str] = field(default_factory=list)


class StreamedConformance(Conformance):
    """A :class:`..conformance.Conformance` summed over pieces: the same tables, without
    per-case arrays (overall fitness is kept as a sum and a count)."""

    fitness_sum: float = 0.0
    unmapped_table: pd.DataFrame | None = None

    @property
    def cases(self) -> int:
        return self.log.cases

    def overall_fitness(self, group: str | None = None) -> float:
        if group is not None:
            raise ValueError("a log reduced by an SQL engine is not split by group")
        return self.fitness_sum / self.log.cases if self.log.cases else float("nan")

    def unmapped(self) -> pd.DataFrame:
        return self.unmapped_table


@dataclass
class CaseReduction:
    """Everything one pass over an event log gives: the event sums (volumes, delays, reach,
    drop-off), the variants and the conformance (None when not asked for), the rejected rows
    by reason, the input rows and the log's distinct touchpoint values (to list rejected
    rows without asking for them again)."""

    sums: EventSums
    counts: dict[str, int]
    input_rows: int
    variants: pd.DataFrame | None = None
    conformance: StreamedConformance | None = None
    keys: list = field(default_factory=list)


def _stream_sql(source: FeedbackSource, mapping: str, columns: sql.Columns,
                where: str = "") -> str:
    """Kept events and unmapped steps (value no touchpoint, time readable) as (cid, step,
    us), sorted by case, time and step."""
    return judged_ctes(source, mapping, columns) + f"""
    SELECT cid, COALESCE(code, extra) AS step, JM_MICROS(t) AS us FROM judged
    WHERE (reason = '' OR (reason = {sql.literal(UNKNOWN_TOUCHPOINT)} AND t IS NOT NULL))
          {where}
    ORDER BY cid, us, step"""


def _rejected_sql(source: FeedbackSource, mapping: str, columns: sql.Columns) -> str:
    return judged_ctes(source, mapping, columns) + \
        " SELECT reason, COUNT(*) AS n FROM judged GROUP BY reason"


class _Scratch:
    """A DuckDB file in the temporary folder for the rows that must be finished whole."""

    def __init__(self, con) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="journeymap-stream-",
                                            dir=_temp_root()))
        self.con = con
        con.execute(f"ATTACH '{self.folder / 'scratch.duckdb'}' AS jm_scratch")
        self.writer = con.cursor()
        self.writer.execute("CREATE TABLE jm_scratch.moves (pair BIGINT, ns BIGINT)")
        self.writer.execute("CREATE TABLE jm_scratch.steps (pair BIGINT, ns BIGINT)")
        self.writer.execute("CREATE TABLE jm_scratch.cases (h1 UBIGINT, h2 UBIGINT, "
                            "len BIGINT, start BIGINT, dur DOUBLE, idx BIGINT, cid VARCHAR)")

    def append(self, table: str, frame: pd.DataFrame) -> None:
        self.writer.register("jm_piece", frame)
        self.writer.execute(f"INSERT INTO jm_scratch.{table} SELECT * FROM jm_piece")
        self.writer.unregister("jm_piece")

    def close(self) -> None:
        try:
            self.writer.close()
            self.con.execute("DETACH jm_scratch")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _temp_root() -> str:
    root = Path(tempfile.gettempdir()) / "journeymap-duckdb"
    root.mkdir(parents=True, exist_ok=True)
    return str(root)


def _distinct_count(keys: np.ndarray, size: int, modulo: int) -> np.ndarray:
    """How many distinct keys fall on each ``key % modulo`` (a sort: numpy's hashing
    ``unique`` is several times slower on millions of keys)."""
    if not len(keys):
        return np.zeros(size, dtype=np.int64)
    ordered = np.sort(keys)
    fresh = np.r_[True, ordered[1:] != ordered[:-1]]
    return np.bincount(ordered[fresh] % modulo, minlength=size)[:size]


def _tally(keys: np.ndarray, domain: int) -> dict[int, int]:
    """key -> occurrences."""
    if domain <= 20_000_000:
        counts = np.bincount(keys, minlength=domain)
        found = np.flatnonzero(counts)
        return dict(zip(found.tolist(), counts[found].tolist()))
    ordered = np.sort(keys)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return dict(zip(ordered[starts].tolist(), np.diff(np.r_[starts, len(ordered)]).tolist()))


class _Sums:
    """Per-piece results added up."""

    def __init__(self, count: int, stages: int, activities: int) -> None:
        self.count, self.stages, self.activities = count, stages, activities
        self.volume: Counter = Counter()
        self.reached = np.zeros(count, np.int64)
        self.started = np.zeros(count, np.int64)
        self.ended = np.zeros(count, np.int64)
        self.events = np.zeros(count, np.int64)
        self.stage_reached = np.zeros(stages, np.int64)
        self.stage_ended = np.zeros(stages, np.int64)
        self.cases = 0
        self.states = {state: np.zeros(count, np.int64) for state in STATES}
        self.walked: dict[tuple[str, str], list[int]] = {}
        self.fitness = 0.0
        self.all_cases = 0
        self.all_events = 0
        self.unmapped_events = np.zeros(max(activities - count, 0), np.int64)
        self.unmapped_cases = np.zeros(max(activities - count, 0), np.int64)


def _events_piece(sums: _Sums, c: np.ndarray, t: np.ndarray, s: np.ndarray,
                  stage_of: np.ndarray, scratch: _Scratch) -> None:
    """:func:`..events.analyse_events` on one piece (mapped steps only), its delays kept."""
    n = len(c)
    if not n:
        return
    count = sums.count
    same = c[1:] == c[:-1]
    first = np.r_[True, ~same]
    last = np.r_[~same, True]
    pair = t[:-1][same] * count + t[1:][same]
    if len(pair):
        sums.volume.update(_tally(pair, count * count))
        scratch.append("moves", pd.DataFrame({"pair": pair, "ns": (s[1:] - s[:-1])[same]}))
    sums.reached += _distinct_count(c * count + t, count, count)
    stage = stage_of[t]
    stages = max(sums.stages, 1)
    sums.stage_reached += _distinct_count(c * stages + stage, sums.stages, stages)
    sums.started += np.bincount(t[first], minlength=count)
    sums.ended += np.bincount(t[last], minlength=count)
    sums.events += np.bincount(t, minlength=count)
    sums.stage_ended += np.bincount(stage[last], minlength=sums.stages)
    sums.cases += int(first.sum())


def _paths_piece(sums: _Sums, log: CaseLog, journey: Journey, offset: int, cids,
                 scratch: _Scratch) -> None:
    """Variant hashes per case and conformance of one piece of whole cases."""
    if not log.cases:
        return
    h1, h2 = _hashes(log)
    starts = log.starts
    scratch.append("cases", pd.DataFrame({
        "h1": h1, "h2": h2, "len": log.lengths(), "start": log.time[starts],
        "dur": case_durations(log), "idx": np.arange(offset, offset + log.cases),
        "cid": cids}))
    found = conform(log, journey)
    for state in STATES:
        sums.states[state] += found.counts[state][0]
    for a, b, v, k in zip(found.transitions["source"], found.transitions["target"],
                          found.transitions["volume"], found.transitions["cases"]):
        slot = sums.walked.setdefault((a, b), [0, 0])
        slot[0] += int(v)
        slot[1] += int(k)
    sums.fitness += float(found.fitness.sum())
    sums.all_cases += log.cases
    sums.all_events += log.events
    c, t = log.case, log.step
    if sums.activities > sums.count:
        size = sums.activities
        same = c[1:] == c[:-1]
        pair = t[:-1][same] * size + t[1:][same]
        scratch.append("steps", pd.DataFrame({"pair": pair,
                                              "ns": (log.time[1:] - log.time[:-1])[same]}))
        extra = t >= sums.count
        if extra.any():
            width = len(sums.unmapped_events)
            sums.unmapped_events += np.bincount(t[extra] - sums.count, minlength=width)
            sums.unmapped_cases += _distinct_count(
                c[extra] * width + (t[extra] - sums.count), width, width)


def _pick_quantiles(con, sql_text: str, keys: np.ndarray, counts: np.ndarray,
                    quantiles: tuple[float, ...], scale: float) -> list[np.ndarray]:
    """Exact quantiles per key of the values that ``sql_text`` returns sorted by (key,
    value): per key, the two values numpy's linear interpolation needs are picked from the
    stream (``counts`` in key order), then interpolated as :func:`..events._group_quantiles`
    does. Memory: a batch and the picked values."""
    if not len(keys):
        return [np.zeros(0) for _ in quantiles]
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    wanted = []
    for q in quantiles:
        pos = starts + q * (counts - 1)
        below = np.floor(pos).astype(np.int64)
        above = np.minimum(below + 1, starts + counts - 1)
        wanted.append((pos, below, above))
    need = np.unique(np.concatenate([np.r_[b, a] for _, b, a in wanted]))
    picked = np.empty(len(need), dtype=float)
    offset = 0
    for batch in con.sql(sql_text).to_arrow_reader(BATCH):
        values = batch.column(1).to_numpy(zero_copy_only=False)
        lo, hi = np.searchsorted(need, [offset, offset + len(values)])
        picked[lo:hi] = values[need[lo:hi] - offset] / scale
        offset += len(values)
    out = []
    for pos, below, above in wanted:
        v_below = picked[np.searchsorted(need, below)]
        v_above = picked[np.searchsorted(need, above)]
        frac = pos - below
        out.append(v_below * (1 - frac) + v_above * frac)
    return out


def _pair_quantiles(con, table: str, volume: dict[int, int]
                    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    keys = np.array(sorted(volume), dtype=np.int64)
    counts = np.array([volume[k] for k in keys.tolist()], dtype=np.int64)
    found = _pick_quantiles(con, f"SELECT pair, ns FROM jm_scratch.{table} ORDER BY pair, ns",
                            keys, counts, QUANTILES, 1e9)
    return keys, counts, found


def _variants(con, log: LogSummary, top: int | None, stream) -> pd.DataFrame:
    """:func:`..paths.variants` from the scratch table of cases: grouped by both hashes,
    ranked by cases, then earliest start, then first case (in case-id order)."""
    con.execute("""CREATE TABLE jm_scratch.variants AS
        SELECT h1, h2, n, earliest, first.i AS first_idx, first.c AS cid, len,
               ROW_NUMBER() OVER (ORDER BY n DESC, earliest, first.i) - 1 AS rank
        FROM (SELECT h1, h2, COUNT(*) AS n, MIN(start) AS earliest, MIN(len) AS len,
                     MIN(struct_pack(s := start, i := idx, c := cid)) AS first
              FROM jm_scratch.cases GROUP BY h1, h2)""")
    count = con.execute("SELECT COUNT(*) FROM jm_scratch.variants").fetchone()[0]
    shown = count if top is None else min(top, count)
    folded = con.execute(f"""SELECT LEAST(rank, {shown}) AS k, SUM(n) AS n
        FROM jm_scratch.variants GROUP BY k ORDER BY k""").df()
    keys = folded["k"].to_numpy(dtype=np.int64)
    cases = folded["n"].to_numpy(dtype=np.int64)
    (median,) = _pick_quantiles(con, f"""SELECT LEAST(v.rank, {shown}) AS k, c.dur
        FROM jm_scratch.cases c JOIN jm_scratch.variants v ON c.h1 = v.h1 AND c.h2 = v.h2
        ORDER BY k, c.dur""", keys, cases, (0.5,), 1.0)
    reps = con.execute(f"SELECT rank, cid, len FROM jm_scratch.variants WHERE rank < {shown}"
                       " ORDER BY rank").df()
    paths: dict[str, list[int]] = {cid: [] for cid in reps["cid"]}
    if len(paths):
        listed = ", ".join(sql.literal(c) for c in paths)
        for cid, step, _ in con.execute(stream(f"AND cid IN ({listed})")).fetchall():
            paths[cid].append(int(step))
    names = np.asarray(log.activities, dtype=object)
    rep_paths = [tuple(names[paths[c]]) for c in reps["cid"]]
    total = max(log.cases, 1)
    share = cases / total
    table = pd.DataFrame({
        "variant": [int(k) + 1 if k < shown else 0 for k in keys],
        "path": [rep_paths[k] if k < shown else (OTHER,) for k in keys],
        "steps": np.array([int(reps["len"].iloc[k]) if k < shown else 0 for k in keys],
                          dtype=np.int64),
        "cases": cases, "share": share, "coverage": np.cumsum(share),
        "median_seconds": median})
    table.attrs["variants"] = int(count)
    return table


def _conformance(con, sums: _Sums, journey: Journey, log: LogSummary) -> StreamedConformance:
    """The conformance tables from the summed pieces, as :func:`..conformance._transitions`
    lays them out; delays from the moves of every step (unmapped ones too)."""
    names = log.activities
    size = max(len(names), 1)
    index = {name: i for i, name in enumerate(names)}
    walked = {index[a] * size + index[b]: vc for (a, b), vc in sums.walked.items() if vc[0]}
    table = "steps" if len(names) > sums.count else "moves"
    volume = {k: vc[0] for k, vc in walked.items()}
    keys, counts, (median, p90) = _pair_quantiles(con, table, volume)
    never = sorted(index[tr.source] * size + index[tr.target] for tr in journey.transitions()
                   if index[tr.source] * size + index[tr.target] not in walked)
    cases = np.array([walked[k][1] for k in keys.tolist()] + [0] * len(never), dtype=np.int64)
    frame, _ = transition_frame(journey, names, log.mapped, keys,
                                np.asarray(never, dtype=np.int64), counts, cases, median, p90)
    extra = names[sums.count:]
    unmapped = pd.DataFrame({"value": pd.Series(extra, dtype="str"),
                             "events": sums.unmapped_events, "cases": sums.unmapped_cases})
    if not (unmapped["events"] > 0).any():  # as conformance.unmapped() gives it
        unmapped = unmapped.astype({"value": object})
    unmapped = unmapped[unmapped["events"] > 0].sort_values(
        ["events", "value"], ascending=[False, True], ignore_index=True)
    result = StreamedConformance(
        journey, log, {s: sums.states[s][None, :] for s in STATES},
        np.array([log.cases], dtype=np.int64), frame,
        frame["volume"].to_numpy()[None, :], frame["cases"].to_numpy()[None, :],
        np.zeros(0))
    result.fitness_sum = sums.fitness
    result.unmapped_table = unmapped
    return result


def reduce_case_log(source: FeedbackSource, journey: Journey, backend, columns: sql.Columns,
                    paths: bool = True, top: int | None = None, progress=None
                    ) -> CaseReduction:
    """One pass over the event log ``source`` on a DuckDB ``backend`` (see the module):
    the event sums, and with ``paths`` the variants (``top`` of them and the rest as one
    row) and the conformance. ``progress(fraction, message)`` is told how far it is."""
    con = backend.con
    keys = backend.query(sql.translate(sql.distinct_query(source.touchpoint_column),
                                       "duckdb", backend.relation))["k"]
    mapping, unknown = _mapping([k for k in keys if k is not None and k == k], source,
                                journey)
    ids = journey.touchpoint_ids()
    count = len(ids)
    activities = ids + unknown
    stage_ids = [s.id for s in journey.stages]
    stage_of = np.array([stage_ids.index(journey.touchpoint(t).stage) for t in ids] or [0],
                        dtype=np.int64)
    found = backend.query(sql.translate(_rejected_sql(source, mapping, columns), "duckdb",
                                        backend.relation))
    counts = {str(r): int(n) for r, n in zip(found["reason"], found["n"]) if r}
    total = int(found["n"].sum()) if len(found) else 0

    def stream(where: str = "") -> str:
        return sql.translate(_stream_sql(source, mapping, columns, where), "duckdb",
                             backend.relation)

    sums = _Sums(count, len(stage_ids), len(activities))
    scratch = _Scratch(con)
    try:
        offset = 0
        buffer: list[tuple[np.ndarray, np.ndarray, np.ndarray, list]] = []
        held = 0
        last_cid = None
        next_case = 0
        kept = total - sum(counts.values()) + counts.get(UNKNOWN_TOUCHPOINT, 0)

        def run(case: np.ndarray, step: np.ndarray, time: np.ndarray, cids: list) -> None:
            nonlocal offset
            c = case - case[0]
            mapped = step < count
            _events_piece(sums, c[mapped], step[mapped], time[mapped], stage_of, scratch)
            if paths:
                ncases = int(c[-1]) + 1
                log = CaseLog(activities, count, c, step, time, np.empty(ncases, object), [],
                              np.full(ncases, -1, dtype=np.int64))
                _paths_piece(sums, log, journey, offset, cids, scratch)
            offset += int(c[-1]) + 1

        import pyarrow.compute as pc

        seen = 0
        for batch in con.sql(stream()).to_arrow_reader(BATCH):
            if not batch.num_rows:
                continue
            cid = batch.column(0)
            fresh = np.ones(batch.num_rows, dtype=bool)
            if batch.num_rows > 1:
                fresh[1:] = pc.not_equal(cid.slice(1), cid.slice(0, batch.num_rows - 1)) \
                    .to_numpy(zero_copy_only=False)
            fresh[0] = cid[0].as_py() != last_cid
            last_cid = cid[-1].as_py()
            case = next_case - 1 + np.cumsum(fresh)
            next_case = int(case[-1]) + 1
            firsts = np.flatnonzero(fresh)
            names = cid.take(firsts).to_pylist() if paths else []
            step = batch.column(1).to_numpy(zero_copy_only=False).astype(np.int64)
            time = batch.column(2).to_numpy(zero_copy_only=False).astype(np.int64) * 1000
            buffer.append((case, step, time, names))
            held += len(case)
            seen += len(case)
            if held >= PIECE:
                case = np.concatenate([b[0] for b in buffer])
                step = np.concatenate([b[1] for b in buffer])
                time = np.concatenate([b[2] for b in buffer])
                cids = [n for b in buffer for n in b[3]]
                cut = int(np.searchsorted(case, case[-1]))  # the last case may go on
                if cut:
                    done = int(case[cut - 1]) - int(case[0]) + 1
                    run(case[:cut], step[:cut], time[:cut], cids[:done])
                    buffer = [(case[cut:], step[cut:], time[cut:], cids[done:])]
                    held = len(case) - cut
                if progress is not None:
                    progress(0.8 * seen / max(kept, 1), f"{seen:,} events walked")
        if held:
            run(np.concatenate([b[0] for b in buffer]), np.concatenate([b[1] for b in buffer]),
                np.concatenate([b[2] for b in buffer]), [n for b in buffer for n in b[3]])
        if progress is not None:
            progress(0.85, "delays per transition")
        keys_, volume, (median, p90) = _pair_quantiles(con, "moves", dict(sums.volume))
        event_sums = EventSums(keys_ // max(count, 1), keys_ % max(count, 1), volume, median,
                               p90, sums.reached, sums.started, sums.ended, sums.events,
                               sums.stage_reached, sums.stage_ended, sums.cases)
        out = CaseReduction(event_sums, counts, total, keys=list(keys))
        if paths:
            log = LogSummary(activities, count, sums.all_events, sums.all_cases)
            if progress is not None:
                progress(0.9, "variants")
            out.variants = _variants(con, log, top, stream)
            out.conformance = _conformance(con, sums, journey, log)
        return out
    finally:
        scratch.close()


def streamed_paths(journey: Journey, sources, base_dir, top: int | None, engine: str = "",
                   progress=None, cancelled=None):
    """``(variants, conformance)`` of the journey's one event log when it is reduced on
    DuckDB (:func:`..analysis._engine`: named, saved, or a big file or a Parquet folder);
    None when pandas reads it (the caller then builds a :class:`..caselog.CaseLog`)."""
    from ..analysis import Cancelled, _engine
    from . import SAMPLE_ROWS, Job, _columns, _open
    from ..detect import complete_source
    from ..reading import SourceError

    chosen = [s for s in (journey.sources if sources is None else sources)
              if s.role == "events" and s.options.get("enabled") is not False]
    if len(chosen) != 1 or chosen[0].layout != "long":
        return None
    source = chosen[0]
    if _engine(source, base_dir, engine) != "duckdb" or (source.url and not
                                                          source.url.startswith("duckdb")):
        return None
    backend = _open(source, base_dir, "duckdb", "", None)
    job = Job()
    job.backend = backend

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            job.cancel()
            raise Cancelled(message)
        if progress is not None:
            progress(fraction, message)

    try:
        sample = backend.sample(SAMPLE_ROWS)
        try:
            used, _ = complete_source(source, sample, journey)
        except KeyError as exc:
            raise SourceError(f"{source.location}: {exc.args[0]}") from None
        step(0.0, f"walking {source.location} case by case with duckdb")
        found = reduce_case_log(used, journey, backend,
                                _columns(sample, used.timestamp_column), True, top, step)
        step(1.0, "done")
        return found.variants, found.conformance
    finally:
        backend.close()


__all__ = ["CaseReduction", "LogSummary", "PIECE", "StreamedConformance", "reduce_case_log",
           "streamed_paths"]
