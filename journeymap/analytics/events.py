"""Journey analytics from an event log of (case, touchpoint, timestamp).

Events are sorted once by case, time and file order (case number, time and touchpoint
code packed into one integer per event and sorted as values, see :func:`_sorted_steps`);
consecutive events of a case are its steps. From that single order come the transition
volumes, the delays between steps (median and 90th percentile, exact, per transition), how
many cases reach each touchpoint and stage, and where each case's journey ends (its
drop-off point). Everything is vectorised: five million events take under a second.
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
    return _interpolated(keys[order], values[order], quantiles)


def _interpolated(k: np.ndarray, v: np.ndarray, quantiles: tuple[float, ...]
                  ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """:func:`_group_quantiles` of keys ``k`` and values ``v`` sorted by key, then value."""
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
    cases = cases.astype(np.int64, copy=False)  # case × span must not wrap in a small type
    start = int(times.min())
    span_ns = int(times.max()) - start + 1  # in Python's integers: it may not fit in int64
    if span_ns >= 2 ** 62:  # times - start would wrap (a span of ~146 years in ns)
        return np.lexsort((times, cases))
    offset = times - start
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
    """A number per case, from 0 up (the same number for the same case id; missing ids are
    one case of their own). Only which events share a case matters, not the numbers: ids
    of at most 8 bytes (numbers, short codes) are packed into one integer each; those of
    one prefix and digits are numbered by their value (:func:`_digit_numbers`), others by
    pyarrow's hash table, ~2x faster than hashing the text; longer Arrow text is hashed
    by pyarrow as it is, anything else by pandas."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(case.dtype, pd.CategoricalDtype):
        codes = case.cat.codes.to_numpy()
    else:
        text = _arrow_text(case)
        packed = _packed_ids(text) if text is not None else None
        numbers = _digit_numbers(packed, text) if packed is not None else None
        # The hash table in the C allocator, which gives its pages back when it is freed
        # (pyarrow's own keeps them for pyarrow: 5M events, 75 MB more at the peak).
        pool = pa.system_memory_pool()
        if numbers is not None:
            codes = numbers
        elif packed is not None:
            codes = pc.dictionary_encode(pa.array(packed), memory_pool=pool).indices.to_numpy()
        elif text is not None and not text.null_count:
            codes = pc.dictionary_encode(text, memory_pool=pool).indices.to_numpy()
        else:
            codes = pd.factorize(case)[0]
    return codes + 1 if len(codes) and codes.min() < 0 else codes


def _arrow_text(case: pd.Series):
    """The Arrow array under a pandas text column (its pieces joined), else None."""
    import pyarrow as pa

    if not (isinstance(case.dtype, pd.StringDtype) and case.dtype.storage == "pyarrow"
            and len(case)):
        return None
    array = case.array.__arrow_array__()
    if isinstance(array, pa.ChunkedArray):  # a copy, in memory given back when it is freed
        array = array.combine_chunks(memory_pool=pa.system_memory_pool())
    return array if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) \
        else None


def _digit_numbers(packed: np.ndarray, array) -> np.ndarray | None:
    """Ids written as one prefix and decimal digits (``c184237``, ``PAX001965``, ``12345``;
    ``packed`` by :func:`_packed_ids` from ``array``) as their numbers less the smallest,
    where each number stands for one id: every id has as many digits, or none starts with
    a 0 (``7`` and ``007`` are different cases). None for other ids, or for numbers spread
    far wider than the events (they would widen the sort key). Reading 8 digits at once
    from the packed bytes takes a few passes: ~5x faster than hashing a million ids.
    """
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], width)[array.offset:
                                                       array.offset + len(array) + 1]
    digits = np.diff(offsets)
    first, size = int(packed[0]), int(digits[0])
    prefix = next((i for i in range(size) if 48 <= (first >> 8 * i) & 0xFF <= 57), size)
    digits -= prefix
    if prefix == size or int(digits.min()) < 1:
        return None
    keep, fixed = (1 << 8 * prefix) - 1, int(digits.min()) == int(digits.max())
    x = packed >> np.uint64(8 * prefix)  # the digits, the first one in the lowest byte
    for at in range(0, len(x), 1 << 20):  # in pieces: the temporaries stay small
        part, count = x[at:at + (1 << 20)], digits[at:at + (1 << 20)]
        if prefix and np.any(packed[at:at + (1 << 20)] & np.uint64(keep)
                             != np.uint64(first & keep)):
            return None
        if not fixed and np.any(((part & np.uint64(0xFF)) == np.uint64(48)) & (count > 1)):
            return None  # a leading zero where ids have different numbers of digits
        # As 8 digits, right-aligned: '0's in the low bytes, the id's digits above them.
        pad = (8 - count).astype(np.uint64) << np.uint64(3)
        part <<= pad
        part |= np.uint64(0x3030303030303030) & ((np.uint64(1) << pad) - np.uint64(1))
        # Every byte a digit: subtracting '0' does not wrap, adding 0x46 does not reach 0x80.
        if np.any(((part + np.uint64(0x4646464646464646))
                   | (part - np.uint64(0x3030303030303030))) & np.uint64(0x8080808080808080)):
            return None
        # Pairs of digits, then fours, then all eight (Lemire's SWAR parse, little-endian).
        for mask, scale, shift in ((0x0F0F0F0F0F0F0F0F, 2561, 8),
                                   (0x00FF00FF00FF00FF, 6553601, 16),
                                   (0x0000FFFF0000FFFF, 42949672960001, 32)):
            part &= np.uint64(mask)
            part *= np.uint64(scale)
            part >>= np.uint64(shift)
    low, high = int(x.min()), int(x.max())
    if high - low > 4 * len(x) + 1024:
        return None
    numbers = x.view(np.int64)
    numbers -= low
    return numbers


def _packed_ids(array) -> np.ndarray | None:
    """Each text id's UTF-8 bytes in one uint64, when every id is at most 8 bytes without a
    NUL byte (so that zero padding cannot make two ids equal); else None. One unaligned
    8-byte load per id, the bytes past its end shifted out."""
    import pyarrow as pa

    if array.null_count:
        return None
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, width)[array.offset:array.offset + len(array) + 1]
    lengths = np.diff(offsets)
    longest = int(lengths.max())
    if longest > 8:
        return None
    packed = np.zeros(len(array), np.uint64)
    if not longest:
        return packed
    data = np.frombuffer(data_buffer, np.uint8)[offsets[0]:offsets[-1]]
    if not data.all():
        return None  # a NUL byte inside an id
    starts = offsets[:-1] - offsets[0] if offsets[0] else offsets[:-1]
    inside = int(np.searchsorted(starts, len(data) - 8, side="right"))  # 8 bytes in data
    if inside:
        words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
        for at in range(0, inside, 1 << 20):  # in pieces: np.take would copy all the words
            end = min(at + (1 << 20), inside)
            packed[at:end] = words[starts[at:end]]
    if inside < len(packed):  # the last few ids: their 8 bytes run past the data
        base = int(starts[inside])
        tail = np.zeros(len(data) - base + 8, np.uint8)
        tail[:len(data) - base] = data[base:]
        words = np.ndarray((len(tail) - 7,), dtype="<u8", buffer=tail, strides=(1,))
        packed[inside:] = words[starts[inside:] - base]
    for at in range(0, len(packed), 1 << 20):  # shift out the bytes past each id's end
        drop = lengths[at:at + (1 << 20)].astype(np.uint64)  # (8 - length) × 8 bits
        np.subtract(np.uint64(8), drop, out=drop)
        drop <<= np.uint64(3)
        packed[at:at + (1 << 20)] <<= drop
        packed[at:at + (1 << 20)] >>= drop
    if not lengths.all():  # a shift by 64 bits does nothing: clear empty ids by hand
        packed[lengths == 0] = 0
    return packed


def analyse_events(events: pd.DataFrame, journey: Journey) -> EventResult:
    """Transitions, delays, reach and drop-off from ``events`` (columns case, touchpoint,
    timestamp; touchpoint a categorical over the journey's ids, as the source reader makes)."""
    ids = journey.touchpoint_ids()
    count = len(ids)
    stage_ids = [s.id for s in journey.stages]
    stage_of = np.array([stage_ids.index(journey.touchpoint(t).stage) for t in ids] or [0],
                        dtype=np.int16 if len(stage_ids) < 2 ** 15 else np.int64)
    tp = events["touchpoint"]
    tp_codes = (tp.cat.codes.to_numpy()
                if isinstance(tp.dtype, pd.CategoricalDtype) and list(tp.cat.categories) == ids
                else pd.Categorical(tp, categories=ids).codes)
    times, unit = _event_times(events["timestamp"])
    c, t, s, unit = _sorted_steps(_case_codes(events["case"]), tp_codes, times, count, unit)
    n = len(c)
    same = c[1:] == c[:-1]
    last = np.r_[~same, True] if n else np.zeros(0, dtype=bool)
    first = np.r_[True, ~same] if n else np.zeros(0, dtype=bool)
    # Reach first: the case numbers are not needed after it (5M events: 40 MB fewer at once).
    stage_codes = stage_of[t] if n else np.zeros(0, dtype=np.int64)
    reached = _distinct_cases(c, t, count)
    stage_reached = _distinct_cases(c, stage_codes, len(stage_ids))
    del c

    # Transitions and their delays.
    if same.any():
        pairs = t[:-1][same].astype(np.int64)
        pairs *= count
        pairs += t[1:][same]
        gaps = s[1:][same]
        gaps -= s[:-1][same]
        del s
        keys, volume, (median, p90) = _delay_quantiles(pairs, gaps, unit, (0.5, 0.9))
        del pairs, gaps
    else:
        keys = volume = median = p90 = np.zeros(0)
    sources = (keys // max(count, 1)).astype(np.int64)
    targets = (keys % max(count, 1)).astype(np.int64)
    return event_result(
        journey, EventSums(
            sources, targets, volume, median, p90, reached,
            np.bincount(t[first], minlength=count), np.bincount(t[last], minlength=count),
            np.bincount(t, minlength=count), stage_reached,
            np.bincount(stage_codes[last], minlength=len(stage_ids)), int(first.sum())))


def _event_times(stamps: pd.Series) -> tuple[np.ndarray, int]:
    """Each event's time as an integer in the column's own unit (a view, no copy), and the
    nanoseconds in that unit."""
    if len(stamps) and pd.api.types.is_datetime64_any_dtype(stamps.dtype):
        return stamps.array.asi8, int(pd.Timedelta(1, unit=stamps.dt.unit).value)
    if not len(stamps):
        return np.zeros(0, dtype=np.int64), 1
    return stamps.to_numpy(dtype="datetime64[ns]").view(np.int64), 1


def _sorted_steps(cases: np.ndarray, codes: np.ndarray, times: np.ndarray, size: int,
                  unit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Case numbers, touchpoint codes and times of the events in the order of case, then
    time, then file order; the times as offsets in a unit of ``unit`` ns or coarser (the
    unit returned).

    Where the case number, the time and the code fit in 63 bits together (a million cases
    over a year in seconds, 500 touchpoints: 54 bits), the three are packed into one
    integer per event and those sorted as values: several times faster than sorting
    indices and gathering three columns by them, and no index array. Events of a case at
    the same time with different touchpoints are then put back in file order. Otherwise
    the order is found as :func:`_case_time_order` finds it.
    """
    n = len(cases)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, unit
    start = int(times.min())
    span = int(times.max()) - start
    case_bits = int(cases.max()).bit_length()
    code_bits = max(size - 1, 0).bit_length()
    offsets = None
    factor = 1
    if case_bits + span.bit_length() + code_bits > 63 and int(codes.min()) >= 0:
        offsets = times - start
        for coarser in (1_000, 1_000_000, 1_000_000_000):  # a unit that keeps every time
            if case_bits + (span // coarser).bit_length() + code_bits <= 63:
                if not np.any(offsets % coarser):
                    factor = coarser
                break
    time_bits = (span // factor).bit_length()
    if case_bits + time_bits + code_bits > 63 or int(codes.min()) < 0:
        order = _case_time_order(cases, times)
        return (cases[order].astype(np.int64), codes[order].astype(np.int64), times[order],
                unit)
    key = np.left_shift(cases, time_bits + code_bits, dtype=np.int64)
    part = times - start if offsets is None else offsets
    del offsets
    if factor > 1:
        part //= factor
    part <<= code_bits
    part |= codes
    key |= part
    del part
    key.sort()
    _file_order_ties(key, cases, codes, times, start, factor, time_bits, code_bits)
    # Case numbers and codes in the narrowest type that holds them, written straight from
    # the key (no 64-bit copy in between): 5M events take 30 MB instead of 80.
    case_numbers = np.empty(n, dtype=np.int32 if case_bits < 32 else np.int64)
    np.right_shift(key, time_bits + code_bits, out=case_numbers, casting="unsafe")
    touchpoints = np.empty(n, dtype=np.int16 if code_bits < 16 else np.int64)
    np.bitwise_and(key, (1 << code_bits) - 1, out=touchpoints, casting="unsafe")
    key >>= code_bits  # the key becomes the times, in place
    key &= (1 << time_bits) - 1
    return case_numbers, touchpoints, key, unit * factor


def _file_order_ties(key: np.ndarray, cases: np.ndarray, codes: np.ndarray,
                     times: np.ndarray, start: int, factor: int, time_bits: int,
                     code_bits: int) -> None:
    """In sorted ``key`` (case, time, code), put the codes of events of one case at one
    time back in their file order, where they differ (equal events need no order)."""
    when = key >> code_bits
    tied = when[1:] == when[:-1]
    if not tied.any():
        return
    tied &= key[1:] != key[:-1]
    if not tied.any():
        return
    values = np.unique(when[1:][tied])  # the (case, time) of each run to put in order
    del tied
    low = np.searchsorted(when, values, side="left")
    high = np.searchsorted(when, values, side="right")
    del when
    lengths = high - low
    places = np.repeat(low - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    # The events of those runs in file order: first those of the cases concerned (a cheap
    # look-up per event), then the exact (case, time).
    concerned = np.zeros(int(cases.max()) + 1, dtype=bool)
    concerned[values >> time_bits] = True
    rows = np.flatnonzero(concerned[cases])
    found = (cases[rows].astype(np.int64) << time_bits) | ((times[rows] - start) // factor)
    at = np.minimum(np.searchsorted(values, found), len(values) - 1)
    hit = values[at] == found
    rows = rows[hit][np.argsort(found[hit], kind="stable")]
    key[places] = (key[places] >> code_bits << code_bits) | codes[rows]


def _delay_quantiles(keys: np.ndarray, gaps: np.ndarray, unit: int,
                     quantiles: tuple[float, ...]
                     ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """:func:`_group_quantiles` of ``gaps`` (integers ≥ 0 in units of ``unit`` ns) in
    seconds: the key and the gap packed into one integer where they fit in 63 bits, and
    those sorted as values; each gap then becomes ``gap × unit / 1e9`` as before."""
    key_bits = int(keys.max()).bit_length()
    gap_bits = int(gaps.max()).bit_length()
    if key_bits + gap_bits > 63 or int(gaps.min()) < 0:
        return _group_quantiles(keys, gaps.astype(np.float64) * unit / 1e9, quantiles)
    packed = keys << gap_bits
    packed |= gaps
    packed.sort()
    values = np.empty(len(packed))  # the gaps, written as floats without an integer copy
    np.bitwise_and(packed, (1 << gap_bits) - 1, out=values, casting="unsafe")
    values *= unit
    values /= 1e9
    packed >>= gap_bits
    return _interpolated(packed, values, quantiles)


def _distinct_cases(cases: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """How many distinct cases have events with each code (0 … size − 1): the (case, code)
    pairs packed into one integer each and sorted as values; a new pair is where the
    value changes."""
    if not len(cases) or not size:
        return np.zeros(size, dtype=np.int64)
    bits = (size - 1).bit_length()
    pairs = np.left_shift(cases, bits, dtype=np.int64)
    pairs |= codes
    pairs.sort()
    fresh = np.empty(len(pairs), dtype=bool)
    fresh[0] = True
    np.not_equal(pairs[1:], pairs[:-1], out=fresh[1:])
    pairs &= (1 << bits) - 1  # the codes
    return np.bincount(pairs[fresh], minlength=size)


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
