"""Small widgets the panels share: a text box that reports when editing finished, an emotion
spin box with a "no score" value, a stand-in for a panel built later, and a signal blocker
for pushing values into widgets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSignalBlocker, QSize, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDockWidget, QDoubleSpinBox, QLabel, QPlainTextEdit, QWidget

from journeymap.model import EMOTION_MAX, EMOTION_MIN

NO_SCORE = EMOTION_MIN - 0.5


class Placeholder(QWidget):
    """Holds a dock's place until its panel is built (right after the window's first paint):
    the panel's size hint and minimum size, so the docks are laid out as they will stay."""

    def __init__(self, hint: tuple[int, int], minimum: tuple[int, int]) -> None:
        super().__init__()
        self.hint = QSize(*hint)
        self.setMinimumSize(*minimum)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.hint


def fill(dock: QDockWidget, panel: QWidget) -> None:
    """Put the built ``panel`` in ``dock`` in place of its :class:`Placeholder`."""
    QDockWidget.widget(dock).deleteLater()  # the shell itself, whatever a subclass shows
    dock.setWidget(panel)


class TextBox(QPlainTextEdit):
    """A multi-line field that emits :attr:`editingFinished` when it loses focus, like a
    QLineEdit, so one edit of the text is one undo entry."""

    editingFinished = Signal()

    def __init__(self, lines: int = 3) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(10 + self.fontMetrics().lineSpacing() * lines)
        self._start = ""

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._start = self.toPlainText()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._start:
            self._start = self.toPlainText()
            self.editingFinished.emit()

    def lines(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]


class EmotionBox(QDoubleSpinBox):
    """An emotion score from −2 to +2 in halves, with "–" for no score."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(NO_SCORE, EMOTION_MAX)
        self.setSingleStep(0.5)
        self.setDecimals(1)
        self.setSpecialValueText("–")
        self.setKeyboardTracking(False)

    def score(self) -> float | None:
        v = self.value()
        if v <= NO_SCORE + 1e-9:
            return None
        return int(v) if float(v).is_integer() else v

    def set_score(self, value: float | None) -> None:
        self.setValue(NO_SCORE if value is None else float(value))


def section(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("section")
    return label


@contextmanager
def blocked(*widgets: QObject) -> Iterator[None]:
    """Push values into widgets without their change signals firing (no echo edits)."""
    blockers = [QSignalBlocker(w) for w in widgets]
    try:
        yield
    finally:
        for b in blockers:
            b.unblock()
