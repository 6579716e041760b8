"""When several touchpoints share a label, rows matched by that label count for the first of
them: the analysis says so, once per such label that rows used, with the touchpoints, the
one that got the rows and how to choose. Values found by id or by a value map chose their
touchpoint and are not ambiguous."""

from __future__ import annotations

import pytest

from journeymap.analytics import analyse, read_source
from journeymap.cli import main
from journeymap.io import read_mermaid
from journeymap.model import FeedbackSource, MetricColumn, save

SHOPPING = "02_mermaid_go_shopping.mmd"
#: What the note says about "Get into car", which the real diagram has on the way to the
#: shops and again on the way home.
GET_INTO_CAR = ("is the label of 2 touchpoints (get-into-car, get-into-car-2); such rows "
                "count for get-into-car, the first in the journey. To choose, write "
                "touchpoint ids in the data or map the value in a value map")


@pytest.fixture
def shopping(realdata):
    journey, _ = read_mermaid(realdata / "journeys" / SHOPPING)
    return journey


def survey(folder, *rows: tuple[str, int]):
    path = folder / "survey.csv"
    path.write_text("step,score\n" + "".join(f"{step},{score}\n" for step, score in rows),
                    encoding="utf-8")
    return path


def source(path, **options) -> FeedbackSource:
    return FeedbackSource("survey", str(path), touchpoint_column="step",
                          match=options.pop("match", "label"),
                          metrics=[MetricColumn("score", "csat")], **options)


def label_notes(notes: list[str]) -> list[str]:
    return [n for n in notes if "is the label of" in n]


def test_rows_matched_by_a_shared_label_are_announced_once(shopping, tmp_path):
    assert {"get-into-car", "get-into-car-2"} <= set(shopping.touchpoint_ids())
    path = survey(tmp_path, ("Get into car", 2), ("get into car", 3), ("GET INTO CAR!", 4),
                  ("Pay", 5), ("Drive home", 4))
    analysis = analyse(shopping, [source(path)])
    assert label_notes(analysis.notes) == [
        "survey: 'Get into car' / 'get into car' / 'GET INTO CAR!' (3 rows of column step) "
        + GET_INTO_CAR]
    n = analysis.touchpoints.set_index("touchpoint")["n"]
    assert (n["get-into-car"], n["get-into-car-2"], n["pay"]) == (3, 0, 1)


def test_ids_and_value_maps_choose_so_nothing_is_said(shopping, tmp_path):
    path = survey(tmp_path, ("get-into-car-2", 2), ("GET-INTO-CAR", 3), ("homeward car", 4),
                  ("Pay", 5))
    mapped = source(path, match="map", value_map={"homeward car": "get-into-car-2"})
    analysis = analyse(shopping, [mapped])
    assert label_notes(analysis.notes) == []
    n = analysis.touchpoints.set_index("touchpoint")["n"]
    assert (n["get-into-car"], n["get-into-car-2"]) == (1, 2)


def test_a_shared_label_no_row_uses_is_not_mentioned(shopping, tmp_path):
    path = survey(tmp_path, ("Pay", 5), ("Find keys", 2))
    assert label_notes(read_source(source(path), shopping).notes) == []


def test_only_the_shared_labels_rows_used_get_a_note(shopping, tmp_path):
    from journeymap.model import Touchpoint

    stage = shopping.touchpoint("pay").stage
    shopping.add_touchpoint(Touchpoint("pay-again", "PAY", stage=stage))
    path = survey(tmp_path, ("PAY!", 5), ("Drive home", 4))
    notes = label_notes(read_source(source(path), shopping).notes)
    assert notes == ["survey: 'PAY!' (1 row of column step) is the label of 2 touchpoints "
                     "(pay, pay-again); such rows count for pay, the first in the journey. "
                     "To choose, write touchpoint ids in the data or map the value in a "
                     "value map"]


def test_an_event_log_matched_by_label_is_told_too(shopping, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("case,step,time\n1,Get car keys,2024-01-01 10:00\n"
                    "1,Get into car,2024-01-01 10:05\n2,Get into car,2024-01-01 11:00\n",
                    encoding="utf-8")
    events = FeedbackSource("log", str(path), role="events", case_column="case",
                            touchpoint_column="step", timestamp_column="time", match="label")
    assert label_notes(analyse(shopping, [events]).notes) == [
        "log: 'Get into car' (2 rows of column step) " + GET_INTO_CAR]


def test_a_wide_column_named_by_a_shared_label_is_told(shopping, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("Get into car,get-into-car-2,Pay\n4,2,5\n3,,4\n", encoding="utf-8")
    table = read_source(FeedbackSource("wide", str(path), layout="wide",
                                       metrics=[MetricColumn("", "csat")]), shopping)
    assert table.source.wide_columns == {"Get into car": "get-into-car",
                                         "get-into-car-2": "get-into-car-2", "Pay": "pay"}
    assert label_notes(table.notes) == [
        "wide: column 'Get into car' is the label of 2 touchpoints (get-into-car, "
        "get-into-car-2); it counts for get-into-car, the first in the journey. To choose, "
        "name the column by the touchpoint's id"]


def test_journeymap_metrics_prints_the_note(shopping, tmp_path, capsys):
    save(shopping, tmp_path / "shopping.journey.json")
    path = survey(tmp_path, ("Get into car", 2), ("Pay", 5))
    code = main(["metrics", str(tmp_path / "shopping.journey.json"), "--feedback", str(path),
                 "--metric", "score=csat", "--format", "json"])  # "step": matched by label
    err = capsys.readouterr().err
    assert code == 0
    assert "note: survey: 'Get into car' (1 row of column step) " + GET_INTO_CAR in err
