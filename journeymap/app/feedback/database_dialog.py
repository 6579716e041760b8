"""Feedback ▸ Import from a database: a URL, a table or a query, and what the rows are.

The dialog reads the first rows in a worker (Check) to show the columns and what journeymap
recognised; Import attaches the source, which the analysis then reduces where the data lives
(SQLite, PostgreSQL or DuckDB run the reduction query themselves). A password is asked for
here and kept for the session only: the journey file stores the URL without it.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QRadioButton,
                               QVBoxLayout, QWidget)

from journeymap.model import FeedbackSource, Journey, slug
from journeymap.model.sources import redact_url

from .worker import Job, describe

PLACEHOLDER = "sqlite:///survey.db · duckdb:///warehouse.duckdb · postgresql://user@host:5432/db"


class DatabaseDialog(QDialog):
    """See the module docstring. After OK, :attr:`source` and :attr:`password` hold the
    result."""

    def __init__(self, journey: Journey, base_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.base_dir = base_dir
        self.source: FeedbackSource | None = None
        self.password = ""
        self.check_job: Job | None = None
        self.setWindowTitle("Import feedback from a database")
        self.resize(640, 420)
        self.url = QLineEdit()
        self.url.setPlaceholderText(PLACEHOLDER)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("not saved in the journey file")
        self.use_table = QRadioButton("Table")
        self.use_query = QRadioButton("Query")
        self.use_table.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_table)
        group.addButton(self.use_query)
        self.table = QLineEdit()
        self.table.setPlaceholderText("schema.table")
        self.query = QPlainTextEdit()
        self.query.setPlaceholderText("SELECT … (in the database's own SQL)")
        self.query.setMaximumHeight(90)
        self.role = QComboBox()
        self.role.addItem("Feedback (one row per response)", "feedback")
        self.role.addItem("Event log (case, touchpoint, time)", "events")
        self.touchpoint = QLineEdit()
        self.touchpoint.setPlaceholderText("recognised from the column names when empty")
        self.info = QLabel("Enter where the data is, then Check.")
        self.info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Database URL", self.url)
        form.addRow("Password", self.password_edit)
        form.addRow(self.use_table, self.table)
        form.addRow(self.use_query, self.query)
        form.addRow("Rows are", self.role)
        form.addRow("Touchpoint column", self.touchpoint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Import")
        self.ok.setEnabled(False)
        self.check_button = self.buttons.addButton("Check",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info, 1)
        layout.addWidget(self.buttons)
        for edit in (self.url, self.table, self.touchpoint):
            edit.textChanged.connect(self._changed)
        self.query.textChanged.connect(self._changed)
        self.use_table.toggled.connect(self._changed)
        self.role.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.ok.setEnabled(False)
        postgres = urlsplit(self.url.text().strip()).scheme.startswith("postgres")
        self.password_edit.setEnabled(postgres and not os.environ.get("PGPASSWORD"))
        self.table.setEnabled(self.use_table.isChecked())
        self.query.setEnabled(self.use_query.isChecked())

    def result_source(self) -> FeedbackSource:
        """The source as described (the URL without a password)."""
        url = self.url.text().strip()
        table = self.table.text().strip() if self.use_table.isChecked() else ""
        query = self.query.toPlainText().strip() if self.use_query.isChecked() else ""
        taken = {s.id for s in self.journey.sources}
        base = slug(table.split(".")[-1] if table else "database") or "database"
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        role = self.role.currentData()
        column = self.touchpoint.text().strip()
        return FeedbackSource(
            id=key, name=f"{table or 'query'} ({redact_url(url)})", url=redact_url(url),
            table=table, query=query, role=role, touchpoint_column=column,
            match="label" if role == "feedback" else "id")

    def _password(self, url: str) -> str | None:
        given = urlsplit(url).password
        return given or self.password_edit.text() or None

    def check(self) -> Job:
        """Read the first rows in a worker; say what the columns are."""
        source = self.result_source()
        password = self._password(self.url.text().strip())
        journey, folder = self.journey, self.base_dir
        self.info.setText("Reading the first rows…")
        self.check_button.setEnabled(False)

        def work(progress, cancelled):
            from journeymap.analytics.detect import complete_source
            from journeymap.analytics.engines.backends import open_backend

            backend = open_backend(source, folder, "", password=password)
            try:
                sample = backend.sample(1000)
            finally:
                backend.close()
            try:
                used, notes = complete_source(source, sample, journey)
            except KeyError as exc:
                return list(sample.columns), None, [str(exc.args[0])]
            return list(sample.columns), used, notes

        self.check_job = Job(work, "check", self)
        self.check_job.finished.connect(self._checked)
        self.check_job.failed.connect(self._check_failed)
        self.check_job.start()
        return self.check_job

    def _checked(self, result) -> None:
        columns, used, notes = result
        self.check_button.setEnabled(True)
        text = f"<b>{len(columns)} columns:</b> {', '.join(map(str, columns))}"
        if notes:
            text += "<br>" + "<br>".join(notes)
        self.info.setText(text)
        if used is not None:
            self.touchpoint.blockSignals(True)
            self.touchpoint.setText(used.touchpoint_column)
            self.touchpoint.blockSignals(False)
        self.ok.setEnabled(used is not None)

    def _check_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.info.setText(f"<b>Could not read:</b> {describe(exc)}")

    def accept(self) -> None:
        self.source = self.result_source()
        self.password = self._password(self.url.text().strip()) or ""
        super().accept()


__all__ = ["DatabaseDialog"]
