"""Complaint and ticket logs as a source kind of their own: counts, shares, rates per 1,000
customers reached with intervals, themes, and friction that is never a constant 1.00."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from journeymap.analytics import analyse
from journeymap.analytics.complaints import NO_TRAFFIC
from journeymap.analytics.stats import wilson
from journeymap.cli import main
from journeymap.model import (FeedbackSource, Journey, MetricColumn, Stage, Touchpoint,
                              Transition, save)

from test_analytics_realdata import REASONS, TWEETS, tweets_journey


def tweets_as_complaints(realdata) -> FeedbackSource:
    return FeedbackSource("tweets", str(realdata / TWEETS), role="complaints",
                          touchpoint_column="negativereason", match="map", value_map=REASONS,
                          options={"theme_column": "negativereason"})


def test_the_tweets_as_a_complaint_log(realdata):
    raw = pd.read_csv(realdata / TWEETS)
    analysis = analyse(tweets_journey(), [tweets_as_complaints(realdata)])
    tps = analysis.touchpoints.set_index("touchpoint")
    mapped = raw["negativereason"].map(REASONS).dropna()
    assert tps["complaint_count"].to_dict() == mapped.value_counts().to_dict()
    assert tps["complaint_share"].sum() == pytest.approx(1.0)
    assert tps.loc["flight", "complaint_themes"] == {"Late Flight": 1665,
                                                    "Cancelled Flight": 847, "Bad Flight": 580}
    # no traffic known: friction cannot be computed, and says so (never 1.00 everywhere)
    assert tps["friction"].isna().all()
    assert (tps["friction_basis"] == NO_TRAFFIC).all()
    counts = analysis.rejected_counts["tweets"]
    assert analysis.kept_counts["tweets"] + sum(counts.values()) == len(raw)


def register_journey() -> Journey:
    journey = Journey("Service")
    journey.add_stage(Stage("s", "Service"))
    for key, label in (("order", "Place order"), ("deliver", "Delivery"),
                       ("support", "Support call")):
        journey.add_touchpoint(Touchpoint(key, label, stage="s"))
    journey.connect(Transition("order", "deliver", volume=2000))
    journey.connect(Transition("deliver", "support", volume=500))
    return journey


def test_a_complaint_register_with_themes_channels_and_traffic(tmp_path):
    register = tmp_path / "register.csv"
    rows = ([("Delivery", "late", "phone")] * 30 + [("Delivery", "damaged", "email")] * 10
            + [("Support call", "rude", "phone")] * 5 + [("Place order", "payment", "web")] * 3)
    pd.DataFrame(rows, columns=["step", "theme", "channel"]).to_csv(register, index=False)
    source = FeedbackSource("register", str(register), role="complaints",
                            touchpoint_column="step", match="label",
                            segment_columns=["channel"], options={"theme_column": "theme"})
    survey = tmp_path / "survey.csv"
    pd.DataFrame({"touchpoint": ["support"] * 10, "csat": [1] * 4 + [5] * 6}).to_csv(
        survey, index=False)
    answers = FeedbackSource("survey", str(survey), touchpoint_column="touchpoint",
                             metrics=[MetricColumn("csat", "csat")])
    analysis = analyse(register_journey(), [source, answers])
    tps = analysis.touchpoints.set_index("touchpoint")
    # traffic from the volumes on the arrows into each card
    share, low, high = wilson(pd.Series([40.0]).to_numpy(), pd.Series([2000.0]).to_numpy())
    assert tps.loc["deliver", "complaints_per_1000"] == pytest.approx(1000 * share[0]) == 20
    assert tps.loc["deliver", "complaints_per_1000_low"] == pytest.approx(1000 * low[0])
    assert tps.loc["deliver", "friction"] == pytest.approx(0.02)   # the complaint rate
    assert tps.loc["deliver", "friction_basis"] == "complaint rate"
    assert tps.loc["deliver", "complaint_themes"] == {"late": 30, "damaged": 10}
    # scored answers keep their friction; the complaint numbers stand beside it
    assert tps.loc["support", "friction"] == pytest.approx(0.4)
    assert tps.loc["support", "friction_basis"] == "answers"
    assert tps.loc["support", "complaints_per_1000"] == pytest.approx(10)
    # the first card has no arrow in: no traffic, friction unknown
    assert tps.loc["order", "friction_basis"] == NO_TRAFFIC
    by_channel = analyse(register_journey(), [source], by="segment:channel").touchpoints
    phone = by_channel[(by_channel["segment"] == "phone")].set_index("touchpoint")
    assert phone.loc["deliver", "complaint_count"] == 30
    assert phone["complaint_share"].sum() == pytest.approx(1.0)


def test_journeymap_metrics_source_kind_complaints(realdata, tmp_path, capsys):
    journey = tmp_path / "flying.journey.json"
    save(tweets_journey(), journey)
    value_map = tmp_path / "reasons.csv"
    value_map.write_text("".join(f"{k},{v or ''}\n" for k, v in REASONS.items()))
    args = ["metrics", str(journey), "--source-kind", "complaints", "--feedback",
            str(realdata / TWEETS), "--touchpoint-column", "negativereason",
            "--value-map", str(value_map), "--theme", "negativereason"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "3,092 (39%)" in out and "unknown (no traffic)" in out and "1.00" not in out
    assert main(args + ["--format", "json"]) == 0
    rows = {r["touchpoint"]: r for r in json.loads(capsys.readouterr().out)["touchpoints"]}
    assert rows["service"]["complaint_count"] == 2910
    assert rows["service"]["friction"] is None
    assert rows["baggage"]["complaint_themes"] == {"Lost Luggage": 724, "Damaged Luggage": 74}


def test_the_sources_feeding_each_touchpoint_are_named(tmp_path, capsys):
    register = tmp_path / "register.csv"
    pd.DataFrame({"step": ["Delivery"] * 4 + ["Support call"]}).to_csv(register, index=False)
    survey = tmp_path / "survey.csv"
    pd.DataFrame({"touchpoint": ["support", "deliver"], "csat": [1, 5]}).to_csv(
        survey, index=False)
    journey = register_journey()
    journey.add_source(FeedbackSource("register", "register.csv", role="complaints",
                                      touchpoint_column="step", match="label"))
    journey.add_source(FeedbackSource("survey", "survey.csv", touchpoint_column="touchpoint",
                                      metrics=[MetricColumn("csat", "csat")]))
    path = tmp_path / "service.journey.json"
    save(journey, path)
    assert main(["metrics", str(path), "--format", "json"]) == 0
    rows = {r["touchpoint"]: r for r in json.loads(capsys.readouterr().out)["touchpoints"]}
    assert rows["deliver"]["sources"] == "survey, register"
    assert rows["order"]["sources"] == ""
    assert main(["metrics", str(path)]) == 0
    assert "from survey, register" in capsys.readouterr().out
