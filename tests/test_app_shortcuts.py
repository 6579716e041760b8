"""Keyboard shortcuts as a user meets them: README's table is the window's, every documented
key answers with its action exactly once (on offscreen and on a real X server: dev.sh runs
this file on both), and no key is bound twice."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from journeymap.app import shortcuts

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- shortcuts -->\n(.*?)\n<!-- /shortcuts -->", text, re.S)
    assert found, "README.md has no <!-- shortcuts --> table"
    return found.group(1).strip()


def test_readme_table_is_the_windows_own(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    table = shortcuts.markdown(window)
    assert readme_table() == table, "README's shortcut table is out of date; it should " \
                                    "read:\n" + table


def test_no_key_is_bound_to_two_actions(qtbot, tmp_path):
    """Every binding, the platform's alternatives included (X11 adds Ctrl+D to Delete)."""
    window = make_window(qtbot, tmp_path, make_journey())
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(type(window.action("new"))):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            owners.setdefault(text, []).append(shortcuts.plain(action.text()))
    twice = {k: v for k, v in owners.items() if len(v) > 1}
    assert not twice


def test_every_documented_key_triggers_its_action_exactly_once(qtbot, tmp_path):
    """Real key events on the focused widget of the active window: an ambiguous key (two
    bindings) triggers nothing, a key a widget swallows triggers nothing, a key bound to
    two actions triggers the wrong one; each shows here as a count other than one."""
    window = make_window(qtbot, tmp_path, make_journey())
    counts: Counter[str] = Counter()
    for name, action in window.actions_by_name.items():
        with warnings.catch_warnings():  # PySide warns when there was nothing to disconnect
            warnings.simplefilter("ignore")
            try:
                action.triggered.disconnect()  # here: who answers, not what they do
            except (RuntimeError, TypeError):
                pass
        action.setEnabled(True)
        action.triggered.connect(lambda *_, n=name: counts.update([n]))
    names = {id(a): n for n, a in window.actions_by_name.items()}
    walked = 0
    for _path, action in shortcuts.menu_actions(window):
        for text in shortcuts.documented_keys(action):
            window.view.setFocus()
            qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
            combination = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)[0]
            counts.clear()
            qtbot.keyClick(QApplication.focusWidget(), combination.key(),
                           combination.keyboardModifiers())
            assert counts == Counter({names[id(action)]: 1}), text
            walked += 1
    assert walked >= 30


def test_help_menu_lists_the_shortcuts_and_about(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    help_menu = window.menuBar().actions()[-1]
    assert shortcuts.plain(help_menu.text()) == "Help"
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Undo", "Redo", "Quit", "Keyboard shortcuts", "Leave"} <= listed
    dialog.close()
    assert "journeymap" in shortcuts.about_text()


def test_menus_added_later_go_before_help(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.menu("&Paths")
    titles = [shortcuts.plain(a.text()) for a in window.menuBar().actions()]
    assert titles[-2:] == ["Paths", "Help"]


def test_undo_button_text_stays_short(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    window.editor.rename("place-order", "A very long name for the first touchpoint " * 3)
    undo = window.action("undo")
    assert undo.iconText() == "Undo"
    assert "A very long name" in undo.text() and "A very long name" in undo.toolTip()
    combo = window.persona_combo
    assert combo.isVisible() and not combo.visibleRegion().isEmpty()
