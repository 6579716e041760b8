"""The Paths panel's Compare tab: where two segments or periods walk the journey differently.

Choose a split (a segment column of the event log, or weeks, months or quarters) and two of
its groups (by default the two largest); the differences come as ranked sentences, computed by
:func:`journeymap.analytics.deltas.compare_paths` in a worker with progress and Cancel, the
same computation as ``journeymap paths --by … --compare A B``. Choosing a sentence (click, or
the arrow keys) selects its card or arrow on the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout,
                               QLabel, QListView, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from .worker import Job, describe

PERIODS = (("Week", "period:W"), ("Month", "period:M"), ("Quarter", "period:Q"))
SHOWN = 200          # sentences listed at most (significant ones first)
_ROLE = Qt.ItemDataRole.UserRole


class BusyRow(QWidget):
    """A progress bar and its Cancel button, hidden when nothing runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        self.setVisible(False)

    def set_busy(self, busy: bool, fraction: float = 0.0, message: str = "") -> None:
        self.setVisible(busy)
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(message or "%p%")
        self.progress.setTextVisible(True)


class BusyController(QObject):
    """One worker job at a time with its progress and Cancel on a :class:`BusyRow`: the
    wiring the Paths and Compare controllers share. A subclass gives ``_done(result)``,
    ``_tell(text)`` (where a sentence goes) and ``FAILED`` (how a failure starts)."""

    FAILED = "Could not finish"

    def __init__(self, panel: QWidget, busy: BusyRow) -> None:
        super().__init__(panel)
        self.busy = busy
        self.job: Job | None = None
        busy.cancel_requested.connect(self.cancel)

    def _run(self, work, name: str) -> Job:
        """Run ``work(progress, cancelled)`` in a worker, its progress on the row."""
        self.job = Job(work, name, self)
        self.job.progress.connect(lambda f, m: self.busy.set_busy(True, f, m))
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.busy.set_busy(True, 0.0, "reading the event log")
        return self.job.start()

    def cancel(self) -> None:
        if self.job is not None and self.job.active:
            self.job.cancel()
        self.busy.set_busy(False)

    def _finished(self, result) -> None:
        self.busy.set_busy(False)
        self._done(result)

    def _done(self, result) -> None:
        raise NotImplementedError

    def _tell(self, text: str) -> None:
        raise NotImplementedError

    def _failed(self, exc: BaseException) -> None:
        self.busy.set_busy(False)
        self._tell(f"{self.FAILED}: {describe(exc)}")

    def _cancelled(self) -> None:
        self.busy.set_busy(False)
        self._tell("Cancelled.")


class ComparePanel(QWidget):
    """The controls and the sentences; :class:`CompareController` fills them."""

    split_chosen = Signal()
    groups_chosen = Signal()
    subject_chosen = Signal(str, str)     # touchpoint, or source and target of a transition

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.split = QComboBox()
        self.split.setToolTip("Split the cases by a column of the event log (each case "
                              "belongs to the segment of its first event) or by the period "
                              "in which it started")
        self.a = QComboBox()
        self.b = QComboBox()
        # a narrow dock shares its width between the lists rather than growing for them
        for combo in (self.split, self.a, self.b):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("S&plit by", self.split), self.split)
        groups = QHBoxLayout()
        groups.addWidget(self.a, 1)
        groups.addWidget(self._label("v&s", self.b))  # Alt+V is the View menu's
        groups.addWidget(self.b, 1)
        form.addRow(self._label("&Compare", self.a), groups)
        self.busy = BusyRow()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setToolTip(
            "Each share (cases that reached, skipped, went out of order at or repeated a "
            "touchpoint; cases that walked a transition) is compared between the groups with "
            "the two-proportion z test; q is p adjusted for the number of comparisons "
            "(Benjamini–Hochberg). A difference is significant when q < 0.05.")
        self.show_all = QCheckBox("Show &all, not only the significant")
        self.show_all.setToolTip("Also list the differences whose q is 0.05 or more, greyed")
        self.sentences = QListWidget()
        self.sentences.setWordWrap(True)
        self.sentences.setResizeMode(QListView.ResizeMode.Adjust)   # re-wrap on resize
        self.sentences.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sentences.setAlternatingRowColors(True)
        self.sentences.setAccessibleName("Differences between the groups")
        self.sentences.setToolTip("Choose a difference to see its card or arrow on the map")
        self.sentences.currentItemChanged.connect(self._chosen)
        self.sentences.itemActivated.connect(self._chosen)
        self.sentences.setMinimumHeight(3 * self.fontMetrics().height())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.show_all)
        layout.addWidget(self.sentences, 1)
        # The tab must not make the dock (and so the window) taller than a 768-pixel
        # screen allows: in a short dock the controls scroll.
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.split.currentIndexChanged.connect(lambda _i: self.split_chosen.emit())
        self.a.currentIndexChanged.connect(lambda _i: self.groups_chosen.emit())
        self.b.currentIndexChanged.connect(lambda _i: self.groups_chosen.emit())
        self.show_all.toggled.connect(lambda _on: self._fill())
        self._rows: list[dict] = []
        self.columns: list[str] | None = None
        self.set_splits(None)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ choices
    def by(self) -> str:
        return self.split.currentData() or ""

    def groups(self) -> tuple[str, str]:
        return self.a.currentData() or "", self.b.currentData() or ""

    def set_splits(self, columns: list[str] | None) -> None:
        """Offer the log's segment ``columns`` and the periods (None: no event log)."""
        self.columns = columns
        current = self.by()
        self.split.blockSignals(True)
        self.split.clear()
        self.split.addItem("Choose…", "")
        for column in columns or []:
            self.split.addItem(f"Segment: {column}", f"segment:{column}")
        if columns is not None:
            for text, by in PERIODS:
                self.split.addItem(f"Period: {text.lower()} started", by)
        index = self.split.findData(current) if current else 0
        self.split.setCurrentIndex(max(index, 0))
        self.split.blockSignals(False)
        self.split.setEnabled(columns is not None)
        if index <= 0:
            self.show_hint()

    def show_hint(self) -> None:
        """What to do next, when no comparison is chosen (or possible)."""
        self.set_groups([], "", "")
        if self.columns is None:
            hint = "No event log: attach one (Feedback ▸ Import) to compare how two " \
                   "segments or periods walk the journey."
        elif not self.columns:
            hint = "This log has no segment column: compare periods (the week, month or " \
                   "quarter in which each case started) instead."
        else:
            hint = "Choose a split, then two of its groups, to see where they walk the " \
                   "journey differently."
        self.show_deltas([], hint)

    def set_groups(self, groups: list[tuple[str, int]], a: str, b: str) -> None:
        """Fill both group lists (largest first) and choose ``a`` and ``b``, quietly."""
        for combo, chosen in ((self.a, a), (self.b, b)):
            combo.blockSignals(True)
            combo.clear()
            for name, cases in groups:
                combo.addItem(name, name)
                combo.setItemData(combo.count() - 1, f"{name}: {cases:,} cases",
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if groups else -1)
            combo.setEnabled(len(groups) > 1)
            combo.blockSignals(False)

    # ------------------------------------------------------------------ results
    def show_deltas(self, rows: list[dict], message: str) -> None:
        """``rows`` from :func:`~journeymap.analytics.deltas.path_deltas` (significant first,
        largest difference first) under ``message``."""
        self._rows = rows
        self.message.setText(message)
        self._fill()

    def _fill(self) -> None:
        self.sentences.blockSignals(True)
        self.sentences.clear()
        rows = self._rows if self.show_all.isChecked() else \
            [r for r in self._rows if r["significant"]]
        faint = self.palette().color(QPalette.ColorGroup.Disabled,
                                     QPalette.ColorRole.Text)
        for number, row in enumerate(rows[:SHOWN], 1):
            text = f"{number}. {row['sentence']}"
            if not row["significant"]:
                text += " — not significant"
            item = QListWidgetItem(text)
            item.setData(_ROLE, (row["source"], row["target"]))
            item.setToolTip(
                f"{row['cases_a']:,} vs {row['cases_b']:,} cases; p = {row['p_value']:.2g}, "
                f"q = {row['q_value']:.2g} (p adjusted for {len(self._rows):,} comparisons, "
                "Benjamini–Hochberg)")
            if not row["significant"]:
                item.setForeground(faint)
            self.sentences.addItem(item)
        self.sentences.blockSignals(False)
        self.show_all.setEnabled(bool(self._rows))

    def _chosen(self, item: QListWidgetItem | None, *_previous) -> None:
        if item is not None:
            source, target = item.data(_ROLE)
            self.subject_chosen.emit(source, target)


class CompareController(BusyController):
    """Keeps a :class:`ComparePanel` in step with the event log and the chosen groups."""

    computed = Signal()
    FAILED = "Could not compare"

    def __init__(self, feedback, panel: ComparePanel) -> None:
        super().__init__(panel, panel.busy)
        self.feedback = feedback           # the FeedbackController
        self.panel = panel
        self.result = None                 # the last PathComparison
        self._split = None                 # (by, Conformance) of the log as last read
        panel.split_chosen.connect(self._split_changed)
        panel.groups_chosen.connect(self.start)
        panel.subject_chosen.connect(self.highlight)

    def set_columns(self, columns: list[str] | None) -> None:
        """The log was read again (None: there is none): offer its columns and recompute a
        chosen comparison on the new data."""
        self._split = None
        self.panel.set_splits(columns)
        if columns is None:
            self.cancel()
        elif self.panel.by():
            self.start()

    def _split_changed(self) -> None:
        self._split = None
        if self.panel.by():
            self.panel.set_groups([], "", "")
            self.start()
        else:
            self.cancel()
            self.panel.show_hint()

    def start(self) -> Job | None:
        """Compare the chosen groups in a worker (the previous run is cancelled)."""
        self.cancel()
        by = self.panel.by()
        if not by:
            return None
        a, b = self.panel.groups()
        cached = self._split[1] if self._split and self._split[0] == by else None
        journey = self.feedback.snapshot()
        folder = self.feedback.base_dir()

        def work(progress, cancelled):
            from journeymap.analytics.deltas import compare_paths

            found = compare_paths(journey, by, a, b, None, folder, progress, cancelled,
                                  conformance=cached)
            rows = [] if found.deltas is None else found.deltas.to_dict("records")
            return found, rows

        return self._run(work, "paths-compare")

    def _tell(self, text: str) -> None:
        self.panel.show_deltas([], text)

    def _done(self, result) -> None:
        found, rows = result
        self.result = found
        if found.by != self.panel.by():
            return  # the split changed meanwhile; its own run follows
        self._split = (found.by, found.conformance)
        self.panel.set_groups(found.groups, found.a, found.b)
        if found.problem:
            self.panel.show_deltas([], found.problem)
        else:
            significant = sum(bool(r["significant"]) for r in rows)
            lead = (f"{significant:,} significant difference{'s' if significant != 1 else ''}"
                    if significant else "No significant difference")
            sizes = dict(found.groups)
            self.panel.show_deltas(
                rows, f"{lead} (q < 0.05) of {len(rows):,} compared; {found.b} "
                      f"{sizes[found.b]:,} cases, {found.a} {sizes[found.a]:,}.")
        self.computed.emit()

    def highlight(self, source: str, target: str) -> None:
        """A touchpoint's card, or a transition's arrow (its two cards when the map lacks
        it): selected and brought into view at a readable size. The keyboard stays in the
        list, so the arrow keys walk on through the sentences."""
        keep = self.panel.sentences.hasFocus()
        scene = self.feedback.scene
        self.feedback.select_and_centre(source)
        if target and (source, target) in scene.edges:
            scene.select_keys((), [(source, target)])
            self.feedback.view.centerOn(scene.edges[(source, target)])
        elif target:
            scene.select_keys([k for k in (source, target) if k in scene.cards])
        if keep:
            self.panel.sentences.setFocus()
