"""The app on a database: Feedback ▸ Import from a database (also offered by the file import
dialog) attaches an SQLite table; SQLite computes the sums, the status says so, the overlay
equals ``journeymap metrics`` and the journey file keeps the URL and table."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from journeymap.model import load, save

from analytics_helpers import shop_journey
from engine_helpers import mixed_feedback
from test_app_feedback import WAIT, _no_leftover_threads, cli_metrics  # noqa: F401 (autouse)
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def test_import_from_a_sqlite_database(qtbot, tmp_path):
    frame = mixed_feedback(600).drop(columns=["nps"])  # NPS as text needs its "don't know"
    with sqlite3.connect(tmp_path / "survey.sqlite") as con:
        frame.to_sql("responses", con, index=False)
    path = tmp_path / "shop.journey.json"
    save(shop_journey(), path)
    window = make_window(qtbot, tmp_path, shop_journey(), str(path))
    feedback = window.feedback
    (tmp_path / "other.csv").write_text("touchpoint,csat\nbrowse,4\n")
    files = feedback.import_file(str(tmp_path / "other.csv"))
    qtbot.addWidget(files)
    qtbot.waitUntil(files.ready, timeout=WAIT)
    switch = next(b for b in files.buttons.buttons() if b.text() == "From a database…")
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    dialog = feedback.database_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    dialog.url.setText("sqlite:///survey.sqlite")
    dialog.table.setText("responses")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # checked first
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ok.isEnabled, timeout=WAIT)
    assert "6 columns" in dialog.info.text() and dialog.touchpoint.text() == "touchpoint"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    controller = feedback.controller
    qtbot.waitUntil(lambda: bool(window.document.journey.sources) and controller.live,
                    timeout=WAIT)
    assert controller.analysis.engines == {"responses": "sqlite"}
    assert "computed with sqlite" in feedback.heat_panel.status.text()
    assert window.save()
    saved = load(path).source("responses")
    assert saved.url == "sqlite:///survey.sqlite" and saved.table == "responses"
    printed = {r["touchpoint"]: r for r in cli_metrics(path)["touchpoints"]}
    for key, row in controller.analysis.overall.set_index("touchpoint").iterrows():
        assert printed[key]["n"] == row["n"]
