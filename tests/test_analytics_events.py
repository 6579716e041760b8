"""Event logs: transition volumes, delays, reach, drop-off and transitions the map lacks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics import analyse, read_source
from journeymap.model import FeedbackSource

from analytics_helpers import shop_journey

T0 = pd.Timestamp("2024-03-01 09:00", tz="UTC")


def write_log(tmp_path, cases, columns=("case_id", "touchpoint", "timestamp")):
    """``cases``: {case: [(touchpoint, minutes after T0), ...]} written in shuffled order."""
    rows = [(case, tp, (T0 + pd.Timedelta(minutes=m)).isoformat())
            for case, steps in cases.items() for tp, m in steps]
    rng = np.random.default_rng(3)
    rows = [rows[i] for i in rng.permutation(len(rows))]
    path = tmp_path / "events.csv"
    pd.DataFrame(rows, columns=list(columns)).to_csv(path, index=False)
    return path


CASES = {
    "a": [("browse", 0), ("basket", 10), ("pay", 20), ("delivery", 80)],
    "b": [("browse", 0), ("basket", 30), ("pay", 40)],
    "c": [("browse", 0), ("basket", 20)],
    "d": [("browse", 0), ("pay", 5)],             # skips the basket: not in the map
    "e": [("browse", 0)],
}


def test_volumes_delays_reach_and_drop_off(tmp_path):
    source = FeedbackSource("log", str(write_log(tmp_path, CASES)), role="events")
    analysis = analyse(shop_journey(), [source])
    edges = analysis.transitions.set_index(["source", "target"])
    assert edges.loc[("browse", "basket"), "volume"] == 3
    assert edges.loc[("browse", "basket"), "median_seconds"] == 20 * 60
    # numpy's default (linear) percentile is the definition we promise.
    assert edges.loc[("browse", "basket"), "p90_seconds"] == pytest.approx(
        np.percentile([600, 1800, 1200], 90))
    assert edges.loc[("browse", "basket"), "share"] == pytest.approx(3 / 4)
    assert edges.loc[("pay", "delivery"), "median_seconds"] == 3600
    assert bool(edges.loc[("browse", "basket"), "in_map"])
    assert not edges.loc[("browse", "pay"), "in_map"]
    assert edges.loc[("browse", "pay"), "volume"] == 1
    tps = analysis.touchpoints.set_index("touchpoint")
    assert list(tps["reached"]) == [5, 3, 3, 1, 0]
    assert tps.loc["browse", "drop_off"] == pytest.approx(1 / 5)    # e ends there
    assert tps.loc["basket", "drop_off"] == pytest.approx(1 / 3)    # c
    assert tps.loc["pay", "drop_off"] == pytest.approx(2 / 3)       # b, d
    assert np.isnan(tps.loc["support", "drop_off"])
    assert tps.loc["browse", "volume"] == 5                         # customers, with a log
    stages = analysis.stages.set_index("stage")
    assert stages.loc["buy", "reached"] == 5 and stages.loc["buy", "drop_off"] == 0.8
    assert stages.loc["receive", "drop_off"] == 1.0
    assert bool(tps.loc["support", "terminal"]) and not tps.loc["pay", "terminal"]


def test_kept_events_are_not_copied(tmp_path):
    """When every event is kept, the rows table takes the read columns as they are: what
    reading the events allocates is the times in UTC (8 bytes an event), the row numbers
    (8), the touchpoint codes (2) and a few masks, not filtered copies of every column
    (31 bytes an event before; 5M events: 60 MB of fresh pages less)."""
    import tracemalloc

    from journeymap.analytics.reading import read_table

    n = 100_000
    rng = np.random.default_rng(1)
    path = tmp_path / "log.csv"
    pd.DataFrame({"case_id": [f"c{i}" for i in rng.integers(0, n // 5, n)],
                  "touchpoint": np.array(["browse", "basket", "pay"])[rng.integers(0, 3, n)],
                  "timestamp": (T0 + pd.to_timedelta(rng.integers(0, 10**6, n), unit="s")
                                ).strftime("%Y-%m-%dT%H:%M:%S")}).to_csv(path, index=False)
    source = FeedbackSource("log", str(path), role="events")
    raw = read_table(path, text_columns=["touchpoint"], id_columns=["case_id"])
    tracemalloc.start()
    try:
        table = read_source(source, shop_journey(), raw=raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table.kept_rows == n and table.rows["row"].tolist() == list(range(1, n + 1))
    assert peak < 24 * n


def test_event_columns_named_by_the_user_and_bad_events_rejected(tmp_path):
    path = write_log(tmp_path, CASES, ("customer", "step", "at"))
    with open(path, "a") as handle:
        handle.write("x,nowhere,2024-03-01T10:00:00\n,browse,2024-03-01T10:00:00\n"
                     "y,browse,\ny,basket,soon\n")
    source = FeedbackSource("log", str(path), role="events", case_column="customer",
                            touchpoint_column="step", timestamp_column="at")
    table = read_source(source, shop_journey())
    assert table.rejected_counts == {"unknown touchpoint": 1, "missing case id": 1,
                                     "missing timestamp": 1, "unparseable timestamp": 1}
    assert table.kept_rows == sum(len(v) for v in CASES.values())


def test_wide_event_table_with_dates_and_empty_steps(tmp_path):
    # An orders export: one row per order, one timestamp column per step; the review column
    # holds dates only. Order 2 was reviewed the day it was delivered (after it); order 3
    # was reviewed before its delivery; order 4 never arrived.
    path = tmp_path / "orders.csv"
    path.write_text(
        "order,placed,delivered,reviewed\n"
        "1,2024-03-01 10:00,2024-03-03 12:00,2024-03-05\n"
        "2,2024-03-01 10:00,2024-03-03 20:35,2024-03-03\n"
        "3,2024-03-01 10:00,2024-03-09 09:00,2024-03-04\n"
        "4,2024-03-01 10:00,,2024-03-08\n"
        "5,,,\n")
    journey = shop_journey()
    source = FeedbackSource("orders", str(path), role="events", layout="wide",
                            case_column="order",
                            wide_columns={"placed": "pay", "delivered": "delivery",
                                          "reviewed": "support"})
    analysis = analyse(journey, [source])
    edges = analysis.transitions.set_index(["source", "target"])["volume"].to_dict()
    assert edges == {("pay", "delivery"): 2, ("delivery", "support"): 2,
                     ("pay", "support"): 2, ("support", "delivery"): 1}
    assert analysis.rejected_counts["orders"] == {"missing timestamp": 1}
    assert any("dates without a time" in note for note in analysis.notes)
    off_map = analysis.transitions[~analysis.transitions["in_map"]]
    assert set(zip(off_map["source"], off_map["target"])) == {("pay", "support"),
                                                               ("support", "delivery")}


def test_five_thousand_cases_against_a_plain_pandas_computation(tmp_path):
    rng = np.random.default_rng(11)
    ids = shop_journey().touchpoint_ids()
    n = 20000
    frame = pd.DataFrame({"case_id": rng.integers(0, 5000, n),
                          "touchpoint": rng.choice(ids, n),
                          "timestamp": T0 + pd.to_timedelta(rng.integers(0, 10**6, n), "s")})
    frame.to_parquet(tmp_path / "log.parquet")
    analysis = analyse(shop_journey(), [FeedbackSource("log", str(tmp_path / "log.parquet"),
                                                       role="events")])
    ordered = frame.sort_values(["case_id", "timestamp"], kind="stable")
    nxt = ordered.groupby("case_id").shift(-1)
    steps = pd.DataFrame({"source": ordered["touchpoint"], "target": nxt["touchpoint"],
                          "delay": (nxt["timestamp"] - ordered["timestamp"]).dt.total_seconds()}
                         ).dropna()
    expected = steps.groupby(["source", "target"])["delay"].agg(
        volume="size", median="median", p90=lambda d: d.quantile(0.9))
    got = analysis.transitions.set_index(["source", "target"]).sort_index()
    assert got["volume"].to_dict() == expected["volume"].to_dict()
    assert np.allclose(got["median_seconds"], expected["median"].reindex(got.index))
    assert np.allclose(got["p90_seconds"], expected["p90"].reindex(got.index))
    reached = frame.groupby("touchpoint")["case_id"].nunique()
    tps = analysis.touchpoints.set_index("touchpoint")
    assert tps["reached"].to_dict() == reached.astype(float).to_dict()


def test_a_wide_event_source_survives_the_file_round_trip(tmp_path):
    from journeymap.model import dumps, loads

    journey = shop_journey()
    journey.add_source(FeedbackSource("orders", "orders.csv", role="events", layout="wide",
                                      case_column="order",
                                      wide_columns={"placed": "pay", "delivered": "delivery"}))
    again = loads(dumps(journey)).source("orders")
    assert again == journey.source("orders")


def test_reach_and_drop_off_per_segment_and_start_period(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "case_id,touchpoint,timestamp,channel\n"
        "1,browse,2024-01-30T10:00,app\n1,basket,2024-02-02T10:00,app\n"   # starts in January
        "2,browse,2024-02-01T10:00,web\n2,basket,2024-02-01T10:05,web\n"
        "2,pay,2024-02-01T10:09,web\n"
        "3,browse,2024-02-03T10:00,web\n")
    journey = shop_journey()
    source = FeedbackSource("log", str(path), role="events")
    by_channel = analyse(journey, [source], by="segment:channel")
    table = by_channel.touchpoints.set_index(["touchpoint", "segment"])
    assert table.loc[("browse", "web"), "reached"] == 2
    assert table.loc[("browse", "app"), "reached"] == 1
    assert table.loc[("pay", "app"), "reached"] == 0
    assert table.loc[("browse", "web"), "drop_off"] == 0.5
    assert table.loc[("basket", "app"), "drop_off"] == 1.0
    stages = by_channel.stages.set_index(["stage", "segment"])
    assert stages.loc[("buy", "web"), "reached"] == 2
    # The overall numbers stay whole.
    assert by_channel.measure_values("volume")["browse"] == 3
    by_month = analyse(journey, [source], by="period:M")
    table = by_month.touchpoints.set_index(["touchpoint", "segment"])
    # Case 1 started in January: its February basket counts for January.
    assert table.loc[("basket", "2024-01"), "reached"] == 1
    assert table.loc[("basket", "2024-02"), "reached"] == 1
    assert set(by_month.groups()) == {"2024-01", "2024-02"}


@pytest.mark.parametrize("scale", [1, 1_000, 10**9, 10**12])
def test_case_time_order_matches_a_two_key_sort(scale):
    from journeymap.analytics.events import _case_time_order

    rng = np.random.default_rng(scale % 97)
    cases = rng.integers(0, 300, 5000)
    times = rng.integers(0, 10**6, 5000) * scale  # ns, µs, s and very long spans
    times[::7] = times[1::7][: len(times[::7])]   # ties keep the file order
    expected = np.lexsort((np.arange(5000), times, cases))
    assert np.array_equal(_case_time_order(cases, times), expected)


def test_case_time_order_of_times_further_apart_than_int64_holds():
    """Times ~317 years apart in ns: their difference does not fit in int64, so the order
    must not be taken from offsets (the later time would wrap to a negative offset)."""
    from journeymap.analytics.events import _case_time_order

    cases = np.array([0, 0, 1, 1])
    times = np.array([-5 * 10**18, 5 * 10**18, 5 * 10**18, -5 * 10**18])
    assert _case_time_order(cases, times).tolist() == [0, 1, 3, 2]


@pytest.mark.parametrize("top", [1e3, 1e14])
def test_group_quantiles_exact_on_both_paths(top):
    from journeymap.analytics.events import _group_quantiles

    rng = np.random.default_rng(5)
    keys = rng.integers(0, 40, 3000)
    values = rng.uniform(0, top, 3000)
    found, counts, (median, p90) = _group_quantiles(keys, values, (0.5, 0.9))
    for key, n, m, p in zip(found, counts, median, p90):
        chosen = values[keys == key]
        assert n == len(chosen)
        assert m == pytest.approx(np.percentile(chosen, 50), rel=1e-12, abs=1e-3)
        assert p == pytest.approx(np.percentile(chosen, 90), rel=1e-12, abs=1e-3)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(-5, 5), max_size=60))
def test_stable_argsort_is_numpys_stable_sort(values):
    """Equal keys (a case's events in one second) keep file order, as a stable sort keeps
    them."""
    from journeymap.analytics.events import _stable_argsort

    keys = np.array(values, dtype=np.int64)
    assert np.array_equal(_stable_argsort(keys), np.argsort(keys, kind="stable"))


IDS = st.one_of(st.text(max_size=10), st.sampled_from(["", "a", "a\x00", "12345678",
                                                       "123456789", "Ω", "ΩΩΩΩ", "ΩΩΩΩΩ"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(IDS, min_size=1, max_size=40))
def test_case_numbers_group_as_the_ids_do(ids):
    """Packed short ids and hashed long ones: the same id, the same number; different ids,
    different numbers."""
    from journeymap.analytics.events import _case_codes

    for dtype in ("str", object):
        codes = _case_codes(pd.Series(ids, dtype=dtype))
        pairs = set(zip(ids, codes.tolist()))
        assert len(pairs) == len(set(ids)) == len(set(codes.tolist()))


EVENTS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4), st.integers(0, 5)),
                  min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(EVENTS, st.sampled_from([(1, 10**9), (10**9, 1), (10**3, 10**3), (10**12, 1),
                                 (10**13 + 1, 1)]))
def test_sorted_steps_are_a_stable_sort_by_case_and_time(events, scale):
    """The packed single sort (with ties put back in file order), the coarser unit it falls
    back to when times are whole seconds in ns, and the index sort when nothing fits: all
    give the events in the order of a stable sort by case, then time."""
    from journeymap.analytics.events import _sorted_steps

    step, unit = scale
    cases = np.array([e[0] for e in events], dtype=np.int32) * 50_000  # wide case numbers
    codes = np.array([e[1] for e in events], dtype=np.int16)
    times = np.array([e[2] for e in events], dtype=np.int64) * step + 1_700_000_000
    order = np.lexsort((np.arange(len(events)), times, cases))
    c, t, s, found_unit = _sorted_steps(cases, codes, times, 5, unit)
    assert c.tolist() == cases[order].tolist()
    assert t.tolist() == codes[order].tolist()
    gaps = np.diff(s) * found_unit  # in ns, whatever the unit
    assert gaps.tolist() == (np.diff(times[order]) * unit).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10**7)), min_size=1,
                max_size=200), st.sampled_from([1, 1_000, 10**9]))
def test_delay_quantiles_are_group_quantiles_in_seconds(pairs, unit):
    """Packed integer sort: the same floats, to the bit, as the float sort of seconds."""
    from journeymap.analytics.events import _delay_quantiles, _group_quantiles

    keys = np.array([p[0] for p in pairs], dtype=np.int64)
    gaps = np.array([p[1] for p in pairs], dtype=np.int64)
    found = _delay_quantiles(keys, gaps, unit, (0.5, 0.9))
    expected = _group_quantiles(keys, gaps * unit / 1e9, (0.5, 0.9))
    assert found[0].tolist() == expected[0].tolist()
    assert found[1].tolist() == expected[1].tolist()
    for a, b in zip(found[2], expected[2]):
        assert a.tolist() == b.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 6)), min_size=1, max_size=100))
def test_distinct_cases_per_code(pairs):
    from journeymap.analytics.events import _distinct_cases

    cases = np.array([p[0] for p in pairs], dtype=np.int64)
    codes = np.array([p[1] for p in pairs], dtype=np.int64)
    expected = [len({c for c, k in pairs if k == code}) for code in range(7)]
    assert _distinct_cases(cases, codes, 7).tolist() == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=1, exclude_categories=("Cs",)),
                        max_size=8), min_size=1, max_size=40),
       st.integers(0, 3), st.booleans())
def test_packed_ids_are_the_ids_bytes(ids, skip, large):
    """One 8-byte load per id, also for the last ids (whose 8 bytes run past the data), for
    a slice of a bigger array and for large strings."""
    import pyarrow as pa

    from journeymap.analytics.events import _packed_ids

    kind = pa.large_string() if large else pa.string()
    array = pa.array(["x" * 9] * skip + ids, type=kind)[skip:]
    packed = _packed_ids(array)
    fits = all(len(i.encode()) <= 8 for i in ids)
    assert (packed is not None) == fits
    if fits:
        expected = [int.from_bytes(i.encode().ljust(8, b"\0"), "little") for i in ids]
        assert packed.tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=1, max_size=60),
       st.sampled_from(["", "c", "PX-", "é"]), st.sampled_from(["{}", "{:03d}", "{:08d}"]),
       st.booleans())
def test_ids_of_digits_are_numbered_by_their_value(numbers, prefix, form, zero):
    """c184237 or PAX001965: the number itself (less the smallest), read 8 digits at a
    time; ids whose zeros would make two ids one number (7 and 007) are hashed instead."""
    import pyarrow as pa

    from journeymap.analytics.events import _case_codes, _digit_numbers, _packed_ids

    ids = [prefix + form.format(n) for n in numbers] + (["007"] if zero else [])
    array = pa.array(ids)
    packed = _packed_ids(array)
    found = _digit_numbers(packed, array) if packed is not None else None
    if not zero:  # one prefix, then digits: always numbered so (when packed)
        assert (found is not None) == all(len(i.encode()) <= 8 for i in ids)
    if found is not None:
        values = [int(i[len(prefix):]) for i in ids]
        assert found.tolist() == [v - min(values) for v in values]
        assert len(set(zip(ids, found.tolist()))) == len(set(ids)) == len(set(found.tolist()))
    codes = _case_codes(pd.Series(ids, dtype="str"))
    assert len(set(zip(ids, codes.tolist()))) == len(set(ids)) == len(set(codes.tolist()))
