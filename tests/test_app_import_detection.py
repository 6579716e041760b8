"""The import dialog on the real passenger survey against a journey whose cards are named
differently from the columns: ranked suggestions, manual choices that keep the other
matches, and the open scale asked with what each reading does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from test_analytics_realdata import SURVEY
from test_app_feedback import _no_leftover_threads  # noqa: F401 (autouse)
from test_app_feedback_import import open_dialog, settle
from test_app_helpers import OFFSCREEN_NOISE
from test_naming import journey

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def suggestions(dialog, column: str) -> str:
    for r in range(dialog.values.rowCount()):
        if dialog.values.item(r, 0).data(Qt.ItemDataRole.UserRole) == column:
            item = dialog.values.item(r, 3)
            return item.text() if item is not None else ""
    raise KeyError(column)


def test_survey_columns_named_otherwise_are_suggested_and_manual_choices_stay(
        qtbot, tmp_path, realdata):
    window, dialog, _ = open_dialog(qtbot, tmp_path, journey(), realdata / SURVEY)
    assert dialog.layout_box.currentData() == "wide"
    roles = dialog.column_roles()
    assert roles["Departure/Arrival time convenient"] != "timestamp"
    mapping = dialog.wide_mapping()
    assert mapping["Food and drink"] == "food-and-drink"     # an exact name
    assert mapping["Checkin service"] == "online-check-in"   # "checkin" is "check-in"
    assert mapping["Inflight wifi service"] == "inflight-wi-fi"
    assert "Baggage handling" not in mapping                  # too unsure: suggested only
    assert "Wait at baggage reclaim" in suggestions(dialog, "Baggage handling")
    dialog.set_mapping("Baggage handling", "wait-at-baggage-reclaim")
    settle(qtbot, dialog)
    # a manual choice never drops the other matches, not even across a change of layout
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("long"))
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("wide"))
    settle(qtbot, dialog)
    mapping = dialog.wide_mapping()
    assert mapping["Baggage handling"] == "wait-at-baggage-reclaim"
    assert mapping["Checkin service"] == "online-check-in"
    assert mapping["Food and drink"] == "food-and-drink"
    assert dialog.result_source().wide_columns == mapping


def test_the_open_scale_is_asked_and_each_reading_changes_the_numbers(
        qtbot, tmp_path, realdata):
    from test_analytics_realdata import survey_journey

    window, dialog, _ = open_dialog(qtbot, tmp_path, survey_journey(), realdata / SURVEY)
    box = dialog.scale_question
    assert box.isVisibleTo(dialog) and box.choice.count() == 2
    assert "4,202" in box.histogram.text()                  # zeros over the 14 columns
    assert "Inflight wifi service" in box.effects.text()
    assert (dialog.wide_min.text(), dialog.wide_max.text(), dialog.wide_na.text()) == \
        ("1", "5", "0")
    settle(qtbot, dialog)
    kept_with_na = dialog.table.kept_rows
    box.choice.setCurrentIndex(1)                            # 0 is the lowest score
    assert (dialog.wide_min.text(), dialog.wide_na.text()) == ("0", "")
    settle(qtbot, dialog)
    source = dialog.result_source()
    assert (source.metrics[0].minimum, source.metrics[0].maximum, source.metrics[0].na) == \
        (0.0, 5.0, [])
    assert dialog.table.kept_rows == kept_with_na == 25976
    assert "not applicable" not in dialog.summary.text()


def test_olist_offers_its_timestamps_as_an_event_log(qtbot, tmp_path, realdata):
    from test_analytics_realdata import OLIST, olist_journey

    window, dialog, _ = open_dialog(qtbot, tmp_path, olist_journey(), realdata / OLIST)
    assert dialog.role.currentData() == "feedback"
    assert "event log" in dialog.notes.text()
    dialog.role.setCurrentIndex(dialog.role.findData("events"))
    settle(qtbot, dialog)
    assert dialog.layout_box.currentData() == "wide"
    assert dialog.column_roles()["id"] == "case"
    mapping = dialog.wide_mapping()
    assert mapping["review_answer_timestamp"] == "answer"
    assert "Order placed" in suggestions(dialog, "order_purchase_timestamp")
    dialog.set_mapping("order_purchase_timestamp", "purchase")
    settle(qtbot, dialog)
    table = dialog.table
    assert table.input_rows == 3584 and table.kept_rows > 0
    source = dialog.result_source()
    assert source.role == "events" and source.case_column == "id"
    assert source.wide_columns["order_purchase_timestamp"] == "purchase"


def test_the_tweets_imported_as_a_complaint_log(qtbot, tmp_path, realdata):
    import pandas as pd

    from test_analytics_realdata import REASONS, TWEETS, tweets_journey
    from test_app_feedback_import import import_and_wait

    raw = pd.read_csv(realdata / TWEETS)
    window, dialog, path = open_dialog(qtbot, tmp_path, tweets_journey(), realdata / TWEETS)
    dialog.role.setCurrentIndex(dialog.role.findData("complaints"))
    settle(qtbot, dialog)
    assert dialog.touchpoint_column() == "negativereason"
    for value, touchpoint in REASONS.items():
        dialog.set_mapping(value, touchpoint)
    dialog.set_role("airline", "segment")
    settle(qtbot, dialog)
    source = dialog.result_source()
    assert source.role == "complaints" and source.metrics == [] and source.layout == "long"
    table = dialog.table
    assert table.kept_rows + len(table.rejected) == table.input_rows == len(raw)
    import_and_wait(qtbot, window, dialog)
    analysis = window.feedback.controller.analysis
    tps = analysis.touchpoints.set_index("touchpoint")
    assert tps.loc["flight", "complaint_count"] == 3092
    assert tps.loc["flight", "complaint_themes"]["Late Flight"] == 1665
    assert tps["friction"].isna().all()          # no traffic: unknown, never 1.00
    tooltip = window.scene.cards["flight"].heat[2]
    assert "3,092 complaints in the complaint log (39% of all)" in tooltip
    assert "Friction cannot be computed here" in tooltip


def test_a_workbook_with_several_sheets_asks_which(qtbot, tmp_path):
    import pandas as pd

    from test_real_world_files import ROWS
    from test_real_world_files import journey as shop

    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"notes": ["read me first"]}).to_excel(writer, sheet_name="About",
                                                             index=False)
        ROWS.to_excel(writer, sheet_name="Answers", index=False)
    window, dialog, _ = open_dialog(qtbot, tmp_path, shop(), path)
    assert dialog.form.isRowVisible(dialog.sheet)
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == \
        ["About", "Answers"]
    dialog.sheet.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.raw is not None and dialog.raw.sheet == "Answers",
                    timeout=10000)
    settle(qtbot, dialog)
    assert dialog.touchpoint_column() == "Étape"
    source = dialog.result_source()
    assert source.options["sheet"] == "Answers"
    assert dialog.table.kept_rows == len(ROWS)


def test_a_source_switched_off_in_the_panel_is_left_out_and_undo_brings_it_back(
        qtbot, tmp_path):
    import shutil

    from journeymap.analytics import analyse
    from journeymap.model import load
    from test_app_feedback import SAMPLE, WAIT, open_sample

    folder = tmp_path / "copy"
    shutil.copytree(SAMPLE.parent, folder)
    window, controller = open_sample(qtbot, tmp_path, folder / SAMPLE.name)
    before = controller.analysis.kept_counts["survey"]
    assert before > 0
    tree = controller.heat_panel.sources
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "survey")
    assert item.checkState(0) == Qt.CheckState.Checked
    item.setCheckState(0, Qt.CheckState.Unchecked)             # the user unticks it
    qtbot.waitUntil(lambda: controller.live and "survey" not in controller.analysis.kept_counts,
                    timeout=WAIT)
    journey = window.document.journey
    assert journey.source("survey").options["enabled"] is False
    assert window.document.undo_stack.count() == 1
    alone = analyse(load(folder / SAMPLE.name), [journey.source("event-log")],
                    base_dir=folder)
    tps = controller.analysis.touchpoints.set_index("touchpoint")
    assert (tps["n"] == alone.touchpoints.set_index("touchpoint")["n"]).all()
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: controller.live and
                    controller.analysis.kept_counts.get("survey") == before, timeout=WAIT)
    assert "enabled" not in journey.source("survey").options
