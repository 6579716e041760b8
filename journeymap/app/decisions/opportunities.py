"""The Opportunities panel (ranked by priority, with evidence) and the dialog that edits one.

Every change is one model operation in one undo step. The evidence column comes from the live
analysis (friction of the linked touchpoints with its interval, n) and the key-driver weights
when the Drivers view has computed them.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from journeymap.model import STATUSES, Journey, Opportunity, ranked
from journeymap.model.opportunities import SCALE_WORDS

from .. import theme
from ..widgets import TextBox

#: Confidence choices a team picks from (RICE's usual steps), value and words.
CONFIDENCE = ((None, "not scored"), (1.0, "high (100%)"), (0.8, "medium (80%)"),
              (0.5, "low (50%)"), (0.2, "a guess (20%)"))
PRIORITY_TIP = ("Priority = (customer value + business value) × confidence ÷ effort, from 0 "
                "to 10. Unscored opportunities come after the scored ones; done and dropped "
                "ones last.")
COLUMNS = ("#", "Priority", "Opportunity", "Status", "Evidence", "Owner", "Touchpoints")


def _score_box(tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 5)
    box.setSpecialValueText("–")
    box.setToolTip(tip + " · " + ", ".join(f"{k} {v}" for k, v in SCALE_WORDS.items()))
    return box


class OpportunityDialog(QDialog):
    """Edit one opportunity: title, description, linked cards and pain points, scores, owner
    and status; the priority updates as the scores change."""

    def __init__(self, journey: Journey, opportunity: Opportunity,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.setWindowTitle("Opportunity")
        self.title = QLineEdit(opportunity.title)
        self.title.setPlaceholderText("What would change for the customer")
        self.description = TextBox(3)
        self.description.setPlainText(opportunity.description)
        self.touchpoints = QListWidget()
        for tp in journey.touchpoints():
            item = QListWidgetItem(f"{tp.label}  ({journey.stage(tp.stage).name})")
            item.setData(Qt.ItemDataRole.UserRole, tp.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tp.id in opportunity.touchpoints
                               else Qt.CheckState.Unchecked)
            self.touchpoints.addItem(item)
        self.touchpoints.setMaximumHeight(130)
        self.pains = QListWidget()
        self.pains.setMaximumHeight(90)
        self._pain_choice = set(opportunity.pain_points)
        self.customer_value = _score_box("Value to the customer")
        self.business_value = _score_box("Value to the business")
        self.effort = _score_box("Effort to deliver")
        for box, value in ((self.customer_value, opportunity.customer_value),
                           (self.business_value, opportunity.business_value),
                           (self.effort, opportunity.effort)):
            box.setValue(int(value) if value is not None else 0)
        self.confidence = QComboBox()
        for value, text in CONFIDENCE:
            self.confidence.addItem(text, value)
        known = [v for v, _ in CONFIDENCE]
        if opportunity.confidence is not None and opportunity.confidence not in known:
            self.confidence.addItem(f"{opportunity.confidence:.0%}", opportunity.confidence)
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(opportunity.confidence)))
        self.owner = QLineEdit(opportunity.owner)
        self.status = QComboBox()
        self.status.addItems(list(STATUSES))
        self.status.setCurrentText(opportunity.status)
        self.priority = QLabel()
        self.priority.setToolTip(PRIORITY_TIP)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Description", self.description)
        form.addRow("Touchpoints", self.touchpoints)
        form.addRow("Pain points", self.pains)
        scores = QHBoxLayout()
        for text, box in (("customer", self.customer_value), ("business", self.business_value)):
            scores.addWidget(QLabel(text))
            scores.addWidget(box)
        form.addRow("Value (1–5)", scores)
        form.addRow("Effort (1–5)", self.effort)
        form.addRow("Confidence", self.confidence)
        form.addRow("Owner", self.owner)
        form.addRow("Status", self.status)
        form.addRow("Priority", self.priority)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.touchpoints.itemChanged.connect(lambda *_: self._fill_pains())
        self.pains.itemChanged.connect(self._pain_toggled)
        for box in (self.customer_value, self.business_value, self.effort):
            box.valueChanged.connect(lambda *_: self._show_priority())
        self.confidence.currentIndexChanged.connect(lambda *_: self._show_priority())
        self.title.textChanged.connect(lambda *_: self._show_priority())
        self._fill_pains()
        self._show_priority()
        self.resize(520, 620)

    def linked(self) -> list[str]:
        return [self.touchpoints.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.touchpoints.count())
                if self.touchpoints.item(i).checkState() == Qt.CheckState.Checked]

    def _fill_pains(self) -> None:
        """The pain points written on the linked cards, ticked where chosen."""
        self.pains.blockSignals(True)
        self.pains.clear()
        for key in self.linked():
            for pain in self.journey.touchpoint(key).pain_points:
                item = QListWidgetItem(pain)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if pain in self._pain_choice
                                   else Qt.CheckState.Unchecked)
                self.pains.addItem(item)
        self.pains.blockSignals(False)

    def _pain_toggled(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self._pain_choice.add(item.text())
        else:
            self._pain_choice.discard(item.text())

    def values(self) -> dict[str, Any]:
        """The fields as the dialog holds them (an Opportunity's keyword arguments)."""
        shown = {self.pains.item(i).text() for i in range(self.pains.count())}
        return {"title": self.title.text().strip(),
                "description": self.description.toPlainText().strip(),
                "touchpoints": self.linked(),
                "pain_points": [p for p in dict.fromkeys(self._pain_choice) if p in shown],
                "customer_value": self.customer_value.value() or None,
                "business_value": self.business_value.value() or None,
                "effort": self.effort.value() or None,
                "confidence": self.confidence.currentData(),
                "owner": self.owner.text().strip(), "status": self.status.currentText()}

    def _show_priority(self) -> None:
        values = self.values()
        priority = Opportunity("x", "", **{k: v for k, v in values.items()
                                            if k != "title"}).priority
        self.priority.setText(f"<b>{priority:.1f}</b> of 10" if priority is not None else
                              "<i>score value, effort and confidence to rank it</i>")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(values["title"]))


class OpportunitiesPanel(QWidget):
    """The journey's opportunities ranked by priority, with the evidence behind each."""

    touchpoints_clicked = Signal(list)

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.analysis: Any = None
        self.weights: dict[str, float] | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(2, 260)
        self.tree.setColumnWidth(4, 230)
        self.tree.setColumnWidth(5, 120)
        self.tree.headerItem().setToolTip(1, PRIORITY_TIP)
        self.tree.itemActivated.connect(lambda *_: self.edit_selected())
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.tree.itemClicked.connect(self._clicked)
        self.new_button = QPushButton("New…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.new_button.clicked.connect(lambda: self.new_opportunity())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {theme.MUTED};")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        self.tree.itemSelectionChanged.connect(self._enable)
        document.changed.connect(self._on_changes)
        document.reset.connect(self.refresh)
        self.dialog: OpportunityDialog | None = None
        self.refresh()

    # ------------------------------------------------------------------ data
    def set_analysis(self, analysis: Any) -> None:
        self.analysis = analysis
        self.refresh()

    def set_weights(self, weights: dict[str, float] | None) -> None:
        self.weights = weights
        self.refresh()

    def _on_changes(self, changes: list) -> None:
        if any(c.kind.startswith(("opportunity.", "touchpoint.")) for c in changes):
            self.refresh()

    def _table(self):
        from journeymap.analytics.opportunities import opportunity_table

        return opportunity_table(self.document.journey, self.analysis, self.weights)

    def refresh(self) -> None:
        """Rebuild the list in priority order, keeping the selected opportunity selected."""
        journey = self.document.journey
        chosen = self.selected()
        self.tree.clear()
        if self.analysis is not None or self.weights:
            rows = self._table().to_dict("records")  # pandas is loaded by then
        else:  # no data yet: rank without importing pandas
            labels = {tp.id: tp.label for tp in journey.touchpoints()}
            rows = [{"rank": i, "id": o.id, "title": o.title, "priority": o.priority,
                     "status": o.status, "owner": o.owner,
                     "touchpoints": "; ".join(labels.get(t, t) for t in o.touchpoints),
                     "evidence": "the evidence appears once the feedback is read"
                     if journey.sources else "no feedback attached"}
                    for i, o in enumerate(ranked(journey.opportunities), start=1)]
        for row in rows:
            priority = row["priority"]
            scored = priority is not None and priority == priority
            item = QTreeWidgetItem([str(row["rank"]), f"{priority:.1f}" if scored else "–",
                                    row["title"], row["status"], row["evidence"],
                                    row["owner"] or "", row["touchpoints"]])
            item.setData(0, Qt.ItemDataRole.UserRole, row["id"])
            o = journey.opportunity(row["id"])
            item.setToolTip(2, _tooltip(o, row))
            item.setToolTip(4, row["evidence"])
            item.setToolTip(6, row["touchpoints"])
            for column in (0, 1):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            if row["status"] in ("done", "dropped"):
                for column in range(len(COLUMNS)):
                    item.setForeground(column, QColor(theme.MUTED))
            self.tree.addTopLevelItem(item)
            if row["id"] == chosen:
                item.setSelected(True)
        for column in (0, 1, 3):
            self.tree.resizeColumnToContents(column)
        scored = sum(o.priority is not None for o in journey.opportunities)
        self.summary.setText(f"{len(journey.opportunities)} opportunities, {scored} scored. "
                             + PRIORITY_TIP.split(",")[0] + ".")
        self._enable()

    def selected(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _clicked(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        journey = self.document.journey
        self.touchpoints_clicked.emit(list(journey.opportunity(key).touchpoints))

    # ------------------------------------------------------------------ editing
    def new_opportunity(self, touchpoints: list[str] | None = None) -> OpportunityDialog:
        """Open the dialog for a new opportunity linked to ``touchpoints``; OK adds it."""
        draft = Opportunity("", "", touchpoints=list(touchpoints or []))
        return self._open(draft, None)

    def edit_selected(self) -> OpportunityDialog | None:
        key = self.selected()
        if key is None:
            return None
        return self._open(self.document.journey.opportunity(key), key)

    def _open(self, opportunity: Opportunity, key: str | None) -> OpportunityDialog:
        dialog = OpportunityDialog(self.document.journey, opportunity, self.window())
        dialog.accepted.connect(lambda: self._apply(dialog, key))
        dialog.finished.connect(lambda *_: dialog.deleteLater())
        dialog.open()
        self.dialog = dialog
        return dialog

    def _apply(self, dialog: OpportunityDialog, key: str | None) -> None:
        values = dialog.values()
        journey = self.document.journey
        values["touchpoints"] = [t for t in values["touchpoints"] if journey.has_touchpoint(t)]
        if key is None:
            new = Opportunity(journey.new_id(values["title"], "opp"), **values)
            self.document.apply(f"Add opportunity {new.title}",
                                lambda j: j.add_opportunity(new))
            self._select(new.id)
        elif journey.has_opportunity(key):
            self.document.apply(f"Edit opportunity {values['title']}",
                                lambda j: j.update_opportunity(key, **values))

    def _select(self, key: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) == key)

    def delete_selected(self) -> None:
        key = self.selected()
        if key is None:
            return
        title = self.document.journey.opportunity(key).title
        self.document.apply(f"Delete opportunity {title}", lambda j: j.remove_opportunity(key))


def _tooltip(o: Opportunity, row: dict) -> str:
    lines = [f"<b>{escape(o.title)}</b>"]
    if o.description:
        lines.append(escape(o.description))
    if o.priority is not None:
        lines.append(f"Priority {o.priority:.1f} = ({o.customer_value:g} + "
                     f"{o.business_value:g}) × {o.confidence:.0%} ÷ {o.effort:g}")
    else:
        lines.append("Not scored yet: " + PRIORITY_TIP.split(". ")[0])
    if o.pain_points:
        lines.append("Answers: " + "; ".join(escape(p) for p in o.pain_points))
    lines.append("Evidence: " + escape(str(row.get("evidence", ""))))
    return "<br>".join(lines)
