"""``journeymap metrics`` with ``--engine``, ``--source-url``/``--table``/``--query``, and a
saved database source (no password in the file)."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from journeymap.analytics import engines
from journeymap.model import FeedbackSource, MetricColumn, load, save

from analytics_helpers import shop_journey
from engine_helpers import mixed_feedback
from test_cli_metrics import run

FLAGS = ["--touchpoint-column", "touchpoint", "--metric", "nps=nps", "--metric", "csat=csat",
         "--metric", "ces=ces", "--na", "don't know", "--comment", "comment",
         "--timestamp", "submitted_at", "--format", "json", "--by", "period:M"]


@pytest.fixture
def files(tmp_path):
    journey = tmp_path / "shop.journey.json"
    save(shop_journey(), journey)
    frame = mixed_feedback(800)
    frame.to_csv(tmp_path / "survey.csv", index=False)
    with sqlite3.connect(tmp_path / "survey.sqlite") as con:
        frame.to_sql("responses", con, index=False)
    return tmp_path, journey


def test_every_engine_prints_the_same_json(files, capsys, monkeypatch):
    folder, journey = files
    code, pandas_out, err = run(capsys, journey, "--feedback", folder / "survey.csv", *FLAGS)
    assert code == 0 and "computed with" not in err
    reference = json.loads(pandas_out)["touchpoints"]
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv", *FLAGS,
                         "--engine", "duckdb")
    assert code == 0 and "computed with duckdb" in err
    assert json.loads(out)["touchpoints"] == reference
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv", *FLAGS,
                         "--engine", "pandas", "--rejected", folder / "pandas.csv")
    listed = pd.read_csv(folder / "pandas.csv")
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv", *FLAGS,
                         "--engine", "duckdb", "--rejected", folder / "rejected.csv")
    assert code == 0 and f"{len(listed):,} rejected rows written" in err
    found = pd.read_csv(folder / "rejected.csv")
    assert sorted(found["reason"]) == sorted(listed["reason"])
    assert list(found.columns) == list(listed.columns)
    assert found["row"].isna().all()  # an SQL table has no row numbers
    monkeypatch.setattr(engines, "REJECTED_LISTED", 2)
    code, out, err = run(capsys, journey, "--feedback", folder / "survey.csv", *FLAGS,
                         "--engine", "duckdb", "--rejected", folder / "few.csv")
    few = pd.read_csv(folder / "few.csv")
    assert few["reason"].value_counts().max() == 2
    assert "lists the first 2 rejected rows of each reason" in err
    code, out, err = run(capsys, journey, "--source-url", "sqlite:///survey.sqlite",
                         "--query", "SELECT * FROM responses", *FLAGS)
    assert code == 0, err
    assert "computed with sqlite" in err
    rows = json.loads(out)["touchpoints"]
    # the same numbers; only the name of the source that fed them differs
    assert {row.pop("sources") or "" for row in rows} - {""} == {"database"}
    assert rows == [{k: v for k, v in row.items() if k != "sources"} for row in reference]


def test_a_database_url_needs_a_table_or_a_query(files, capsys):
    folder, journey = files
    code, out, err = run(capsys, journey, "--source-url", "sqlite:///survey.sqlite")
    assert code != 0 and "--table or a --query" in err and "Traceback" not in err


def test_a_saved_database_source_keeps_no_password(files, capsys, monkeypatch):
    folder, journey_path = files
    journey = load(journey_path)
    journey.add_source(FeedbackSource(
        id="db", url="postgresql://cx:secret@db.example.com:5432/cx", table="survey",
        touchpoint_column="touchpoint", engine="duckdb",
        metrics=[MetricColumn("nps", "nps", 0, 10)]))
    save(journey, journey_path)
    text = journey_path.read_text()
    assert "secret" not in text and "postgresql://cx@db.example.com:5432/cx" in text
    again = load(journey_path).source("db")
    assert again.url == "postgresql://cx@db.example.com:5432/cx" and again.table == "survey"
    assert again.path == "" and again.engine == "duckdb"


def test_a_source_without_path_or_url_is_named_by_validate(files, capsys):
    import json as _json

    from journeymap.cli import main

    folder, journey_path = files
    doc = _json.loads(journey_path.read_text())
    doc["feedback_sources"] = [{"id": "db", "table": "t", "role": "feedback", "layout": "long",
                                "match": "id"},
                               {"id": "my", "url": "mysql://h/db", "table": "t",
                                "role": "feedback", "layout": "long", "match": "id"}]
    journey_path.write_text(_json.dumps(doc))
    assert main(["validate", str(journey_path)]) == 1
    out = capsys.readouterr().out
    assert "feedback_sources[0]: needs a path (a file, folder or glob) or a url" in out
    assert "feedback_sources[1].url: use sqlite:///FILE" in out
