"""The import dialog: from a data file to a feedback source, with everything detected shown
and editable before anything touches the journey.

The file is read in a worker (progress, Cancel); the analytics' proposal
(:func:`journeymap.analytics.proposal.propose`, the same ``journeymap detect`` prints)
chooses the layout, the column roles and scales; the value map lists every value of the
touchpoint column (or, wide, every column) with its row count, the touchpoint chosen and the
ranked suggestions; a scale the data leave open is asked, with the answers' histogram and
what each reading does to the numbers. Each change is validated in a worker by the
analytics' own reader (rows kept, rejected by reason, the rejected rows viewable and
exportable). OK returns a :class:`FeedbackSource`; the controller attaches it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSplitter, QStyledItemDelegate,
                               QTableView, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from journeymap.model import FeedbackSource, Journey, MetricColumn

from ..dialogs import show_os_error
from ..widgets import blocked
from journeymap.metrics_cache import base_dir, relative_path
from journeymap.plain import plural
from .folders import start_path
from .scale_question import ScaleQuestionBox
from .table_model import DataFrameModel, export_frame
from .worker import Job, describe

#: Column roles offered, (label, role); metric kinds are the model's.
ROLES = (("—", ""), ("Touchpoint", "touchpoint"), ("NPS (0–10)", "nps"), ("CSAT (1–5)", "csat"),
         ("CES (1–7)", "ces"), ("Rating", "rating"), ("Sentiment", "sentiment"),
         ("Complaint flag", "flag"), ("Comment", "comment"), ("Segment", "segment"),
         ("Timestamp", "timestamp"), ("Case id", "case"),
         ("Theme (complaint logs)", "theme"))
METRIC_KINDS = ("nps", "csat", "ces", "rating", "sentiment", "flag")
UNMAPPED = "\x00unmapped"      # the value finds no touchpoint: its rows are rejected
NOWHERE = "\x00nowhere"        # the value is known to be no touchpoint (reported as such)
PREVIEW_ROWS = 500
MAX_VALUES = 2000              # distinct touchpoint values listed in the value map


class _ChoiceDelegate(QStyledItemDelegate):
    """Edits a value-map cell with a combo box of the dialog's choices."""

    def __init__(self, dialog: ImportDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        combo = QComboBox(parent)
        for label, key in self.dialog.choices:
            combo.addItem(label, key)
        combo.activated.connect(lambda *_: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.UserRole)), 0))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class ImportDialog(QDialog):
    """See the module docstring."""

    def __init__(self, journey: Journey, path: str, journey_path: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.path = str(path)
        self.journey_path = journey_path
        self.raw: Any = None            # analytics RawTable
        self.table: Any = None          # the last validation (analytics FeedbackTable)
        self.error = ""
        self.source: FeedbackSource | None = None
        self.suggestions: dict[str, str | None] = {}
        self.choices: list[tuple[str, str]] = []
        self.detection: Any = None      # the analytics' Proposal
        self._counts: dict[str, Any] = {}
        self._filling = False
        self._scale_columns: list[str] = []
        self._kept: dict[str, dict[str, str | None]] = {}   # value map per role/layout
        self._values_layout = ""
        self._filled_role = ""
        self.read_job: Job | None = None
        self.check_job: Job | None = None
        self.setWindowTitle(f"Import feedback — {Path(path).name}")
        self.resize(1100, 760)
        self._build()
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(250)
        self._validate_timer.timeout.connect(self.validate)
        self._read()

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.info = QLabel(f"Reading {self.path}…")
        self.info.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.role = QComboBox()
        self.role.addItem("Feedback (survey answers, reviews, complaints)", "feedback")
        self.role.addItem("Event log (who reached which touchpoint when)", "events")
        self.role.addItem("Complaint or ticket log (each row is one complaint)", "complaints")
        self.layout_box = QComboBox()
        self.layout_box.addItem("Long: one row per response, a column names the touchpoint",
                                "long")
        self.layout_box.addItem("Wide: one row per respondent, one column per touchpoint",
                                "wide")
        self.match = QComboBox()
        for label, key in (("touchpoint ids", "id"), ("touchpoint labels", "label"),
                           ("the value map below", "map")):
            self.match.addItem(label, key)
        self.wide_kind = QComboBox()
        for kind in METRIC_KINDS:
            self.wide_kind.addItem(kind, kind)
        self.wide_kind.setCurrentIndex(METRIC_KINDS.index("rating"))
        self.wide_min, self.wide_max, self.wide_na = QLineEdit(), QLineEdit(), QLineEdit()
        self.wide_min.setPlaceholderText("lowest")
        self.wide_max.setPlaceholderText("highest")
        self.wide_na.setPlaceholderText("e.g. 0 (comma separated)")
        wide = QHBoxLayout()
        for label, widget in (("kind", self.wide_kind), ("from", self.wide_min),
                              ("to", self.wide_max), ("not applicable", self.wide_na)):
            wide.addWidget(QLabel(label))
            wide.addWidget(widget)
        self.wide_box = QWidget()
        self.wide_box.setLayout(wide)
        self.sheet = QComboBox()
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        form = QFormLayout()
        self.form = form
        form.addRow("Sheet of the workbook", self.sheet)
        form.setRowVisible(self.sheet, False)
        form.addRow("This table is", self.role)
        form.addRow("Layout", self.layout_box)
        form.addRow("Touchpoints are matched by", self.match)
        form.addRow("Ratings (wide)", self.wide_box)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #616e7c;")
        # column roles: one row per column
        self.columns = QTableWidget(0, 6)
        self.columns.setHorizontalHeaderLabels(["Column", "Role", "Scale from", "to",
                                                "Not applicable", "Example values"])
        self.columns.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().hide()
        # value map: one row per distinct value (long) or per column (wide)
        self.values = QTableWidget(0, 4)
        self.values.setHorizontalHeaderLabels(["Value in the data", "Rows", "Touchpoint",
                                               "Suggestion"])
        self.values.setItemDelegateForColumn(2, _ChoiceDelegate(self))
        self.values.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.values.itemChanged.connect(lambda *_: self._changed())
        self.values.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.values.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.values.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.values.verticalHeader().hide()
        self.values_title = QLabel("")
        # preview and validation
        self.preview = QTableView()
        self.preview_model = DataFrameModel(None, self)
        self.preview.setModel(self.preview_model)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.rejected_view = QTableView()
        self.rejected_model = DataFrameModel(None, self)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.setSortingEnabled(True)
        self.export_button = QPushButton("Export rejected rows…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export_rejected())
        tabs = QTabWidget()
        mapping = QWidget()
        mapping_layout = QVBoxLayout(mapping)
        mapping_layout.addLayout(form)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QGroupBox("Columns and what they are")
        QVBoxLayout(top).addWidget(self.columns)
        bottom = QGroupBox("Value map")
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(self.values_title)
        bottom_layout.addWidget(self.values)
        self.scale_question = ScaleQuestionBox()
        self.scale_question.chosen.connect(self._scale_chosen)
        split.addWidget(top)
        split.addWidget(self.scale_question)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(2, 2)
        self.columns.setMinimumHeight(220)  # a dozen columns at a glance, not five
        mapping_layout.addWidget(split, 1)
        mapping_layout.addWidget(self.notes)
        tabs.addTab(mapping, "Mapping")
        tabs.addTab(self.preview, "Preview")
        checked = QWidget()
        checked_layout = QVBoxLayout(checked)
        checked_layout.addWidget(QLabel("Rejected rows (row = data row in the file, line = "
                                        "line in the file for malformed lines):"))
        checked_layout.addWidget(self.rejected_view, 1)
        checked_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)
        tabs.addTab(checked, "Rejected rows")
        self.tabs = tabs
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # the data may live in a database instead (issue 15): switch to that dialog
        self.database_requested = False
        database = self.buttons.addButton("From a database…",
                                          QDialogButtonBox.ButtonRole.ResetRole)
        database.clicked.connect(lambda: (setattr(self, "database_requested", True),
                                          self.reject()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.bar)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        for combo in (self.role, self.layout_box):
            combo.currentIndexChanged.connect(self._structure_changed)
        self.match.currentIndexChanged.connect(self._changed)
        self.wide_kind.currentIndexChanged.connect(self._changed)
        for edit in (self.wide_min, self.wide_max, self.wide_na):
            edit.textChanged.connect(self._changed)
        self.columns.itemChanged.connect(lambda *_: self._changed())

    # ------------------------------------------------------------------ reading
    def _read(self, options: dict[str, Any] | None = None) -> None:
        path, journey, options = self.path, self.journey, dict(options or {})

        def work(progress, cancelled):
            from journeymap.analytics import read_table
            from journeymap.analytics.proposal import propose

            raw = read_table(path, options=options)
            return raw, propose(raw, journey)

        self.read_job = Job(work, "read", self)
        self.read_job.finished.connect(self._read_done)
        self.read_job.failed.connect(self._failed)
        self.read_job.start()

    def _sheet_changed(self) -> None:
        """Another sheet of the workbook: read it and propose afresh."""
        if self.raw is None or self.sheet.currentText() == self.raw.sheet:
            return
        self._validate_timer.stop()
        for job in (self.read_job, self.check_job):
            if job is not None:
                job.cancel()
        self.raw = self.table = None
        self._kept.clear()
        self.bar.show()
        self.info.setText(f"Reading the sheet “{self.sheet.currentText()}”…")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self._read({"sheet": self.sheet.currentText()})

    def accept(self) -> None:
        self.source = self.result_source()   # kept: the table itself is let go on closing
        super().accept()

    def reject(self) -> None:
        for job in (self.read_job, self.check_job):
            if job is not None:
                job.cancel()
        super().reject()

    def release(self) -> None:
        """Let go of the table (a million rows) once the dialog has closed."""
        self._validate_timer.stop()
        for job in (self.read_job, self.check_job):
            if job is not None:
                job.cancel()
        self.raw = self.table = self.detection = None
        self._counts.clear()
        self.preview_model.set_frame(None)
        self.rejected_model.set_frame(None)
        self.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        self.bar.hide()
        self.error = describe(exc)
        self.info.setText(f"<b>Cannot read this file:</b> {self.error}")
        self.summary.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _read_done(self, result) -> None:
        raw, detection = result
        self.raw, self.detection = raw, detection
        frame = raw.frame
        self.bar.hide()
        details = [plural(len(frame), "row"), plural(frame.shape[1], "column"), raw.format.upper()]
        if raw.encoding:
            details.append(raw.encoding)
        if raw.delimiter:
            details.append("delimiter " + {"\t": "tab", ",": "comma", ";": "semicolon"}.get(
                raw.delimiter, repr(raw.delimiter)))
        if raw.malformed:
            details.append(f"{len(raw.malformed):,} malformed lines")
        self.info.setText(f"<b>{Path(self.path).name}</b> · " + " · ".join(details))
        self.preview_model.set_frame(frame.head(PREVIEW_ROWS))
        with blocked(self.sheet):
            self.sheet.clear()
            self.sheet.addItems(raw.sheets)
            self.sheet.setCurrentIndex(max(self.sheet.findText(raw.sheet), 0))
        self.form.setRowVisible(self.sheet, len(raw.sheets) > 1)
        self._counts.clear()
        self._counts.update(detection.counts)
        detected = detection.source(self.path)
        self._filled_role = detected.role
        self._filling = True
        self.role.setCurrentIndex(self.role.findData(detected.role))
        self.layout_box.setCurrentIndex(self.layout_box.findData(detected.layout))
        self.match.setCurrentIndex(self.match.findData(detected.match))
        self._fill_columns(detected)
        self._fill_values(detected)
        if detected.layout == "wide" and detected.metrics:
            m = detected.metrics[0]
            self.wide_kind.setCurrentIndex(self.wide_kind.findData(m.kind))
            self.wide_min.setText("" if m.minimum is None else f"{m.minimum:g}")
            self.wide_max.setText("" if m.maximum is None else f"{m.maximum:g}")
            self.wide_na.setText(", ".join(str(v) for v in m.na))
        self._ask_scale(detected)
        self._filling = False
        self.notes.setText("\n".join(self._notes()))
        self._show_for_layout()
        self.validate()

    def _ask_scale(self, source: FeedbackSource) -> None:
        """Ask about the first scale the data leave open among the columns used."""
        used = set(source.wide_columns) | {m.column for m in source.metrics}
        for question in self.detection.scales:
            if question.guess.ambiguous and used & set(question.columns):
                self._scale_columns = list(question.columns)
                self.scale_question.ask(question)
                return
        self.scale_question.hide()

    def _scale_chosen(self, choice) -> None:
        """Write the reading chosen into the scale fields (wide) or the columns' cells."""
        low, high = (f"{v:g}" for v in choice.scale)
        na = ", ".join(f"{v:g}" for v in choice.na)
        if self.layout_box.currentData() == "wide":
            for edit, text in ((self.wide_min, low), (self.wide_max, high), (self.wide_na, na)):
                edit.setText(text)
            return
        for r in range(self.columns.rowCount()):
            if self.columns.item(r, 0).text() in self._scale_columns:
                for col, text in ((2, low), (3, high), (4, na)):
                    self.columns.item(r, col).setText(text)

    def value_counts(self, column: str):
        """Rows per value of ``column`` (missing values included), computed once."""
        if column not in self._counts:
            from journeymap.analytics.proposal import value_counts

            self._counts[column] = value_counts(self.raw.frame[column])
        return self._counts[column]

    def _fill_columns(self, source: FeedbackSource) -> None:
        frame = self.raw.frame
        roles: dict[str, str] = {}
        scales: dict[str, MetricColumn] = {}
        if source.layout == "long":
            if source.touchpoint_column:
                roles[source.touchpoint_column] = "touchpoint"
            for m in source.metrics:
                roles[m.column] = m.kind
                scales[m.column] = m
        for key, role in ((source.comment_column, "comment"),
                          (source.timestamp_column, "timestamp"),
                          (source.case_column, "case")):
            if key:
                roles[key] = role
        if source.role == "events" and source.touchpoint_column:
            roles[source.touchpoint_column] = "touchpoint"
        used = set(roles) | set(source.wide_columns)
        segments = [c for c in self.detection.segments if c not in used]
        for column in (source.segment_columns or (segments if source.role == "feedback"
                                                  else [])):
            roles[column] = "segment"
        with blocked(self.columns):
            self.columns.setRowCount(len(frame.columns))
            for row, column in enumerate(frame.columns):
                name = QTableWidgetItem(str(column))
                name.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.columns.setItem(row, 0, name)
                combo = QComboBox()
                for label, key in ROLES:
                    combo.addItem(label, key)
                if column in source.wide_columns:
                    combo.addItem("Rating of a touchpoint (wide)", "wide")
                    roles.setdefault(column, "wide")
                combo.setCurrentIndex(max(combo.findData(roles.get(column, "")), 0))
                combo.currentIndexChanged.connect(lambda _=0, c=column: self._role_changed(c))
                self.columns.setCellWidget(row, 1, combo)
                m = scales.get(column)
                for col, value in ((2, None if m is None else m.minimum),
                                   (3, None if m is None else m.maximum)):
                    self.columns.setItem(row, col, QTableWidgetItem("" if value is None
                                                                    else f"{value:g}"))
                self.columns.setItem(row, 4, QTableWidgetItem(
                    "" if m is None else ", ".join(str(v) for v in m.na)))
                sample = QTableWidgetItem(self.detection.column(column).example)
                sample.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.columns.setItem(row, 5, sample)
            self.columns.resizeColumnsToContents()

    def _set_choice(self, item: QTableWidgetItem, key: str) -> None:
        labels = dict((k, label) for label, k in self.choices)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setText(labels.get(key, key))

    def _fill_values(self, source: FeedbackSource | None = None) -> None:
        """The value map: distinct values of the touchpoint column with row counts and
        suggested touchpoints (long), or columns and their touchpoints (wide)."""
        with blocked(self.values):
            self._write_values(source)

    def _write_values(self, source: FeedbackSource | None) -> None:
        from journeymap.analytics.naming import ACCEPT_MIN, Matcher
        from journeymap.analytics.proposal import FUZZY_BUDGET

        frame = self.raw.frame
        # What the user chose stays chosen, whatever is refilled around it (kept per layout,
        # so going to long and back to wide finds the columns' touchpoints again).
        wide_layout = self.layout_box.currentData() == "wide"
        if self._values_layout and self.values.rowCount():
            self._kept[self._values_layout] = self.mapping()
        key = f"{self.role.currentData()}/{self.layout_box.currentData()}"
        chosen = self._kept.get(key, {}) if source is None else {}
        self._values_layout = key
        self.values.setRowCount(0)
        self.suggestions.clear()
        choices = [("(no touchpoint: not used)", UNMAPPED)] if wide_layout else [
            ("(no touchpoint: reject its rows)", UNMAPPED),
            ("(known not to be a touchpoint)", NOWHERE)]
        choices += [(f"{tp.label}  [{tp.id}]", tp.id) for tp in self.journey.touchpoints()]
        self.choices = choices
        ranked: dict[str, list] = {}
        if wide_layout:
            matches = {} if self.detection is None else (
                self.detection.event_matches if self.role.currentData() == "events"
                else self.detection.column_matches)
            wide = dict(source.wide_columns) if source is not None else {}
            for column, (tp, _, found) in matches.items():
                ranked[column] = found
                if source is None or not source.wide_columns:
                    wide.setdefault(column, tp or None)
            for column, target in chosen.items():
                if column in frame.columns:
                    wide[column] = None if target == UNMAPPED else target
            self.values_title.setText("Which touchpoint each score column rates (matched by "
                                      "name; suggestions are ranked, best first):")
            rows = [(str(c), int(frame[c].notna().sum()), wide.get(c)) for c in frame.columns]
            rows.sort(key=lambda r: r[0] not in matches and r[2] is None)  # scores first
            self.values.setHorizontalHeaderLabels(["Column", "Answers", "Touchpoint it rates",
                                                   "Suggestions"])
        else:
            column = self.touchpoint_column()
            if not column:
                self.values_title.setText("Choose the column that names the touchpoint "
                                          "(role “Touchpoint”) to map its values.")
                return
            self.values.setHorizontalHeaderLabels(["Value in the data", "Rows", "Touchpoint",
                                                   "Suggestions"])
            counts = self.value_counts(column)
            self.values_title.setText(f"Values of “{column}”: {len(counts):,} distinct. Click "
                                      "a touchpoint to change it; suggestions come from ids, "
                                      "labels and names that match in part.")
            old = source.value_map if source is not None else self.value_mapping()
            listed = [(v, int(c)) for v, c in list(counts.items())[:MAX_VALUES]]
            texts = [str(v) for v, _ in listed if v is not None and v == v]
            matcher = Matcher(self.journey, texts)
            exact = {text: matcher.exact(text) for text in texts}
            unknown = sum(t is None for t in exact.values())
            fuzzy = unknown * len(matcher.targets) <= FUZZY_BUDGET
            # Where most values are ids or labels already, an odd one out is more likely an
            # error to report than a touchpoint: its closest label is offered, not chosen.
            choose_fuzzy = sum(t is not None for t in exact.values()) < len(exact) / 2
            rows = []
            for value, count in listed:
                if value is None or value != value:
                    rows.append(("", count, None))
                    continue
                text = str(value)
                ranked[text] = [] if exact[text] is not None or not fuzzy else \
                    matcher.rank(text, 3)
                best = ranked[text][0] if ranked[text] else None
                self.suggestions[text] = exact[text] or (best.touchpoint if best else None)
                if text in chosen and source is None and chosen[text] != UNMAPPED:
                    target = chosen[text] if chosen[text] is not None else NOWHERE
                elif text in old:
                    target = old[text] if old[text] is not None else NOWHERE
                elif exact[text] is not None:
                    target = exact[text]
                elif choose_fuzzy and best is not None and best.score >= ACCEPT_MIN:
                    target = best.touchpoint
                else:
                    target = None
                rows.append((text, count, target))
        self.values.setRowCount(len(rows))
        for i, (text, count, target) in enumerate(rows):
            item = QTableWidgetItem(text if text else "(empty: rejected as missing touchpoint)")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setData(Qt.ItemDataRole.UserRole, text)
            self.values.setItem(i, 0, item)
            n = QTableWidgetItem(f"{count:,}")
            n.setFlags(Qt.ItemFlag.ItemIsEnabled)
            n.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values.setItem(i, 1, n)
            if not text:
                continue
            # an item edited through a combo box delegate: hundreds of values cost nothing
            # until one is clicked
            choice = QTableWidgetItem()
            self._set_choice(choice, target or UNMAPPED)
            self.values.setItem(i, 2, choice)
            found = [s for s in ranked.get(text, []) if s.touchpoint != target]
            if found:
                if not wide_layout:
                    self.suggestions[text] = found[0].touchpoint
                tip = QTableWidgetItem(" · ".join(f"≈ {s.label} ({s.score:.0%})"
                                                  for s in found))
                tip.setFlags(Qt.ItemFlag.ItemIsEnabled)
                tip.setToolTip("Touchpoints whose names match in part, best first: choose one "
                               "in the Touchpoint column if it is meant")
                self.values.setItem(i, 3, tip)
        self.values.resizeColumnToContents(1)

    # ------------------------------------------------------------------ reading widgets
    def _role_of(self, row: int) -> str:
        combo = self.columns.cellWidget(row, 1)
        return combo.currentData() if combo is not None else ""

    def column_roles(self) -> dict[str, str]:
        """Column -> role as chosen ("" for none)."""
        return {self.columns.item(r, 0).text(): self._role_of(r)
                for r in range(self.columns.rowCount())}

    def set_role(self, column: str, role: str) -> None:
        """Choose ``role`` for ``column`` (what picking it in the table does)."""
        for r in range(self.columns.rowCount()):
            if self.columns.item(r, 0).text() == column:
                combo = self.columns.cellWidget(r, 1)
                if combo.findData(role) < 0:
                    combo.addItem(role, role)
                combo.setCurrentIndex(combo.findData(role))
                return
        raise KeyError(column)

    def set_mapping(self, value: str, touchpoint: str | None) -> None:
        """Map a data value (or, wide, a column) to a touchpoint id; None: known to be no
        touchpoint."""
        for r in range(self.values.rowCount()):
            if self.values.item(r, 0).data(Qt.ItemDataRole.UserRole) == value:
                self._set_choice(self.values.item(r, 2),
                                 NOWHERE if touchpoint is None else touchpoint)
                return
        raise KeyError(value)

    def mapping(self) -> dict[str, str | None]:
        """Value (or column) -> touchpoint id, None (known to be none) or UNMAPPED."""
        out: dict[str, str | None] = {}
        for r in range(self.values.rowCount()):
            choice = self.values.item(r, 2)
            if choice is None:
                continue
            key = self.values.item(r, 0).data(Qt.ItemDataRole.UserRole)
            data = choice.data(Qt.ItemDataRole.UserRole)
            out[key] = None if data == NOWHERE else data
        return out

    def touchpoint_column(self) -> str:
        return next((c for c, role in self.column_roles().items() if role == "touchpoint"), "")

    def wide_mapping(self) -> dict[str, str]:
        if self.layout_box.currentData() != "wide":
            return {}
        return {k: v for k, v in self.mapping().items() if v not in (None, UNMAPPED)}

    def value_mapping(self) -> dict[str, str | None]:
        """The explicit value map: only the choices automatic matching would not make."""
        if self.layout_box.currentData() == "wide":
            return {}
        from journeymap.analytics.feedback import touchpoint_resolver

        plain = FeedbackSource("new", self.path, match=self.match.currentData()
                               if self.match.currentData() != "map" else "label")
        resolve = touchpoint_resolver(plain, self.journey)
        out: dict[str, str | None] = {}
        for value, target in self.mapping().items():
            if target == UNMAPPED:
                continue
            if target is None or resolve(value) != target:
                out[value] = target
        return out

    # ------------------------------------------------------------------ the source
    def result_source(self) -> FeedbackSource:
        """The source the widgets describe (its id is new in the journey)."""
        roles = self.column_roles()
        layout = self.layout_box.currentData()
        role = self.role.currentData()
        if role == "complaints":
            layout = "long"  # one complaint per row, a column names the touchpoint
        by_role: dict[str, list[str]] = {}
        for column, r in roles.items():
            by_role.setdefault(r, []).append(column)
        source = FeedbackSource(
            id=self.journey.new_id(Path(self.path).stem),
            path=relative_path(self.path, self.journey_path),
            name=Path(self.path).name, role=role, layout=layout,
            format=self.raw.format if self.raw is not None else "",
            comment_column=(by_role.get("comment") or [""])[0] if role != "events" else "",
            segment_columns=by_role.get("segment", []) if role != "events" else [],
            timestamp_column=(by_role.get("timestamp") or [""])[0],
            case_column=(by_role.get("case") or [""])[0] if role == "events" else "")
        if self.raw is not None and len(self.raw.sheets) > 1:
            source.options["sheet"] = self.raw.sheet
        if role == "complaints" and by_role.get("theme"):
            source.options["theme_column"] = by_role["theme"][0]
        if layout == "long":
            source.touchpoint_column = self.touchpoint_column()
            value_map = self.value_mapping()
            source.value_map = value_map
            source.match = "map" if value_map else self.match.currentData()
            if role == "feedback":
                source.metrics = [self._metric(r, c, roles[c])
                                  for r, c in enumerate(roles) if roles[c] in METRIC_KINDS]
        else:
            source.wide_columns = self.wide_mapping()
            if role == "feedback":
                source.metrics = [MetricColumn("", self.wide_kind.currentData(),
                                               _number(self.wide_min.text()),
                                               _number(self.wide_max.text()),
                                               _na(self.wide_na.text()))]
        return source

    def _metric(self, row: int, column: str, kind: str) -> MetricColumn:
        return MetricColumn(column, kind, _number(self.columns.item(row, 2).text()),
                            _number(self.columns.item(row, 3).text()),
                            _na(self.columns.item(row, 4).text()))

    # ------------------------------------------------------------------ changes
    def _show_for_layout(self) -> None:
        wide = self.layout_box.currentData() == "wide"
        events = self.role.currentData() == "events"
        self.wide_box.setEnabled(wide and not events)
        self.match.setEnabled(not wide)

    def _structure_changed(self) -> None:
        if self._filling or self.raw is None:
            return
        self._show_for_layout()
        role = self.role.currentData()
        if role != self._filled_role and self.detection is not None:
            # feedback <-> event log: the proposal's other reading of the table
            self._filled_role = role
            proposed = self.detection.source(self.path, role=role)
            self._filling = True
            self.layout_box.setCurrentIndex(self.layout_box.findData(proposed.layout))
            self._filling = False
            self._show_for_layout()
            self._fill_columns(proposed)
        self._fill_values(None)
        self._ask_scale(self.result_source())
        if self.layout_box.currentData() == "wide" and not self.wide_min.text() \
                and self.scale_question.current() is not None:
            self._scale_chosen(self.scale_question.current())  # the proposal, shown as such
        self._changed()

    def _role_changed(self, column: str) -> None:
        if self._filling:
            return
        if self.column_roles().get(column) == "touchpoint":
            for other, role in self.column_roles().items():  # one touchpoint column
                if other != column and role == "touchpoint":
                    self.set_role(other, "")
            self._fill_values(None)
        self._changed()

    def _changed(self) -> None:
        if not self._filling and self.raw is not None:
            self._validate_timer.start()
            if self.detection is not None:
                self.notes.setText("\n".join(self._notes()))

    def _notes(self) -> list[str]:
        """The proposal's notes, less advice followed and questions asked in their box."""
        notes = self.detection.notes
        if self.touchpoint_column() or self.layout_box.currentData() == "wide":
            notes = [n for n in notes if not n.startswith("No column holds")]
        if self.scale_question.isVisibleTo(self):
            notes = [n for n in notes if not _asked(n)]
        return _for_people(notes)

    # ------------------------------------------------------------------ validation
    def validate(self) -> Job | None:
        """Check the source as described on the whole table, in a worker."""
        if self.raw is None:
            return None
        if self.check_job is not None:
            self.check_job.cancel()
        source = self.result_source()
        raw, journey, folder = self.raw, self.journey, base_dir(self.journey_path)

        def work(progress, cancelled):
            from journeymap.analytics import read_source

            return read_source(source, journey, folder, raw=raw)

        self.summary.setText("Checking every row…")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.check_job = Job(work, "validate", self)
        self.check_job.finished.connect(self._validated)
        self.check_job.failed.connect(self._invalid)
        return self.check_job.start()

    def _validated(self, table) -> None:
        self.table, self.error = table, ""
        counts = table.rejected_counts
        text = (f"<b>{table.input_rows:,} rows: {table.kept_rows:,} kept, "
                f"{table.input_rows - table.kept_rows:,} rejected</b>")
        if counts:
            text += " (" + ", ".join(f"{reason}: {count:,}" for reason, count in counts.items()) \
                + ") — see the Rejected rows tab"
        if table.notes:
            text += "<br><span style='color:#616e7c'>" + "<br>".join(
                _for_people([n.split(": ", 1)[-1] for n in table.notes])) + "</span>"
        self.summary.setText(text)
        self.rejected_model.set_frame(table.rejected)
        self.tabs.setTabText(2, f"Rejected rows ({len(table.rejected):,})")
        self.export_button.setEnabled(len(table.rejected) > 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(table.kept_rows > 0)

    def _invalid(self, exc: BaseException) -> None:
        self.table, self.error = None, _for_people([describe(exc)])[0]
        self.summary.setText(f"<b>Not importable yet:</b> {self.error}")
        self.rejected_model.set_frame(None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def ready(self) -> bool:
        """The file is read and the last validation finished (tests wait for this)."""
        return self.raw is not None and not self._validate_timer.isActive() and (
            self.check_job is None or not self.check_job.active)

    def export_rejected(self, path: str | None = None) -> bool:
        """Save the rejected rows (as the table shows them) to CSV or Excel."""
        if self.table is None or not len(self.table.rejected):
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export rejected rows",
                start_path(self, Path(self.path).stem + "_rejected.csv"),
                "CSV (*.csv);;Excel (*.xlsx)")
            if not path:
                return False
        try:
            export_frame(self.rejected_model.visible_frame(), path)
        except OSError as exc:
            show_os_error(self, "save", exc, path)
            return False
        return True


def _asked(note: str) -> bool:
    """A note about an open scale (the dialog asks it in its own box instead)."""
    return note.startswith("the scale of ") and " is open: " in note


def _for_people(notes: list[str]) -> list[str]:
    """Detection notes as advice for this dialog (the analytics word them for the command
    line), with a hint where 0 may mean "not applicable"."""
    out = []
    for note in notes:
        # the command line's flags mean nothing here: the dialog has columns and scales
        note = re.sub(r" \((?:declare it with )?[^()]*--[a-z][^()]*\)", "", note)
        note = note.replace("no touchpoint column: name it;", "no touchpoint column: choose "
                            "the column that names the touchpoint;")
        if "is not declared; assumed" in note:
            note += ": set the scale above"
            if "assumed 0–" in note:
                note += ". If 0 means “not applicable”, let the scale start at 1 and enter 0 " \
                        "under not applicable"
        out.append(note)
    return out


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _na(text: str) -> list:
    """``0, n/a`` -> [0, "n/a"]: numbers as numbers, the rest as text."""
    out: list = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        number = _number(part)
        out.append(int(number) if number is not None and number.is_integer() else
                   number if number is not None else part)
    return out
