"""``journeymap paths``: the JSON shape, the table, groups, comparisons and bad input."""

from __future__ import annotations

import json

import pandas as pd

from journeymap.cli import main
from journeymap.model import save

from conftest import SAMPLES
from test_analytics_paths import line_journey

ORDER = str(SAMPLES / "online_order.journey.json")


def write(tmp_path, rows, name="log.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["case_id", "touchpoint", "timestamp", "device"]).to_csv(
        path, index=False)
    return path


def hand_made(tmp_path):
    journey = tmp_path / "line.journey.json"
    save(line_journey(), journey)
    rows = []
    for i in range(60):
        steps = "abd" if (i % 2 and i < 40) else "abcd"   # odd cases below 40 skip c
        device = "mobile" if i % 2 else "desktop"
        rows += [(f"k{i}", s, f"2026-01-0{1 + i % 3}T09:{10 * n:02d}", device)
                 for n, s in enumerate(steps)]
    rows.append(("k99", "gift-wrap", "2026-01-02T09:00", "desktop"))
    return journey, write(tmp_path, rows)


def test_json_has_the_documented_shape(tmp_path, capsys):
    journey, log = hand_made(tmp_path)
    assert main(["paths", str(journey), "--events", str(log), "--format", "json",
                 "--top", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"variants", "touchpoints", "transitions", "fitness", "cases"} <= set(data)
    assert data["cases"] == 61
    first, other = data["variants"]
    assert first["path"] == ["a", "b", "c", "d"] and first["cases"] == 40
    assert {"path", "cases", "share", "median_seconds"} <= set(first)
    assert other["path"] == ["(other)"] and other["cases"] == 21
    c = next(t for t in data["touchpoints"] if t["touchpoint"] == "c")
    assert (c["reached"], c["skipped"], c["out_of_order"], c["repeated"]) == (40, 20, 0, 0)
    bd = next(t for t in data["transitions"] if (t["source"], t["target"]) == ("b", "d"))
    assert bd["volume"] == 20 and bd["in_map"] is False and bd["median_seconds"] == 600
    assert {"source", "target", "volume", "in_map", "median_seconds", "p90_seconds"} <= set(bd)
    assert data["unmapped"] == [{"value": "gift-wrap", "events": 1, "cases": 1}]
    assert 0 < data["fitness"] < 1


def test_by_segment_and_compare_in_words(tmp_path, capsys):
    journey, log = hand_made(tmp_path)
    assert main(["paths", str(journey), "--events", str(log), "--by", "segment:device",
                 "--compare", "desktop", "mobile"]) == 0
    out = capsys.readouterr().out
    assert "mobile customers skip 'Step C' where desktop customers never do (67% vs 0%" in out
    assert "desktop: 31 cases" in out and "(missing)" not in out
    assert main(["paths", str(journey), "--events", str(log), "--by", "segment:device",
                 "--compare", "desktop", "mobile", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["group"] for g in data["groups"]] == ["desktop", "mobile"]
    top = data["comparison"]["differences"][0]
    assert top["significant"] and top["subject"] in ("c", "b → d", "b → c", "c → d")


def test_the_samples_table(capsys):
    assert main(["paths", ORDER, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "3,000 cases" in out and "Walked but not designed:" in out
    assert "Add to basket → Browse the category and filter" in out
    assert "Designed but never walked:" in out


def test_bad_input_is_a_message(tmp_path, capsys):
    journey, log = hand_made(tmp_path)
    assert main(["paths", str(journey)]) == 1
    assert "no event log" in capsys.readouterr().err
    assert main(["paths", str(journey), "--events", str(tmp_path / "none.csv")]) == 1
    assert "none.csv: no such file" in capsys.readouterr().err
    assert main(["paths", str(journey), "--events", str(log), "--compare", "a", "b"]) == 2
    assert main(["paths", str(journey), "--events", str(log), "--by", "segment:nope"]) == 1
    assert "nope" in capsys.readouterr().err
    assert main(["paths", str(journey), "--events", str(log), "--by", "segment:device",
                 "--compare", "desktop", "tablet"]) == 2
    assert "tablet" in capsys.readouterr().err
    assert main(["paths", str(journey), "--events", str(log), "--by", "segment:device",
                 "--compare", "desktop", "desktop"]) == 2
    assert "--compare: Choose two different groups." in capsys.readouterr().err
