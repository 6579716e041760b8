"""Touchpoint tables: one row per touchpoint, metrics from an analysis or empty, CSV and Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from journeymap.io import InteropError, read_mermaid, touchpoint_table, write_touchpoint_table
from journeymap.io.tables import METRIC_COLUMNS, PLACE_COLUMNS
from journeymap.measures import MEASURES
from journeymap.model import load
from process_helpers import loaded_after

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


@pytest.fixture(scope="module")
def analysed():
    analytics = pytest.importorskip("journeymap.analytics")
    journey = load(SAMPLE)
    return journey, analytics.analyse(journey, base_dir=SAMPLE.parent)


def test_without_analysis_metric_columns_are_there_and_empty(realdata):
    journey, _ = read_mermaid(realdata / "journeys" / "02_mermaid_go_shopping.mmd")
    table = touchpoint_table(journey)
    assert list(table.columns) == [*PLACE_COLUMNS, *METRIC_COLUMNS]
    assert list(table["touchpoint"]) == journey.touchpoint_ids()
    assert list(table["stage_name"][:3]) == ["Get to the shops"] * 3
    assert list(table["emotion"][:3]) == [2.0, 2.0, 0.0]
    assert table[list(METRIC_COLUMNS)].isna().all().all()


def test_metrics_come_from_the_analysis(analysed):
    journey, analysis = analysed
    table = touchpoint_table(journey, analysis)
    assert len(table) == len(journey) and "segment" not in table
    measured = analysis.touchpoints.set_index("touchpoint")
    for column in ("n", "friction", "friction_low", "nps", "csat_high", "ces", "small_sample",
                   "volume", "drop_off"):
        expected = measured.loc[list(table["touchpoint"]), column].reset_index(drop=True)
        pd.testing.assert_series_equal(table[column], expected, check_names=False,
                                       check_dtype=False)
    assert table["n"].sum() > 0


def test_one_row_per_touchpoint_and_group_with_by(analysed):
    analytics = pytest.importorskip("journeymap.analytics")
    journey, _ = analysed
    analysis = analytics.analyse(journey, base_dir=SAMPLE.parent, by="segment:device")
    table = touchpoint_table(journey, analysis)
    groups = analysis.groups()
    assert len(groups) >= 2
    assert "segment" in table and len(table) == len(journey) * len(groups)
    assert list(table["touchpoint"].drop_duplicates()) == journey.touchpoint_ids()


def test_csv_is_utf8_with_bom_and_reads_back(analysed, tmp_path):
    journey, analysis = analysed
    path = tmp_path / "t.csv"
    write_touchpoint_table(journey, path, analysis)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftouchpoint,label,")
    back = pd.read_csv(path, encoding="utf-8-sig")
    expected = touchpoint_table(journey, analysis)
    assert list(back.columns) == list(expected.columns)
    assert back["friction"].round(12).equals(expected["friction"].round(12))
    assert list(back["label"]) == list(expected["label"])


def test_excel_has_formatted_touchpoints_and_definitions(analysed, tmp_path):
    journey, analysis = analysed
    path = tmp_path / "t.xlsx"
    write_touchpoint_table(journey, path, analysis)
    book = load_workbook(path)
    assert book.sheetnames == ["Touchpoints", "About"]
    sheet = book["Touchpoints"]
    header = [c.value for c in sheet[1]]
    assert header == list(touchpoint_table(journey, analysis).columns)
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    friction = header.index("friction") + 1
    measured = [row for row in range(2, sheet.max_row + 1)
                if sheet.cell(row, friction).value is not None]
    assert measured and sheet.cell(measured[0], friction).number_format == "0.00"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Journey"] == journey.title
    assert about["Friction"] == MEASURES["friction"].definition
    assert sheet.max_row == len(journey) + 1


def test_other_extensions_are_refused(tmp_path, realdata):
    journey, _ = read_mermaid(realdata / "journeys" / "01_mermaid_my_working_day.mmd")
    with pytest.raises(InteropError, match=r"t\.ods: a touchpoint table is written as .csv or "
                                           r".xlsx, not .ods"):
        write_touchpoint_table(journey, tmp_path / "t.ods")
    assert not (tmp_path / "t.ods").exists()


def test_importing_io_does_not_import_pandas():
    assert loaded_after("import journeymap.io", ["pandas"]) == []
