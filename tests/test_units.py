"""Measures in their own units: a rating declared 1–5 is a mean on 1–5 with its interval on
1–5; CES on its declared scale; sources on different scales at one touchpoint say so."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from journeymap.analytics import analyse
from journeymap.app.feedback.heat import own_scale_line
from journeymap.cli import main
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, save

from test_analytics_realdata import SURVEY, survey_journey


def small_journey() -> Journey:
    journey = Journey("Units")
    journey.add_stage(Stage("s", "S"))
    for key in ("a", "b"):
        journey.add_touchpoint(Touchpoint(key, key.upper(), stage="s"))
    return journey


def test_the_survey_rating_is_reported_on_its_declared_scale(realdata, tmp_path, capsys):
    raw = pd.read_csv(realdata / SURVEY)
    source = FeedbackSource("survey", str(realdata / SURVEY), layout="wide",
                            metrics=[MetricColumn("", "rating", 1, 5, na=[0])])
    analysis = analyse(survey_journey(), [source])
    row = analysis.touchpoints.set_index("label").loc["Ease of Online booking"]
    answered = raw.loc[raw["Ease of Online booking"] != 0, "Ease of Online booking"]
    assert row["rating_mean"] == pytest.approx(answered.mean()) == pytest.approx(2.8897, 1e-4)
    assert row["rating"] == pytest.approx((answered.mean() - 1) / 4)   # share of the scale
    assert row["rating_scale"] == "1–5"
    half = row["rating_mean_high"] - row["rating_mean"]
    assert half == pytest.approx(1.96 * answered.std() / len(answered) ** 0.5, rel=1e-2)
    stage = analysis.stages.set_index("stage").loc["book"]
    assert stage["rating_scale"] == "1–5" and 1 <= stage["rating_mean"] <= 5
    line = own_scale_line("rating", row.to_dict())
    assert line.startswith("= 2.89 on its 1–5 scale (95% interval 2.87 to 2.91)")
    # the command line says the same, in every format
    journey = tmp_path / "survey.journey.json"
    save(survey_journey(), journey)
    args = ["metrics", str(journey), "--layout", "wide", "--metric-kind", "rating:1-5",
            "--na", "0", "--feedback", str(realdata / SURVEY)]
    assert main(args) == 0
    assert "2.89 [2.87, 2.91] on 1–5" in capsys.readouterr().out
    assert main(args + ["--format", "json"]) == 0
    rows = {r["label"]: r for r in json.loads(capsys.readouterr().out)["touchpoints"]}
    assert rows["Ease of Online booking"]["rating_mean"] == pytest.approx(2.889714)
    assert rows["Ease of Online booking"]["rating_scale"] == "1–5"


def test_ces_on_its_own_scale_and_mixed_scales_are_said(tmp_path):
    one = tmp_path / "one.csv"
    two = tmp_path / "two.csv"
    pd.DataFrame({"touchpoint": ["a", "a", "b", "b"], "effort": [1, 5, 2, 4],
                  "stars": [1, 5, 3, 5]}).to_csv(one, index=False)
    pd.DataFrame({"touchpoint": ["a", "a"], "stars": [1, 10]}).to_csv(two, index=False)
    sources = [FeedbackSource("one", str(one), touchpoint_column="touchpoint",
                              metrics=[MetricColumn("effort", "ces", 1, 5),
                                       MetricColumn("stars", "rating", 1, 5)]),
               FeedbackSource("two", str(two), touchpoint_column="touchpoint",
                              metrics=[MetricColumn("stars", "rating", 1, 10)])]
    tps = analyse(small_journey(), sources).touchpoints.set_index("touchpoint")
    assert tps.loc["a", "ces_scale"] == "1–5" and tps.loc["a", "ces_mean"] == pytest.approx(3)
    assert tps.loc["a", "ces"] == pytest.approx(4)          # 3 on 1–5 is 4 on the common 1–7
    assert tps.loc["b", "rating_scale"] == "1–5" and tps.loc["b", "rating_mean"] == 4
    assert tps.loc["a", "rating_scale"] == "mixed"           # 1–5 and 1–10 answers
    assert tps.loc["a", "rating_mean"] != tps.loc["a", "rating_mean"]  # NaN: no one scale
    assert "different scales" in own_scale_line("rating", tps.loc["a"].to_dict())


def test_one_linear_map_reads_a_common_scale_on_the_declared_one():
    import numpy as np

    from journeymap.measures import MEASURES, Reading, on_own_scale, with_own_scale

    assert on_own_scale("rating", 0.5, (1, 5)) == 3             # a share of 1–5
    assert on_own_scale("ces", 4.0, (1, 5)) == 3                # 4 on 1–7 is 3 on 1–5
    assert on_own_scale("ces", 3.0, (1, 5), difference=True) == 2   # widths alone
    # whole columns at once, a NaN end where a touchpoint has no one scale
    got = on_own_scale("rating", np.array([0.25, 1.0]), (np.array([1.0, np.nan]),
                                                          np.array([5.0, np.nan])))
    assert got[0] == 2 and np.isnan(got[1])
    # the card's reading and a pooled row use the same map
    assert Reading(MEASURES["ces"], None, scale=(1, 5)).at(7.0) == 5
    row = with_own_scale({"ces": 4.0, "ces_low": 1.0, "ces_high": 7.0}, "ces", (1, 5))
    assert (row["ces_mean"], row["ces_mean_low"], row["ces_mean_high"]) == (3, 1, 5)
