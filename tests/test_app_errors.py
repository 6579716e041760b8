"""In the app, a file that cannot be read or written is said in words, naming the file and
the place, never a generic box (issue 13)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from journeymap.model import to_document

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.fixture
def boxes(monkeypatch):
    """Every message box the app shows: (title, text, informative text); none waits."""
    shown: list[tuple[str, str, str]] = []

    def exec_(box):
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.mark.parametrize("content, words", [
    (b"[" * 5000, "line 1 column 65: nested more than 64 levels deep"),
    (b'{"format": "journeymap/1", "title": ' + b"9" * 5000 + b"}",
     "title: an integer of 5,000 digits is too large"),
    (b'{"format": "journeymap/0", "title": "t", "stages": [1]}',
     "stages[0]: expected an object, got 1"),
    ('{"format": "journeymap/1", "title": "Café"}'.encode("cp1252"),
     "line 1 column 41: byte 0xE9 is not UTF-8 text"),
    (b'{"format": "journeymap/1", "title": NaN}', "title: NaN is not a number"),
])
def test_an_unreadable_file_shows_what_and_where(qtbot, tmp_path, boxes, content, words):
    path = tmp_path / "bad.journey.json"
    path.write_bytes(content)
    window = make_window(qtbot, tmp_path, make_journey())
    before = to_document(window.document.journey)
    assert not window.open_path(str(path))
    ((title, text, info),) = boxes
    assert title == "Cannot open" and str(path) in text
    assert words in info
    assert to_document(window.document.journey) == before


def test_a_file_that_cannot_be_written_says_why(qtbot, tmp_path, boxes):
    window = make_window(qtbot, tmp_path, make_journey())
    target = tmp_path / "no such folder" / "x.journey.json"
    assert not window._save_to(str(target))
    ((title, text, info),) = boxes
    assert title == "Cannot save" and str(target) in text
    assert "No such file or directory" in info


def test_rejected_rows_that_cannot_be_exported_say_why(qtbot, tmp_path, boxes):
    import pandas as pd

    from journeymap.app.feedback.panels import RejectedRowsWindow

    rejected = RejectedRowsWindow(pd.DataFrame({"reason": ["bad"], "row": [2]}))
    qtbot.addWidget(rejected)
    target = tmp_path / "missing" / "rejected.csv"
    assert not rejected.export(str(target))
    ((title, text, info),) = boxes
    assert title == "Cannot save" and str(target) in text and "No such file" in info


def test_a_file_error_nobody_caught_is_still_said_in_words(qtbot, tmp_path, boxes,
                                                         monkeypatch):
    from journeymap.app.application import _report_errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = make_window(qtbot, tmp_path, make_journey())
    _report_errors(lambda: window)
    error = PermissionError(13, "Permission denied", "/srv/maps/plan.journey.json")
    sys.excepthook(PermissionError, error, None)
    ((title, text, info),) = boxes
    assert title == "Cannot read or write" and "/srv/maps/plan.journey.json" in text
    assert info == "/srv/maps/plan.journey.json: Permission denied"
    assert not any("Something went wrong" in b[0] for b in boxes)
