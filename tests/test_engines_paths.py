"""Variants and conformance of an event log walked case by case on DuckDB (bounded memory)
equal the pandas path's: counts exactly, durations and delays to the last bit, fitness to
1e-12. Pieces are made tiny so that cases cross the stream's batches and pieces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journeymap.analytics.caselog import read_case_log
from journeymap.analytics.conformance import conform
from journeymap.analytics.engines import backends, streamed
from journeymap.analytics.engines.streamed import reduce_case_log
from journeymap.analytics.engines import _columns
from journeymap.analytics.paths import variants
from journeymap.model import FeedbackSource

from analytics_helpers import shop_journey
from engine_helpers import mixed_events


def _source(path: str) -> FeedbackSource:
    return FeedbackSource(id="log", path=path, role="events", touchpoint_column="step",
                          case_column="customer", timestamp_column="at")


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("streamed")
    frame = mixed_events(cases=600, seed=5)
    # ties in variant ranks are broken by the first case: keep case order = id order
    frame.to_csv(folder / "events.csv", index=False)
    frame.to_parquet(folder / "events.parquet", index=False)
    return folder


def _streamed(folder, monkeypatch, top):
    monkeypatch.setattr(streamed, "PIECE", 37)
    monkeypatch.setattr(streamed, "BATCH", 29)
    source = _source("events.parquet")
    backend = backends.open_backend(source, folder, "duckdb")
    try:
        columns = _columns(backend.sample(1000))
        return reduce_case_log(source, shop_journey(), backend, columns, paths=True, top=top)
    finally:
        backend.close()


@pytest.mark.parametrize("top", [None, 3])
def test_variants_and_conformance_equal_pandas(logs, monkeypatch, top):
    journey = shop_journey()
    log, _ = read_case_log(journey, [_source("events.csv")], logs)
    assert log.mapped < len(log.activities)  # the log has unmapped steps ("teleport")
    reference = variants(log, top=top)
    expected = conform(log, journey)
    found = _streamed(logs, monkeypatch, top)
    pd.testing.assert_frame_equal(reference, found.variants, check_exact=True)
    assert found.variants.attrs["variants"] == reference.attrs["variants"]
    cf = found.conformance
    assert cf.cases == expected.cases and cf.log.events == log.events
    pd.testing.assert_frame_equal(expected.touchpoint_table(), cf.touchpoint_table())
    pd.testing.assert_frame_equal(expected.transition_table(), cf.transition_table(),
                                  check_exact=True)
    pd.testing.assert_frame_equal(expected.unmapped(), cf.unmapped())
    assert abs(expected.overall_fitness() - cf.overall_fitness()) < 1e-12
    assert expected.overall_fitness() < 1


def test_the_event_sums_do_not_depend_on_the_piece_size(logs, monkeypatch):
    one = _streamed(logs, monkeypatch, 5).sums
    monkeypatch.setattr(streamed, "PIECE", 10 ** 9)
    source = _source("events.parquet")
    backend = backends.open_backend(source, logs, "duckdb")
    try:
        whole = reduce_case_log(source, shop_journey(), backend, _columns(backend.sample(10)),
                                paths=False).sums
    finally:
        backend.close()
    for name in ("sources", "targets", "volume", "median", "p90", "reached", "started",
                 "ended", "events", "stage_reached", "stage_ended"):
        assert np.array_equal(getattr(one, name), getattr(whole, name)), name
    assert one.cases == whole.cases


def test_the_paths_command_on_duckdb_prints_what_pandas_prints(logs, capsys):
    import json

    from journeymap.cli import main
    from journeymap.model import save

    save(shop_journey(), logs / "shop.journey.json")
    out = {}
    for engine, log in (("pandas", "events.csv"), ("duckdb", "events.parquet")):
        code = main(["paths", str(logs / "shop.journey.json"), "--events", str(logs / log),
                     "--case-column", "customer", "--event-touchpoint-column", "step",
                     "--time-column", "at", "--format", "json", "--top", "4",
                     "--engine", engine])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        out[engine] = json.loads(captured.out)
    assert "computed with duckdb" in captured.err
    fitness = [out[e].pop("fitness") for e in out]
    assert abs(fitness[0] - fitness[1]) < 1e-9
    assert out["pandas"] == out["duckdb"]
