"""Presentation mode driven by keys, and exports of the canvas (PNG, SVG, PDF, Mermaid)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from journeymap.app.export import ExportError, export
from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def visible_rect(window):
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_presentation_keys_step_through_stages(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.scene.cards["place-order"].set_heat("#e31a1c", "0.62", "friction", False)
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    presenter = window.presenter
    assert presenter.active
    assert window.isFullScreen() or window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.menuBar().isVisible() and not window.toolbar.isVisible()
    assert not window.inspector.isVisible()
    stages = [s.id for s in window.document.journey.stages]
    assert presenter.current_stage() == stages[0]
    assert visible_rect(window).contains(window.scene.stage_rect(stages[0]).center())
    viewport = window.view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_Right)
    assert presenter.current_stage() == stages[1]
    shown = visible_rect(window)
    assert window.scene.stage_rect(stages[1]).contains(shown.center())
    # the other stages are dimmed: the spotlight covers stage 1, not stage 2
    spotlight = presenter.spotlight.path()
    assert spotlight.contains(window.scene.stage_rect(stages[0]).center())
    assert not spotlight.contains(window.scene.stage_rect(stages[1]).center())
    qtbot.keyClick(viewport, Qt.Key.Key_Right)
    qtbot.keyClick(viewport, Qt.Key.Key_Right)  # past the end: stays on the last
    assert presenter.current_stage() == stages[2]
    qtbot.keyClick(viewport, Qt.Key.Key_Left)
    assert presenter.current_stage() == stages[1]
    qtbot.keyClick(viewport, Qt.Key.Key_Home)
    assert presenter.current_stage() == stages[0]
    # the heat colour stays on the card while presenting; editing gestures are off
    assert window.scene.cards["place-order"].heat[0] == "#e31a1c"
    qtbot.keyClick(viewport, Qt.Key.Key_Delete)
    assert len(window.document.journey) == 5
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert not presenter.active
    assert window.menuBar().isVisible() and window.toolbar.isVisible()
    assert window.inspector.isVisible()
    assert window.document.undo_stack.count() == 0
    assert presenter.spotlight.scene() is None


def test_export_png_svg_pdf(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.scene.select_keys(["place-order"])
    png = export(window.scene, tmp_path / "map.png")
    image = QImage(str(png))
    rect = window.scene.sceneRect()
    assert (image.width(), image.height()) == (round(rect.width() * 2), round(rect.height() * 2))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 9)
               for y in range(0, image.height(), 9)}
    assert len(colours) > 20
    svg = export(window.scene, tmp_path / "map.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Place order" in svg and "Parcel delivery" in svg  # text stays text
    pdf = export(window.scene, tmp_path / "map.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    assert window.scene.selected_touchpoints() == ["place-order"]  # selection kept
    with pytest.raises(ExportError, match="choose a .png"):
        export(window.scene, tmp_path / "map.bmp")


def test_export_actions_write_files(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = make_window(qtbot, tmp_path, make_journey())
    target = tmp_path / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action("export_svg").trigger()
    assert (tmp_path / "chosen.svg").stat().st_size > 1000
    if "export_mermaid" in window.actions_by_name:
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(tmp_path / "j.mmd"), ""))
        window.action("export_mermaid").trigger()
        text = (tmp_path / "j.mmd").read_text(encoding="utf-8")
        assert text.lstrip().startswith(("journey", "---", "%%"))
        assert "Place order" in text


def test_presentation_overview_stage_fit_and_leaving_restores_the_zoom(qtbot, tmp_path):
    from pathlib import Path

    from journeymap.model import load

    sample = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
    window = make_window(qtbot, tmp_path, load(sample), str(sample))
    view = window.view
    view.set_zoom(0.8)
    view.horizontalScrollBar().setValue(300)
    before = (view.zoom(), view.horizontalScrollBar().value())
    presenter = window.presenter
    presenter.start()
    qtbot.waitUntil(lambda: window.isFullScreen())
    qtbot.wait(50)
    assert not view.navigator.isVisible()
    viewport = view.viewport()
    # every stage fits its page: the widest (9 cards over its lanes) included
    for index, key in enumerate(presenter.stages()):
        presenter.show_stage(index)
        assert visible_rect(window).contains(window.scene.stage_rect(key)), key
    legend = window.feedback.legend
    if legend.isVisible():
        assert not legend.geometry().intersects(viewport.geometry())
    presenter.show_stage(2)
    qtbot.keyClick(viewport, Qt.Key.Key_O)
    assert view.overview.isVisible() and presenter.index == -1
    assert len(view.overview.wrapping.rows) >= 2 or view.overview.grab() is not None
    qtbot.keyClick(view.overview, Qt.Key.Key_Escape)  # back to the stage shown before
    assert presenter.active and presenter.index == 2 and not view.overview.isVisible()
    qtbot.keyClick(viewport, Qt.Key.Key_O)
    boxes = dict(view.overview.boxes)
    qtbot.mouseClick(view.overview, Qt.MouseButton.LeftButton,
                     pos=boxes["receive"].center().toPoint())
    assert presenter.current_stage() == "receive"
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert not presenter.active
    qtbot.waitUntil(lambda: abs(view.zoom() - before[0]) < 1e-6)
    assert view.horizontalScrollBar().value() == before[1]
    assert view.navigator.isVisible()
