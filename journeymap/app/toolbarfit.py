"""A toolbar that gives way on a narrow window: its buttons drop their words (icons stay, the
words in their tooltips), one by one in a given order, until the boxes on it (Find, Emotions
of) get the width they ask for instead of being squeezed to a few letters.

Qt's own answer to a toolbar too narrow for its contents is to squeeze its widgets to their
minimum and then hide the rest behind an extension arrow; a combo box that reads
"everyone (journey" is the squeeze. Icon-only buttons are what a laptop toolbar shows anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar


class ToolbarFit(QObject):
    """Keeps ``toolbar`` within its width by showing ``actions`` (in this order, the first
    the first to go) as icons only when the words do not fit."""

    def __init__(self, toolbar: QToolBar, actions: list[QAction]) -> None:
        super().__init__(toolbar)
        self.toolbar = toolbar
        self.actions = [a for a in actions if not a.icon().isNull()]
        self.priority = {a: a.priority() for a in self.actions}
        self.collapsed: list[QAction] = []
        toolbar.installEventFilter(self)
        self.fit()

    def _saving(self, action: QAction) -> int:
        """The width ``action``'s button gives up without its words."""
        button = self.toolbar.widgetForAction(action)
        if button is None:
            return 0
        return button.fontMetrics().horizontalAdvance(action.iconText()) + 6

    def fit(self) -> None:
        """Words on as many buttons as the width allows (the last in the order first)."""
        available = self.toolbar.width() - 4
        need = self.toolbar.sizeHint().width() + sum(self._saving(a) for a in self.collapsed)
        collapse: list[QAction] = []
        for action in self.actions:
            if need <= available:
                break
            collapse.append(action)
            need -= self._saving(action)
        if collapse == self.collapsed:
            return
        self.collapsed = collapse
        for action in self.actions:
            action.setPriority(QAction.Priority.LowPriority if action in collapse
                               else self.priority[action])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.toolbar and event.type() in (QEvent.Type.Resize,
                                                        QEvent.Type.LayoutRequest):
            self.fit()
        return False


__all__ = ["ToolbarFit"]
