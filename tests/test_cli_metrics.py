"""``journeymap metrics``: formats, flags describing sources, saved sources, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from journeymap.cli import main
from journeymap.model import FeedbackSource, MetricColumn, save

from analytics_helpers import shop_journey

KEYS = {"touchpoint", "label", "stage", "segment", "n", "nps", "nps_low", "nps_high", "csat",
        "csat_low", "csat_high", "ces", "ces_low", "ces_high", "rating", "negative_share",
        "friction", "friction_low", "friction_high", "small_sample"}


@pytest.fixture
def files(tmp_path):
    journey_path = tmp_path / "shop.journey.json"
    save(shop_journey(), journey_path)
    (tmp_path / "survey.csv").write_text(
        "where;likelihood;segment;when\n"
        + "".join(f"{w};{s};{seg};2024-0{m}-05\n" for w, s, seg, m in
                  [("browse", 9, "new", 1), ("browse", 10, "old", 1), ("basket", 3, "new", 2),
                   ("checkout", 2, "old", 2), ("checkout", 6, "new", 3), ("lost", 5, "old", 3),
                   ("basket", 11, "new", 3)]))
    (tmp_path / "map.csv").write_text("value,touchpoint\ncheckout,Pay at checkout\nlost,\n")
    return tmp_path, journey_path


def run(capsys, *argv):
    code = main(["metrics", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_from_flag_described_source(files, capsys):
    folder, journey = files
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                         "--touchpoint-column", "where", "--value-map", folder / "map.csv",
                         "--metric", "likelihood=nps", "--format", "json")
    assert code == 0
    data = json.loads(out)
    tps = {t["touchpoint"]: t for t in data["touchpoints"]}
    assert list(tps) == shop_journey().touchpoint_ids()
    assert KEYS <= set(tps["browse"])
    assert tps["browse"]["segment"] is None and tps["browse"]["nps"] == 100
    assert tps["pay"]["n"] == 2 and tps["pay"]["nps"] == -100 and tps["pay"]["friction"] == 1
    assert tps["support"]["nps"] is None and tps["support"]["friction"] is None
    assert tps["browse"]["csat"] is None
    assert "transitions" not in data
    # Rejected rows by reason on stderr: the 11 is out of range, "lost" maps to nothing.
    assert "7 rows, 5 kept, 2 rejected" in err
    assert "out of range: 1" in err and "maps to no touchpoint: 1" in err


def test_by_segment_and_period(files, capsys):
    folder, journey = files
    common = [journey, "--feedback", folder / "survey.csv", "--touchpoint-column", "where",
              "--value-map", folder / "map.csv", "--metric", "likelihood=nps",
              "--segment", "segment", "--timestamp", "when", "--format", "json"]
    code, out, _ = run(capsys, *common, "--by", "segment:segment")
    rows = json.loads(out)["touchpoints"]
    assert code == 0 and len(rows) == 2 * 5
    pay = {r["segment"]: r["n"] for r in rows if r["touchpoint"] == "pay"}
    assert pay == {"new": 1, "old": 1}
    code, out, _ = run(capsys, *common, "--by", "period:M")
    assert {r["segment"] for r in json.loads(out)["touchpoints"]} == {"2024-01", "2024-02",
                                                                     "2024-03"}
    code, out, _ = run(capsys, *common, "--by", "stage")
    data = json.loads(out)
    assert [s["stage"] for s in data["stages"]] == ["buy", "receive"]
    assert data["stages"][0]["n"] == 5


def test_events_add_transitions_reach_and_drop_off(files, capsys):
    folder, journey = files
    (folder / "log.csv").write_text(
        "case_id,touchpoint,timestamp\n"
        "1,browse,2024-01-01T10:00\n1,basket,2024-01-01T10:05\n1,pay,2024-01-01T10:07\n"
        "2,browse,2024-01-01T11:00\n2,pay,2024-01-01T11:30\n3,browse,2024-01-02T09:00\n")
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                         "--touchpoint-column", "where", "--value-map", folder / "map.csv",
                         "--metric", "likelihood=nps", "--events", folder / "log.csv",
                         "--format", "json")
    assert code == 0
    data = json.loads(out)
    edges = {(t["source"], t["target"]): t for t in data["transitions"]}
    assert edges[("browse", "pay")]["in_map"] is False
    assert edges[("browse", "basket")]["in_map"] is True
    assert edges[("browse", "pay")]["median_seconds"] == 1800
    tps = {t["touchpoint"]: t for t in data["touchpoints"]}
    assert tps["browse"]["reached"] == 3 and tps["browse"]["drop_off"] == pytest.approx(1 / 3)
    assert tps["pay"]["drop_off"] == 1
    code, out, _ = run(capsys, journey, "--events", folder / "log.csv")
    assert "Transitions customers take that the map lacks" in out
    assert "Browse the shop → Pay at checkout: 1" in out


def test_csv_and_table(files, capsys):
    folder, journey = files
    args = [journey, "--feedback", folder / "survey.csv", "--touchpoint-column", "where",
            "--value-map", folder / "map.csv", "--metric", "likelihood=nps"]
    code, out, _ = run(capsys, *args, "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(frame) == 5 and KEYS <= set(frame.columns)
    assert frame.set_index("touchpoint").loc["pay", "nps"] == -100
    code, out, _ = run(capsys, *args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Shop" and "NPS [95%]" in lines[1] and "friction [95%]" in lines[1]
    assert "CSAT" not in lines[1]  # no source measures it: no column of dashes
    assert any(line.startswith("Pay at checkout") and "small sample" in line for line in lines)


def test_saved_sources_relative_to_the_journey(files, capsys, monkeypatch, tmp_path_factory):
    folder, journey_path = files
    journey = shop_journey()
    journey.add_source(FeedbackSource(
        "survey", "survey.csv", touchpoint_column="where", match="map",
        value_map={"checkout": "pay", "lost": None},
        metrics=[MetricColumn("likelihood", "nps")]))
    save(journey, journey_path)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, out, err = run(capsys, journey_path, "--format", "json")
    assert code == 0
    tps = {t["touchpoint"]: t for t in json.loads(out)["touchpoints"]}
    assert tps["pay"]["n"] == 2
    assert "survey: 7 rows, 5 kept" in err


def test_wide_layout_flags(files, capsys):
    folder, journey = files
    (folder / "wide.csv").write_text("respondent,Browse the shop,Basket,type\n"
                                     "1,5,0,a\n2,1,4,b\n3,0,0,a\n")
    code, out, err = run(capsys, journey, "--feedback", folder / "wide.csv", "--layout",
                         "wide", "--metric-kind", "rating:1-5", "--na", "0",
                         "--format", "json")
    assert code == 0
    tps = {t["touchpoint"]: t for t in json.loads(out)["touchpoints"]}
    assert tps["browse"]["n"] == 2 and tps["browse"]["rating"] == 0.5
    assert tps["basket"]["n"] == 1 and tps["basket"]["rating"] == 0.75
    assert "not applicable: 1" in err


def test_exit_codes(files, capsys):
    folder, journey = files
    code, _, err = run(capsys, journey, "--feedback", folder / "nothing.csv")
    assert code == 1 and "nothing.csv: no such file" in err
    code, _, err = run(capsys, folder / "missing.journey.json")
    assert code == 1
    (folder / "badmap.csv").write_text("checkout,Pay at checkout\nlost,the moon\n")
    code, _, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                       "--touchpoint-column", "where", "--value-map", folder / "badmap.csv")
    assert code == 1 and "badmap.csv, line 2" in err and "the moon" in err
    code, _, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                       "--touchpoint-column", "nope")
    assert code == 1 and "'nope' is not in the table" in err
    for bad in (["--metric", "likelihood=happiness"], ["--metric", "x=rating:5-1"],
                ["--by", "colour"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as exit_info:
            run(capsys, journey, *bad)
        assert exit_info.value.code == 2


def test_rejected_rows_exported(files, capsys):
    folder, journey = files
    out_file = folder / "rejected.csv"
    code, _, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                       "--touchpoint-column", "where", "--value-map", folder / "map.csv",
                       "--metric", "likelihood=nps", "--rejected", out_file)
    assert code == 0 and "2 rejected rows written" in err
    rejected = pd.read_csv(out_file)
    assert sorted(rejected["reason"]) == ["maps to no touchpoint", "out of range"]
    assert set(rejected.columns) >= {"source", "row", "reason", "column", "value", "where",
                                     "likelihood", "segment"}
    assert str(rejected.set_index("reason").loc["out of range", "value"]) == "11"


def test_compare_two_segments(files, capsys):
    folder, journey = files
    rows = "".join(f"pay,{2 if i < 40 else 10},{'a' if i % 2 else 'b'}\n" for i in range(80))
    rows += "".join(f"pay,{2 if i < 5 else 10},c\n" for i in range(40))
    (folder / "seg.csv").write_text("touchpoint,nps,group\n" + rows)
    args = [journey, "--feedback", folder / "seg.csv", "--by", "segment:group"]
    code, out, _ = run(capsys, *args, "--compare", "a", "c")
    assert code == 0
    line = next(line for line in out.splitlines() if line.strip().startswith("Pay at checkout")
                and "→" in line)
    assert line.rstrip().endswith("*")  # 50% against 12.5% negative: significant
    code, out, _ = run(capsys, *args, "--compare", "a", "b", "--compare-measure", "nps",
                       "--format", "json")
    comparison = {c["touchpoint"]: c for c in json.loads(out)["comparison"]}
    assert comparison["pay"]["significant"] is False and comparison["pay"]["n_a"] == 40
    code, _, err = run(capsys, *args, "--compare", "a", "zzz")
    assert code == 2 and "no group 'zzz'" in err


def test_by_a_segment_column_nobody_has(files, capsys):
    folder, journey = files
    code, _, err = run(capsys, journey, "--feedback", folder / "survey.csv",
                       "--touchpoint-column", "where", "--metric", "likelihood=nps",
                       "--by", "segment:colour")
    assert code == 1 and "no source has a column 'colour'" in err


def test_a_column_named_nps_with_broken_values_is_still_nps_and_the_bad_rows_are_counted(
        tmp_path, capsys):
    from journeymap.cli import main

    table = tmp_path / "bad.csv"
    table.write_text("touchpoint,nps,csat\npay,11,3\nghost,5,2\nthree-ds,abc,4\n"
                     "three-ds,7,9\nthree-ds,9,5\n", encoding="utf-8")
    sample = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
    assert main(["metrics", str(sample), "--feedback", str(table), "--format", "json"]) == 0
    err = capsys.readouterr().err
    # what was assumed is told: NPS keeps its 0–10 (an 11 fits no scale of whole numbers up
    # to 10), CSAT's 9 is read as a 1–10 scale, as the import dialog proposes
    assert "scores: nps (nps 0–10), csat (csat 1–10)" in err
    assert "--metric nps=nps:0-10 --metric csat=csat:1-10" in err
    assert "5 rows, 2 kept, 3 rejected" in err
    for reason in ("out of range: 1", "unknown touchpoint: 1", "unparseable value: 1"):
        assert reason in err


def test_flag_described_source_finds_touchpoints_by_label_too(tmp_path, capsys):
    """Without a value map, a column of touchpoint labels (any case, accents, punctuation)
    matches as well as one of ids, as it does through the import dialog."""
    journey = tmp_path / "shop.journey.json"
    save(shop_journey(), journey)
    (tmp_path / "labels.csv").write_text("step,score\nPAY AT CHECKOUT!,2\nbasket,9\n"
                                         "Home delivery,10\nNowhere,5\n")
    code, out, err = run(capsys, journey, "--feedback", tmp_path / "labels.csv",
                         "--touchpoint-column", "step", "--metric", "score=nps",
                         "--format", "json")
    assert code == 0
    tps = {t["touchpoint"]: t for t in json.loads(out)["touchpoints"]}
    assert tps["pay"]["n"] == 1 and tps["basket"]["n"] == 1 and tps["delivery"]["n"] == 1
    assert "4 rows, 3 kept, 1 rejected" in err and "unknown touchpoint: 1" in err


def test_the_table_keeps_its_columns_in_line_under_labels_in_any_script(tmp_path, capsys):
    """Columns are as wide as a terminal draws their text: a Chinese label takes two
    columns a character, a decomposed accent none."""
    from journeymap.cli.metrics import _width
    from journeymap.model import Journey, Stage, Touchpoint

    journey = Journey("Scripts")
    journey.add_stage(Stage("all", "All"))
    for key, label in (("pay", "Оплата"), ("ship", "配送の確認"), ("cafe", "Cafe\u0301"),
                       ("wide", "ＮＰＳ")):
        journey.add_touchpoint(Touchpoint(key, label, stage="all"))
    save(journey, tmp_path / "scripts.journey.json")
    (tmp_path / "s.csv").write_text("touchpoint,score\npay,4\nship,2\ncafe,5\nwide,1\n",
                                    encoding="utf-8")
    code, out, _ = run(capsys, tmp_path / "scripts.journey.json", "--feedback",
                       tmp_path / "s.csv", "--metric", "score=rating:1-5")
    assert code == 0
    rows = [line for line in out.splitlines()[1:] if line]
    stage_at = {_width(line[:line.index("All")]) for line in rows[2:]}
    assert len(rows) == 6 and stage_at == {_width(rows[0][:rows[0].index("stage")])}
    assert _width("配送の確認") == 10 and _width("Cafe\u0301") == 4 and _width("ＮＰＳ") == 6
