"""The feedback's file dialogs follow the editor's folder convention: they open in the
editor's last folder (the journey's own folder once it is opened), importing a file
remembers its folder for every later dialog (the editor's Open too), and exports start
there with a suggested name without moving it, as the editor's exports do.

QFileDialog's static methods are replaced: no real dialog opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from journeymap.app.feedback.folders import editor_of, start_path

from test_app_feedback import SAMPLE, WAIT, _no_leftover_threads  # noqa: F401 (autouse)
from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


class Dialogs:
    """Stands in for QFileDialog.getOpenFileName/getSaveFileName: records where each would
    have opened and answers with the next prepared path ("" = cancelled)."""

    def __init__(self, monkeypatch) -> None:
        self.opened: list[tuple[str, str]] = []   # (kind, start path)
        self.answers: list[str] = []
        for kind in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, kind, staticmethod(self._dialog(kind)))

    def _dialog(self, kind: str):
        def ask(parent, caption="", directory="", filter="", *args, **kwargs):
            self.opened.append((kind, directory))
            return (self.answers.pop(0) if self.answers else "", "")
        return ask

    def start(self) -> str:
        """Where the last dialog opened."""
        return self.opened[-1][1]


@pytest.fixture
def project(qtbot, tmp_path):
    """The sample journey with its feedback in a folder of its own, opened as a user opens
    it; the analysis of its saved sources finished."""
    folder = tmp_path / "project"
    shutil.copytree(SAMPLE.parent / "feedback", folder / "feedback")
    path = folder / SAMPLE.name
    shutil.copy(SAMPLE, path)
    window = make_window(qtbot, tmp_path)
    assert window.open_path(str(path), interactive=False)
    controller = window.feedback.controller
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    return window, folder


def test_feedback_dialogs_start_in_the_editors_folder_and_imports_move_it(
        qtbot, tmp_path, project, monkeypatch):
    window, folder = project
    dialogs = Dialogs(monkeypatch)
    feedback, controller = window.feedback, window.feedback.controller

    # The journey was just opened: everything starts in its folder.
    assert feedback.import_file() is None                       # cancelled
    assert dialogs.start() == str(folder)
    view = feedback.heatmap
    feedback.docks["Heatmaps"].raise_()
    qtbot.waitUntil(lambda: view.figure is not None, timeout=WAIT)
    assert not view.export()
    assert dialogs.start() == str(folder / "heatmap.png")
    rejected = controller.show_rejected()
    qtbot.addWidget(rejected)
    assert not rejected.export()
    assert dialogs.start() == str(folder / "rejected.csv")

    # Importing a file from elsewhere: that folder is remembered, for the editor too.
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    data = elsewhere / "survey.csv"
    shutil.copy(folder / "feedback" / "online_order_survey.csv", data)
    dialogs.answers.append(str(data))
    dialog = feedback.import_file()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.ready, timeout=WAIT)
    assert dialog.table is not None and len(dialog.table.rejected)
    assert not dialog.export_rejected()
    assert dialogs.start() == str(elsewhere / "survey_rejected.csv")
    dialog.reject()
    assert Path(window._last_folder()) == elsewhere
    window.open_dialog()                                        # the editor's Open
    assert dialogs.opened[-1] == ("getOpenFileName", str(elsewhere))
    assert not view.export()
    assert dialogs.start() == str(elsewhere / "heatmap.png")

    # Exporting somewhere does not move it (as the editor's exports do not).
    out = tmp_path / "deck"
    out.mkdir()
    dialogs.answers.append(str(out / "heat.png"))
    assert view.export() and (out / "heat.png").is_file()
    assert Path(window._last_folder()) == elsewhere
    assert feedback.import_file() is None
    assert dialogs.start() == str(elsewhere)


def test_a_dropped_data_file_is_remembered_like_a_picked_one(qtbot, tmp_path, project):
    window, folder = project
    elsewhere = tmp_path / "dropped"
    elsewhere.mkdir()
    data = elsewhere / "events.csv"
    shutil.copy(folder / "feedback" / "online_order_events.csv", data)
    dialog = window.feedback.import_file(str(data))             # as a drop calls it
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.ready, timeout=WAIT)
    dialog.reject()
    assert Path(window._last_folder()) == elsewhere


def test_without_a_main_window_a_dialog_suggests_the_name_alone(qtbot):
    orphan = QWidget()
    qtbot.addWidget(orphan)
    assert editor_of(orphan) is None
    assert start_path(orphan, "rejected.csv") == "rejected.csv"
