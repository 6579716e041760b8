"""Files in the app: new, samples as templates, recent files, revert, dropping a file on the
window, the recovery file after a crash, and quitting with unsaved changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from journeymap.app import recovery
from journeymap.model import save, to_document
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"


def saved_journey(tmp_path: Path, name: str = "parcel.journey.json") -> Path:
    path = tmp_path / name
    save(make_journey(), path)
    return path


def open_saved(qtbot, tmp_path: Path):
    """A window on a freshly saved journey file: (path, window)."""
    path = saved_journey(tmp_path)
    window = make_window(qtbot, tmp_path)
    window.open_path(str(path))
    return path, window


def answer(monkeypatch, button: QMessageBox.StandardButton) -> None:
    """Every question the window asks gets ``button``."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: button)


def test_new_and_new_from_sample(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.document.undo_stack.setClean()
    window.action("new").trigger()  # the welcome: recent files, samples, templates
    dialog = window.findChild(QDialog, "welcome")
    qtbot.waitUntil(dialog.isVisible)
    dialog.choose("blank", "")
    assert len(window.document.journey) == 0
    assert len(window.document.journey.stages) == 5
    assert window.document.path is None
    samples = sorted(SAMPLES.glob("*.journey.json"))
    if not samples:
        pytest.skip("no sample journeys yet")
    assert window.samples_menu.isEnabled()
    assert window.new_from_sample(str(samples[0]))
    assert len(window.document.journey) >= 20
    assert window.document.path is None  # a template: saving asks for a new file


def test_open_recent_remembers_files_in_settings(qtbot, tmp_path):
    first, second = saved_journey(tmp_path, "a.journey.json"), saved_journey(tmp_path, "b.journey.json")
    window = make_window(qtbot, tmp_path)
    window.open_path(str(first))
    window.open_path(str(second))
    assert window.recent_files()[:2] == [str(second.resolve()), str(first.resolve())]
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0].endswith("b.journey.json") and texts[1].endswith("a.journey.json")
    window.recent_menu.actions()[1].trigger()
    assert window.document.path == str(first.resolve())
    # another window with the same settings file sees the list
    again = make_window(qtbot, tmp_path)
    assert again.recent_files()[0] == str(first.resolve())


def test_revert_drops_unsaved_changes(qtbot, tmp_path, monkeypatch):
    path, window = open_saved(qtbot, tmp_path)
    window.editor.rename("place-order", "Changed")
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.action("revert").trigger()
    assert window.document.journey.touchpoint("place-order").label == "Place order"
    assert not window.isWindowModified()


def test_dropping_a_journey_file_opens_it(qtbot, tmp_path):
    path = saved_journey(tmp_path)
    window = make_window(qtbot, tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.document.path == str(path)
    assert set(window.scene.cards) == set(make_journey().touchpoint_ids())


def test_quitting_with_unsaved_changes_asks(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, make_journey())
    window.editor.rename("place-order", "Changed")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.action("quit").trigger()
    assert window.isVisible() and asked == ["Unsaved changes"]
    window.action("quit").trigger()
    assert not window.isVisible()


def test_saving_when_asked_on_quit_writes_the_file(qtbot, tmp_path, monkeypatch):
    path, window = open_saved(qtbot, tmp_path)
    window.editor.rename("place-order", "Saved on quit")
    answer(monkeypatch, QMessageBox.StandardButton.Save)
    window.close()
    assert not window.isVisible()
    assert "Saved on quit" in path.read_text(encoding="utf-8")


def test_recovery_file_follows_edits_and_is_offered_after_a_crash(qtbot, tmp_path,
                                                                   monkeypatch):
    path, window = open_saved(qtbot, tmp_path)
    writer = window.recovery
    writer.quiet_ms = 50
    window.editor.rename("place-order", "Unsaved work")
    assert writer.timer.isActive()
    qtbot.waitUntil(lambda: writer.journey_file.exists(), timeout=5000)
    assert writer.flush()
    meta = json.loads(writer.meta_file.read_text(encoding="utf-8"))
    assert meta["original"] == str(path) and meta["pid"] == os.getpid()
    # our own, live session is not offered back
    assert recovery.leftovers(writer.folder) == []
    # simulate a crash: the files stay, written by a process that is gone
    meta["pid"] = 2 ** 22 + 12345
    writer.meta_file.write_text(json.dumps(meta), encoding="utf-8")
    crashed = recovery.leftovers(writer.folder)
    assert len(crashed) == 1 and crashed[0].original == str(path)
    expected = to_document(window.document.journey)
    # a new session offers it; the user says yes
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    other = make_window(qtbot, tmp_path)
    other.offer_recovery()
    assert to_document(other.document.journey) == expected
    assert other.document.path == str(path)
    assert other.isWindowModified()  # recovered work is unsaved until saved
    assert not crashed[0].journey_file.exists()
    # saving clears the new session's recovery file
    other.save()
    assert not other.recovery.journey_file.exists()
    assert "Unsaved work" in path.read_text(encoding="utf-8")


def test_undo_back_to_saved_removes_the_recovery_file(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.editor.rename("place-order", "x")
    window.recovery.write()
    assert window.recovery.flush() and window.recovery.journey_file.exists()
    window.action("undo").trigger()
    assert not window.recovery.journey_file.exists()


def test_save_as_into_another_folder_keeps_feedback_sources_reachable(qapp, tmp_path):
    import shutil

    from journeymap.app.document import JourneyDocument
    from journeymap.model import load

    src = tmp_path / "maps"
    shutil.copytree(SAMPLES, src)
    document = JourneyDocument()
    document.open(src / "online_order.journey.json")
    target = tmp_path / "deck" / "order.journey.json"
    target.parent.mkdir()
    document.save(target)
    saved = load(target)
    for source in saved.sources:
        assert (target.parent / source.path).resolve() == \
            (src / "feedback" / Path(source.path).name).resolve()
    assert not document.modified
    document.undo_stack.undo()
    assert document.journey.source("survey").path == "feedback/online_order_survey.csv"


def test_a_file_with_a_broken_metrics_cache_opens_and_says_so(qtbot, tmp_path):
    path = tmp_path / "merged.journey.json"
    doc = to_document(make_journey())
    doc["metrics_cache"] = {"fingerprint": "x", "computed": "2026-01-01T00:00:00Z",
                            "touchpoints": {}, "transitions": [{"source": "a"}]}
    path.write_text(json.dumps(doc))
    window = make_window(qtbot, tmp_path)
    assert window.open_path(str(path))
    assert window.document.journey.metrics_cache is None
    shown = window.statusBar().currentMessage()
    assert "metrics_cache.transitions[0]" in shown and "set aside" in shown
