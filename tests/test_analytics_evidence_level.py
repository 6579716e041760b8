"""Evidence levels per card and the list of disagreements between workshop and data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from journeymap.analytics import analyse
from journeymap.analytics.evidence_level import (ASSUMED, DATA_BACKED, MAX_WIDTH, THIN,
                                                 disagreements, evidence_levels)
from journeymap.cli import main
from journeymap.model import FeedbackSource, MetricColumn, load

from analytics_helpers import shop_journey

SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"


def survey(tmp_path, counts: dict[str, tuple[int, int]]):
    """A long CSAT survey: touchpoint -> (answers, of which dissatisfied)."""
    rows = [(tp, 1 if i < bad else 5) for tp, (n, bad) in counts.items() for i in range(n)]
    path = tmp_path / "survey.csv"
    pd.DataFrame(rows, columns=["touchpoint", "csat"]).to_csv(path, index=False)
    return FeedbackSource("s", str(path), touchpoint_column="touchpoint",
                          metrics=[MetricColumn("csat", "csat", 1, 5)])


def test_levels_follow_sample_size_width_and_agreement(tmp_path):
    journey = shop_journey()  # emotions: browse +1, basket 0, pay −1, delivery +2
    journey.update_touchpoint("basket", pain_points=["Slow"])
    source = survey(tmp_path, {"browse": (400, 40), "basket": (400, 8), "pay": (400, 200),
                               "delivery": (12, 1)})
    analysis = analyse(journey, [source])
    levels = evidence_levels(analysis).set_index("touchpoint")
    assert levels.loc["browse", "level"] == DATA_BACKED
    assert levels.loc["browse", "width"] <= MAX_WIDTH
    assert levels.loc["delivery", "level"] == THIN          # 12 answers
    assert levels.loc["support", "level"] == ASSUMED        # none
    # "Slow" is written on the calmest card: 2% against a typical 10%
    assert levels.loc["basket", "level"] == THIN and levels.loc["basket", "disagrees"]
    found = disagreements(analysis)
    assert list(found["touchpoint"]) == ["basket"] and found["about"].iloc[0] == "pain points"


def test_the_samples_disagreements_are_the_designed_ones(capsys):
    path = SAMPLES / "online_order.journey.json"
    analysis = analyse(load(path), base_dir=SAMPLES)
    found = disagreements(analysis)
    assert set(found["touchpoint"]) == {"sign-in", "unbox"}  # sample_journeys/README.md
    assert main(["evidence", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["touchpoint"] for d in data["disagreements"]} == {"sign-in", "unbox"}
    assert {t["level"] for t in data["touchpoints"]} == {DATA_BACKED, THIN, ASSUMED}
