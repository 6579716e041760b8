"""Every menu action and every button of every panel, on a sample journey with its feedback:
nothing raises (pytest-qt fails a test on an exception in a slot) and Qt warns of nothing.
Modal dialogs (file choosers, questions, About) are closed as soon as they open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog, QDockWidget,
                               QMenu, QTabBar, QTabWidget, QToolBar)

from journeymap.app import shortcuts

from test_app_feedback import WAIT, _no_leftover_threads, open_sample  # noqa: F401 (fixture)
from test_app_helpers import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


class DialogCloser:
    """Closes whatever modal window opens (as Escape would), and counts them."""

    def __init__(self, parent) -> None:
        self.closed: list[str] = []
        self.timer = QTimer(parent)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if widget is None:
            return
        self.closed.append(type(widget).__name__ + ": " + widget.windowTitle())
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()


def settle(qtbot, window) -> None:
    """Let background work end (an analysis, a heatmap drawing) before the next click."""
    feedback = window.feedback
    qtbot.waitUntil(lambda: not feedback.busy and (
        feedback.heatmap.job is None or not feedback.heatmap.job.active), timeout=WAIT)
    qtbot.wait(10)


def test_every_menu_action_runs(qtbot, tmp_path):
    window, _ = open_sample(qtbot, tmp_path)
    closer = DialogCloser(window)
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # menus filled when shown (Open recent)
    window.scene.select_keys(["three-ds"])
    ran = []
    for path, action in shortcuts.menu_actions(window):
        name = shortcuts.plain(action.text())
        if name == "Quit" or not action.isEnabled():
            continue
        action.trigger()
        if window.presenter.active:
            window.presenter.stop()
        settle(qtbot, window)
        ran.append(f"{path} ▸ {name}")
        if not window.scene.cards:  # a blank New: back to the sample for the rest
            window.document.undo_stack.setClean()
            window.open_path(str(SAMPLE))
            settle(qtbot, window)
    assert len(ran) >= 40, ran
    assert closer.closed  # the file dialogs and About did open
    window.document.undo_stack.setClean()
    window.action("quit").trigger()
    assert not window.isVisible()


def test_every_button_and_choice_of_every_panel_and_toolbar(qtbot, tmp_path):
    window, _ = open_sample(qtbot, tmp_path)
    closer = DialogCloser(window)
    window.scene.select_keys(["three-ds"])
    clicked: list[str] = []
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
        tabs = [w for w in (dock.widget(), *dock.widget().findChildren(QTabWidget))
                if isinstance(w, QTabWidget)]
        pages = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
        for tab_widget, index in pages:
            if tab_widget is not None:
                tab_widget.setCurrentIndex(index)
            for button in dock.widget().findChildren(QAbstractButton):
                if button.isEnabled() and button.isVisibleTo(dock) \
                        and not isinstance(button.parent(), QTabBar):
                    if tab_widget is not None and not tab_widget.currentWidget().isAncestorOf(
                            button) and tab_widget.isAncestorOf(button):
                        continue  # another page's: clicked on its own turn
                    button.click()
                    settle(qtbot, window)
                    clicked.append(f"{dock.windowTitle()}: {button.text()}")
    for container in [*window.findChildren(QDockWidget), *window.findChildren(QToolBar)]:
        for combo in container.findChildren(QComboBox):
            for index in range(combo.count()):
                if combo.isEnabled():
                    combo.setCurrentIndex(index)
                    combo.activated.emit(index)
                    settle(qtbot, window)
    assert len(clicked) >= 15, clicked
    assert window.scene.cards  # still the sample on screen
    del closer
