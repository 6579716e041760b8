"""The import dialog shows what the analysis says about a label several touchpoints share
(the real "Go shopping" diagram has "Get into car" twice)."""

from __future__ import annotations

import pytest

from journeymap.io import read_mermaid

from test_app_feedback import _no_leftover_threads  # noqa: F401 (autouse)
from test_app_feedback_import import open_dialog
from test_app_helpers import OFFSCREEN_NOISE
from test_matching_shared_labels import SHOPPING, survey

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def test_the_import_dialog_says_which_touchpoint_a_shared_label_counts_for(
        qtbot, tmp_path, realdata):
    journey, _ = read_mermaid(realdata / "journeys" / SHOPPING)
    data = survey(tmp_path, ("Get into car", 2), ("get into car", 4), ("Pay", 5))
    _, dialog, _ = open_dialog(qtbot, tmp_path, journey, data)
    assert dialog.touchpoint_column() == "step"
    qtbot.waitUntil(lambda: "3 kept" in dialog.summary.text(), timeout=10_000)
    summary = dialog.summary.text()
    assert ("'Get into car' / 'get into car' (2 rows of column step) is the label of 2 "
            "touchpoints (get-into-car, get-into-car-2); such rows count for get-into-car"
            ) in summary
