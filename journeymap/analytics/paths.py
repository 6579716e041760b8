"""Variants: the distinct paths cases take through the journey.

A variant is one exact sequence of steps (touchpoints, and unmapped values of the log); its
``cases`` are the cases that took exactly that sequence, ``share`` their part of all cases,
``coverage`` the running total of shares from the most common variant down, and
``median_seconds`` the median time from a case's first step to its last.

Sequences are grouped without building them: each case's steps are folded into two
independent 64-bit polynomial hashes (numpy, wrapping arithmetic) together with the length;
cases are grouped by the first hash and the second one checks every group, so two different
paths could only merge if both 64-bit hashes collided at once (and a failed check falls back
to grouping by both).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .caselog import CaseLog
from .events import _group_quantiles

OTHER = "(other)"
_BASES = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def _hashes(log: CaseLog) -> tuple[np.ndarray, np.ndarray]:
    starts = log.starts
    lengths = np.diff(np.r_[starts, log.events])
    position = np.arange(log.events) - np.repeat(starts, lengths)
    longest = int(lengths.max()) if len(lengths) else 0
    values = (log.step + 1).astype(np.uint64)
    out = []
    with np.errstate(over="ignore"):
        for base in _BASES:
            powers = np.cumprod(np.full(longest + 1, base, dtype=np.uint64), dtype=np.uint64)
            folded = np.add.reduceat(values * powers[position], starts) if len(starts) else \
                np.zeros(0, dtype=np.uint64)
            out.append(folded ^ (lengths.astype(np.uint64) * powers[0]))
    return out[0], out[1]


def variant_codes(log: CaseLog) -> tuple[np.ndarray, np.ndarray]:
    """Per case its variant number (0 = most common; equally common variants by the time
    their first case started), and per variant a representative case (that first case)."""
    if not log.cases:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    h1, h2 = _hashes(log)
    _, codes = np.unique(h1, return_inverse=True)  # a sort: faster than hashing 1M keys
    first_case = np.full(codes.max() + 1, -1, dtype=np.int64)
    first_case[codes[::-1]] = np.arange(len(codes))[::-1]
    if np.any(h2 != h2[first_case[codes]]):  # a collision of the first hash: be exact
        codes = pd.DataFrame({"a": h1, "b": h2}).groupby(["a", "b"], sort=False).ngroup() \
            .to_numpy()
        first_case = np.full(codes.max() + 1, -1, dtype=np.int64)
        first_case[codes[::-1]] = np.arange(len(codes))[::-1]
    counts = np.bincount(codes)
    started = log.time[log.starts]
    earliest = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, codes, started)
    first_case = np.full(len(counts), log.cases, dtype=np.int64)
    chosen = started == earliest[codes]
    np.minimum.at(first_case, codes[chosen], np.flatnonzero(chosen))
    rank = np.lexsort((first_case, earliest, -counts))  # most cases, then started first
    renumber = np.empty_like(rank)
    renumber[rank] = np.arange(len(rank))
    return renumber[codes], first_case[rank]


def case_durations(log: CaseLog) -> np.ndarray:
    """Seconds from each case's first step to its last."""
    if not log.cases:
        return np.zeros(0)
    starts = log.starts
    ends = np.r_[starts[1:], log.events] - 1
    return (log.time[ends] - log.time[starts]) / 1e9


def variants(log: CaseLog, top: int | None = None, codes: np.ndarray | None = None,
             representatives: np.ndarray | None = None) -> pd.DataFrame:
    """One row per variant, most cases first: ``variant`` (1 = most common), ``path`` (a
    tuple of activity names), ``steps``, ``cases``, ``share``, ``coverage`` and
    ``median_seconds``. With ``top``, the variants after the first ``top`` are one row,
    ``(other)``, with their total cases and the median duration of those cases."""
    if codes is None or representatives is None:
        codes, representatives = variant_codes(log)
    durations = case_durations(log)
    total = max(log.cases, 1)
    count = len(representatives)
    shown = count if top is None else min(top, count)
    folded = np.minimum(codes, shown)  # every variant from ``shown`` on becomes one bucket
    keys, cases, (median,) = _group_quantiles(folded, durations, (0.5,)) if len(codes) else (
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [np.zeros(0)])
    starts = log.starts
    lengths = log.lengths()
    names = np.asarray(log.activities, dtype=object)
    paths = []
    steps = []
    for key in keys:
        if key < shown:
            rep = representatives[key]
            paths.append(tuple(names[log.step[starts[rep]:starts[rep] + lengths[rep]]]))
            steps.append(int(lengths[rep]))
        else:
            paths.append((OTHER,))
            steps.append(0)
    share = cases / total
    table = pd.DataFrame({
        "variant": [int(k) + 1 if k < shown else 0 for k in keys], "path": paths,
        "steps": np.asarray(steps, dtype=np.int64), "cases": cases.astype(np.int64),
        "share": share, "coverage": np.cumsum(share), "median_seconds": median})
    table.attrs["variants"] = count
    return table


def stepper(progress=None, cancelled=None):
    """``step(fraction, message)`` for a worker's long job: reports ``progress`` and raises
    :class:`~.analysis.Cancelled` once ``cancelled()`` turns True."""
    from .analysis import Cancelled

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(message)
        if progress is not None:
            progress(fraction, message)

    return step


def analyse_paths(journey, sources=None, base_dir=".", top: int = 50, progress=None,
                  cancelled=None, engine: str = "", by: str = "", read=None):
    """Read the journey's event log and compute its variants (``top`` of them and the rest
    as one row) and its conformance, reporting ``progress(fraction, message)`` and stopping
    with :class:`~.analysis.Cancelled` when ``cancelled()`` turns True (the app's worker).
    Returns ``(variants table, Conformance)``; the table's ``attrs["split_columns"]`` are the
    log's columns that can split it into segments (:func:`~.caselog.split_columns`) and
    ``attrs["engine"]`` what walked the log. An event log on DuckDB (named by ``engine``,
    saved, or chosen by size) is walked case by case in bounded memory
    (:mod:`.engines.streamed`); it is not split (no split columns).

    With ``by`` (``segment:COL`` or ``period:W|M|Q``) pandas reads the log with every case in
    its group, for :func:`~.deltas.compare_paths`; a split into more groups than can be
    compared raises :class:`~.deltas.TooManyGroups`. ``read(tables)`` hears of the tables
    pandas read (their kept and rejected rows) before the log is checked."""
    from .caselog import read_case_log, split_columns
    from .conformance import conform
    from .deltas import TooManyGroups, too_many_groups
    from .engines.streamed import streamed_paths

    found = None if by else streamed_paths(journey, sources, base_dir, top, engine, progress,
                                           cancelled)
    if found is not None:
        found[0].attrs.update(split_columns=[], engine="duckdb")
        return found

    step = stepper(progress, cancelled)
    step(0.0, "reading the event log")
    log, tables = read_case_log(journey, sources, base_dir, by or None)
    if read is not None:
        read(tables)
    problem = too_many_groups(by, len(log.group_names)) if by else ""
    if problem:
        raise TooManyGroups(problem)
    step(0.5, f"grouping {log.cases:,} cases into paths")
    table = variants(log, top=top)
    table.attrs.update(split_columns=split_columns(tables), engine="pandas")
    step(0.7, "checking the cases against the map")
    result = conform(log, journey)
    step(1.0, "done")
    return table, result
