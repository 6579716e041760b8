"""The keyboard shortcuts as the window binds them: the Help ▸ Keyboard shortcuts table and
README's table are both made from the window's own actions, so neither can drift from the
keys that work (tests/test_app_shortcuts.py compares README with :func:`markdown`).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QMainWindow,
                               QMenu, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

#: Keys the canvas and presentation mode take themselves (not menu actions).
CANVAS_KEYS = (
    ("Canvas", "Walk between cards", "Arrows"),
    ("Canvas", "Move the selection a cell", "Ctrl+Arrows, Alt+Arrows"),
    ("Canvas", "Rename the selected card", "Enter"),
    ("Canvas", "Pan", "Space+drag, middle button"),
    ("Canvas", "Zoom, scroll sideways", "Wheel, Shift+wheel"),
    ("Presentation", "Next, previous stage", "Right, Left, Page Down, Page Up, Space"),
    ("Presentation", "First, last stage", "Home, End"),
    ("Presentation", "The whole journey", "O"),
    ("Presentation", "Leave", "Esc"),
)

PRIMARY = "journeymap_primary_keys"


def plain(text: str) -> str:
    """A menu text as read: no mnemonic ampersand, no ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "")


def set_primary(action: QAction, keys: list[QKeySequence]) -> None:
    """Remember which of ``action``'s keys are its documented ones (the keys given by name
    and the first binding of each standard key; a platform's alternatives are not)."""
    action.setProperty(PRIMARY, [k.toString(QKeySequence.SequenceFormat.PortableText)
                                 for k in keys])


def documented_keys(action: QAction) -> list[str]:
    """The documented keys ``action`` still has (portable text: "Ctrl+Shift+Z")."""
    bound = {k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()}
    return [k for k in action.property(PRIMARY) or [] if k in bound]


def menu_actions(window: QMainWindow) -> list[tuple[str, QAction]]:
    """(menu path, action) for every action in the menu bar, in menu order."""
    out: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {plain(action.text())}")
            elif not action.isSeparator():
                out.append((path, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.text()))
    return out


def rows(window: QMainWindow) -> list[tuple[str, str, list[str]]]:
    """(menu path, action text, documented keys) for every action with a shortcut."""
    seen: set[int] = set()
    out = []
    for path, action in menu_actions(window):
        keys = documented_keys(action)
        if keys and id(action) not in seen:
            seen.add(id(action))
            out.append((path, plain(action.text()).strip(), keys))
    return out


def markdown(window: QMainWindow) -> str:
    """README's shortcut table."""
    lines = ["| Menu | Action | Keys |", "|---|---|---|"]
    for path, text, keys in rows(window):
        lines.append(f"| {path} | {_stable(text)} | {', '.join(keys)} |")
    for path, text, keys in CANVAS_KEYS:
        lines.append(f"| {path} | {text} | {keys} |")
    return "\n".join(lines)


def _stable(text: str) -> str:
    """Undo and Redo carry the step they would undo in their text: the table names the verb."""
    for verb in ("Undo", "Redo"):
        if text.startswith(verb):
            return verb
    return text


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: every key the window answers, as this platform shows it."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts — journeymap")
        entries = [(path, _stable(text), ", ".join(
            QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys))
            for path, text, keys in rows(window)] + list(CANVAS_KEYS)
        self.table = QTableWidget(len(entries), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(entries):
            for column, text in enumerate(entry):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("Every menu entry with a key is listed; the canvas and presentation "
                      "keys follow.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)


def about_text() -> str:
    from journeymap import __version__

    return (f"<h3>journeymap {__version__}</h3>"
            "<p>Customer-journey maps with the evidence of real feedback: stages, touchpoints "
            "and service-blueprint lanes, coloured by friction measured from surveys, reviews "
            "and event logs, every number with its sample size and interval.</p>"
            "<p>The same maps, figures and metrics from the command line: "
            "<code>journeymap --help</code>.</p>")
