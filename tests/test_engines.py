"""The same measures from every engine: pandas, DuckDB, Spark (local), SQLite, PostgreSQL.

One table with segments, months, missing values, "don't know" codes and bad rows is written as CSV
(read by pandas and DuckDB), Parquet (DuckDB, Spark), an SQLite file, a DuckDB file and a
table in a real PostgreSQL server; every engine must give the same counts exactly, the same
means and shares to 1e-9, and the same rejected rows by reason.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from journeymap.analytics import analyse
from journeymap.analytics.reading import SourceError
from journeymap.model import FeedbackSource, MetricColumn

from analytics_helpers import shop_journey
from engine_helpers import PostgresServer, mixed_events, mixed_feedback, postgres_binaries

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


def _listed(analysis) -> Counter:
    """Rejected rows as (reason, column, value); numbers compared as numbers (PostgreSQL
    writes 9.0 as 9)."""
    def norm(value):
        if value is None or value != value:
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)

    rows = analysis.rejected
    return Counter(zip(rows["reason"], rows["column"].fillna(""), map(norm, rows["value"])))


def _same(reference, other, label: str) -> None:
    assert _listed(reference) == _listed(other), label
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
@pytest.mark.parametrize("histogram", [True, False])
def test_duckdb_equals_pandas(data, path, histogram, monkeypatch):
    """Both ways of the query: answers counted per combination first (few distinct
    values, the usual survey) or parsed row by row."""
    from journeymap.analytics.engines import sql

    if not histogram:
        monkeypatch.setattr(sql, "FEW_VALUES", 0)
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


@pytest.fixture(scope="module")
def dataset(data):
    """The table as a Hive-partitioned Parquet folder (device=…/part-0.parquet)."""
    folder, frame = data
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_to_dataset(pa.Table.from_pandas(frame.dropna(subset=["device"])),
                        folder / "dataset", partition_cols=["device"])
    frame.dropna(subset=["device"]).to_csv(folder / "present.csv", index=False)
    return folder


def test_a_partitioned_folder_and_a_glob_read_their_partitions_as_segments(dataset):
    journey = shop_journey()
    reference = analyse(journey, [_source(path="present.csv")], base_dir=dataset,
                        by="segment:device", engine="pandas")
    for path in ("dataset", "dataset/*/*.parquet"):
        found = analyse(journey, [_source(path=path)], base_dir=dataset, by="segment:device")
        assert found.engines == {"survey": "duckdb"}  # a dataset picks DuckDB by itself
        _same(reference, found, path)
        assert any("folders name segments: device" in note for note in found.notes)
        assert set(found.groups()) == {"ios app", "android app", "mobile web", "desktop"}


def _events(**where) -> FeedbackSource:
    return FeedbackSource(id="log", role="events", touchpoint_column="step",
                          case_column="customer", timestamp_column="at", **where)


def _same_events(reference, other, label: str) -> None:
    assert _listed(reference) == _listed(other), label
    x, y = reference.events, other.events
    pd.testing.assert_frame_equal(x.touchpoints, y.touchpoints, check_exact=False,
                                  rtol=0, atol=1e-12, obj=label)
    pd.testing.assert_frame_equal(x.stages, y.stages, check_exact=False, rtol=0, atol=1e-12)
    # quantiles interpolate between the same two delays: exact but for the last bit
    pd.testing.assert_frame_equal(x.transitions, y.transitions, check_exact=False,
                                  rtol=1e-12, atol=1e-9, obj=label)
    assert x.cases == y.cases
    assert reference.rejected_counts["log"] == other.rejected_counts["log"], label
    assert reference.kept_counts == other.kept_counts


@pytest.fixture(scope="module")
def event_data(data):
    folder, _ = data
    frame = mixed_events()
    frame.to_csv(folder / "events.csv", index=False)
    frame.to_parquet(folder / "events.parquet", index=False)
    return folder, frame


@pytest.fixture(scope="module")
def postgres_events(event_data, postgres):
    _, frame = event_data
    import psycopg

    with psycopg.connect(postgres.url, autocommit=True) as con:
        con.execute("CREATE TABLE events (customer text, step text, at text)")
        with con.cursor() as cursor, cursor.copy("COPY events FROM STDIN") as copy:
            for row in frame.itertuples(index=False):
                copy.write_row(list(row))
    return postgres.url


def _check_events(folder, source, engine: str, name: str, **options) -> None:
    journey = shop_journey()
    reference = analyse(journey, [_events(path="events.csv")], base_dir=folder,
                        engine="pandas")
    assert sum(reference.rejected_counts["log"].values()) == 12
    from journeymap.analytics.engines import sql

    asked = []
    with pytest.MonkeyPatch.context() as patch:
        real = sql.distinct_query
        patch.setattr(sql, "distinct_query", lambda *a: asked.append(a) or real(*a))
        found = analyse(journey, [source], base_dir=folder, engine=engine, **options)
    assert found.engines == {"log": name}
    # the rejected rows are listed with the touchpoint values the reduction found
    assert len(asked) == 1, asked
    _same_events(reference, found, name)
    pd.testing.assert_frame_equal(reference.touchpoints, found.touchpoints)


def test_event_logs_reduce_alike_on_duckdb(event_data):
    _check_events(event_data[0], _events(path="events.parquet"), "duckdb", "duckdb")


def test_event_logs_reduce_alike_on_postgresql(event_data, postgres_events):
    _check_events(event_data[0], _events(url=postgres_events, table="events"), "",
                  "postgresql")


@pytest.mark.slow
def test_event_logs_reduce_alike_on_spark(event_data, spark):
    _check_events(event_data[0], _events(path="events.parquet"), "spark", "spark",
                  spark_master=spark)


def test_an_event_log_by_group_is_read_whole_through_its_engine(event_data):
    journey = shop_journey()
    event_data = event_data[0]
    reference = analyse(journey, [_events(path="events.csv")], base_dir=event_data,
                        by="period:M", engine="pandas")
    found = analyse(journey, [_events(path="events.parquet")], base_dir=event_data,
                    by="period:M", engine="duckdb")
    assert found.engines == {"log": "pandas (read through duckdb)"}
    pd.testing.assert_frame_equal(reference.touchpoints, found.touchpoints)


def test_typed_timestamps_group_alike(data):
    """A Parquet file with real timestamp (and integer) columns: cast, not parsed."""
    folder, frame = data
    typed = frame.assign(submitted_at=pd.to_datetime(frame["submitted_at"], errors="coerce"))
    typed.to_parquet(folder / "typed.parquet", index=False)
    journey = shop_journey()
    for by in BYS:
        reference = analyse(journey, [_source(path="typed.parquet")], base_dir=folder, by=by,
                            engine="pandas")
        found = analyse(journey, [_source(path="typed.parquet")], base_dir=folder, by=by,
                        engine="duckdb")
        _same(reference, found, f"typed by {by}")


def test_comparisons_of_two_groups_are_the_same_from_every_engine(data):
    folder, _ = data
    journey = shop_journey()
    reference = analyse(journey, [_source(path="survey.csv")], base_dir=folder,
                        by="segment:device", engine="pandas")
    found = analyse(journey, [_source(path="survey.parquet")], base_dir=folder,
                    by="segment:device", engine="duckdb")
    for measure in ("friction", "nps", "ces"):
        pd.testing.assert_frame_equal(reference.compare("desktop", "ios app", measure),
                                      found.compare("desktop", "ios app", measure),
                                      check_exact=False, rtol=0, atol=1e-9)


def test_cancel_interrupts_a_running_duckdb_query():
    """The app's Cancel reaches the engine: a query over ten billion rows stops at once."""
    import threading
    import time

    from journeymap.analytics.engines import Job
    from journeymap.analytics.engines.backends import DuckBackend

    job = Job()
    job.backend = DuckBackend("(SELECT range AS x FROM range(10000000000)) AS t")
    outcome = {}

    def run():
        try:
            job.backend.query(f"SELECT SUM(x * x) FROM {job.backend.relation}")
            outcome["done"] = True
        except Exception as exc:  # duckdb.InterruptException
            outcome["error"] = type(exc).__name__

    worker = threading.Thread(target=run)
    start = time.perf_counter()
    worker.start()
    time.sleep(0.5)
    job.cancel()
    worker.join(30)
    assert not worker.is_alive() and "error" in outcome and job.cancelled
    assert time.perf_counter() - start < 30
    job.backend.close()


@pytest.fixture(scope="module")
def tokens(tmp_path_factory):
    """A CSV whose cells say "missing" in the ways spreadsheets write it (n/a, NA, NULL,
    #N/A…): in a score, a segment, a timestamp and a touchpoint."""
    from journeymap.analytics.reading import MISSING

    folder = tmp_path_factory.mktemp("tokens")
    frame = mixed_feedback(rows=1500, seed=3)
    rng = np.random.default_rng(4)
    words = [t for t in MISSING if t]
    for column, share in (("nps", 0.1), ("device", 0.1), ("submitted_at", 0.05),
                          ("touchpoint", 0.02), ("comment", 0.1)):
        hit = rng.random(len(frame)) < share
        frame.loc[hit, column] = rng.choice(words, int(hit.sum()))
    frame.to_csv(folder / "survey.csv", index=False)
    return folder


def test_missing_tokens_are_missing_on_every_engine(tokens):
    journey = shop_journey()
    for by in (None, "segment:device", "period:M"):
        reference = analyse(journey, [_source(path="survey.csv")], base_dir=tokens, by=by,
                            engine="pandas")
        assert "n/a" not in reference.groups() and "NULL" not in reference.groups()
        other = analyse(journey, [_source(path="survey.csv")], base_dir=tokens, by=by,
                        engine="duckdb")
        _same(reference, other, f"duckdb by {by}")


@pytest.mark.slow
def test_missing_tokens_are_missing_on_spark(tokens, spark):
    journey = shop_journey()
    reference = analyse(journey, [_source(path="survey.csv")], base_dir=tokens,
                        by="segment:device", engine="pandas")
    other = analyse(journey, [_source(path="survey.csv")], base_dir=tokens,
                    by="segment:device", engine="spark", spark_master=spark)
    _same(reference, other, "spark")


@pytest.fixture(scope="module")
def dates(tmp_path_factory):
    """Timestamps written the ways exports write them: ISO 8601, day first (24/02/2026
    10:00, 03/04/2026: 3 April, as pandas reads it), month first where day first cannot be
    (12/31/2026), month names, and a few that are no date."""
    folder = tmp_path_factory.mktemp("dates")
    frame = mixed_feedback(rows=1500, seed=9)
    stamps = pd.to_datetime(frame["submitted_at"], errors="coerce", format="ISO8601")
    rng = np.random.default_rng(2)
    layouts = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S", "%d %B %Y", None]
    chosen = rng.integers(0, len(layouts), len(frame))
    text = frame["submitted_at"].astype(object).copy()
    for i, layout in enumerate(layouts):
        hit = (chosen == i) & stamps.notna().to_numpy()
        if layout:
            text[hit] = stamps[hit].dt.strftime(layout)
    text[rng.random(len(frame)) < 0.02] = "12/31/2026 08:15"
    frame["submitted_at"] = text
    frame.to_csv(folder / "survey.csv", index=False)
    frame.to_parquet(folder / "survey.parquet", index=False)
    return folder


@pytest.mark.parametrize("path", ["survey.parquet", "survey.csv"])
def test_text_timestamps_in_other_layouts_read_alike(dates, path):
    from journeymap.analytics.profile import timestamp_formats

    frame = pd.read_csv(dates / "survey.csv", dtype=str)
    assert "%d/%m/%Y %H:%M" in timestamp_formats(frame["submitted_at"])
    journey = shop_journey()
    for by in ("period:M", "period:W", None):
        reference = analyse(journey, [_source(path="survey.csv")], base_dir=dates, by=by,
                            engine="pandas")
        assert "unparseable timestamp" in reference.rejected_counts["survey"]
        other = analyse(journey, [_source(path=path)], base_dir=dates, by=by,
                        engine="duckdb")
        _same(reference, other, f"duckdb {path} by {by}")


@pytest.mark.slow
def test_text_timestamps_in_other_layouts_read_alike_on_spark(dates, spark):
    journey = shop_journey()
    reference = analyse(journey, [_source(path="survey.csv")], base_dir=dates, by="period:M",
                        engine="pandas")
    other = analyse(journey, [_source(path="survey.parquet")], base_dir=dates, by="period:M",
                    engine="spark", spark_master=spark)
    _same(reference, other, "spark")
