"""One rule turns analysis numbers into plain values (journeymap.plain), and the command
line's JSON, the app's metrics cache and the figures' evidence all follow it."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journeymap.plain import plain_value
from process_helpers import loaded_after

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


@pytest.mark.parametrize("value, plain", [
    (None, None),
    (float("nan"), None), (np.float64("nan"), None), (np.float32("nan"), None),
    (pd.NA, None), (pd.NaT, None), (np.datetime64("NaT"), None),
    (float("inf"), None), (np.float64("-inf"), None),
    (np.int64(3), 3), (np.uint8(7), 7), (True, True), (np.bool_(False), False),
    (12.0, 12), (np.float64(175.0), 175), (-0.0, 0),
    (1 / 3, 0.333333), (np.float64(0.1 + 0.2), 0.3), (-47.2494861, -47.249486),
    (2.9999999, 3),                       # rounds to an integral value: an int
    (3e-9, 3e-9), (1.23456789e-9, 1.23457e-9),   # small numbers keep six digits, never 0
    (1234567.891, 1234567.891),
    (np.str_("web"), "web"), ("web", "web"),
    (pd.Timestamp("2026-05-01 10:30"), "2026-05-01T10:30:00"),
    (np.datetime64("2026-05-01T10:30:00.123456789"), "2026-05-01T10:30:00.123456"),
    (datetime.date(2026, 5, 1), "2026-05-01"),
    (pd.Timedelta(minutes=90), 5400), (np.timedelta64(5, "s"), 5),
    (np.array(2.5), 2.5),
])
def test_the_rule(value, plain):
    got = plain_value(value)
    assert got == plain and type(got) is type(plain)


def test_values_missing_in_nullable_columns_are_none():
    frame = pd.DataFrame({"n": pd.array([3, None], "Int64"),
                          "share": pd.array([0.5, None], "Float64"),
                          "label": pd.array(["a", None], "str")})
    assert [{k: plain_value(v) for k, v in row.items()} for row in frame.to_dict("records")] \
        == [{"n": 3, "share": 0.5, "label": "a"}, {"n": None, "share": None, "label": None}]


def test_the_rule_loads_neither_pandas_nor_numpy():
    code = "import journeymap.plain, journeymap.render.evidence, journeymap.metrics_cache"
    assert loaded_after(code, ["pandas", "numpy"]) == []


# ------------------------------------------------------------ the three faces agree
def test_evidence_has_no_infinite_values():
    """An infinite value is no value in the evidence, as in the cache: it neither colours a
    card nor stretches the volume scale to infinity (before, the live map kept it and the
    map reopened from the cache did not)."""
    from journeymap.render.evidence import Evidence, records

    frame = pd.DataFrame({"touchpoint": ["a", "b"], "volume": [np.inf, 40.0],
                          "friction": [np.inf, 0.25], "scored": [12, 50]})
    evidence = Evidence(touchpoints={r["touchpoint"]: r for r in records(frame)})
    assert evidence.value("a", "friction") is None
    assert evidence.colour_scale_max("volume") == 40
    assert evidence.row_value({"friction": np.float64("-inf")}, "friction") is None


def test_metrics_json_is_strict_json_even_with_an_infinite_value():
    from journeymap.cli.metrics import _records

    frame = pd.DataFrame({"touchpoint": ["a", "b"], "n": [4.0, 0.0],
                          "ratio": [np.inf, 0.25], "p_value": [2e-12, 0.5]})
    rows = _records(frame, ("touchpoint", "n", "ratio", "p_value"))
    json.dumps(rows, allow_nan=False)  # Infinity is not JSON
    assert rows == [{"touchpoint": "a", "n": 4, "ratio": None, "p_value": 2e-12},
                    {"touchpoint": "b", "n": 0, "ratio": 0.25, "p_value": 0.5}]
    assert type(rows[0]["n"]) is int


@pytest.fixture(scope="module")
def sample_analysis():
    from journeymap.analytics import analyse
    from journeymap.model import load

    journey = load(SAMPLE)
    return journey, analyse(journey, base_dir=SAMPLE.parent)


def test_command_line_cache_and_evidence_show_the_same_numbers(sample_analysis):
    """What ``journeymap metrics --format json`` prints, what the journey file keeps and what
    the map draws (live and reopened from the cache) are the same values, of the same type."""
    from journeymap.metrics_cache import KEPT, cache_of, evidence_of_cache
    from journeymap.cli.metrics import as_json
    from journeymap.render.evidence import from_analysis

    journey, analysis = sample_analysis
    printed = {r["touchpoint"]: r for r in as_json(analysis)["touchpoints"]}
    cache = json.loads(json.dumps(cache_of(analysis, journey, SAMPLE.parent)))
    live = from_analysis(analysis).touchpoints
    reopened = evidence_of_cache(cache).touchpoints
    compared = 0
    for key, row in printed.items():
        for column in set(KEPT) & set(row):
            value = row[column]
            assert cache["touchpoints"][key].get(column) == value, (key, column)
            for evidence in (live, reopened):
                got = evidence[key].get(column)
                assert got == value and type(got) is type(value), (key, column, got, value)
            compared += value is not None and not isinstance(value, bool)
    assert compared > 100
    assert any(isinstance(r["volume"], int) and r["volume"] for r in printed.values())
    assert not any(isinstance(v, float) and not math.isfinite(v)
                   for r in printed.values() for v in r.values())
