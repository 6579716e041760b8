"""File ▸ Export ▸ Slides… in the app: the deck of the map as the window shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from test_app_feedback import WAIT, open_sample
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def test_slides_action_writes_the_deck_the_window_shows(qtbot, tmp_path, monkeypatch):
    window, controller = open_sample(qtbot, tmp_path)
    heat = window.feedback.heat_panel
    heat.breakdown.setCurrentIndex(heat.breakdown.findData("segment:device"))
    qtbot.waitUntil(lambda: controller.analysis_by is not None, timeout=WAIT)
    heat.group.setCurrentIndex(heat.group.findData("desktop"))
    heat.compare.setCurrentIndex(heat.compare.findData("mobile web"))
    target = tmp_path / "out" / "client"
    target.parent.mkdir()
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return str(target), "PDF slides (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    action = window.action("export_slides")
    assert action in window.export_menu.actions()
    action.trigger()
    finish(qtbot, window)
    pdf = (tmp_path / "out" / "client.pdf").read_bytes()
    assert asked and pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
    assert "Exported" in window.statusBar().currentMessage()

    from journeymap.app.slides import deck_options

    options = deck_options(window)
    assert options["by"] == "segment:device"
    assert options["compare"] == ("desktop", "mobile web")


def test_slides_as_png_pages_and_a_cancelled_dialog(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, make_journey())   # no feedback: emotion only
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.action("export_slides").trigger()
    assert not list(tmp_path.glob("*.p*"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "pages"),
                                         "PNG pages, one file per slide (*.png)"))
    window.action("export_slides").trigger()
    finish(qtbot, window)
    pages = sorted(tmp_path.glob("pages-*.png"))
    assert len(pages) >= 4 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def finish(qtbot, window) -> None:
    job = window.slides_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=120_000)
    assert job.state == "done", job.error
    job.wait()


def test_slides_are_made_in_the_background_and_cancel_cleanly(qtbot, tmp_path):
    from journeymap.app.slides import export_slides

    window, controller = open_sample(qtbot, tmp_path)
    job = export_slides(window, str(tmp_path / "deck.pdf"))
    assert job.active and QApplication.activeModalWidget() is None   # the window is free
    from PySide6.QtWidgets import QProgressBar, QPushButton

    cancel = next(b for b in window.statusBar().findChildren(QPushButton)
                  if b.text() == "Cancel")
    assert window.statusBar().findChildren(QProgressBar)
    window.document.apply("Rename", lambda j: j.update_journey(title="Renamed meanwhile"))
    cancel.click()
    job.wait()
    qtbot.wait(50)
    assert job.state == "cancelled" and not (tmp_path / "deck.pdf").exists()
    assert "cancelled" in window.statusBar().currentMessage()


def test_slides_into_a_missing_folder_says_so(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, make_journey())
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    from journeymap.app.slides import export_slides

    assert not export_slides(window, str(tmp_path / "nowhere" / "deck.pdf"))
    assert shown and "deck.pdf" in shown[0]
    assert not export_slides(window, str(tmp_path / "deck.pptx"))
    assert "slides are a .pdf" in shown[-1]


# --------------------------------------------------------------------------- emotion lane
def lane_items(window):
    from journeymap.app.canvas.emotion_lane import EmotionLaneItem

    return [i for i in window.scene.items() if isinstance(i, EmotionLaneItem)]


def test_emotion_lane_toggles_without_touching_undo(qtbot, tmp_path):
    from journeymap.app.canvas.emotion_lane import SETTING

    window = make_window(qtbot, tmp_path, make_journey())
    stack = window.document.undo_stack
    action = window.action("emotion_lane")
    assert action.isCheckable() and action in window.toolbar.actions()
    assert not lane_items(window)
    grid_bottom = window.scene.sceneRect().bottom()
    count, clean = stack.count(), stack.isClean()
    action.trigger()
    (item,) = lane_items(window)
    assert item.series and all(points for _, _, points, _, _ in item.series)
    assert item.sceneBoundingRect().top() > window.scene.grid.height   # under the grid
    assert window.scene.sceneRect().bottom() > grid_bottom              # the map grew
    assert str(window.settings.value(SETTING)).lower() == "true"
    assert stack.count() == count and stack.isClean() == clean   # a view setting, no step
    # a double-click on the curve makes no card (on an empty cell it would)
    from PySide6.QtCore import QPointF
    from test_app_helpers import view_point

    cards = len(window.document.journey)
    window.view.ensureVisible(item.sceneBoundingRect())
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view_point(window, QPointF(item.sceneBoundingRect().center())))
    assert len(window.document.journey) == cards and stack.count() == count
    before = [p for _, _, p, _, _ in item.series]
    # an edit redraws the lane from the model; undo undoes the edit, the lane stays
    key = window.document.journey.touchpoints()[0].id
    old = window.document.journey.touchpoint(key).emotion
    window.document.apply("Set emotion", lambda j: j.update_touchpoint(
        key, emotion=-2 if old != -2 else 2))
    after = [p for _, _, p, _, _ in lane_items(window)[0].series]
    assert after != before
    stack.undo()
    assert [p for _, _, p, _, _ in lane_items(window)[0].series] == before
    action.trigger()
    assert not lane_items(window)
    assert window.scene.sceneRect().bottom() == grid_bottom
    assert stack.count() == count + 1 and stack.index() == count
    assert str(window.settings.value(SETTING)).lower() == "false"


def test_emotion_lane_shows_measured_emotion_and_is_remembered(qtbot, tmp_path):
    window, controller = open_sample(qtbot, tmp_path)
    window.action("emotion_lane").setChecked(True)
    (item,) = lane_items(window)
    names = window.emotion_lane.series_names()
    assert any(n.startswith("Measured") for n in names)
    measured = next(s for s in item.series if s[0].startswith("Measured"))
    assert measured[3] and all(lo <= hi for lo, hi in measured[3].values())   # intervals
    personas = [p.name for p in window.document.journey.personas]
    assert all(name in names for name in personas)
    # the next window (the same settings) opens with the lane shown
    other = make_window(qtbot, tmp_path, make_journey())
    assert other.action("emotion_lane").isChecked() and lane_items(other)


# --------------------------------------------------------------------------- canvas exports
def test_canvas_exports_carry_the_title_and_the_legend(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QImage

    from journeymap.app.export import Frame, export, frame_of

    window, controller = open_sample(qtbot, tmp_path)
    frame = frame_of(window)
    assert frame.title == window.document.journey.title and frame.legend is not None
    assert "46 touchpoints" in frame.subtitle and "expected" in frame.kinds
    rect = window.scene.sceneRect()
    plain = QImage(str(export(window.scene, tmp_path / "plain.png", scale=1.0)))
    framed = QImage(str(export(window.scene, tmp_path / "framed.png", scale=1.0,
                               frame=frame)))
    assert plain.height() == round(rect.height())
    assert framed.width() == round(max(rect.width(), Frame.MIN_WIDTH))
    assert framed.height() == round(Frame.HEADER + rect.height() + frame.footer())
    # the title's ink above the map, the legend's colour bar below it
    top = {framed.pixel(x, y) for x in range(20, 400, 3) for y in range(10, 40, 2)}
    assert len(top) > 3
    svg = export(window.scene, tmp_path / "map.svg", frame=frame).read_text(encoding="utf-8")
    for text in (window.document.journey.title, "Arrows", "Card colour: Friction",
                 "pain points"):
        assert text in svg, text
    # File ▸ Export ▸ Map as PNG… frames the map
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "menu.png"), ""))
    window.action("export_png").trigger()
    assert QImage(str(tmp_path / "menu.png")).height() > round(rect.height() * 2)
