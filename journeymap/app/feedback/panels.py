"""The feedback panels: the friction ranking and the feedback rows behind the selected
touchpoint (the legend and the sources panel are in :mod:`.heat_panel`, re-exported here).

Panels show what the controller hands them and emit what the user asks for; they compute
nothing (numbers come from the analytics, colours from ``journeymap.measures``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from journeymap.measures import MEASURES
from journeymap.plain import plural

from .. import theme
from ..dialogs import show_os_error
from .heat import GREYED, fmt
from .heat_panel import LINK, HeatPanel, Legend
from .table_model import DataFrameModel


SORT_ROLE = Qt.ItemDataRole.UserRole + 1

RANKING_TIPS = (
    "Rank: by the lower end of the 95% interval, so a handful of answers cannot top the list "
    "by chance (the order the list opens in)",
    "The touchpoint (≠: the workshop's emotion disagrees with the data)",
    "Friction: the share of scored answers with at least one negative answer (click to sort "
    "by it)",
    "95% interval of friction (Wilson). The list opens sorted by its lower end: a touchpoint "
    "ranks high only when even the cautious estimate is high",
    "Scored answers behind the friction",
)


class _RankItem(QTreeWidgetItem):
    """A row that sorts by numbers, not by its text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() is not None else 0
        return (self.data(column, SORT_ROLE), self.text(1)) < \
            (other.data(column, SORT_ROLE), other.text(1))


class FrictionPanel(QTreeWidget):
    """Touchpoints ranked by friction with their intervals; a click selects the card and
    brings it into view. Sorted by the interval's lower end (what "#" ranks by, said in the
    header's tooltips); any column header sorts by that column."""

    touchpoint_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["#", "Touchpoint", "Friction", "95% interval", "n"])
        for column, tip in enumerate(RANKING_TIPS):
            self.headerItem().setToolTip(column, tip)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(False)
        self.setSortingEnabled(True)
        self.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        #: touchpoint -> (weight, low, high, share of R²) from the key-driver model
        self.drivers: dict[str, tuple[float, float, float, float]] = {}

    def set_drivers(self, drivers: dict[str, tuple[float, float, float, float]]) -> None:
        """Add each touchpoint's key-driver weight to its tooltip (empty: take it away)."""
        self.drivers = dict(drivers)
        for i in range(self.topLevelItemCount()):
            self._tooltip(self.topLevelItem(i))

    def _tooltip(self, item: QTreeWidgetItem) -> None:
        text = item.data(1, Qt.ItemDataRole.UserRole) or ""
        weight = self.drivers.get(item.data(0, Qt.ItemDataRole.UserRole))
        if weight is not None:
            text += (f"<br>Key driver: weight {weight[0]:.3f} (95% {weight[1]:.3f} to "
                     f"{weight[2]:.3f}), {weight[3]:.0%} of what the touchpoints explain")
        item.setToolTip(1, text)

    def set_group(self, group: str) -> None:
        """Say whose ranking this is (a segment or period chosen, or everyone)."""
        self.headerItem().setText(1, f"Touchpoint ({group})" if group else "Touchpoint")

    def set_ranking(self, rows: list[dict]) -> None:
        """Rows of ``Analysis.friction_ranking`` as dicts (or cache rows with the same keys)."""
        m = MEASURES["friction"]
        self.setSortingEnabled(False)  # sorted once, after filling
        self.clear()
        for row in rows:
            small = bool(row.get("small_sample"))
            interval = (f"{fmt(m, row.get('friction_low'))} to {fmt(m, row.get('friction_high'))}"
                        if row.get("friction_low") is not None else "")
            n = int(row.get('scored') or row.get('n') or 0)
            item = _RankItem([str(row.get("rank", "")), str(row.get("label", "")),
                              fmt(m, row.get("friction")), interval, f"{n:,}"])
            item.setData(0, Qt.ItemDataRole.UserRole, row["touchpoint"])
            rank = int(row.get("rank") or 0)
            low, value = row.get("friction_low") or 0.0, row.get("friction") or 0.0
            for column, key in enumerate((-rank, str(row.get("label", "")), value,
                                          (low, value, n), n)):
                item.setData(column, SORT_ROLE, key)
            colour = QColor(m.colour(row.get("friction")))
            item.setBackground(2, colour)
            item.setForeground(2, QColor("#ffffff" if colour.lightness() < 140 else "#000000"))
            for column in (0, 2, 3, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            notes = []
            if small:
                notes.append(f"small sample: read with care")
                for column in range(5):
                    item.setForeground(column, QColor(theme.MUTED))
                item.setForeground(2, QColor("#000000"))
            if row.get("emotion_disagrees"):
                notes.append("the workshop's emotion disagrees with the data")
                item.setText(1, "≠ " + item.text(1))
            item.setData(1, Qt.ItemDataRole.UserRole,
                         f"{row.get('label', '')} ({row.get('stage_name', '')})"
                         + ("<br>" + "; ".join(notes) if notes else ""))
            self._tooltip(item)
            self.addTopLevelItem(item)
        self.setSortingEnabled(True)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Number columns as wide as their text (Qt's own fit also reserves room for a sort
        arrow in every header, which a narrow dock takes from the touchpoint names)."""
        metrics = self.fontMetrics()
        for column in (0, 2, 3, 4):
            texts = [self.headerItem().text(column)] + [
                self.topLevelItem(i).text(column) for i in range(self.topLevelItemCount())]
            self.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + 14)

    def relabel(self, labels: dict[str, str]) -> None:
        """Follow renamed touchpoints without rebuilding the list."""
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            label = labels.get(item.data(0, Qt.ItemDataRole.UserRole))
            if label is None:
                continue
            text = ("≠ " if item.text(1).startswith("≠ ") else "") + label
            if item.text(1) != text:
                item.setText(1, text)

    def keys(self) -> list[str]:
        return [self.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                for i in range(self.topLevelItemCount())]

    def _clicked(self, item: QTreeWidgetItem) -> None:
        self.touchpoint_clicked.emit(item.data(0, Qt.ItemDataRole.UserRole))


#: Columns of ``Analysis.rows`` that are bookkeeping, not feedback.
HIDDEN_COLUMNS = ("touchpoint", "negative", "scored", "stage", "segment")


class FeedbackPanel(QWidget):
    """The rows and comments behind the selected touchpoint: sortable, searchable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: (touchpoint id, analysis id) whose rows the table shows, None when it shows none
        self.shown: tuple[str, int] | None = None
        self.title = QLabel("Select a touchpoint to read its feedback.")
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search comments and fields…")
        self.search.setClearButtonEnabled(True)
        self.model = DataFrameModel(None, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel("")
        self.count.setStyleSheet(f"color: {theme.MUTED};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._search)
        self.model.modelReset.connect(self._count)

    def show_rows(self, title: str, frame) -> None:
        """Show ``frame`` (the feedback rows of one touchpoint) under ``title``."""
        self.title.setText(title)
        if frame is not None:
            keep = [c for c in frame.columns if c not in HIDDEN_COLUMNS]
            frame = frame[keep].reset_index(drop=True)
            if "comment" in frame.columns:  # comments first: they are why people look here
                frame = frame[["comment", *[c for c in frame.columns if c != "comment"]]]
                said = frame["comment"].astype(str).str.strip().ne("") & frame["comment"].notna()
                frame = frame.iloc[(~said).argsort(kind="stable")].reset_index(drop=True)
        self.model.set_frame(frame)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 420))
        self._count()

    def _search(self, text: str) -> None:
        self.model.set_search(text.strip())
        self._count()

    def _count(self) -> None:
        frame = self.model.frame
        if frame is None:
            self.count.setText("")
            return
        shown, total = self.model.rowCount(), len(frame)
        self.count.setText(f"{shown:,} of {plural(total, 'row')}" if shown != total
                           else plural(total, "row"))


__all__ = ["FeedbackPanel", "FrictionPanel", "HeatPanel", "Legend", "GREYED", "LINK"]


class RejectedRowsWindow(QWidget):
    """Every rejected input row of the attached sources: source, row or line, reason,
    column, value and the row as read; searchable, sortable, exportable."""

    def __init__(self, frame, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Rejected rows — journeymap")
        self.resize(1000, 560)
        self.model = DataFrameModel(frame, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reasons, values and fields…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.model.set_search(text.strip()))
        table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.resizeColumnsToContents()
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(lambda: self.export())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(frame):,} rows were not used (row = data row in the "
                                "file; line = line in the file for malformed lines)."))
        layout.addWidget(self.search)
        layout.addWidget(table, 1)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)

    def export(self, path: str | None = None) -> bool:
        from PySide6.QtWidgets import QFileDialog

        from .folders import start_path
        from .table_model import export_frame

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export rejected rows",
                                                  start_path(self, "rejected.csv"),
                                                  "CSV (*.csv);;Excel (*.xlsx)")
            if not path:
                return False
        try:
            export_frame(self.model.visible_frame(), path)
        except OSError as exc:
            show_os_error(self, "save", exc, path)
            return False
        return True
