"""The Paths panel: how customers really walk the journey, from its event log.

Variants (the distinct paths, most common first, with cases, share, cumulative coverage and
median duration) and conformance per touchpoint (reached, skipped, out of order, repeated),
computed in a worker with progress and Cancel whenever the live analysis changes. Clicking a
variant selects its cards and arrows on the canvas (the path lights up as a selection does)
and writes the whole path below the table (a path is longer than a dock is wide);
clicking a touchpoint goes to its card. Two switches set the canvas's flow overlay: arrows
coloured by their median time, and median / 90th-percentile times written on the arrows. The
Compare tab (:mod:`.paths_compare`) says where two segments or periods walk differently.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QSplitter, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from .paths_compare import BusyController, BusyRow, ComparePanel, CompareController
from .worker import Job

VARIANTS_SHOWN = 50


def _item(value: Any, text: str | None = None) -> QTableWidgetItem:
    """A read-only cell that sorts by ``value`` and shows ``text``."""
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, value if text is None else text)
    if text is not None:
        item.setData(Qt.ItemDataRole.UserRole, value)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if isinstance(value, (int, float)):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _path_tooltip(path: list[str], labels: dict[str, str], variant: dict) -> str:
    """A variant's whole path, one numbered step a line (the cell elides its middle)."""
    steps = [f"{i}. {labels.get(k, f'{k} (not in the map)')}" for i, k in enumerate(path, 1)]
    return (f"Path {variant['variant']}: {int(variant['cases']):,} cases, "
            f"{100 * variant['share']:.1f}%\n" + "\n".join(steps))


class FitTable(QTableWidget):
    """A read-only table of rows whose column ``fit`` takes the width the others (numbers,
    as wide as their contents) leave, at least ``least`` pixels, its text elided (the whole
    text in the tooltip). Only a dock too narrow for the numbers and ``least`` scrolls
    sideways; a long path never makes it."""

    def __init__(self, headers: list[str], fit: int, least: int,
                 elide: Qt.TextElideMode) -> None:
        super().__init__(0, len(headers))
        self.fit, self.least = fit, least
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(fit, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda i, _old, _new: i != fit and self.fit_column())
        self.setTextElideMode(elide)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def fit_column(self) -> None:
        others = sum(self.columnWidth(i) for i in range(self.columnCount()) if i != self.fit)
        self.setColumnWidth(self.fit, max(self.least, self.viewport().width() - others))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # the dock, or a vertical scroll bar came
            self.fit_column()
        return super().viewportEvent(event)


def _path_text(text: str, variant: dict) -> str:
    """The chosen variant, whole, for the text below the table (its numbers are in its row:
    a short dock shows the path's first line at once)."""
    name = f"Path {variant['variant']}" if variant["variant"] else "The other paths"
    return f"{name}: {text}"


class PathsPanel(QWidget):
    """See the module docstring; the controller fills it."""

    variant_clicked = Signal(object)        # the path: a list of touchpoint ids and values
    touchpoint_clicked = Signal(str)
    delay_toggled = Signal(bool)
    times_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("Attach an event log (Feedback ▸ Import) to see the paths "
                              "customers take.")
        self.summary.setWordWrap(True)
        self.busy = BusyRow()  # its Cancel and progress are the controller's (BusyController)
        self.progress, self.cancel = self.busy.progress, self.busy.cancel
        self.delay = QCheckBox("Colour arrows by delay")
        self.delay.setToolTip("Colour each walked arrow by its median time: blue quick, red "
                              "slow (log scale)")
        self.delay.toggled.connect(self.delay_toggled)
        self.times = QCheckBox("Times on arrows")
        self.times.setToolTip("Write the median and 90th-percentile time on each walked "
                              "arrow")
        self.times.toggled.connect(self.times_toggled)
        switches = QHBoxLayout()
        switches.addWidget(self.delay)
        switches.addWidget(self.times)
        switches.addStretch(1)
        self.variants = FitTable(["#", "Cases", "Share", "Cum.", "Median", "Path"], 5, 60,
                                 Qt.TextElideMode.ElideMiddle)
        self.variants.itemSelectionChanged.connect(self._variant_chosen)
        # A path is longer than a dock is wide: the chosen one is read whole below, wrapped
        # at the dock's full width (the splitter sets how much room it takes).
        self.path_text = QPlainTextEdit()
        self.path_text.setReadOnly(True)
        self.path_text.setPlaceholderText("Choose a path to read it whole here.")
        self.path_text.setAccessibleName("The chosen path, step by step")
        # small minimums: the dock must fit a 768-pixel screen beside the others
        self.path_text.setMinimumHeight(self.fontMetrics().height() + 12)
        self.variants.setMinimumHeight(3 * self.fontMetrics().height())
        variants_page = QSplitter(Qt.Orientation.Vertical)
        variants_page.setChildrenCollapsible(False)
        variants_page.addWidget(self.variants)
        variants_page.addWidget(self.path_text)
        variants_page.setStretchFactor(0, 3)
        variants_page.setStretchFactor(1, 1)
        self.touchpoints = FitTable(["Touchpoint", "Reached", "Skipped", "Out of order",
                                     "Repeated"], 0, 120, Qt.TextElideMode.ElideRight)
        self.touchpoints.itemSelectionChanged.connect(self._touchpoint_chosen)
        self.tabs = QTabWidget()
        self.tabs.addTab(variants_page, "Variants")
        self.tabs.addTab(self.touchpoints, "Conformance")
        self.compare = ComparePanel()
        self.tabs.addTab(self.compare, "Compare")
        # the summary speaks of the variants; the Compare tab says its own, and a short
        # dock (a 768-pixel screen) needs the room for its sentences
        self.tabs.currentChanged.connect(
            lambda _i: self.summary.setVisible(self.tabs.currentWidget() is not self.compare))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addLayout(switches)
        layout.addWidget(self.tabs, 1)
        self._paths: list[list[str]] = []

    # ------------------------------------------------------------------ state
    def show_message(self, text: str) -> None:
        self.summary.setText(text)

    def show_result(self, variants: list[dict], touchpoints: list[dict], labels: dict[str, str],
                    summary: str) -> None:
        self.summary.setText(summary)
        self._paths = []
        self._texts: list[str] = []
        self.path_text.clear()
        self.variants.setSortingEnabled(False)
        self.variants.clearSelection()
        self.variants.setRowCount(len(variants))
        from journeymap.metrics_cache import duration

        for row, v in enumerate(variants):
            path = list(v["path"]) if v["variant"] else []
            self._paths.append(path)
            text = " → ".join(labels.get(k, f"{k} (not in the map)") for k in path) \
                if path else "other paths"
            cells = [_item(int(v["variant"]) or len(variants), str(v["variant"] or "…")),
                     _item(int(v["cases"]), f"{int(v['cases']):,}"),
                     _item(float(v["share"]), f"{100 * v['share']:.1f}%"),
                     _item(float(v["coverage"]), f"{100 * v['coverage']:.0f}%"),
                     _item(float(v["median_seconds"] or 0),
                           duration(v["median_seconds"]) if v["median_seconds"] == v[
                               "median_seconds"] else "–"),
                     _item(text)]
            cells[-1].setToolTip(_path_tooltip(path, labels, v) if path else text)
            self._texts.append(_path_text(text, v))
            for column, cell in enumerate(cells):
                cell.setData(Qt.ItemDataRole.UserRole + 1, row)
                self.variants.setItem(row, column, cell)
        self.touchpoints.setSortingEnabled(False)
        self.touchpoints.clearSelection()
        self.touchpoints.setRowCount(len(touchpoints))
        for row, t in enumerate(touchpoints):
            name = _item(t["label"])
            name.setToolTip(t["label"])
            name.setData(Qt.ItemDataRole.UserRole, t["touchpoint"])
            self.touchpoints.setItem(row, 0, name)
            for column, key in enumerate(("reached", "skipped", "out_of_order", "repeated"), 1):
                self.touchpoints.setItem(row, column, _item(int(t[key]), f"{int(t[key]):,}"))
        self.touchpoints.setSortingEnabled(True)

    def clear(self, text: str) -> None:
        self.show_result([], [], {}, text)

    # ------------------------------------------------------------------ clicks
    def _variant_chosen(self) -> None:
        rows = {i.data(Qt.ItemDataRole.UserRole + 1) for i in self.variants.selectedItems()}
        if len(rows) == 1:
            row = rows.pop()
            path = self._paths[row]
            self.path_text.setPlainText(self._texts[row])
            if path:
                self.variant_clicked.emit(path)

    def _touchpoint_chosen(self) -> None:
        items = [i for i in self.touchpoints.selectedItems() if i.column() == 0]
        if items:
            self.touchpoint_clicked.emit(items[0].data(Qt.ItemDataRole.UserRole))


class PathsController(BusyController):
    """Keeps a :class:`PathsPanel` in step with the journey's event log (see the module)."""

    computed = Signal()
    FAILED = "Could not read the paths"

    def __init__(self, feedback, panel: PathsPanel) -> None:
        super().__init__(panel, panel.busy)
        self.feedback = feedback           # the FeedbackController
        self.panel = panel
        self.variants: list[dict] = []
        self.touchpoints: list[dict] = []
        self.fitness: float | None = None
        self.compare = CompareController(feedback, panel.compare)
        feedback.analysis_changed.connect(self.start)
        feedback.document.reset.connect(self._reset)
        panel.variant_clicked.connect(self.highlight)
        panel.touchpoint_clicked.connect(feedback.select_and_centre)
        panel.delay_toggled.connect(lambda on: feedback.overlay.set_flow_mode(delay_colours=on))
        panel.times_toggled.connect(lambda on: feedback.overlay.set_flow_mode(time_labels=on))

    def _reset(self) -> None:
        self.cancel()
        self.compare.set_columns(None)
        self.panel.clear("Reading the event log…" if self._has_log() else
                         "Attach an event log (Feedback ▸ Import) to see the paths customers "
                         "take.")

    def _has_log(self) -> bool:
        return any(s.role == "events" for s in self.feedback.journey.sources)

    def start(self) -> Job | None:
        """Compute variants and conformance in a worker (the previous run is cancelled)."""
        self.cancel()
        if not self._has_log():
            self.panel.clear("No event log: attach one (Feedback ▸ Import) to see the paths "
                             "customers take.")
            self.compare.set_columns(None)
            return None
        journey = self.feedback.snapshot()
        folder = self.feedback.base_dir()

        def work(progress, cancelled):
            from journeymap.analytics.paths import analyse_paths

            table, conformance = analyse_paths(journey, None, folder, VARIANTS_SHOWN,
                                               progress, cancelled)
            variants = [{**row, "path": tuple(row["path"])}
                        for row in table.to_dict("records")]
            touchpoints = conformance.touchpoint_table().to_dict("records")
            return (variants, touchpoints, conformance.overall_fitness(), conformance.cases,
                    int(table.attrs.get("variants", len(table))),
                    list(table.attrs.get("split_columns", [])))

        return self._run(work, "paths")

    def _tell(self, text: str) -> None:
        self.panel.show_message(text)

    def _done(self, result) -> None:
        variants, touchpoints, fitness, cases, count, columns = result
        self.variants, self.touchpoints, self.fitness = variants, touchpoints, fitness
        labels = {tp.id: tp.label for tp in self.feedback.journey.touchpoints()}
        fit = "–" if fitness != fitness else f"{fitness:.2f}"
        self.panel.show_result(variants, touchpoints, labels,
                               f"{cases:,} cases took {count:,} distinct paths; fitness to "
                               f"the map {fit} (1 = every step as designed). Click a path "
                               "to see it on the map.")
        self.compare.set_columns(columns)
        self.computed.emit()

    def highlight(self, path: list[str]) -> None:
        """Select the variant's cards and the arrows it walks; go to its first card."""
        scene = self.feedback.scene
        steps = [k for k in path if k in scene.cards]
        moves = [(a, b) for a, b in zip(path, path[1:]) if (a, b) in scene.edges]
        scene.select_keys(steps, moves)
        if steps:
            self.feedback.view.centerOn(scene.cards[steps[0]])
