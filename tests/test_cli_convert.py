"""``journeymap convert IN OUT``: formats by extension, notes and one-line errors on stderr."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from journeymap.cli import main
from journeymap.io import read_mermaid
from journeymap.model import load, save, to_document
from process_helpers import loaded_after

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


def convert(*args: object) -> int:
    return main(["convert", *map(str, args)])


def test_mermaid_to_journey_file_and_back(realdata, tmp_path, capsys):
    source = realdata / "journeys" / "04_mermaid_onboarding_engagement_retention.mmd"
    out = tmp_path / "onboarding.journey.json"
    assert convert(source, out) == 0
    out_text, err = capsys.readouterr()
    assert out_text == ""
    assert err == (f"{source}: line 21: not a task (score '2rem' is not a number), skipped: "
                   "'size: 2rem'\n")
    journey = load(out)
    assert journey == read_mermaid(source)[0]
    back = tmp_path / "again.mermaid"
    assert convert(out, back) == 0
    assert read_mermaid(back)[0] == journey
    assert convert(back, tmp_path / "again.journey.json") == 0


def test_journey_file_through_graphml_keeps_everything(tmp_path, capsys):
    graphml = tmp_path / "order.graphml"
    assert convert(SAMPLE, graphml, "--no-feedback") == 0
    back = tmp_path / "order.journey.json"
    assert convert(graphml, back) == 0
    assert capsys.readouterr().err == ""
    original, again = to_document(load(SAMPLE)), to_document(load(back))
    assert original.pop("metrics_cache")  # derived data: GraphML leaves it out
    moved = [(tmp_path / s.pop("path")).resolve() for s in again["feedback_sources"]]
    assert moved == [(SAMPLE.parent / s.pop("path")).resolve()
                     for s in original["feedback_sources"]]
    assert again == original


def test_feedback_source_paths_follow_the_file_to_another_folder(tmp_path):
    out = tmp_path / "deeper" / "copy.journey.json"
    out.parent.mkdir()
    assert convert(SAMPLE, out) == 0
    moved = load(out)
    for source, original in zip(moved.sources, load(SAMPLE).sources):
        assert (out.parent / source.path).resolve() == (SAMPLE.parent / original.path).resolve()


def test_tables_get_metrics_from_saved_feedback(tmp_path, capsys):
    pytest.importorskip("journeymap.analytics")
    csv = tmp_path / "order.csv"
    assert convert(SAMPLE, csv) == 0
    err = capsys.readouterr().err
    assert "rows rejected" in err  # the sample survey has bad rows on purpose
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(table) == len(load(SAMPLE)) and table["n"].sum() > 0
    assert table["friction"].notna().sum() > 5
    xlsx = tmp_path / "order.xlsx"
    assert convert(SAMPLE, xlsx) == 0
    assert pd.read_excel(xlsx, sheet_name="Touchpoints")["n"].sum() == table["n"].sum()
    empty = tmp_path / "plain.csv"
    assert convert(SAMPLE, empty, "--no-feedback") == 0
    assert pd.read_csv(empty, encoding="utf-8-sig")["n"].isna().all()


def test_journey_without_sources_gives_empty_metrics(realdata, tmp_path, capsys):
    csv = tmp_path / "day.csv"
    assert convert(realdata / "journeys" / "01_mermaid_my_working_day.mmd", csv) == 0
    assert capsys.readouterr().err == ""
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(table["label"]) == ["Make tea", "Go upstairs", "Do work", "Go downstairs",
                                    "Sit down"]
    assert table[["n", "friction", "nps"]].isna().all().all()


def test_score_friction_for_mermaid(tmp_path, capsys):
    pytest.importorskip("journeymap.analytics")
    out = tmp_path / "order.mmd"
    assert convert(SAMPLE, out, "--score", "friction") == 0
    assert "measured friction" in out.read_text(encoding="utf-8")
    capsys.readouterr()


@pytest.mark.parametrize("make_input, output, extra, message", [
    (lambda d: d / "x.txt", "out.mmd", [], "x.txt: unknown input format (.txt); use "
                                           ".journey.json, .mmd, .mermaid, .graphml"),
    (lambda d: d / "t.csv", "out.mmd", [], "t.csv: a touchpoint table (CSV) is written, not read"),
    (lambda d: d / "missing.mmd", "out.graphml", [], "missing.mmd: no such file"),
    (lambda d: d / "in.mmd", "out.pdf", [], "out.pdf: unknown output format (.pdf)"),
    (lambda d: d / "in.mmd", "in.mmd", [], "in.mmd: the output would replace the input"),
    (lambda d: d / "flow.mmd", "out.journey.json", [],
     "flow.mmd: line 2: a Mermaid flowchart diagram, not a journey"),
    (lambda d: d / "bad.graphml", "out.mmd", [],
     "bad.graphml: node 'a': emotion: 9.0 is greater than 2"),
    (lambda d: d / "bad.journey.json", "out.mmd", [], "bad.journey.json: line 1 column 2: not "
                                                      "valid JSON"),
    (lambda d: d / "in.mmd", "no/such/dir/out.mmd", [], "out.mmd: cannot write: No such file"),
    (lambda d: d / "in.mmd", "out.mmd", ["--score", "friction"],
     "--score friction needs feedback: the journey has no saved feedback sources"),
    (lambda d: d / "in.mmd", "out.csv", ["--score", "friction"],
     "--score applies to Mermaid output (.mmd) only"),
])
def test_wrong_input_is_one_line_and_exit_1(tmp_path, capsys, make_input, output, extra,
                                            message):
    (tmp_path / "in.mmd").write_text("journey\nsection S\n  a: 3: Me\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("journey\n", encoding="utf-8")
    (tmp_path / "flow.mmd").write_text("%% hi\nflowchart TD\n", encoding="utf-8")
    (tmp_path / "bad.journey.json").write_text("{oops", encoding="utf-8")
    graph = tmp_path / "bad.graphml"
    assert convert(tmp_path / "in.mmd", graph) == 0
    emotion_line = next(line for line in graph.read_text().splitlines() if ">0.0</data>" in line)
    graph.write_text(graph.read_text().replace(emotion_line, emotion_line.replace("0.0", "9.0")))
    capsys.readouterr()
    path = make_input(tmp_path)
    assert convert(path, tmp_path / output, *extra) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("journeymap convert: ") and message in err


def test_unreadable_feedback_is_one_line(tmp_path, capsys):
    pytest.importorskip("journeymap.analytics")
    journey = load(SAMPLE)
    save(journey, tmp_path / "lonely.journey.json")  # its feedback files are not next to it
    assert convert(tmp_path / "lonely.journey.json", tmp_path / "t.csv") == 1
    err = capsys.readouterr().err
    assert err.startswith("journeymap convert: feedback could not be analysed: ")
    assert err.count("\n") == 1


def test_installed_command_runs(tmp_path, realdata):
    exe = shutil.which("journeymap", path=str(Path(sys.executable).parent))
    assert exe
    done = subprocess.run([exe, "convert", str(realdata / "journeys" / "03_mermaid_ecommerce.mmd"),
                           str(tmp_path / "e.graphml")], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Add payment details" in (tmp_path / "e.graphml").read_text(encoding="utf-8")
    done = subprocess.run([exe, "convert", "nope.mmd", str(tmp_path / "e.mmd")],
                          capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr == "journeymap convert: nope.mmd: no such file\n"


def test_convert_never_imports_qt_or_matplotlib(tmp_path):
    code = ("from journeymap.cli import main\n"
            f"assert main(['convert', {str(SAMPLE)!r}, {str(tmp_path / 'o.xlsx')!r}]) == 0")
    assert loaded_after(code, ["PySide6", "matplotlib"]) == []
