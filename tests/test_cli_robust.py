"""``journeymap validate``, ``info`` and ``metrics --events`` never print a traceback: one line
per problem and exit 1 (issue 13)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from journeymap.cli import main

from conftest import ROOT, SAMPLES
from mutations import journey_mutant, mangle_table

JOURNEY = SAMPLES / "online_order.journey.json"


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected error" not in err, err
    return code, err.splitlines()


def test_validate_and_info_on_mutants_exit_1_with_one_line_per_problem(tmp_path, capsys):
    rng = random.Random(7)
    doc = json.loads(JOURNEY.read_text(encoding="utf-8"))
    for i in range(40):
        path = tmp_path / f"m{i}.journey.json"
        path.write_bytes(journey_mutant(doc, rng))
        code, _ = run(capsys, "validate", "-q", str(path))
        assert code in (0, 1)
        code, lines = run(capsys, "info", str(path))
        assert code in (0, 1)
        if code:
            assert lines and all(line.startswith(str(path)) for line in lines), lines


def test_metrics_with_mangled_event_logs_never_trace_back(tmp_path, capsys):
    rng = random.Random(11)
    log = (SAMPLES / "feedback" / "online_order_events.csv").read_text(encoding="utf-8")
    head = "\n".join(log.splitlines()[:40])
    for i in range(12):
        path = tmp_path / f"log{i}.csv"
        path.write_text(mangle_table(head, rng, rng.randint(1, 6)), encoding="utf-8")
        code, _ = run(capsys, "metrics", str(JOURNEY), "--events", str(path))
        assert code in (0, 1)


def test_metrics_on_a_log_without_a_case_column_says_which_column_is_missing(tmp_path, capsys):
    path = tmp_path / "log.csv"
    path.write_text("who,what,when\n1,search,2026-01-01\n", encoding="utf-8")
    code, lines = run(capsys, "metrics", str(JOURNEY), "--events", str(path))
    assert code == 1
    assert lines == [f"journeymap metrics: {path}: no case column recognised among who, what, "
                     "when: name it (case_column, --case-column)"]


def test_an_unexpected_failure_is_one_line_and_exit_1(capsys, monkeypatch):
    from journeymap.cli import info

    monkeypatch.delenv("JOURNEYMAP_TRACEBACK", raising=False)
    monkeypatch.setattr(info, "summary", lambda journey: 1 / 0)
    assert main(["info", str(JOURNEY)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["journeymap info: unexpected error (ZeroDivisionError: "
                                "division by zero); please report it (JOURNEYMAP_TRACEBACK=1 "
                                "shows where)"]


@pytest.mark.parametrize("content", [b"[" * 5000, b'{"format": "journeymap/0", "stages": [1]}',
                                     b'{"n": ' + b"9" * 5000 + b"}"])
def test_a_real_process_prints_words_not_a_traceback(tmp_path, content):
    path = tmp_path / "bad.journey.json"
    path.write_bytes(content)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for command in ("validate", "info"):
        done = subprocess.run([sys.executable, "-m", "journeymap", command, str(path)],
                              capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
        assert str(path) in done.stderr + done.stdout
