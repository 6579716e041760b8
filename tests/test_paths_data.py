"""Paths on real data (Olist orders) and discovery on the samples' own event logs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from journeymap.analytics.caselog import read_case_log
from journeymap.analytics.conformance import conform
from journeymap.analytics.discover import discover, read_activity_log
from journeymap.analytics.reading import SourceError
from journeymap.cli import main
from journeymap.model import load, validate

from conftest import SAMPLES
from test_analytics_realdata import OLIST, olist_journey, olist_sources  # noqa: F401


def test_olist_reviews_before_delivery_are_out_of_order_not_errors(realdata, olist_sources):
    raw = pd.read_csv(realdata / OLIST)
    journey = olist_journey()
    log, tables = read_case_log(journey, [olist_sources[0]])
    assert tables[0].rejected_counts == {}
    assert log.cases == len(raw)
    cf = conform(log, journey)
    got = cf.touchpoint_table().set_index("touchpoint")
    delivered = pd.to_datetime(raw["order_delivered_customer_date"], format="ISO8601")
    review_day = pd.to_datetime(raw["review_creation_date"], format="ISO8601").dt.normalize()
    answered = pd.to_datetime(raw["review_answer_timestamp"], format="ISO8601", utc=True)
    # Reviewed on a day before the parcel arrived, or the review answered before it arrived
    # the same day: the delivery comes after a step of a later stage.
    early = ((review_day < delivered.dt.normalize())
             | (answered.dt.tz_localize(None) < delivered))
    assert got.loc["delivery", "out_of_order"] == early.sum() == 316
    # Never delivered but reviewed: the delivery is a designed step they jumped over.
    assert got.loc["delivery", "skipped"] == (delivered.isna() & review_day.notna()).sum()
    assert got.loc["delivery", "reached"] == delivered.notna().sum()
    fitness = pd.Series(cf.fitness, index=cf.log.names.astype(str))
    ids = raw["id"].astype(str)
    on_time = ids[(~early & delivered.notna()).to_numpy()]
    assert (fitness[on_time] == 1.0).mean() > 0.99
    assert (fitness[ids[early.to_numpy()]] < 1).all()
    assert 0.9 < cf.overall_fitness() < 1


@pytest.mark.parametrize("name", ["online_order", "air_trip", "saas_trial"])
def test_discover_on_the_samples_matches_the_design_where_walked(name):
    found = read_activity_log(SAMPLES / "feedback" / f"{name}_events.csv")
    draft, mapping = discover(found.log, min_share=0.05)
    assert validate(draft) == []
    designed = load(SAMPLES / f"{name}.journey.json")
    assert all(mapping[k] == k for k in mapping)  # the samples' logs hold touchpoint ids
    found_edges = {(t.source, t.target) for t in draft.transitions()}
    design_edges = {(t.source, t.target) for t in designed.transitions()}
    cf = conform(read_case_log(designed, base_dir=SAMPLES)[0], designed)
    walked = cf.transition_table()
    # Every designed transition customers took often enough is found ...
    strong = walked[walked["in_map"] & (walked["share"] >= 0.05)]
    assert set(zip(strong["source"], strong["target"])) <= found_edges
    # ... and what is found beyond the design is what customers did off the map.
    off_map = found_edges - design_edges
    walked_off = set(zip(walked.loc[~walked["in_map"] & (walked["volume"] > 0), "source"],
                         walked.loc[~walked["in_map"] & (walked["volume"] > 0), "target"]))
    assert off_map <= walked_off
    assert len(found_edges & design_edges) / len(found_edges) > 0.9
    # Stages follow the designed order: a touchpoint's discovered stage rises with its
    # designed stage (rank correlation).
    order = {s.id: i for i, s in enumerate(draft.stages)}
    dorder = {s.id: i for i, s in enumerate(designed.stages)}
    pairs = pd.DataFrame([(dorder[designed.touchpoint(k).stage],
                           order[draft.touchpoint(k).stage]) for k in mapping])
    assert pairs.corr(method="spearman").iloc[0, 1] > 0.8


def test_discover_command_writes_a_journey_that_opens_with_its_log(tmp_path, capsys):
    out = tmp_path / "draft.journey.json"
    events = SAMPLES / "feedback" / "saas_trial_events.csv"
    assert main(["discover", str(events), "-o", str(out), "--min-share", "0.1"]) == 0
    draft = load(out)
    assert validate(draft) == [] and len(draft.stages) >= 3
    source = draft.sources[0]
    assert source.role == "events" and (out.parent / source.path).resolve() == events.resolve()
    expected = [t for t in draft.transitions() if t.kind == "expected"]
    assert expected and all(t.volume and "median_seconds" in t.attributes for t in expected)
    # The draft's own log conforms to it closely, by construction.
    assert main(["paths", str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fitness"] > 0.9 and data["unmapped"] == []
    # An existing file is not overwritten without --force; a bad log is a message.
    assert main(["discover", str(events), "-o", str(out)]) == 1
    assert "exists" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n1,2\n")
    assert main(["discover", str(bad), "-o", str(tmp_path / "x.journey.json")]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "case" in err and not (tmp_path / "x.journey.json").exists()
    with pytest.raises(SourceError):
        read_activity_log(bad)


def test_discover_counts_rejected_rows(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("case,activity,time\n1,Sign up,2026-01-01T09:00\n1,Verify,2026-01-01T09:05\n"
                    ",Verify,2026-01-01T09:05\n2,,2026-01-01T09:00\n2,Sign up,yesterday\n"
                    "2,Sign up,2026-01-01T10:00\n2,Verify,2026-01-01T10:30\n")
    found = read_activity_log(path)
    assert found.rejected == {"missing case id": 1, "missing touchpoint": 1,
                              "unparseable timestamp": 1}
    assert found.input_rows == 7 and found.log.events == 4
    draft, mapping = discover(found.log)
    assert [t.label for t in draft.touchpoints()] == ["Sign up", "Verify"]
    (tr,) = draft.transitions()
    assert (tr.source, tr.target, tr.volume) == (mapping["Sign up"], mapping["Verify"], 2)
    assert tr.attributes["median_seconds"] == pytest.approx(17.5 * 60)


def test_olist_states_compared_as_the_app_does(realdata, olist_sources):
    from journeymap.analytics.caselog import split_columns
    from journeymap.analytics.deltas import compare_paths

    raw = pd.read_csv(realdata / OLIST)
    journey = olist_journey()
    orders = olist_sources[0]
    _, tables = read_case_log(journey, [orders])
    offered = split_columns(tables)
    assert "customer_state" in offered and "id" not in offered
    assert not set(offered) & set(orders.wide_columns)
    found = compare_paths(journey, "segment:customer_state", sources=[orders])
    biggest = raw["customer_state"].value_counts()
    assert (found.a, found.b) == tuple(biggest.index[:2])          # SP, then RJ
    assert found.groups[:2] == [(s, int(n)) for s, n in biggest.head(2).items()]
    delivered = pd.to_datetime(raw["order_delivered_customer_date"], format="ISO8601")
    review_day = pd.to_datetime(raw["review_creation_date"], format="ISO8601").dt.normalize()
    answered = pd.to_datetime(raw["review_answer_timestamp"], format="ISO8601", utc=True)
    early = ((review_day < delivered.dt.normalize())
             | (answered.dt.tz_localize(None) < delivered))
    row = found.deltas[(found.deltas["what"] == "out_of_order")
                       & (found.deltas["source"] == "delivery")].iloc[0]
    assert row["cases_a"] == (early & (raw["customer_state"] == found.a)).sum()
    assert row["cases_b"] == (early & (raw["customer_state"] == found.b)).sum()
    assert found.deltas["q_value"].dropna().between(0, 1).all()
