"""Evidence levels on the canvas: a badge on each card (data-backed, thin, assumed), the key
in the map's legend, a filter that fades the other cards, and the list of places where the
workshop and the data disagree (click one to go there)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from .. import theme

#: level -> (glyph, word on the badge, colour)
BADGES = {"data-backed": ("●", "data", "#1b7a3a"),
          "thin": ("◐", "thin", "#a15c00"),
          "assumed": ("○", "assumed", "#5f6b7a")}
FADED_OPACITY = 0.22


class EvidencePanel(QWidget):
    """Counts per level, the badge switch, the filter and the disagreements."""

    touchpoint_clicked = Signal(str)

    def __init__(self, scene, legend=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.legend = legend
        self.levels: dict[str, tuple[str, str]] = {}   # touchpoint -> (level, reason)
        self.badges = QCheckBox("Badges")
        self.badges.setToolTip("Show the evidence level as a badge on each card")
        self.badges.setChecked(True)
        self.badges.toggled.connect(lambda *_: self.apply())
        self.filter = QComboBox()
        self.filter.addItem("all cards", "")
        for level, (glyph, _, _) in BADGES.items():
            self.filter.addItem(f"{glyph} {level} only", level)
        self.filter.currentIndexChanged.connect(lambda *_: self.apply())
        self.filter.setToolTip("Fade the cards of the other levels")
        self.counts = QLabel("The levels appear once the feedback is read.")
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Card", "About", "The workshop says", "Customers say"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        for column, width in ((0, 170), (1, 80), (2, 230)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemClicked.connect(
            lambda item: self.touchpoint_clicked.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.filter.setMinimumContentsLength(8)
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        top = QHBoxLayout()
        top.addWidget(self.badges)
        top.addStretch(1)
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel("<b>Where the workshop and the data disagree</b>"))
        layout.addWidget(self.tree, 1)

    def set_analysis(self, analysis: Any) -> None:
        """Compute the levels and disagreements of ``analysis`` (None clears them)."""
        self.tree.clear()
        if analysis is None:
            self.levels = {}
            self.counts.setText("The levels appear once the feedback is read.")
            self.apply()
            return
        from journeymap.analytics.evidence_level import (LEVELS, MAX_WIDTH, disagreements,
                                                         evidence_levels)

        table = evidence_levels(analysis)
        self.levels = {row.touchpoint: (row.level, row.reason) for row in table.itertuples()}
        counts = table["level"].value_counts()
        self.counts.setText(
            " · ".join(f"<span style='color:{BADGES[level][2]}'>{BADGES[level][0]}</span> "
                       f"{counts.get(level, 0)} {level}" for level in LEVELS)
            + f"<br><span style='color:{theme.MUTED}'>Data-backed: 30+ scored answers, a "
            f"friction interval at most {MAX_WIDTH:.0%} wide, and the workshop agrees. Thin: "
            "few answers, a wide interval, or the data contradicts the card. Assumed: no "
            "customer answers.</span>")
        for row in disagreements(analysis).itertuples():
            item = QTreeWidgetItem([row.label, row.about, row.workshop, row.data])
            item.setData(0, Qt.ItemDataRole.UserRole, row.touchpoint)
            tip = (f"{escape(row.label)}: the workshop says {escape(row.workshop)}; "
                   f"customers: {escape(row.data)}")
            for column in range(4):
                item.setToolTip(column, tip)
            self.tree.addTopLevelItem(item)
        if not self.tree.topLevelItemCount():
            item = QTreeWidgetItem(["The workshop and the data agree everywhere they meet."])
            item.setForeground(0, QColor(theme.MUTED))
            self.tree.addTopLevelItem(item)
        self.apply()

    def apply(self) -> None:
        """Put the badges on the cards (or take them off), fade the filtered-out cards and
        keep the legend's key in step."""
        show = self.badges.isChecked() and bool(self.levels)
        wanted = self.filter.currentData() or ""
        for key, card in self.scene.cards.items():
            level, reason = self.levels.get(key, ("", ""))
            if show and level:
                glyph, word, colour = BADGES[level]
                card.set_evidence((glyph, colour,
                                   f"<b>Evidence: {level}</b><br>{escape(reason)}"))
            else:
                card.set_evidence(None)
            card.setOpacity(FADED_OPACITY if wanted and level != wanted else 1.0)
        if self.legend is not None:
            self.legend.set_evidence([(g, w, c) for g, w, c in BADGES.values()] if show else [])
