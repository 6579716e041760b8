"""The Key drivers view: choose the outcome, compute Johnson's relative weights in the
background, and see the importance × performance quadrant (the same figure as
``journeymap drivers -o``), with the ranking beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from .. import theme
from ..feedback.worker import Job, describe

RESAMPLES = 500
PREVIEW_DPI = 150


class FitImage(QLabel):
    """A picture scaled to the label's width (keeping its proportions) as the dock resizes."""

    def __init__(self) -> None:
        super().__init__()
        self.original = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(200, 140)

    def set_image(self, pixmap: QPixmap) -> None:
        self.original = pixmap
        self._fit()

    def clear(self) -> None:
        self.original = QPixmap()
        super().clear()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.original.isNull():
            return
        self.setPixmap(self.original.scaled(
            self.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))


class DriversView(QWidget):
    """See the module docstring. ``weights_changed`` carries touchpoint id -> (weight, low,
    high, share of R²) of the last model (empty when there is none)."""

    weights_changed = Signal(dict)

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.result: Any = None
        self.job: Job | None = None
        self.candidates_job: Job | None = None
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.setMinimumContentsLength(8)
        self.outcome.lineEdit().setPlaceholderText("outcome column")
        self.outcome.setToolTip("The overall outcome the touchpoints should explain: "
                                "satisfaction, likelihood to recommend, renewal…")
        self.positive = QComboBox()
        self.positive.setEditable(True)
        self.positive.setMinimumContentsLength(4)
        self.positive.lineEdit().setPlaceholderText("(numeric)")
        self.positive.setToolTip("For a two-valued outcome, the value that counts as positive "
                                 "(satisfied, yes, renewed); leave empty for a number")
        self.compute_button = QPushButton("Compute")
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(lambda: self.export())
        self.export_button.setEnabled(False)
        self.status = QLabel("Key drivers need a wide survey: one row per respondent with an "
                             "overall outcome and a rating per touchpoint.")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {theme.MUTED};")
        self.image = FitImage()
        top = QHBoxLayout()
        top.addWidget(QLabel("Outcome"))
        top.addWidget(self.outcome, 1)
        second = QHBoxLayout()
        second.addWidget(QLabel("Positive"))
        second.addWidget(self.positive, 1)
        second.addWidget(self.compute_button)
        second.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.status)
        layout.addWidget(self.image, 1)
        self.outcome.currentIndexChanged.connect(self._fill_positive)
        self._values: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ outcome columns
    def find_outcomes(self) -> None:
        """Look for outcome columns in the wide sources (in the background)."""
        from journeymap.metrics_cache import base_dir

        journey = self.document.journey
        sources = [s for s in journey.sources if s.role == "feedback" and s.layout == "wide"]
        if not sources:
            self.status.setText("No wide survey attached: key drivers need one row per "
                                "respondent with an overall outcome and a rating per "
                                "touchpoint.")
            return
        folder = base_dir(self.document.path)

        def work(progress, cancelled):
            from journeymap.analytics.drivers import outcome_candidates

            return outcome_candidates(journey, sources, folder)

        self.candidates_job = Job(work, "outcome columns", self)
        self.candidates_job.finished.connect(self._found_outcomes)
        self.candidates_job.start()

    def _found_outcomes(self, found: list) -> None:
        self._values = dict(found)
        current = self.outcome.currentText()
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItems([column for column, _ in found])
        if current:
            self.outcome.setCurrentText(current)
        self.outcome.blockSignals(False)
        self._fill_positive()
        if found and self.result is None:
            self.status.setText(f"Outcome columns found: {', '.join(c for c, _ in found)}. "
                                "Choose one and Compute.")

    def _fill_positive(self) -> None:
        values = self._values.get(self.outcome.currentText(), [])
        self.positive.clear()
        two = len(values) == 2
        if two:  # a two-valued outcome needs its positive value: guess the likelier one
            self.positive.addItems(values)
            good = [v for v in values if v.casefold() in ("satisfied", "yes", "true", "1",
                                                          "renewed", "promoter")]
            self.positive.setCurrentText(good[0] if good else values[-1])
        else:
            self.positive.setCurrentText("")

    # ------------------------------------------------------------------ computing
    def compute(self) -> Job | None:
        from journeymap.metrics_cache import base_dir

        outcome = self.outcome.currentText().strip()
        if not outcome:
            self.status.setText("Choose the outcome column first.")
            return None
        positive = self.positive.currentText().strip() or None
        journey = self.document.journey
        sources = list(journey.sources)
        folder = base_dir(self.document.path)

        def work(progress, cancelled):
            from journeymap.analytics.drivers import drivers_for_journey
            from journeymap.render.drivers import render_drivers

            progress(0.1, "reading the survey")
            found = drivers_for_journey(journey, sources, outcome, positive, folder,
                                        resamples=RESAMPLES)
            figure = render_drivers(found[0], journey.title)
            return found[0], figure.to_bytes("png", PREVIEW_DPI), figure

        if self.job is not None and self.job.active:
            self.job.cancel()
        self.status.setText(f"Computing the key drivers of {outcome}…")
        self.compute_button.setEnabled(False)
        self.job = Job(work, "key drivers", self)
        self.job.finished.connect(self._computed)
        self.job.failed.connect(self._failed)
        self.job.start()
        return self.job

    def _computed(self, result) -> None:
        found, png, figure = result
        self.result, self.figure = found, figure
        self.compute_button.setEnabled(True)
        self.export_button.setEnabled(True)
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.image.set_image(pixmap)
        left = "; ".join(f"{why} {n:,}" for why, n in found.excluded.items())
        self.status.setText(
            f"R² {found.r2:.2f} [{found.r2_low:.2f}–{found.r2_high:.2f}] from {found.n:,} of "
            f"{found.rows:,} respondents" + (f" (left out: {left})" if left else "")
            + (f". Not in the model: {', '.join(found.left_out)}" if found.left_out else ""))
        self.weights_changed.emit({
            row.touchpoint: (row.weight, row.weight_low, row.weight_high, row.share)
            for row in found.touchpoints.itertuples()})

    def _failed(self, exc: BaseException) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText(f"<b>Could not compute the key drivers:</b> {describe(exc)}")

    def export(self, path: str | None = None) -> bool:
        if self.result is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the key-driver quadrant",
                                                  "key-drivers.png",
                                                  "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
            if not path:
                return False
        try:
            self.figure.save(path)
        except OSError as exc:
            self.status.setText(f"<b>Could not save</b> {path}: {exc.strerror or exc}")
            return False
        self.status.setText(f"Saved {path}")
        return True

    def reset(self) -> None:
        self.result = None
        self.image.clear()
        self.export_button.setEnabled(False)
        self.weights_changed.emit({})
