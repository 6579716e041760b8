"""The *.journey.json format: round trip, errors with paths, versions, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap.model import (FeedbackSource, JourneyFileError, MetricColumn, dumps, load, loads,
                              save, to_document, validate_file)
from journeymap.model import fileformat
from strategies import journeys
from test_model import small_journey


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_load_of_save_gives_back_the_same_journey(journey):
    text = dumps(journey)
    again = loads(text)
    assert again == journey
    assert dumps(again) == text  # and byte for byte the same file


def test_round_trip_through_a_file_keeps_feedback_sources(tmp_path):
    j = small_journey()
    j.add_source(FeedbackSource(
        "survey", "feedback/survey.csv", name="Post-purchase survey", touchpoint_column="step",
        match="map", value_map={"checkout": "pay", "n/a": None},
        metrics=[MetricColumn("nps", "nps", 0, 10), MetricColumn("stars", "rating", 0, 5, [0])],
        comment_column="comment", segment_columns=["region"], timestamp_column="ts",
        options={"delimiter": ";"}))
    path = tmp_path / "order.journey.json"
    save(j, path)
    assert load(path) == j


def test_the_file_is_indented_with_a_stable_key_order():
    text = dumps(small_journey())
    doc = json.loads(text)
    assert list(doc) == ["format", "title", "description", "personas", "lanes", "stages",
                         "transitions"]
    assert list(doc["stages"][0]["touchpoints"][0])[:5] == ["id", "label", "channel", "lane",
                                                           "kind"]
    assert text.startswith('{\n  "format": "journeymap/2",\n')
    assert text.endswith("}\n")


def write(tmp_path: Path, doc_or_text, name="bad.journey.json") -> Path:
    path = tmp_path / name
    path.write_text(doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text),
                    encoding="utf-8")
    return path


def good_doc() -> dict:
    return to_document(small_journey())


def problems(tmp_path, doc_or_text) -> list[str]:
    path = write(tmp_path, doc_or_text)
    lines = validate_file(path)
    return [line.removeprefix(f"{path}: ") for line in lines]


def test_a_truncated_file_names_the_line_and_column(tmp_path):
    text = dumps(small_journey())
    half = text[: len(text) // 2]
    last_line = half.count("\n") + 1
    [line] = problems(tmp_path, half)
    assert line.startswith(f"line {last_line} column ") and "not valid JSON" in line


def test_an_emotion_out_of_range_names_its_path(tmp_path):
    doc = good_doc()
    doc["stages"][1]["touchpoints"][0]["emotion"] = 7
    assert problems(tmp_path, doc) == ["stages[1].touchpoints[0].emotion: 7 is greater than 2"]


def test_wrong_types_missing_and_unknown_fields_are_all_reported(tmp_path):
    doc = good_doc()
    doc["stages"][0]["touchpoints"][1]["label"] = 12
    del doc["stages"][2]["name"]
    doc["transitions"][0]["colour"] = "red"
    doc["transitions"][1]["kind"] = "sideways"
    assert problems(tmp_path, doc) == [
        "stages[0].touchpoints[1].label: expected string, got number 12",
        "stages[2].name: missing (required)",
        "transitions[0].colour: unknown field",
        "transitions[1].kind: 'sideways' is not one of 'expected', 'alternative', 'failure', "
        "'recovery'",
    ]


def test_dangling_references_and_duplicate_ids(tmp_path):
    doc = good_doc()
    doc["transitions"][0]["target"] = "ghost"
    doc["stages"][2]["touchpoints"][0]["id"] = "pay"
    doc["stages"][0]["touchpoints"][1]["emotions"] = {"robot": 1}
    assert problems(tmp_path, doc) == [
        "stages[2].touchpoints[0].id: duplicate id 'pay' (first used at "
        "stages[1].touchpoints[0].id)",
        "stages[0].touchpoints[1].emotions.robot: no persona 'robot'",
        "transitions[0].target: no touchpoint 'ghost'",
        "transitions[3].target: no touchpoint 'parcel'",
    ]


def test_a_newer_format_is_refused_clearly(tmp_path):
    doc = good_doc()
    doc["format"] = "journeymap/7"
    assert problems(tmp_path, doc) == [
        "format: written in format journeymap/7, newer than this journeymap reads "
        "(journeymap/2); update journeymap to open it"]


@pytest.mark.parametrize("content, message", [
    ("[1, 2]", "format: the file holds a JSON array, not a journey object"),
    ('{"title": "x"}', "format: missing 'format' (is this a journeymap file?)"),
    ('{"format": "mermaid/1"}', "format: 'mermaid/1' is not a journeymap format"),
])
def test_files_that_are_not_journeys(tmp_path, content, message):
    assert problems(tmp_path, content)[0].startswith(message)


def test_binary_and_missing_files(tmp_path):
    path = tmp_path / "photo.journey.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert "not UTF-8 text" in validate_file(path)[0]
    assert "No such file" in validate_file(tmp_path / "nope.journey.json")[0]


def test_reading_never_executes_anything(tmp_path):
    # JSON has no code; a value that looks like Python is only text.
    doc = good_doc()
    doc["title"] = "__import__('os').system('touch pwned')"
    doc["stages"][0]["touchpoints"][0]["attributes"] = {"!!python/object": "os.system"}
    journey = load(write(tmp_path, doc, "ok.journey.json"))
    assert journey.title.startswith("__import__")
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


V0 = {
    "format": "journeymap/0",
    "title": "Draft-format journey",
    "stages": [{"id": "buy", "name": "Buy"}, {"id": "get", "name": "Get"}],
    "touchpoints": [
        {"id": "cart", "label": "Basket", "stage": "buy", "x": 10, "y": 20, "emotion": 1},
        {"id": "pay", "label": "Pay", "stage": "buy"},
        {"id": "door", "label": "Doorstep", "stage": "get", "channel": "in person"},
    ],
    "edges": [{"from": "cart", "to": "pay"}, {"from": "pay", "to": "door", "label": "ship"}],
}


def test_the_draft_format_is_migrated_forward(tmp_path):
    journey = load(write(tmp_path, V0, "old.journey.json"))
    assert journey.touchpoint_ids("buy") == ["cart", "pay"]
    assert journey.touchpoint("cart").position == (10, 20)
    assert journey.touchpoint("door").channel == "in person"
    assert journey.transition("pay", "door").label == "ship"
    assert [lane.id for lane in journey.lanes] == ["customer", "frontstage", "backstage",
                                                    "support"]
    assert json.loads(dumps(journey))["format"] == "journeymap/2"


def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "order.journey.json"
    journey = small_journey()
    save(journey, path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileformat.os, "replace", broken_replace)
    journey.update_journey(title="Changed")
    with pytest.raises(JourneyFileError, match="No space left on device"):
        save(journey, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["order.journey.json"]  # no temp left


def test_save_keeps_the_file_mode(tmp_path):
    path = tmp_path / "shared.journey.json"
    save(small_journey(), path)
    os.chmod(path, 0o640)
    save(small_journey(), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_value_json_cannot_hold_is_refused_on_save(tmp_path):
    journey = small_journey()
    journey.update_touchpoint("pay", attributes={"score": float("nan")})
    with pytest.raises(JourneyFileError, match="cannot be saved"):
        save(journey, tmp_path / "x.journey.json")
    assert not (tmp_path / "x.journey.json").exists()


def test_the_schema_is_a_valid_json_schema_and_inlining_keeps_its_meaning():
    import jsonschema

    schema = json.loads(fileformat.SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    doc = good_doc()
    doc["stages"][0]["touchpoints"][0]["emotion"] = 3
    doc["transitions"][0]["kind"] = "sideways"
    full = sorted(e.message for e in cls(schema).iter_errors(doc))
    assert full == sorted(e.message for e in fileformat._validator().iter_errors(doc))
    assert len(full) == 2


def test_a_broken_metrics_cache_is_set_aside_not_a_closed_map(tmp_path, capsys):
    """The cache is derived data: a hand edit or a merge that breaks it leaves the map
    readable (without it, saying so), while `validate` still names the problem."""
    from journeymap.cli import main

    journey = small_journey()
    journey.metrics_cache = {"fingerprint": "x", "computed": "2026-01-01T00:00:00Z",
                             "touchpoints": {}, "transitions": [{"target": "b", "volume": 3,
                                                                 "in_map": True}]}
    path = tmp_path / "merged.journey.json"
    doc = json.loads(dumps(journey))
    path.write_text(json.dumps(doc))
    opened = load(path)
    assert opened.metrics_cache is None
    assert len(opened) == len(journey) and opened.title == journey.title
    assert opened.load_notes == [
        f"{path}: metrics_cache.transitions[0].source: missing (required) (the saved metrics "
        "are set aside; they are recomputed from the sources)"]
    assert fileformat.validate_file(path) == opened.load_notes
    assert main(["validate", str(path)]) == 1
    assert main(["info", str(path)]) == 0
    assert "note:" in capsys.readouterr().err
    # anything else wrong as well: the file is refused as before, the cache's problem listed
    doc["stages"][0]["touchpoints"][0]["emotion"] = 7
    path.write_text(json.dumps(doc))
    with pytest.raises(JourneyFileError) as error:
        load(path)
    assert any("metrics_cache.transitions[0].source" in line for line in error.value.lines())
    assert any("emotion: 7 is greater than 2" in line for line in error.value.lines())
