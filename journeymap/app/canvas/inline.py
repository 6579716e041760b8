"""Rename in place: a text editor laid over a card's label or a header.

Enter or clicking elsewhere commits (one undo entry), Esc cancels. The editor only reports
the text; the caller turns it into a model edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsTextItem

from .. import theme
from ..theme import qcolor


class InlineEditor(QGraphicsTextItem):
    """Edits ``text`` inside ``rect`` (scene coordinates); calls ``on_done(text)`` once on
    commit, or ``on_done(None)`` when cancelled."""

    def __init__(self, text: str, rect: QRectF, on_done: Callable[[str | None], None],
                 point_size: float = 8.6) -> None:
        super().__init__(text)
        self._on_done = on_done
        self._finished = False
        self.setFont(theme.font(point_size, bold=True))
        self.setDefaultTextColor(qcolor(theme.INK))
        self.setTextWidth(rect.width())
        self.setPos(rect.left() - 4, rect.top() - 4)
        self.setZValue(100)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.backdrop = QGraphicsRectItem(QRectF(-3, -3, rect.width() + 6,
                                                 max(rect.height(), 24) + 6), self)
        self.backdrop.setBrush(qcolor("#ffffff"))
        self.backdrop.setPen(qcolor(theme.ACCENT))
        self.backdrop.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemStacksBehindParent)

    def start(self) -> None:
        """Take the keyboard focus with all the text selected."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def finish(self, commit: bool) -> None:
        if self._finished:
            return
        self._finished = True
        text = self.toPlainText().strip() if commit else None
        scene = self.scene()
        if scene is not None:
            scene.removeItem(self)
        self._on_done(text or None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.finish(True)
        elif event.key() == Qt.Key.Key_Escape:
            self.finish(False)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.finish(True)
