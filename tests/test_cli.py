"""The command line's own commands: validate and info, and its dispatch."""

from __future__ import annotations

import json

from journeymap.cli import main
from journeymap.model import save, to_document
from test_model import small_journey
from process_helpers import loaded_after


def test_validate_passes_good_files_and_exits_1_with_one_line_per_problem(tmp_path, capsys):
    good = tmp_path / "good.journey.json"
    save(small_journey(), good)
    doc = to_document(small_journey())
    doc["stages"][1]["touchpoints"][0]["emotion"] = 7
    doc["transitions"][0]["source"] = "ghost"
    bad = tmp_path / "bad.journey.json"
    bad.write_text(json.dumps(doc))
    truncated = tmp_path / "cut.journey.json"
    truncated.write_text(good.read_text()[:100])

    assert main(["validate", str(good)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "1 valid" in err

    assert main(["validate", str(good), str(bad), str(truncated)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{bad}: stages[1].touchpoints[0].emotion: 7 is greater than 2"
    assert len(lines) == 2  # schema problems first; references are checked once shapes hold
    assert lines[1].startswith(f"{truncated}: line ")
    assert "3 files checked: 1 valid, 2 with 2 problems" in err


def test_info_summarises_stages_and_touchpoints(tmp_path, capsys):
    path = tmp_path / "order.journey.json"
    save(small_journey(), path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Order\nBuy and receive\n3 stages · 4 touchpoints · 4 transitions · 1 persona · 0 feedback sources")
    assert "  2. Buy         1  web 1" in out
    assert "Busy parent (parent)" in out
    assert "expected 3, failure 1" in out


def test_info_on_a_broken_file_prints_the_problem_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "broken.journey.json"
    path.write_text("{")
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: line 1 column 2: not valid JSON") and "Traceback" not in err


def test_unknown_commands_and_missing_files_are_explained(capsys):
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err
    assert main(["nowhere.journey.json"]) == 2
    assert "nowhere.journey.json: no such file" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command_line_without_importing_qt(tmp_path):
    path = tmp_path / "order.journey.json"
    save(small_journey(), path)
    code = ("import sys, runpy; sys.argv = ['journeymap', 'validate', %r];"
            "\ntry: runpy.run_module('journeymap', run_name='__main__')"
            "\nexcept SystemExit as e: assert e.code == 0, e.code" % str(path))
    assert loaded_after(code, ["PySide6", "matplotlib", "pandas"]) == []
