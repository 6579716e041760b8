"""Saved metrics of a database or a Parquet dataset go stale when its content changes: a
cheap marker (row count and latest timestamp; file sizes and Parquet footers) is part of the
cache's fingerprint. A copy with new modification times stays fresh."""

from __future__ import annotations

import os
import sqlite3

import pandas as pd

from journeymap.metrics_cache import fingerprint
from journeymap.model import FeedbackSource, MetricColumn

from analytics_helpers import shop_journey


def _journey(source: FeedbackSource):
    journey = shop_journey()
    for old in list(journey.sources):
        journey.remove_source(old.id)
    journey.add_source(source)
    return journey


def _rows(n: int) -> pd.DataFrame:
    return pd.DataFrame({"touchpoint": ["browse"] * n, "nps": list(range(n)),
                         "at": pd.date_range("2026-01-01", periods=n, freq="h")
                         .strftime("%Y-%m-%d %H:%M:%S")})


def test_a_database_source_is_stale_after_new_rows(tmp_path):
    with sqlite3.connect(tmp_path / "cx.sqlite") as con:
        _rows(5).to_sql("answers", con, index=False)
    journey = _journey(FeedbackSource("db", url="sqlite:///cx.sqlite", table="answers",
                                      touchpoint_column="touchpoint", timestamp_column="at",
                                      metrics=[MetricColumn("nps", "nps")]))
    before = fingerprint(journey, tmp_path)
    assert fingerprint(journey, tmp_path) == before
    with sqlite3.connect(tmp_path / "cx.sqlite") as con:
        _rows(6).tail(1).to_sql("answers", con, index=False, if_exists="append")
    assert fingerprint(journey, tmp_path) != before


def test_a_parquet_folder_is_stale_after_a_rewrite_not_after_a_touch(tmp_path):
    folder = tmp_path / "survey"
    (folder / "region=north").mkdir(parents=True)
    file = folder / "region=north" / "part-0.parquet"
    _rows(5).to_parquet(file, index=False)
    journey = _journey(FeedbackSource("survey", "survey", touchpoint_column="touchpoint",
                                      metrics=[MetricColumn("nps", "nps")]))
    before = fingerprint(journey, tmp_path)
    os.utime(file, (1, 1))  # a copy or a checkout: new times, same content
    assert fingerprint(journey, tmp_path) == before
    _rows(5).assign(nps=[9, 9, 9, 9, 9]).to_parquet(file, index=False)
    assert fingerprint(journey, tmp_path) != before
    rewritten = fingerprint(journey, tmp_path)
    _rows(3).to_parquet(folder / "region=north" / "part-1.parquet", index=False)
    assert fingerprint(journey, tmp_path) != rewritten
