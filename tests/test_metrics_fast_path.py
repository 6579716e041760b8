"""What keeps ``journeymap metrics`` on a million rows near its floor (issue 17), checked
against the plain pandas way of doing each step: the fast step must give the same values."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.feedback import code_dtype
from journeymap.analytics.metrics import group_sums
from journeymap.cli.metrics import _rows


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 5), st.booleans(), st.booleans()), max_size=80))
def test_counts_and_negative_answers_come_from_one_count_of_pairs(rows):
    """n and ``negative`` per group from one ``bincount`` of (group, flag): the same as
    counting each with its own ``bincount`` (rows of no group, code −1, count nowhere)."""
    codes = np.array([r[0] for r in rows], dtype=np.int16)
    frame = pd.DataFrame({"negative": [r[1] for r in rows], "scored": [r[2] for r in rows]},
                         dtype=bool)
    sums = group_sums(frame, codes, 6)
    for group in range(6):
        mine = [r for r in rows if r[0] == group]
        assert sums["n"][group] == len(mine)
        assert sums["negative"][group] == sum(r[1] for r in mine)
        assert sums["scored"][group] == sum(r[2] for r in mine)
    assert sums["n"].dtype == sums["negative"].dtype == np.float64


def test_code_type_is_the_one_pandas_keeps():
    """Codes built in :func:`code_dtype` go into ``Categorical.from_codes`` as they are."""
    for size in (0, 1, 126, 127, 128, 500, 32766, 32767, 40000):
        categories = [f"c{i}" for i in range(size)]
        codes = np.zeros(3, dtype=code_dtype(size)) if size else np.full(3, -1, np.int8)
        kept = pd.Categorical.from_codes(codes, categories=categories, validate=False).codes
        assert kept.dtype == code_dtype(size) == pd.Categorical(categories).codes.dtype
        assert np.shares_memory(kept, codes)  # no conversion of every row


def test_touchpoint_codes_are_not_copied(tmp_path):
    """The touchpoints of the kept rows arrive in the code type pandas keeps, so making the
    categorical converts nothing (500 touchpoints: int16)."""
    from journeymap.analytics.feedback import _Rejections, map_touchpoints
    from journeymap.model import FeedbackSource, Journey, Stage, Touchpoint

    journey = Journey("j")
    journey.add_stage(Stage("s", "S"))
    for i in range(200):
        journey.add_touchpoint(Touchpoint(f"t{i}", f"T {i}", stage="s"))
    series = pd.Series(pd.Categorical(["t3", "t199", "nope", None, "t3"]))
    rejections = _Rejections(pd.DataFrame({"tp": series}))
    found = map_touchpoints(series, FeedbackSource("f", "f.csv", touchpoint_column="tp"),
                            journey, rejections, "tp")
    assert found.codes.dtype == np.int16
    assert list(found.astype(object)[[0, 1, 4]]) == ["t3", "t199", "t3"]
    assert found.isna()[[2, 3]].all() and list(rejections.mask) == [False, False, True, True,
                                                                    False]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-5, 5)),
                          st.one_of(st.none(), st.text(max_size=4)), st.booleans()),
                max_size=20))
def test_table_rows_are_to_dict_records(values):
    """The table's rows from each column's ``tolist()``: the values and types pandas'
    ``to_dict("records")`` gives (numbers unboxed, missing text NaN or None)."""
    frame = pd.DataFrame({"x": [v[0] for v in values], "label": [v[1] for v in values],
                          "flag": [v[2] for v in values],
                          "n": np.arange(len(values), dtype=np.int64),
                          "text": pd.array([v[1] for v in values], dtype="str")})
    expected, found = frame.to_dict("records"), _rows(frame)
    assert len(found) == len(expected)
    for mine, theirs in zip(found, expected):
        assert list(mine) == list(theirs)
        for key in theirs:
            a, b = mine[key], theirs[key]
            assert type(a) is type(b) and (a == b or (a != a and b != b)), key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_cell_width_looks_up_only_the_non_ascii_characters(text):
    """Terminal width from the non-ASCII characters alone equals the per-character rule."""
    import unicodedata

    from journeymap.cli.metrics import _width

    assert _width(text) == sum(
        0 if unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 5), st.one_of(st.integers(0, 10),
                                                       st.sampled_from([np.nan, 2.5, -1.0]))),
                max_size=60),
       st.integers(1, 7))
def test_sums_counted_in_chunks_are_the_sums_of_all_rows(rows, chunk):
    """group_sums counts (group, answer) a chunk of rows at a time so that its temporaries
    stay small; with chunks of 1–7 rows every sum equals the one from a single count."""
    from unittest import mock

    from journeymap.analytics import metrics

    codes = np.array([r[0] for r in rows], dtype=np.int16)
    nps = np.array([r[1] for r in rows], dtype=float)
    frame = pd.DataFrame({"nps": nps, "negative": nps <= 6, "scored": ~np.isnan(nps)})
    whole = group_sums(frame, codes, 6)
    with mock.patch.object(metrics, "CHUNK", chunk):
        chunked = group_sums(frame, codes, 6)
    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)
    for group in range(6):
        answers = [r[1] for r in rows if r[0] == group and r[1] == r[1]]
        assert chunked["nps_n"][group] == len(answers)
        assert chunked["nps_promoters"][group] == sum(a >= 9 for a in answers)


def test_sums_start_no_threads():
    """A million rows' sums in chunks are quicker on one thread than spread over a pool
    (the pool cost more CPU than it saved): no thread is started."""
    import threading
    from unittest import mock

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({kind: rng.integers(1, 6, 200_000).astype(float)
                          for kind in ("nps", "csat", "ces")})
    with mock.patch.object(threading.Thread, "start", side_effect=AssertionError("thread")):
        sums = group_sums(frame, rng.integers(0, 50, 200_000).astype(np.int16), 50)
    assert sums["csat_n"].sum() == 200_000


def test_big_arrays_come_from_memory_arrow_holds():
    """Score columns and row numbers of a large read are made in Arrow's pool (warm after
    the CSV parse), not fresh from the kernel: ordinary writable arrays, the same values."""
    import pyarrow as pa

    from journeymap.analytics import warm
    from journeymap.analytics.feedback import parse_metric
    from journeymap.model import MetricColumn

    ints = np.arange(300_000, dtype=np.int64) % 11
    parsed = parse_metric(pd.Series(ints), MetricColumn("nps", "nps", 0, 10))
    assert isinstance(parsed.values.base, pa.Buffer) and parsed.values.flags.writeable
    assert parsed.values.dtype == np.float64 and np.array_equal(parsed.values, ints)
    small = warm.as_float(np.arange(10))
    assert small.base is None and small.dtype == np.float64  # small ones: plain numpy
    for count in (0, 1, 65_535, 65_536, 65_537, 300_001):
        numbers = warm.row_numbers(count)
        assert numbers.dtype == np.int64 and np.array_equal(numbers, np.arange(1, count + 1))


def test_negative_answers_are_booleans_from_the_shared_thresholds():
    """negative_answer compares straight to booleans: the answers whose weight
    (:data:`.reduction.NEGATIVE`) is 1."""
    from journeymap.analytics.feedback import negative_answer
    from journeymap.analytics.reduction import NEGATIVE, weigh

    values = np.array([np.nan, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.39, 0.4, -1, 0.5])
    for kind, weight in NEGATIVE.items():
        found = negative_answer(kind, values)
        assert found.dtype == bool and np.array_equal(found, weigh(weight, values) == 1)


_CONTROL_CHARS = [chr(c) for c in (*range(32), 0x7F)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_CONTROL_CHARS), st.sampled_from("ab,\n"),
                          st.characters()), max_size=400))
def test_control_characters_found_as_by_looking_at_each(chars):
    """CSV sniffing finds control characters with one regular expression; the verdict and
    the byte and line it names are those of checking character by character."""
    from journeymap.analytics.reading import not_text

    text = "".join(chars)
    control = set(_CONTROL_CHARS) - set("\t\n\r\x0c\x1a")
    found = [i for i, c in enumerate(text) if c in control]
    nul = text.find("\x00")
    verdict = not_text(b"", text)
    if nul < 0 and len(found) <= len(text) / 100:
        assert verdict == ""
    else:
        at = nul if nul >= 0 else found[0]
        assert verdict.startswith(f"byte 0x{ord(text[at]):02x} at line "
                                  f"{text.count(chr(10), 0, at) + 1} ")


def test_metrics_process_runs_without_the_cycle_collector():
    """``journeymap metrics`` as a process of its own switches the cycle collector off (it
    walked pandas' and pyarrow's modules 176 times on a million rows, ~85 ms of CPU);
    called as a function, from the app or a test, it leaves the collector alone."""
    import gc
    import subprocess
    import sys
    from pathlib import Path

    from journeymap.cli import main

    sample = Path(__file__).parents[1] / "sample_journeys" / "online_order.journey.json"
    code = ("import gc, sys\nfrom journeymap.cli import main\n"
            f"sys.argv = ['journeymap', 'metrics', {str(sample)!r}, '--format', 'csv']\n"
            "code = main()\nprint(gc.isenabled(), code, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.splitlines()[-1] == "False 0" and done.stdout.startswith("touchpoint,")
    assert gc.isenabled()
    assert main(["metrics", str(sample), "--format", "csv"]) == 0
    assert gc.isenabled()
