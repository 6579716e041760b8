"""Seeing the whole journey: a fit that keeps cards readable, the overview that wraps stages
into rows, the navigator, the legend docked under the canvas, panels that give way on a
small screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from PySide6.QtCore import QPoint, QRectF, Qt

from journeymap.app.canvas.overview import wrap_stages
from journeymap.model import load

from test_app_helpers import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
READABLE = 0.55


def test_seven_stages_wrap_into_rows_larger_than_one_strip():
    widths = [400.0] * 7
    one_row = min(1600 / (150 + 7 * 400), 900 / 600)
    wrapped = wrap_stages(widths, 600.0, (1600, 900))
    assert wrapped.rows == ((0, 1, 2, 3), (4, 5, 6)) and wrapped.scale > 1.3 * one_row
    assert [i for row in wrapped.rows for i in row] == list(range(7))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(100, 2000), min_size=1, max_size=20),
       st.floats(200, 1500), st.floats(300, 3000), st.floats(300, 2000))
def test_wrapping_keeps_order_fits_and_beats_one_row(widths, height, w, h):
    wrapped = wrap_stages(widths, height, (w, h))
    assert [i for row in wrapped.rows for i in row] == list(range(len(widths)))
    s = wrapped.scale
    widest = 150 + max(sum(widths[i] for i in row) for row in wrapped.rows)
    rows = len(wrapped.rows)
    assert widest * s <= w + 1e-6 and (rows * height + (rows - 1) * 28) * s <= h + 1e-6
    assert s >= min(w / (150 + sum(widths)), h / height, 1.0) - 1e-9


def open_sample(qtbot, tmp_path, size=(1366, 768)):
    window = make_window(qtbot, tmp_path, load(SAMPLE), str(SAMPLE))
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    return window


def test_fit_keeps_cards_readable_and_the_full_height_in_sight(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path)
    window.action("fit").trigger()
    view = window.view
    assert view.zoom() >= READABLE
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    grid = window.scene.grid
    assert shown.top() <= 0 and shown.bottom() >= grid.height


def test_overview_shows_every_stage_and_a_click_goes_there(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path, (1600, 1000))
    view = window.view
    window.view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_O)
    overview = view.overview
    assert overview.isVisible() and window.action("overview").isChecked()
    overview.grab()  # paints, and lays the rows out
    stages = [s.id for s in window.document.journey.stages]
    assert [key for key, _ in overview.boxes] == stages
    assert len(overview.wrapping.rows) >= 2
    one_row = min(overview.width() / window.scene.grid.width,
                  overview.height() / window.scene.grid.height)
    assert overview.wrapping.scale > 1.3 * one_row
    boxes = dict(overview.boxes)
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=boxes["buy"].center().toPoint())
    assert not overview.isVisible() and not window.action("overview").isChecked()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.stage_rect("buy").center()) and view.zoom() >= READABLE
    qtbot.keyClick(view, Qt.Key.Key_O)
    qtbot.keyClick(overview, Qt.Key.Key_Escape)
    assert not overview.isVisible()


def test_legend_is_docked_under_the_canvas_never_over_it(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path)
    window.document.reset.emit()
    legend = window.feedback.legend
    qtbot.waitUntil(legend.isVisible)
    view = window.view
    viewport = view.viewport().geometry()
    assert not legend.geometry().intersects(viewport)
    assert legend.geometry().top() > viewport.bottom()
    assert view.viewportMargins().bottom() >= legend.height()
    window.action("show_heat").trigger()  # no heat: no legend, the band shrinks to the navigator
    assert not legend.isVisible()
    assert view.viewportMargins().bottom() < legend.height()


def test_navigator_shows_the_map_and_a_click_goes_there(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path)
    navigator = window.view.navigator
    assert navigator.isVisible()
    assert not navigator.geometry().intersects(window.view.viewport().geometry())
    picture = navigator.grab()
    assert not picture.isNull()
    view = window.view
    view.horizontalScrollBar().setValue(0)
    before = view.horizontalScrollBar().value()
    qtbot.mouseClick(navigator, Qt.MouseButton.LeftButton,
                     pos=QPoint(navigator.width() - 6, navigator.height() // 2))
    assert view.horizontalScrollBar().value() > before
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.right() >= window.scene.grid.width - 10
    window.action("navigator").trigger()
    assert not navigator.isVisible()


def test_panels_give_way_on_a_small_screen(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path)
    window.default_panel_sizes()
    qtbot.wait(20)
    assert window.view.width() >= 0.65 * window.width()
    assert window.feedback.docks["Friction"].isVisible()
    inspector = window.inspector
    assert window.dockWidgetArea(inspector) == Qt.DockWidgetArea.RightDockWidgetArea


def test_wide_screen_keeps_panels_on_both_sides(qtbot, tmp_path):
    window = open_sample(qtbot, tmp_path, (1920, 1080))
    window.default_panel_sizes()
    assert window.dockWidgetArea(window.inspector) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert QRectF(window.view.geometry()).width() >= 0.5 * window.width()
