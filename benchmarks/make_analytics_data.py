"""Write the synthetic data of bench_analytics.py into /tmp/journeymap-bench (run by hand).

- ``bench.journey.json``: 500 touchpoints in 10 stages, chained by transitions.
- ``feedback_1m.csv``: 1,000,000 long-layout responses (~80 MB): touchpoint id, NPS 0–10,
  CSAT 1–5, CES 1–7, a comment, two segment columns and a timestamp.
- ``events_5m.csv``: 5,000,000 events of ~1,000,000 cases walking the chain (with skips and
  some steps the map lacks), with timestamps.

Usage: python benchmarks/make_analytics_data.py [FOLDER]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, Transition
from journeymap.model import save

TOUCHPOINTS = 500
STAGES = 10
COMMENTS = [
    "Quick and easy, no complaints at all", "Took far too long to load the page",
    "Staff were friendly and helpful", "Could not find the button to continue",
    "Price was higher than advertised", "Great experience, will come back",
    "Had to call twice before anyone answered", "The form lost my data twice",
    "Delivery arrived a day early", "", "", "", "Confusing wording in the email",
    "Everything worked as expected", "The app crashed during payment"]


def journey() -> Journey:
    j = Journey("Benchmark journey", "500 touchpoints for the analytics benchmarks")
    for s in range(STAGES):
        j.add_stage(Stage(f"s{s:02d}", f"Stage {s + 1}"))
    for i in range(TOUCHPOINTS):
        j.add_touchpoint(Touchpoint(f"tp-{i:03d}", f"Touchpoint {i + 1}",
                                    stage=f"s{i * STAGES // TOUCHPOINTS:02d}",
                                    emotion=float((i % 5) - 2)))
    for i in range(TOUCHPOINTS - 1):
        j.connect(Transition(f"tp-{i:03d}", f"tp-{i + 1:03d}"))
        if i + 2 < TOUCHPOINTS and i % 3 == 0:
            j.connect(Transition(f"tp-{i:03d}", f"tp-{i + 2:03d}", kind="alternative"))
    j.add_source(FeedbackSource(
        "survey", "feedback_1m.csv", touchpoint_column="touchpoint",
        metrics=[MetricColumn("nps", "nps"), MetricColumn("csat", "csat"),
                 MetricColumn("ces", "ces")], comment_column="comment",
        segment_columns=["channel", "region"], timestamp_column="submitted_at"))
    j.add_source(FeedbackSource("log", "events_5m.csv", role="events"))
    return j


def feedback(path: Path, rows: int = 1_000_000, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    tp = rng.integers(0, TOUCHPOINTS, rows)
    badness = (tp % 7) / 10  # some touchpoints hurt more than others
    nps = np.clip(np.round(rng.normal(8 - 6 * badness, 2)), 0, 10).astype(np.int8)
    csat = np.clip(np.round(rng.normal(4 - 2 * badness, 1)), 1, 5).astype(np.int8)
    ces = np.clip(np.round(rng.normal(2 + 4 * badness, 1.2)), 1, 7).astype(np.int8)
    start = np.datetime64("2024-01-01T00:00:00", "s")
    table = pa.table({
        "respondent": rng.integers(0, 400_000, rows),
        "touchpoint": pa.array(np.array([f"tp-{i:03d}" for i in range(TOUCHPOINTS)])[tp]),
        "nps": nps, "csat": csat, "ces": ces,
        "comment": pa.array(np.array(COMMENTS)[rng.integers(0, len(COMMENTS), rows)]),
        "channel": pa.array(np.array(["web", "app", "store", "phone"])[rng.integers(0, 4, rows)]),
        "region": pa.array(np.array(["north", "south", "east", "west", "centre"])[
            rng.integers(0, 5, rows)]),
        "submitted_at": pa.array(start + rng.integers(0, 365 * 86400, rows).astype(
            "timedelta64[s]"))})
    pacsv.write_csv(table, path)


def events(path: Path, count: int = 5_000_000, seed: int = 2) -> None:
    rng = np.random.default_rng(seed)
    cases = count // 5
    lengths = rng.integers(1, 10, cases)  # 1..9 steps, 5 on average
    surplus = int(lengths.sum()) - count  # trim or pad one step at a time to hit count
    adjustable = np.flatnonzero(lengths > 1 if surplus > 0 else lengths < 9)
    lengths[adjustable[:abs(surplus)]] -= np.sign(surplus)
    total = int(lengths.sum())
    assert total == count
    case = np.repeat(np.arange(cases), lengths)
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    step = rng.choice([1, 1, 1, 1, 2, 3], total)            # 3 is a step the map lacks
    step[first] = rng.integers(0, TOUCHPOINTS, cases)        # where each case starts
    position = np.cumsum(step)
    position -= np.repeat(position[first] - step[first], lengths)
    position %= TOUCHPOINTS
    delay = rng.exponential(3600, total).astype(np.int64)
    delay[first] = rng.integers(0, 365 * 86400, cases)
    when = np.cumsum(delay)
    when -= np.repeat(when[first] - delay[first], lengths)
    order = rng.permutation(total)                           # a log is not sorted
    start = np.datetime64("2024-01-01T00:00:00", "s")
    table = pa.table({
        "case_id": pa.array(np.char.add("c", case[order].astype(str))),
        "touchpoint": pa.array(np.array([f"tp-{i:03d}" for i in range(TOUCHPOINTS)])[
            position[order]]),
        "timestamp": pa.array(start + when[order].astype("timedelta64[s]"))})
    pacsv.write_csv(table, path)


def main(folder: str = "/tmp/journeymap-bench") -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    save(journey(), out / "bench.journey.json")
    feedback(out / "feedback_1m.csv")
    print(f"feedback_1m.csv {(out / 'feedback_1m.csv').stat().st_size / 1e6:.0f} MB "
          f"({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    events(out / "events_5m.csv")
    print(f"events_5m.csv {(out / 'events_5m.csv').stat().st_size / 1e6:.0f} MB "
          f"({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main(*sys.argv[1:])
