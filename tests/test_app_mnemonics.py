"""Alt + an underlined letter reaches one thing: no two mnemonics collide in the menu bar,
in a dock (together with the menu bar: both live in the main window, where Qt gives a
shared key to whichever claimed it first) or in a dialog. Widgets on different pages of a
tab or stack are never on screen together, so they may share a letter."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDockWidget, QGroupBox, QLabel,
                               QStackedWidget, QTabBar, QWidget)

from journeymap.model import Opportunity, load

from test_app_feedback import SAMPLE, WAIT, open_sample
from test_app_helpers import OFFSCREEN_NOISE

#: offscreen has no window manager to raise a window or grab the keyboard for a menu
pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, r"This plugin does not support raise",
                                       r"This plugin does not support grabbing the keyboard")

Claim = tuple[str, str, tuple]   # (Alt+key, the text that claims it, the pages it is on)


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


def _pages(widget: QWidget, root: QWidget) -> tuple:
    """(stack, page) of every QStackedWidget (a tab widget's pages) between ``widget`` and
    ``root``; None where ``widget`` is hidden otherwise (it claims no key then)."""
    pages = []
    child, parent = widget, widget.parentWidget()
    while child is not root and parent is not None:
        if isinstance(parent, QStackedWidget):
            # the C++ object's address: PySide may hand out a new wrapper (a new id()) for a
            # stack Qt made, so id() would tell two claims on one stack apart at random
            pages.append((shiboken6.getCppPointer(parent)[0], parent.indexOf(child)))
        elif child.isHidden():
            return None
        child, parent = parent, parent.parentWidget()
    return tuple(pages)


def claims(root: QWidget) -> list[Claim]:
    """What claims an Alt key under ``root``: labels with a buddy, buttons and check boxes,
    group boxes and tabs."""
    texts = [(w, w.text()) for w in root.findChildren(QLabel) if w.buddy() is not None]
    texts += [(w, w.text()) for w in root.findChildren(QAbstractButton)]
    texts += [(w, w.title()) for w in root.findChildren(QGroupBox)]
    texts += [(bar, bar.tabText(i)) for bar in root.findChildren(QTabBar)
              for i in range(bar.count())]
    out = []
    for widget, text in texts:
        key = QKeySequence.mnemonic(text).toString()
        pages = _pages(widget, root)
        if key and pages is not None:
            out.append((key, text, pages))
    return out


def collisions(found: list[Claim]) -> list[tuple[str, str, str]]:
    """Pairs of claims of one key that can be on screen together."""
    out = []
    for i, (key, text, pages) in enumerate(found):
        for other_key, other, other_pages in found[i + 1:]:
            a, b = dict(pages), dict(other_pages)
            if key == other_key and all(a[s] == b[s] for s in a.keys() & b.keys()):
                out.append((key, text, other))
    return out


def test_the_checker_sees_a_collision_and_lets_tabs_share_a_letter(qtbot):
    from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    tabs = QTabWidget()
    one, two = QWidget(), QWidget()
    QVBoxLayout(one).addWidget(QCheckBox("&Keep"))
    QVBoxLayout(two).addWidget(QCheckBox("&Kill"))
    tabs.addTab(one, "&One")
    tabs.addTab(two, "&Two")
    layout = QVBoxLayout(root)
    layout.addWidget(tabs)
    layout.addWidget(QCheckBox("&Other"))
    assert collisions(claims(root)) == [("Alt+O", "&Other", "&One")]


def test_menu_bar_and_every_dock_have_distinct_alt_keys(qtbot, tmp_path):
    window, _ = open_sample(qtbot, tmp_path)
    window.build_panels()
    window.build_panels()   # once is enough: the second call does nothing
    menus = [(QKeySequence.mnemonic(a.text()).toString(), a.text(), ())
             for a in window.menuBar().actions() if a.text()]
    assert all(key for key, _, _ in menus), menus
    assert collisions(menus) == []
    docks = window.findChildren(QDockWidget)
    assert len(docks) >= 10
    assert any(claims(dock) for dock in docks)   # the Paths dock's Compare tab has some
    for dock in docks:
        assert collisions(menus + claims(dock)) == [], dock.windowTitle()
    # with the Compare tab on screen, Alt+V is the View menu's, Alt+P the tab's "Split by"
    paths = window.feedback.paths_panel
    window.feedback.docks["Paths"].raise_()
    paths.tabs.setCurrentWidget(paths.compare)
    split = paths.compare.split
    qtbot.waitUntil(lambda: split.isVisible() and split.isEnabled() and split.count() > 1,
                    timeout=WAIT)   # once the log is read: its splits are offered
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is split
    view = window.menu("&View")
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.isVisible, timeout=2000)
    view.close()


def test_every_dialog_has_distinct_alt_keys(qtbot, tmp_path):
    from journeymap.app.decisions.opportunities import OpportunityDialog
    from journeymap.app.feedback.database_dialog import DatabaseDialog
    from journeymap.app.feedback.import_dialog import ImportDialog
    from journeymap.app.shortcuts import ShortcutsDialog
    from journeymap.app.welcome import WelcomeDialog

    window, _ = open_sample(qtbot, tmp_path)
    journey = load(SAMPLE)
    survey = SAMPLE.parent / "feedback" / "online_order_survey.csv"
    importing = ImportDialog(journey, str(survey), str(SAMPLE))
    dialogs = [importing, DatabaseDialog(journey, str(SAMPLE.parent)),
               ShortcutsDialog(window), OpportunityDialog(journey, Opportunity("x", "X")),
               WelcomeDialog([str(SAMPLE)])]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: importing.raw is not None, timeout=WAIT)
    for dialog in dialogs:
        assert collisions(claims(dialog)) == [], dialog.windowTitle()
