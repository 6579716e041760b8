"""Journey analytics from an event log of (case, touchpoint, timestamp).

Events are sorted once by case and time (numpy ``lexsort`` on integer codes); consecutive
events of a case are its steps. From that single order come the transition volumes, the
delays between steps (median and 90th percentile, exact, per transition), how many cases
reach each touchpoint and stage, and where each case's journey ends (its drop-off point).
Everything is vectorised: five million events take a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from journeymap.model import Journey


@dataclass
class EventResult:
    """What an event log says about the journey."""

    touchpoints: pd.DataFrame   # index touchpoint id: reached, started, ended, drop_off, events
    stages: pd.DataFrame        # index stage id: reached, ended, drop_off
    transitions: pd.DataFrame   # source, target, volume, median_seconds, p90_seconds, in_map
    cases: int


TRANSITION_COLUMNS = ("source", "target", "volume", "share", "median_seconds", "p90_seconds",
                      "in_map", "kind")


def _group_quantiles(keys: np.ndarray, values: np.ndarray, quantiles: tuple[float, ...]
                     ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Unique keys, their counts, and linear-interpolated quantiles of ``values`` (≥ 0).

    One float sort of ``key × span + value`` orders by key, then value (several times faster
    than a two-key lexsort); where that composite would lose more than a millisecond of
    precision the exact lexsort is used.
    """
    span = float(values.max()) + 1.0 if len(values) else 1.0
    if (float(keys.max()) + 1) * span < 2.0 ** 52 / 1000:
        order = np.argsort(keys * span + values)
    else:
        order = np.lexsort((values, keys))
    k = keys[order]
    v = values[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    counts = np.diff(np.r_[starts, len(k)])
    result = []
    for q in quantiles:
        pos = starts + q * (counts - 1)
        below = np.floor(pos).astype(np.int64)
        above = np.minimum(below + 1, starts + counts - 1)
        frac = pos - below
        result.append(v[below] * (1 - frac) + v[above] * frac)
    return k[starts], counts, result


def _case_time_order(cases: np.ndarray, times: np.ndarray) -> np.ndarray:
    """The order of events by case, then time, then file order.

    One integer sort of ``case × span + time`` in the finest unit (ns … s) that keeps the
    composite inside 62 bits; a two-key lexsort only if even seconds would not fit.
    """
    if not len(cases):
        return np.zeros(0, dtype=np.int64)
    start = int(times.min())
    offset = times - start
    span_ns = int(offset.max()) + 1
    ncases = int(cases.max()) + 1
    for unit in (1, 1_000, 1_000_000, 1_000_000_000):
        span = span_ns // unit + 1
        if ncases * span < 2 ** 62:
            if unit > 1 and np.any(offset % unit):
                continue  # this unit would merge distinct times
            return _stable_argsort(cases * span + offset // unit)
    return np.lexsort((times, cases))


def _stable_argsort(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")``, computed as numpy's default (unstable, SIMD)
    sort followed by putting each run of equal keys back in file order: equal keys (a
    case's events in the same second) are few, and 5M int64 keys sort ~3x faster so."""
    order = np.argsort(keys)
    ordered = keys[order]
    tie = ordered[1:] == ordered[:-1]
    if tie.any():
        at = np.flatnonzero(np.r_[tie, False] | np.r_[False, tie])  # positions in tied runs
        starts = np.ones(len(at), dtype=bool)  # where a new run of equal keys begins
        inside = at > 0
        starts[inside] = ~tie[at[inside] - 1]
        run = np.cumsum(starts)
        n = np.int64(len(order))
        # runs are contiguous and numbered upwards, so sorting (run, index) pairs puts each
        # run's indices in ascending order at the run's own positions
        order[at] = np.sort(run * n + order[at]) % n
    return order


def _case_codes(case: pd.Series) -> np.ndarray:
    """A number per case (the same number for the same case id). Only which events share a
    case matters, not the numbers: ids of at most 8 bytes (numbers, short codes) are packed
    into one integer each and numbered by a sort, ~3x faster than hashing a million distinct
    strings; other ids are hashed."""
    if isinstance(case.dtype, pd.CategoricalDtype):
        return case.cat.codes.to_numpy().astype(np.int64)
    packed = _packed_ids(case)
    if packed is not None:
        return np.unique(packed, return_inverse=True)[1].astype(np.int64).reshape(-1)
    return pd.factorize(case)[0].astype(np.int64)


def _packed_ids(case: pd.Series) -> np.ndarray | None:
    """Each text id's UTF-8 bytes as one big-endian uint64, when every id is at most 8 bytes
    without a NUL byte (so that zero padding cannot make two ids equal); else None."""
    import pyarrow as pa

    if not (isinstance(case.dtype, pd.StringDtype) and case.dtype.storage == "pyarrow"
            and len(case)):
        return None
    array = case.array.__arrow_array__()  # Arrow-backed text: its own buffers, no copy
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    if array.null_count:
        return None
    if pa.types.is_large_string(array.type):
        width = np.int64
    elif pa.types.is_string(array.type):
        width = np.int32
    else:
        return None
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, width)[array.offset:array.offset + len(array) + 1]
    lengths = np.diff(offsets)
    longest = int(lengths.max())
    if longest > 8 or data_buffer is None and longest:
        return None
    data = np.frombuffer(data_buffer, np.uint8) if longest else np.zeros(1, np.uint8)
    if longest and not data[offsets[0]:offsets[-1]].all():
        return None  # a NUL byte inside an id
    packed = np.zeros(len(array), np.uint64)
    starts = offsets[:-1]
    for i in range(longest):
        byte = data[np.minimum(starts + i, len(data) - 1)].astype(np.uint64)
        byte[lengths <= i] = 0
        packed |= byte << np.uint64(8 * (7 - i))
    return packed


def analyse_events(events: pd.DataFrame, journey: Journey) -> EventResult:
    """Transitions, delays, reach and drop-off from ``events`` (columns case, touchpoint,
    timestamp; touchpoint a categorical over the journey's ids, as the source reader makes)."""
    ids = journey.touchpoint_ids()
    count = len(ids)
    stage_ids = [s.id for s in journey.stages]
    stage_of = np.array([stage_ids.index(journey.touchpoint(t).stage) for t in ids] or [0],
                        dtype=np.int64)
    tp = events["touchpoint"]
    tp_codes = (tp.cat.codes.to_numpy().astype(np.int64)
                if isinstance(tp.dtype, pd.CategoricalDtype) and list(tp.cat.categories) == ids
                else pd.Categorical(tp, categories=ids).codes.astype(np.int64))
    case_codes = _case_codes(events["case"])
    stamps = events["timestamp"]
    times = stamps.to_numpy(dtype="datetime64[ns]").view(np.int64) if len(stamps) else \
        np.zeros(0, dtype=np.int64)
    order = _case_time_order(case_codes, times)
    c, t, s = case_codes[order], tp_codes[order], times[order]
    n = len(c)
    same = c[1:] == c[:-1] if n else np.zeros(0, dtype=bool)
    last = np.r_[~same, True] if n else np.zeros(0, dtype=bool)
    first = np.r_[True, ~same] if n else np.zeros(0, dtype=bool)

    # Transitions and their delays.
    src, dst = t[:-1][same], t[1:][same]
    delay = (s[1:] - s[:-1])[same] / 1e9
    if len(src):
        keys, volume, (median, p90) = _group_quantiles(src * count + dst, delay, (0.5, 0.9))
    else:
        keys = volume = median = p90 = np.zeros(0)
    sources = (keys // max(count, 1)).astype(np.int64)
    targets = (keys % max(count, 1)).astype(np.int64)

    # Reach: distinct cases per touchpoint and per stage; ends: each case's last event.
    def reach(codes: np.ndarray, size: int) -> np.ndarray:
        """Distinct cases per code. A stable sort by code (a radix sort for up to 2**15
        codes) keeps each code's cases in order, so a new (code, case) pair is where either
        changes: 2-4x faster than hashing 5M pairs."""
        if not n or not size:
            return np.zeros(size, dtype=np.int64)
        small = codes.astype(np.int16) if size <= 2 ** 15 else codes
        by_code = np.argsort(small, kind="stable")
        k, cases = small[by_code], c[by_code]
        fresh = np.empty(n, dtype=bool)
        fresh[0] = True
        np.not_equal(k[1:], k[:-1], out=fresh[1:])
        fresh[1:] |= cases[1:] != cases[:-1]
        return np.bincount(k[fresh], minlength=size)

    stage_codes = stage_of[t] if n else np.zeros(0, dtype=np.int64)
    return event_result(
        journey, EventSums(
            sources, targets, volume, median, p90, reach(t, count),
            np.bincount(t[first], minlength=count), np.bincount(t[last], minlength=count),
            np.bincount(t, minlength=count), reach(stage_codes, len(stage_ids)),
            np.bincount(stage_codes[last], minlength=len(stage_ids)), int(first.sum())))


@dataclass
class EventSums:
    """What an event log reduces to, whatever engine reduced it: per transition (touchpoint
    codes ``sources`` → ``targets``) its volume and exact delay quantiles in seconds; per
    touchpoint code the cases reaching it, starting and ending there and its events; per
    stage code the cases reaching it and ending there; the number of cases."""

    sources: np.ndarray
    targets: np.ndarray
    volume: np.ndarray
    median: np.ndarray
    p90: np.ndarray
    reached: np.ndarray
    started: np.ndarray
    ended: np.ndarray
    events: np.ndarray
    stage_reached: np.ndarray
    stage_ended: np.ndarray
    cases: int


def event_result(journey: Journey, sums: EventSums) -> EventResult:
    """The tables of :class:`EventResult` from the reduced ``sums``: shares, drop-off and
    whether the map has each transition are computed here, once for every engine."""
    ids = journey.touchpoint_ids()
    count = len(ids)
    stage_ids = [s.id for s in journey.stages]
    sources, targets = np.asarray(sums.sources, np.int64), np.asarray(sums.targets, np.int64)
    volume = np.asarray(sums.volume, dtype=float)
    leaving = np.bincount(sources, weights=volume, minlength=count) if len(sources) else \
        np.zeros(count)
    transitions = pd.DataFrame({
        "source": [ids[i] for i in sources], "target": [ids[i] for i in targets],
        "volume": volume.astype(np.int64),
        "share": volume / np.where(leaving[sources] > 0, leaving[sources], np.nan)
        if len(sources) else np.zeros(0),
        "median_seconds": np.asarray(sums.median, dtype=float),
        "p90_seconds": np.asarray(sums.p90, dtype=float)})
    transitions["in_map"] = [journey.has_transition(a, b)
                             for a, b in zip(transitions["source"], transitions["target"])]
    transitions["kind"] = [journey.transition(a, b).kind if ok else ""
                           for a, b, ok in zip(transitions["source"], transitions["target"],
                                               transitions["in_map"])]
    transitions = transitions.sort_values(["volume", "source", "target"],
                                          ascending=[False, True, True], ignore_index=True)
    reached = np.asarray(sums.reached, dtype=np.int64)
    ended = np.asarray(sums.ended, dtype=np.int64)
    per_tp = pd.DataFrame({
        "reached": reached, "started": np.asarray(sums.started, dtype=np.int64),
        "ended": ended, "drop_off": ended / np.where(reached > 0, reached, np.nan),
        "events": np.asarray(sums.events, dtype=np.int64)},
        index=pd.Index(ids, name="touchpoint"))
    stage_reached = np.asarray(sums.stage_reached, dtype=np.int64)
    stage_ended = np.asarray(sums.stage_ended, dtype=np.int64)
    per_stage = pd.DataFrame({
        "reached": stage_reached, "ended": stage_ended,
        "drop_off": stage_ended / np.where(stage_reached > 0, stage_reached, np.nan)},
        index=pd.Index(stage_ids, name="stage"))
    return EventResult(per_tp, per_stage, transitions[list(TRANSITION_COLUMNS)],
                       int(sums.cases))


def empty_transitions() -> pd.DataFrame:
    """The transitions table when there is no event log."""
    return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                         "volume": pd.Series(dtype=np.int64), "share": pd.Series(dtype=float),
                         "median_seconds": pd.Series(dtype=float),
                         "p90_seconds": pd.Series(dtype=float),
                         "in_map": pd.Series(dtype=bool), "kind": pd.Series(dtype=object)})
