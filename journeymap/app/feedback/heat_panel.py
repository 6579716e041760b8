"""The canvas legend and the sources panel (with the heat selectors): what the window needs for
its first paint (the heat toolbar and the legend band under the map). The other feedback
panels (:mod:`.panels`) are built right after it.

Panels show what the controller hands them and emit what the user asks for; they compute
nothing (numbers come from the analytics, colours from ``journeymap.measures``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QToolTip, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from journeymap.measures import MEASURES, NO_DATA, SMALL_SAMPLE, scale_caption

from .. import theme
from ..widgets import blocked
from .heat import legend_stops

ALL = "All customers"
#: Height of the evidence badges' key under the legend's definition.
EVIDENCE_ROW = 18
#: A strip writes the measure's definition out in at most this many lines of a column at
#: least this wide; else a link shows it in a tooltip.
STRIP_LINES = 4
STRIP_COLUMN = 240
LINK = "What do these numbers mean?"


class Legend(QWidget):
    """The map's key: the colour bar of the measure shown with its ends, the small-sample
    and no-data keys, and the measure's one-sentence definition. A box 300 px wide, or with
    :meth:`set_strip` one line as wide as the canvas under it (never over a card)."""

    WIDTH = 300
    BAR = 200          # the colour bar's width in a strip
    KEYS = 150         # the small-sample and no-data keys' column in a strip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = "friction"
        self.difference = False
        self.small_sample = SMALL_SAMPLE
        self.text = ""
        self.rows: list = []  # the cards' evidence rows: the units of the bar's ends
        self.strip = 0     # the strip's width (0: a box)
        #: The evidence badges' key (glyph, word, colour), shown while cards carry badges.
        self.evidence: list[tuple[str, str, str]] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.setMouseTracking(True)  # the link's pointing hand
        self.set_measure("friction")

    def as_box(self) -> Legend:
        """A copy laid out as the 300 px box (exports frame the map with it, whatever the
        canvas shows)."""
        box = self.findChild(Legend, "legend-box")
        if box is None:  # a hidden child, so Qt owns it (never a stray widget at exit)
            box = Legend(self)
            box.setObjectName("legend-box")
            box.hide()
        box.evidence = list(self.evidence)
        box.set_measure(self.measure, self.difference, self.small_sample, self.rows)
        return box

    def set_strip(self, width: int) -> None:
        """Lay the legend out as one strip ``width`` px wide (0: back to a box)."""
        if width != self.strip:
            self.strip = width
            self._resize()

    def set_measure(self, key: str, difference: bool = False, small_sample: int | None = None,
                    rows=None) -> None:
        """Show ``key``; ``rows`` (the cards' evidence) say the units its numbers read in (a
        rating declared 1–5: its bar runs from 1 to 5)."""
        self.measure, self.difference = key, difference
        if rows is not None:
            self.rows = list(rows)
        if small_sample:
            self.small_sample = small_sample
        m = MEASURES[key]
        text = m.definition
        if difference:
            text = (f"Difference of {m.label} between the two groups (second − first); "
                    "greyed where it is not significant (p ≥ 0.05). " + text)
        self.text = text
        self._resize()

    def _text_rect(self) -> QRectF:
        """Where the definition goes: under the keys in a box, right of them in a strip."""
        if self.strip:
            left = 10 + self.BAR + 16 + self.KEYS
            return QRectF(left, 6, max(0, self.strip - left - 10), 1000)
        return QRectF(10, 70, self.WIDTH - 20, 1000)

    def _strip_layout(self) -> tuple[bool, QRectF | None, QRectF | None, int]:
        """How a strip holds the definition: (written out whole, the link's rect when it is
        not, the evidence key's rect, the strip's height). The definition is written out
        when it takes at most :data:`STRIP_LINES` lines of a column at least
        :data:`STRIP_COLUMN` px wide; otherwise a "What do these numbers mean?" link
        stands in its place (hover or click it: the definition in a tooltip), so a narrow
        canvas never gets a column of cut words or a band taller than the map can spare."""
        box = self._text_rect()
        fm = QFontMetrics(theme.font(7))
        lines = fm.boundingRect(box.toRect(), int(Qt.TextFlag.TextWordWrap), self.text)
        whole = box.width() >= STRIP_COLUMN and lines.height() <= STRIP_LINES * fm.lineSpacing()
        key_width = self._evidence_width() if self.evidence else 0
        if whole:
            height = max(50, lines.height() + 12 + (EVIDENCE_ROW if self.evidence else 0))
            key = QRectF(box.left(), height - 19, key_width, 14) if self.evidence else None
            return True, None, key, height
        link_width = QFontMetrics(theme.font(7.4)).horizontalAdvance(LINK) + 4
        if box.width() >= link_width:  # the link where the definition would be
            link = QRectF(box.left(), 6, link_width, 14)
            key = QRectF(box.left(), 26, key_width, 14) if box.width() >= key_width else \
                QRectF(10, 50, key_width, 14)
        else:  # a very narrow strip: link and key in a row under the bar and the keys
            link = QRectF(10, 50, link_width, 14)
            key = QRectF(10 + link_width + 12, 50, key_width, 14)
        below = link.top() >= 50 or bool(self.evidence) and key.top() >= 50
        return False, link, key if self.evidence else None, 50 + EVIDENCE_ROW * below

    def _evidence_width(self) -> float:
        bold = QFontMetrics(theme.font(7.2, bold=True))
        return 52 + sum(bold.horizontalAdvance(f"{glyph} {word}") + 10
                        for glyph, word, _ in self.evidence)

    def _resize(self) -> None:
        self.setToolTip(f"<p>{html.escape(self.text)}</p>")
        if self.strip:
            self.setFixedSize(self.strip, self._strip_layout()[3])
        else:
            box = self._text_rect()
            body = QFontMetrics(theme.font(7)).boundingRect(
                box.toRect(), int(Qt.TextFlag.TextWordWrap), self.text)
            extra = EVIDENCE_ROW if self.evidence else 0
            self.setFixedSize(self.WIDTH, 72 + body.height() + extra)
        self.update()

    def link_rect(self) -> QRectF | None:
        """Where the "What do these numbers mean?" link is (None: the definition is written
        out, or the legend is a box)."""
        return self._strip_layout()[1] if self.strip else None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        link = self.link_rect()
        if link is not None and link.contains(event.position()):
            QToolTip.showText(event.globalPosition().toPoint(), self.toolTip(), self)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        link = self.link_rect()
        over = link is not None and link.contains(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def set_evidence(self, key: list[tuple[str, str, str]]) -> None:
        """Add (or with an empty list remove) the key of the cards' evidence badges."""
        self.evidence = list(key)
        self._resize()

    def _paint_evidence(self, painter: QPainter, x: float, y: float) -> None:
        """The evidence badges' key in one line from (x, y)."""
        painter.setFont(theme.font(7))
        painter.setPen(QColor(theme.MUTED))
        painter.drawText(QRectF(x, y, 60, 14), Qt.AlignmentFlag.AlignVCenter, "Evidence:")
        x += 52
        painter.setFont(theme.font(7.2, bold=True))
        for glyph, word, colour in self.evidence:
            painter.setPen(QColor(colour))
            text = f"{glyph} {word}"
            painter.drawText(QRectF(x, y, 90, 14), Qt.AlignmentFlag.AlignVCenter, text)
            x += QFontMetrics(theme.font(7.2, bold=True)).horizontalAdvance(text) + 10

    def paintEvent(self, event) -> None:  # noqa: D102 - Qt's interface
        if self.strip:
            self._paint_strip()
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.setBrush(QColor(255, 255, 255, 238))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        m = MEASURES[self.measure]
        stops, low, high = legend_stops(self.measure, self.difference, self.rows)
        width = self.WIDTH - 20
        bar = QRectF(10, 26, width, 11)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for i, colour in enumerate(stops):
            gradient.setColorAt(i / (len(stops) - 1), QColor(colour))
        painter.setBrush(QBrush(gradient))
        painter.drawRect(bar)
        painter.setPen(QColor(theme.INK))
        painter.setFont(theme.font(8.4, bold=True))
        title = (f"Card colour: Δ {m.label}" if self.difference
                 else f"Card colour: {scale_caption(m, self.rows)}") \
            + (" (higher is worse)" if m.higher_is_worse else "")
        painter.drawText(QRectF(10, 5, width, 18), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(theme.font(7.4))
        painter.drawText(QRectF(10, 38, width / 2, 13), Qt.AlignmentFlag.AlignLeft, low)
        painter.drawText(QRectF(10 + width / 2, 38, width / 2, 13), Qt.AlignmentFlag.AlignRight,
                         high)
        y = 54
        swatch = QRectF(10, y, 16, 10)
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.setBrush(QColor(stops[len(stops) // 2]))
        painter.drawRect(swatch)
        painter.setBrush(QBrush(QColor("#7f8c99"), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(swatch)
        painter.setPen(QColor(theme.MUTED))
        painter.drawText(QRectF(30, y - 2, width / 2 - 24, 14), Qt.AlignmentFlag.AlignVCenter,
                         f"n < {self.small_sample}: hatched, faded")
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.setBrush(QColor(NO_DATA))
        painter.drawRect(QRectF(10 + width / 2, y, 16, 10))
        painter.setPen(QColor(theme.MUTED))
        painter.drawText(QRectF(30 + width / 2, y - 2, width / 2 - 20, 14),
                         Qt.AlignmentFlag.AlignVCenter,
                         "not significant" if self.difference else "no data")
        painter.setFont(theme.font(7))
        extra = EVIDENCE_ROW if self.evidence else 0
        painter.drawText(QRectF(10, 70, width, self.height() - 74 - extra),
                         int(Qt.TextFlag.TextWordWrap), self.text)
        if self.evidence:
            self._paint_evidence(painter, 10.0, self.height() - 20.0)
        painter.end()

    def _paint_strip(self) -> None:
        """Title over the bar and its ends | the two keys | the definition, in one band."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.HEADER))
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.drawLine(0, 0, self.width(), 0)
        m = MEASURES[self.measure]
        stops, low, high = legend_stops(self.measure, self.difference, self.rows)
        painter.setPen(QColor(theme.INK))
        painter.setFont(theme.font(8, bold=True))
        title = (f"Δ {m.label}" if self.difference else scale_caption(m, self.rows)) \
            + (" (higher is worse)" if m.higher_is_worse else "")
        painter.drawText(QRectF(10, 4, self.BAR, 16), Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight,
                                                          self.BAR))
        bar = QRectF(10, 21, self.BAR, 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for i, colour in enumerate(stops):
            gradient.setColorAt(i / (len(stops) - 1), QColor(colour))
        painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
        painter.setBrush(QBrush(gradient))
        painter.drawRect(bar)
        painter.setPen(QColor(theme.MUTED))
        painter.setFont(theme.font(7.2))
        painter.drawText(QRectF(10, 32, self.BAR / 2, 13), Qt.AlignmentFlag.AlignLeft, low)
        painter.drawText(QRectF(10 + self.BAR / 2, 32, self.BAR / 2, 13),
                         Qt.AlignmentFlag.AlignRight, high)
        x = 10 + self.BAR + 16
        for y, brush, text in (
                (8, QBrush(QColor("#7f8c99"), Qt.BrushStyle.BDiagPattern),
                 f"n < {self.small_sample}: hatched, faded"),
                (26, QBrush(QColor(NO_DATA)),
                 "not significant" if self.difference else "no data")):
            swatch = QRectF(x, y, 16, 10)
            painter.setPen(QPen(QColor(theme.HAIRLINE), 1))
            if y == 8:
                painter.setBrush(QColor(stops[len(stops) // 2]))
                painter.drawRect(swatch)
            painter.setBrush(brush)
            painter.drawRect(swatch)
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(QRectF(x + 20, y - 2, self.KEYS - 24, 14),
                             Qt.AlignmentFlag.AlignVCenter, text)
        whole, link, key, _ = self._strip_layout()
        box = self._text_rect()
        if whole:
            painter.setFont(theme.font(7))
            painter.setPen(QColor(theme.INK))
            extra = EVIDENCE_ROW if self.evidence else 0
            painter.drawText(QRectF(box.left(), box.top(), box.width(),
                                    self.height() - 8 - extra),
                             int(Qt.TextFlag.TextWordWrap), self.text)
        elif link is not None:
            font = theme.font(7.4)
            font.setUnderline(True)
            painter.setFont(font)
            painter.setPen(QColor(theme.ACCENT))
            painter.drawText(link, Qt.AlignmentFlag.AlignVCenter, LINK)
        if key is not None:
            self._paint_evidence(painter, key.left(), key.top())
        painter.end()


class HeatPanel(QWidget):
    """The sources' status (rows kept and rejected), Import and Refresh, and the steps
    customers take that the map lacks. Its selectors (measure, breakdown, group, comparison)
    and legend are shown in the heat toolbar and over the canvas."""

    measure_changed = Signal(str)
    breakdown_changed = Signal(str)          # "" | "segment:COL" | "period:M" ...
    group_changed = Signal(str, str)         # group, compare-with ("" for none)
    import_requested = Signal()
    refresh_requested = Signal()
    add_missing_requested = Signal(str, str)
    rejected_requested = Signal()
    remove_requested = Signal(str)
    enabled_requested = Signal(str, bool)    # a source switched on or off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = QComboBox()
        for key, m in MEASURES.items():
            self.measure.addItem(m.label, key)
        self.measure.setToolTip("The measure the cards are coloured by")
        self.breakdown = QComboBox()
        self.breakdown.addItem(ALL, "")
        self.breakdown.setToolTip("See the heat for one segment or period")
        self.group = QComboBox()
        self.group.setToolTip("The segment or period shown")
        self.compare = QComboBox()
        self.compare.setToolTip("Compare with another group: the cards show the difference "
                                "(this group − the first); greyed where not significant")
        self.legend = Legend()
        self.status = QLabel("No feedback attached. Drop a CSV, Excel, Parquet or JSON Lines "
                             "file on the window, or import one.")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.import_button = QPushButton("Import feedback…")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the sources again and recompute the metrics")
        self.refresh_button.setEnabled(False)
        self.sources = QTreeWidget()
        self.sources.setHeaderLabels(["Source", "kept", "rejected"])
        self.sources.setRootIsDecorated(False)
        self.sources.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sources.setMaximumHeight(110)
        self.rejected_button = QPushButton("Rejected rows…")
        self.rejected_button.setToolTip("Every input row that was not used, with the reason")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Detach the selected source from the journey (undoable)")
        self.rejected_button.clicked.connect(self.rejected_requested)
        self.remove_button.clicked.connect(self._remove)
        self.sources.itemChanged.connect(self._source_toggled)
        self.missing = QTreeWidget()
        self.missing.setHeaderLabels(["Steps customers take that the map lacks", "customers"])
        self.missing.setRootIsDecorated(False)
        self.missing.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.missing.setToolTip("Double-click to add the transition to the map")
        self.missing.itemDoubleClicked.connect(self._on_missing)
        self.missing.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_button)
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.rejected_button)
        source_buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.sources)
        layout.addLayout(source_buttons)
        layout.addLayout(buttons)
        layout.addWidget(self.missing)
        layout.addStretch(1)
        self.measure.currentIndexChanged.connect(
            lambda: self.measure_changed.emit(self.measure.currentData()))
        self.breakdown.currentIndexChanged.connect(
            lambda: self.breakdown_changed.emit(self.breakdown.currentData() or ""))
        self.group.currentIndexChanged.connect(self._emit_group)
        self.compare.currentIndexChanged.connect(self._emit_group)
        self.import_button.clicked.connect(self.import_requested)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.set_groups([])

    # ------------------------------------------------------------------ filling
    def set_breakdowns(self, options: list[tuple[str, str]]) -> None:
        """(label, by) choices besides "All customers"; keeps the current one if offered."""
        current = self.breakdown.currentData() or ""
        with blocked(self.breakdown):
            self.breakdown.clear()
            self.breakdown.addItem(ALL, "")
            for label, by in options:
                self.breakdown.addItem(label, by)
            self.breakdown.setCurrentIndex(max(self.breakdown.findData(current), 0))

    def set_groups(self, groups: list[str]) -> None:
        for combo, first in ((self.group, None), (self.compare, "(no comparison)")):
            with blocked(combo):
                combo.clear()
                if first:
                    combo.addItem(first, "")
                for g in groups:
                    combo.addItem(g, g)
                combo.setEnabled(bool(groups))

    def _emit_group(self) -> None:
        self.group_changed.emit(self.group.currentData() or "", self.compare.currentData() or "")

    def set_sources(self, rows: list[tuple]) -> None:
        """(id, name, kept, rejected[, enabled]) per attached source; the check box
        switches a source off (it stays attached, unread) and on again."""
        current = self.sources.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        with blocked(self.sources):
            self._fill_sources(rows, keep)
        self.sources.setVisible(bool(rows))
        self.remove_button.setEnabled(bool(rows))

    def _fill_sources(self, rows: list[tuple], keep: str | None) -> None:
        self.sources.clear()
        for key, name, kept, rejected, *rest in rows:
            on = rest[0] if rest else True
            item = QTreeWidgetItem([name, kept, rejected])
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            item.setToolTip(0, f"{name} ({key})" + ("" if on else ": switched off, not read")
                            + ". Untick to leave it out of the numbers without removing it.")
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.sources.addTopLevelItem(item)
            if key == keep:
                self.sources.setCurrentItem(item)

    def _source_toggled(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.enabled_requested.emit(item.data(0, Qt.ItemDataRole.UserRole),
                                        item.checkState(0) == Qt.CheckState.Checked)

    def _remove(self) -> None:
        item = self.sources.currentItem() or self.sources.topLevelItem(0)
        if item is not None:
            self.remove_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def set_missing(self, missing: list[tuple[str, str, float]], labels: dict[str, str]) -> None:
        self.missing.clear()
        for source, target, volume in missing:
            item = QTreeWidgetItem([f"{labels.get(source, source)} → {labels.get(target, target)}",
                                    f"{volume:,.0f}"])
            item.setData(0, Qt.ItemDataRole.UserRole, (source, target))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.missing.addTopLevelItem(item)
        self.missing.setVisible(bool(missing))

    def _on_missing(self, item: QTreeWidgetItem) -> None:
        source, target = item.data(0, Qt.ItemDataRole.UserRole)
        self.add_missing_requested.emit(source, target)


#: Where the sort keys of a ranking row live (one per column).
