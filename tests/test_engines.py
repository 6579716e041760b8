"""The same measures from every engine: pandas, DuckDB, Spark (local), SQLite, PostgreSQL.

One table with segments, months, missing values, "don't know" codes and bad rows is written as CSV
(read by pandas and DuckDB), Parquet (DuckDB, Spark), an SQLite file, a DuckDB file and a
table in a real PostgreSQL server; every engine must give the same counts exactly, the same
means and shares to 1e-9, and the same rejected rows by reason.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from journeymap.analytics import analyse
from journeymap.analytics.reading import SourceError
from journeymap.model import FeedbackSource, MetricColumn

from analytics_helpers import shop_journey
from engine_helpers import PostgresServer, mixed_feedback, postgres_binaries

BYS = [None, "segment:device", "period:M", "period:W", "period:Q"]


def _source(**where) -> FeedbackSource:
    return FeedbackSource(
        id="survey", name="Survey", touchpoint_column="touchpoint", match="label",
        metrics=[MetricColumn("nps", "nps", 0, 10, ["Don't know"]), MetricColumn("csat", "csat", 1, 5),
                 MetricColumn("ces", "ces", 1, 7)],
        comment_column="comment", timestamp_column="submitted_at", **where)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engines")
    frame = mixed_feedback()
    frame.to_csv(folder / "survey.csv", index=False)
    frame.to_parquet(folder / "survey.parquet", index=False)
    with sqlite3.connect(folder / "survey.sqlite") as con:
        frame.to_sql("responses", con, index=False)
    import duckdb

    with duckdb.connect(str(folder / "survey.duckdb")) as con:
        con.register("frame", frame)
        con.execute("CREATE TABLE responses AS SELECT * FROM frame")
    return folder, frame


def _same(reference, other, label: str) -> None:
    x, y = reference.touchpoints, other.touchpoints
    assert list(x.columns) == list(y.columns)
    for column in x.columns:
        a, b = x[column], y[column]
        if a.dtype.kind == "f":
            assert np.allclose(a.to_numpy(float), b.to_numpy(float), rtol=0, atol=1e-9,
                               equal_nan=True), (label, column)
        else:
            assert (a.astype(object).fillna("-") == b.astype(object).fillna("-")).all(), \
                (label, column)
    assert reference.rejected_counts["survey"] == other.rejected_counts["survey"], label
    assert reference.input_counts == other.input_counts, label
    assert reference.kept_counts == other.kept_counts, label
    pd.testing.assert_frame_equal(reference.friction_ranking, other.friction_ranking)


def _check(folder, source, engine: str, expected_engine: str, bys=BYS, **options) -> None:
    journey = shop_journey()
    reference_source = _source(path="survey.csv")
    for by in bys:
        reference = analyse(journey, [reference_source], base_dir=folder, by=by,
                            engine="pandas")
        assert reference.engines == {"survey": "pandas"}
        other = analyse(journey, [source], base_dir=folder, by=by, engine=engine, **options)
        assert other.engines == {"survey": expected_engine}
        _same(reference, other, f"{expected_engine} by {by}")


def test_the_table_has_every_kind_of_trouble(data):
    folder, _ = data
    found = analyse(shop_journey(), [_source(path="survey.csv")], base_dir=folder)
    reasons = found.rejected_counts["survey"]
    for reason in ("missing touchpoint", "unknown touchpoint", "unparseable value",
                   "out of range", "unparseable timestamp", "not applicable"):
        assert reasons.get(reason, 0) > 0, reason
    assert found.touchpoints["n"].sum() > 2000


@pytest.mark.parametrize("path", ["survey.csv", "survey.parquet"])
def test_duckdb_equals_pandas(data, path):
    folder, _ = data
    _check(folder, _source(path=path), "duckdb", "duckdb")


def test_sqlite_equals_pandas(data):
    folder, _ = data
    _check(folder, _source(url="sqlite:///survey.sqlite", table="responses"), "", "sqlite")


def test_duckdb_file_with_a_query_equals_pandas(data):
    folder, _ = data
    _check(folder, _source(url="duckdb:///survey.duckdb",
                           query="SELECT * FROM responses WHERE true"), "", "duckdb")


@pytest.fixture(scope="module")
def postgres(data):
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL's server programs are not installed "
                    "(bash scripts/dev.sh setup installs Debian's postgresql)")
    server = PostgresServer()
    _, frame = data
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as con:
        con.execute("CREATE TABLE responses (touchpoint text, nps text, csat double precision,"
                    " ces double precision, comment text, submitted_at text, device text)")
        with con.cursor() as cursor, cursor.copy("COPY responses FROM STDIN") as copy:
            for row in frame.itertuples(index=False):
                copy.write_row([None if v is None or v != v else v for v in row])
    yield server
    server.stop()


def test_postgresql_equals_pandas(data, postgres):
    folder, _ = data
    _check(folder, _source(url=postgres.url, table="responses"), "", "postgresql")


def test_a_wrong_database_is_a_clear_error(data, postgres):
    folder, _ = data
    with pytest.raises(SourceError, match="nothing"):
        analyse(shop_journey(), [_source(url=postgres.url, table="nothing")], base_dir=folder)
    with pytest.raises(SourceError, match="no such SQLite database"):
        analyse(shop_journey(), [_source(url="sqlite:///missing.sqlite", table="t")],
                base_dir=folder)


@pytest.mark.slow
def test_spark_equals_pandas(data, spark):
    folder, _ = data
    # a segment and a period cover every kind of group; each Spark query costs seconds
    _check(folder, _source(path="survey.parquet"), "spark", "spark",
           [None, "segment:device", "period:W"], spark_master=spark)
