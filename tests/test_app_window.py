"""The app's first cut: file to screen, Open/Save/Save As, undo/redo, title, file errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from journeymap.model import Touchpoint, load, save, to_document

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def test_window_shows_every_touchpoint_and_transition(qtbot, tmp_path):
    journey = make_journey()
    window = make_window(qtbot, tmp_path, journey)
    assert set(window.scene.cards) == set(journey.touchpoint_ids())
    assert set(window.scene.edges) == {t.key for t in journey.transitions()}
    # cards sit in their stage column and lane row
    g = window.scene.grid
    for key, card in window.scene.cards.items():
        tp = journey.touchpoint(key)
        assert g.stage_at(card.pos().x()).id == tp.stage
        assert g.lane_at(card.pos().y()).id == tp.lane


def test_open_save_and_title(qtbot, tmp_path):
    path = tmp_path / "parcel.journey.json"
    save(make_journey(), path)
    window = make_window(qtbot, tmp_path)
    assert window.open_path(str(path))
    assert window.windowTitle() == "parcel.journey.json[*] — journeymap"
    assert not window.isWindowModified()
    window.editor.rename("place-order", "Order online")
    assert window.isWindowModified()
    window.action("undo").trigger()
    assert not window.isWindowModified()
    window.action("redo").trigger()
    assert window.isWindowModified()
    window.action("save").trigger()
    assert not window.isWindowModified()
    assert load(path).touchpoint("place-order").label == "Order online"


def test_undo_redo_of_a_model_edit_goes_through_the_stack(qtbot, tmp_path):
    journey = make_journey()
    before = to_document(journey)
    window = make_window(qtbot, tmp_path, journey)
    with window.document.gesture("Add two") as g:
        g.add(journey.add_touchpoint(Touchpoint("a", "A", stage="order")))
        g.add(journey.add_touchpoint(Touchpoint("b", "B", stage="deliver")))
    assert window.document.undo_stack.count() == 1
    assert {"a", "b"} <= set(window.scene.cards)
    window.document.undo_stack.undo()
    assert to_document(journey) == before
    assert "a" not in window.scene.cards
    window.document.undo_stack.redo()
    assert {"a", "b"} <= set(window.scene.cards)


def test_broken_file_shows_a_dialog_not_a_traceback(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "bad.journey.json"
    bad.write_text('{"format": "journeymap/1", "title": 3}', encoding="utf-8")
    shown = []
    import journeymap.app.files as files

    monkeypatch.setattr(files, "show_file_error",
                        lambda parent, action, exc: shown.append((action, exc)))
    window = make_window(qtbot, tmp_path, make_journey())
    before = to_document(window.document.journey)
    assert not window.open_path(str(bad))
    assert shown and shown[0][0] == "open"
    assert any("bad.journey.json" in line for line in shown[0][1].lines())
    assert to_document(window.document.journey) == before  # the old journey stays


def test_error_box_lists_problems(qtbot, tmp_path):
    from journeymap.app.dialogs import file_error_box
    from journeymap.model import JourneyFileError, Problem

    error = JourneyFileError("x.journey.json", [Problem(f"stages[{i}].name", "is missing")
                                                for i in range(12)])
    box = file_error_box(None, "open", error)
    qtbot.addWidget(box)
    assert "x.journey.json" in box.text()
    assert "stages[0].name: is missing" in box.informativeText()
    assert "4 more" in box.informativeText()
    assert box.detailedText().count("\n") == 11


def test_screenshot_mode_writes_a_png(tmp_path):
    path = tmp_path / "parcel.journey.json"
    save(make_journey(), path)
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "journeymap", str(path), "--screenshot",
                             str(out)], capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 500
    # not a blank window: the picture holds many colours (cards, chips, arrows)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_screenshot_mode_with_a_broken_file_fails_cleanly(tmp_path):
    bad = tmp_path / "bad.journey.json"
    bad.write_text("{ not json", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "journeymap", str(bad), "--screenshot",
                             str(tmp_path / "x.png")], capture_output=True, text=True,
                            timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert "bad.journey.json: line 1 column 3" in result.stderr
    assert "Traceback" not in result.stderr
