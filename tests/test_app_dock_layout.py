"""The window at a laptop's and a desktop's size: panels in their default places (one full-height
tabbed column on a small screen, both sides on a wide one), dock tabs that say their names
whole, View ▸ Reset panel layout, a legend strip that never cuts its definition into a narrow
column, and a toolbar whose boxes are never squeezed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QTabBar

from journeymap.app import docklayout
from journeymap.app.application import STYLE_SHEET
from journeymap.app.feedback.panels import LINK, Legend
from journeymap.model import load

from test_app_helpers import OFFSCREEN_NOISE, make_window, reopened

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
LAPTOP, DESKTOP, LARGE = (1366, 768), (1920, 1080), (2560, 1440)


def laid_out(qtbot, tmp_path, size):
    """The sample in a window of ``size`` styled as the app is (the style sheet's paddings
    decide what fits), its panels arranged as at first start."""
    window = make_window(qtbot, tmp_path, load(SAMPLE), str(SAMPLE))
    window.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    window.resize(*size)  # (two stacked panel groups may not fit a laptop's height yet)
    qtbot.waitUntil(lambda: window.width() == size[0])
    window.default_panel_sizes()
    qtbot.waitUntil(lambda: window.minimumSize().height() <= size[1])
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.wait(20)
    return window


def groups(window) -> list[tuple[Qt.DockWidgetArea, list[str]]]:
    """The docked tab groups as (side, object names in tab order), top to bottom per side."""
    out = []
    by_title = {d.windowTitle(): d for d in window.docks()}
    for bar in docklayout.dock_tab_bars(window):
        names = [by_title[bar.tabText(i)].objectName() for i in range(bar.count())]
        out.append((window.dockWidgetArea(by_title[bar.tabText(0)]), bar.y(), names))
    return [(area, names) for area, _, names in sorted(out, key=lambda g: (int(g[0].value),
                                                                              g[1]))]


def plan(layout) -> list[tuple[Qt.DockWidgetArea, list[str]]]:
    return sorted(((area, list(g)) for area, gs in layout for g in gs),
                  key=lambda g: int(g[0].value))


def assert_tabs_whole(window, scroll_ok: bool) -> None:
    """Every dock tab shows its whole name: never elided; on a bar with room, every tab in
    sight without scrolling."""
    bars = docklayout.dock_tab_bars(window)
    assert bars
    for bar in bars:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone and bar.usesScrollButtons()
        for i in range(bar.count()):
            text = bar.tabText(i)
            assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text), text
            assert bar.tabToolTip(i) == text
        if not scroll_ok:
            assert bar.tabRect(bar.count() - 1).right() <= bar.width(), \
                [bar.tabText(i) for i in range(bar.count())]


def test_a_laptop_gets_one_full_height_column_of_whole_tab_names(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, LAPTOP)
    assert groups(window) == plan(docklayout.COMPACT)
    friction = window.feedback.docks["Friction"]
    assert friction.isVisible() and friction.height() >= 0.75 * window.centralWidget().height()
    assert friction.height() >= 550
    assert window.view.width() >= 0.7 * window.width()
    assert 320 <= friction.width() <= 400
    assert_tabs_whole(window, scroll_ok=True)
    # each panel gets the column's height when its tab is chosen
    window.inspector.raise_()
    qtbot.waitUntil(window.inspector.isVisible)
    assert window.inspector.height() == friction.height()
    window.action("reset_layout").trigger()  # from the one column: the same, no growth
    qtbot.wait(20)
    assert window.size().toTuple() == LAPTOP and groups(window) == plan(docklayout.COMPACT)


def test_arranging_never_grows_the_window(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, DESKTOP)
    window.resize(1366, 800)  # the wide arrangement on a smaller window still fits its height
    qtbot.waitUntil(lambda: window.size().toTuple() == (1366, 800))
    window.default_panel_sizes()  # every panel moves to one column on the way
    assert window.size().toTuple() == (1366, 800)
    qtbot.wait(50)
    assert window.size().toTuple() == (1366, 800)


@pytest.mark.parametrize("size", [DESKTOP, LARGE])
def test_a_desktop_keeps_both_sides_and_every_tab_in_sight(qtbot, tmp_path, size):
    window = laid_out(qtbot, tmp_path, size)
    assert groups(window) == plan(docklayout.WIDE)
    assert_tabs_whole(window, scroll_ok=False)
    for dock in window.docks():
        if dock.isVisible():
            assert dock.height() >= 300, dock.objectName()
    friction, feedback = window.feedback.docks["Friction"], window.feedback.docks["Feedback"]
    assert friction.geometry().bottom() < feedback.geometry().top()
    assert friction.width() == feedback.width() <= 0.34 * size[0]
    assert window.view.width() >= 0.5 * size[0]


def test_between_the_two_the_column_is_as_wide_as_its_tabs(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, (1520, 900))
    assert groups(window) == plan(docklayout.WIDE)
    assert_tabs_whole(window, scroll_ok=False)


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")
def test_reset_puts_every_panel_back_whatever_the_user_did(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, DESKTOP)
    docks = window.feedback.docks
    docks["Paths"].setFloating(True)
    window.history.close()
    window.tabifyDockWidget(window.inspector, docks["Heatmaps"])
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, docks["Sources"])
    qtbot.wait(20)
    assert groups(window) != plan(docklayout.WIDE)
    window.action("reset_layout").trigger()
    qtbot.wait(20)
    assert groups(window) == plan(docklayout.WIDE)
    assert not any(d.isFloating() or d.isHidden() for d in window.docks())
    window.resize(*LAPTOP)  # the same window on a smaller screen: reset arranges for it
    qtbot.waitUntil(lambda: window.size().toTuple() == LAPTOP)
    window.action("reset_layout").trigger()
    qtbot.wait(20)
    assert groups(window) == plan(docklayout.COMPACT)
    assert_tabs_whole(window, scroll_ok=True)


def test_a_saved_layout_comes_back_with_readable_tabs(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, DESKTOP)
    window.tabifyDockWidget(window.feedback.docks["Friction"], window.feedback.docks["Paths"])
    qtbot.wait(20)
    mine = groups(window)
    settings = QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat)
    again = reopened(qtbot, tmp_path, window, settings)
    assert groups(again) == mine  # the user's arrangement, not the default
    assert_tabs_whole(again, scroll_ok=True)


def test_dock_tabs_made_later_never_elide(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, DESKTOP)
    extra = QDockWidget("A panel with a long name", window)
    extra.setObjectName("plug-in-panel")
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, extra)
    window.tabifyDockWidget(window.inspector, extra)
    qtbot.wait(20)
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if bar.isVisible():
            assert bar.elideMode() == Qt.TextElideMode.ElideNone
    window.action("reset_layout").trigger()  # a dock the plans do not name: behind the data
    qtbot.wait(20)
    assert "plug-in-panel" in groups(window)[-1][1]


def test_the_toolbar_boxes_get_their_width_on_a_laptop(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, (1256, 706))  # a maximised window beside a side panel
    combo = window.findChild(QComboBox, "persona-combo")
    qtbot.waitUntil(lambda: combo.width() >= combo.sizeHint().width())
    assert window.find_edit.width() >= window.find_edit.sizeHint().width()
    bar = window.toolbar
    assert bar.widgetForAction(window.action("emotion_lane")).isVisible()
    assert all(bar.widgetForAction(a).geometry().right() <= bar.width() for a in bar.actions()
               if bar.widgetForAction(a) is not None and bar.widgetForAction(a).isVisible())
    collapsed = window.toolbar_fit.collapsed
    assert collapsed and window.action("add_touchpoint") not in collapsed
    assert all(a.toolTip() for a in collapsed)  # the words are still in the tooltip
    window.resize(*LARGE)  # room again: the words come back
    qtbot.waitUntil(lambda: not window.toolbar_fit.collapsed)


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")
def test_the_legend_strip_writes_its_definition_or_links_to_it(qtbot):
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_strip(1200)
    assert legend.link_rect() is None and legend.height() <= 60
    assert legend.text in legend.toolTip()
    legend.set_strip(560)  # a laptop's canvas: no column of cut words
    link = legend.link_rect()
    assert link is not None and link.right() <= legend.width()
    assert link.width() >= legend.fontMetrics().horizontalAdvance(LINK) * 0.8
    legend.set_evidence([("●", "data", "#1a7f37"), ("◐", "thin", "#b26a00")])
    legend.show()
    qtbot.waitExposed(legend)
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=link.center().toPoint())
    assert legend.height() <= 68
    legend.set_strip(300)  # narrower still: the link goes under the colour bar
    assert legend.link_rect().top() >= 50 and legend.link_rect().left() == 10


def test_the_legend_in_the_window_on_a_laptop_is_one_band(qtbot, tmp_path):
    window = laid_out(qtbot, tmp_path, LAPTOP)
    window.document.reset.emit()
    legend = window.feedback.legend
    qtbot.waitUntil(legend.isVisible)
    assert legend.height() <= 68
    assert not legend.geometry().intersects(window.view.navigator.geometry())
    whole, link, key, _ = legend._strip_layout()
    # either the definition is written in a column wide enough, or a link stands for it;
    # neither it nor the evidence key runs under the navigator
    assert whole or link is not None
    assert whole == (link is None) and (not whole or legend._text_rect().width() >= 240)
    for rect in (link, key):
        if rect is not None:
            assert legend.x() + rect.right() <= window.view.navigator.x()
