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
