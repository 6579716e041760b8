"""``journeymap drivers``: the JSON contract, the table, the quadrant figure, exit codes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from journeymap.cli import main
from journeymap.model import save

from analytics_helpers import shop_journey


@pytest.fixture
def survey(tmp_path):
    """One row per respondent: a rating per touchpoint (0 = not applicable), an outcome."""
    rng = np.random.default_rng(4)
    n = 300
    pay = rng.integers(1, 6, n)
    delivery = np.clip(pay + rng.integers(-1, 2, n), 1, 5)
    browse = rng.integers(1, 6, n)
    overall = np.clip(np.round(0.6 * pay + 0.3 * delivery + 0.1 * browse
                               + rng.normal(0, 0.7, n)), 1, 5)
    frame = pd.DataFrame({"Browse the shop": browse, "Pay at checkout": pay,
                          "Home delivery": delivery, "overall": overall.astype(int),
                          "renew": np.where(overall >= 4, "yes", "no"),
                          "device": np.where(np.arange(n) % 2, "mobile", "desktop")})
    frame.loc[:4, "Home delivery"] = 0
    frame.loc[5:6, "overall"] = None
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    journey = tmp_path / "shop.journey.json"
    save(shop_journey(), journey)
    return journey, path


def run(capsys, journey, path, *argv):
    code = main(["drivers", str(journey), "--feedback", str(path), "--layout", "wide",
                 "--metric-kind", "rating:1-5", "--na", "0", "--bootstrap", "100", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys, survey):
    code, out, err = run(capsys, *survey, "--outcome", "overall", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"outcome", "r2", "n", "touchpoints"} <= set(data)
    assert data["outcome"] == "overall" and data["n"] == 300 - 5 - 2
    assert data["excluded"] == {"outcome missing": 2, "a driver missing or not applicable": 5}
    first = data["touchpoints"][0]
    assert set(first) >= {"touchpoint", "label", "column", "weight", "weight_low",
                          "weight_high", "performance"}
    assert first["touchpoint"] == "pay" and first["column"] == "Pay at checkout"
    assert sum(t["weight"] for t in data["touchpoints"]) == pytest.approx(data["r2"], abs=1e-5)


def test_two_valued_outcome_by_segment_and_figure(capsys, survey, tmp_path):
    out_png = tmp_path / "quadrant.png"
    code, out, err = run(capsys, *survey, "--outcome", "renew", "--outcome-positive", "yes",
                         "--by", "segment:device", "-o", out_png)
    assert code == 0, err
    assert "Key drivers of renew = yes (desktop)" in out and "(mobile)" in out
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_errors_name_the_problem(capsys, survey):
    code, _, err = run(capsys, *survey, "--outcome", "renew")
    assert code == 1 and "declare the positive one" in err
    code, _, err = run(capsys, *survey, "--outcome", "nothing")
    assert code == 1 and "no wide source has an outcome column 'nothing'" in err
    code, _, err = run(capsys, *survey, "--outcome", "overall", "-o", "x.gif")
    assert code == 2 and "use .png, .svg or .pdf" in err


def test_themes_command(capsys):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
    code = main(["themes", str(sample), "--touchpoint", "three-ds", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    themes = json.loads(out)["themes"]
    assert {t["touchpoint"] for t in themes} == {"three-ds"}
    assert all(t["quote_1"] and t["count"] > 0 for t in themes)
    assert any(t["negative_share"] > 0.5 for t in themes)
    assert main(["themes", str(sample), "--touchpoint", "ghost"]) == 2
