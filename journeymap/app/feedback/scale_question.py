"""The question the import dialog asks when the data leave a scale open: the answers'
histogram, the readings to choose from, and what each reading does to each touchpoint's
numbers (mean on its scale and the share counted negative, which is what friction counts).

Nothing is decided silently: the proposed reading is preselected and said to be a proposal.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QGroupBox, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout, QWidget)

from ..widgets import blocked

BAR_WIDTH = 24  # characters of the longest histogram bar


def histogram_html(counts: dict[float, int]) -> str:
    """Rows of "value ▇▇▇ count", the bars scaled to the largest count."""
    top = max(counts.values(), default=0) or 1
    rows = "".join(
        f"<tr><td align='right'>{value:g}</td><td style='color:#3e7cb1'>"
        f"{'█' * max(1, round(BAR_WIDTH * n / top))}</td><td align='right'>{n:,}</td></tr>"
        for value, n in counts.items())
    return f"<table cellspacing='0' cellpadding='1'>{rows}</table>"


def effects_html(question: Any) -> str:
    """Per column: mean and negative share under each reading, side by side."""
    choices = question.guess.choices
    head = "".join(f"<th align='left'>{escape(c.text)}</th>" for c in choices)
    rows = []
    for column, effects in question.effects().items():
        cells = "".join(f"<td>mean {e.mean:.2f} · {e.negative:.0%} negative</td>"
                        for e in effects)
        rows.append(f"<tr><td>{escape(column)}</td>{cells}</tr>")
    return (f"<table cellspacing='0' cellpadding='2'><tr><th></th>{head}</tr>"
            + "".join(rows) + "</table>")


class ScaleQuestionBox(QGroupBox):
    """See the module docstring. ``chosen`` carries the reading picked (a ScaleChoice)."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("The scale is not clear from the data", parent)
        self.question: Any = None
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.histogram = QLabel("")
        self.effects = QLabel("")
        self.effects.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.currentIndexChanged.connect(self._picked)
        left = QVBoxLayout()
        left.addWidget(self.why)
        left.addWidget(self.histogram)
        left.addWidget(self.choice)
        left.addStretch(1)
        scroll = QScrollArea()   # fourteen touchpoints need not push the value map away
        scroll.setWidget(self.effects)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMaximumHeight(200)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(scroll, 3)
        self.hide()

    def ask(self, question: Any) -> None:
        """Show ``question`` (an analytics ScaleQuestion), its proposal preselected."""
        self.question = question
        columns = question.columns
        what = (f"the {len(columns)} score columns" if len(columns) > 1
                else f"the column “{columns[0]}”")
        self.why.setText(f"Answers in {what}: {question.guess.why}. How should they "
                         "be read? The first reading is proposed.")
        self.histogram.setText(histogram_html(question.counts))
        with blocked(self.choice):
            self.choice.clear()
            for i, c in enumerate(question.guess.choices):
                note = " (proposed)" if i == 0 else ""
                self.choice.addItem(f"{c.text}{note}: mean {c.mean:.2f}, "
                                    f"{c.negative:.0%} negative", i)
        self.effects.setText("What each reading does, touchpoint by touchpoint:<br>"
                             + effects_html(question))
        self.show()

    def current(self) -> Any:
        if self.question is None or self.choice.currentIndex() < 0:
            return None
        return self.question.guess.choices[self.choice.currentIndex()]

    def _picked(self, _index: int) -> None:
        choice = self.current()
        if choice is not None:
            self.chosen.emit(choice)
