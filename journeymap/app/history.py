"""The History dock: the undo stack as a list (click an entry to go back to it).

It sits behind the inspector, so its list is made right after the window's first paint
(:meth:`HistoryDock.build`, which the window calls) or when first asked for; until then a
stand-in of the list's size holds the dock's place, so nothing moves when it fills.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QUndoView, QWidget

from .widgets import Placeholder, fill

#: The list's size hint and minimum size (tests/test_app_startup.py checks they are its own).
SHELL = ((256, 192), (70, 70))


class HistoryDock(QDockWidget):
    """See the module docstring. :meth:`widget` is the list (built if need be)."""

    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("history")
        self.stack = stack
        self.built = False
        self.setWidget(Placeholder(*SHELL))

    def build(self) -> QUndoView:
        if not self.built:
            self.built = True
            view = QUndoView(self.stack)
            view.setEmptyLabel("Opened")
            fill(self, view)
        return super().widget()

    def widget(self) -> QWidget:  # the list, whoever asks before the first paint
        return self.build()
