"""File ▸ Export ▸ Slides…: the deck of :mod:`journeymap.render.deck` for the map as the
window shows it: the measure chosen under *Colour by*, the persona whose emotions the cards
show, and the segment breakdown and comparison chosen in the feedback panel. matplotlib is
imported only when a deck is made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton

FILTERS = "PDF slides (*.pdf);;PNG pages, one file per slide (*.png)"


def deck_options(window) -> dict[str, Any]:
    """What the deck shows, read from the window: analysis, measure, persona, by, compare."""
    controller = getattr(getattr(window, "feedback", None), "controller", None)
    options: dict[str, Any] = {"analysis": None, "measure": None,
                               "persona": window.scene.persona, "by": None, "compare": None}
    if controller is None:
        return options
    options["analysis"] = controller.analysis
    if controller.analysis is not None:
        options["measure"] = controller.measure
    by_analysis = getattr(controller, "analysis_by", None)
    if controller.by and by_analysis is not None:
        options.update(analysis=by_analysis, by=controller.by)
        if controller.group and controller.compare_with:
            options["compare"] = (controller.group, controller.compare_with)
    return options


def export_slides(window, path: str | None = None):
    """Ask where (unless ``path`` is given), then build and write the deck in the background,
    its progress and a Cancel button in the status bar; a failure becomes a message box naming
    the file. Returns the running job, or None when nothing was started."""
    if path is None:
        document = window.document
        stem = Path(document.path).name.split(".")[0] if document.path else "journey"
        path, chosen = QFileDialog.getSaveFileName(
            window, "Export slides", str(Path(window._last_folder()) / f"{stem}-slides.pdf"),
            FILTERS)
        if not path:
            return None
        if not Path(path).suffix:
            path += ".png" if chosen.startswith("PNG") else ".pdf"
    if Path(path).suffix.lower() not in (".pdf", ".png"):
        QMessageBox.warning(window, "Cannot export", f"{path}: slides are a .pdf, or .png "
                            "pages (one file per slide)")
        return None
    if not Path(path).parent.is_dir():
        QMessageBox.warning(window, "Cannot export",
                            f"{path}: folder {Path(path).parent} does not exist")
        return None
    from journeymap.model import from_document, to_document

    from .feedback.worker import Job, describe

    # the deck is drawn from a copy, so editing on while it is made changes nothing in it
    journey = from_document(to_document(window.document.journey))
    options = deck_options(window)

    def work(progress, cancelled):
        from journeymap.render import deck

        pages = deck.render_deck(journey, options["analysis"], options["measure"],
                                 options["persona"], options["by"], options["compare"],
                                 progress=lambda f, m: progress(f * 0.3, m),
                                 cancelled=cancelled)
        written = deck.save(pages, path, journey.title,
                            progress=lambda f, m: progress(0.3 + f * 0.7, m),
                            cancelled=cancelled)
        return len(pages), written

    if getattr(window, "slides_job", None) is not None and window.slides_job.active:
        window.slides_job.cancel()   # the newer request wins
    job = Job(work, "slides", window)
    # progress in the status bar, not a modal dialog: the deck is drawn from a copy, so the
    # window stays free for editing while it is made
    bar = QProgressBar()
    bar.setRange(0, 1000)
    bar.setMaximumWidth(180)
    bar.setFormat("Slides %p%")
    cancel = QPushButton("Cancel")
    cancel.setToolTip("Stop making the slides (nothing is written)")
    cancel.clicked.connect(job.cancel)
    status = window.statusBar()
    status.addPermanentWidget(bar)
    status.addPermanentWidget(cancel)
    job.progress.connect(lambda f, message: (bar.setValue(int(f * 1000)),
                                             bar.setToolTip(message)))

    def finish() -> None:
        for widget in (bar, cancel):
            status.removeWidget(widget)
            widget.deleteLater()

    def done(result) -> None:
        finish()
        count, written = result
        where = written[0] if len(written) == 1 else f"{written[0].name} … {written[-1].name}"
        window.statusBar().showMessage(f"Exported {count} slides: {where}", 8000)

    def failed(exc) -> None:
        finish()
        QMessageBox.warning(window, "Cannot export", f"{path}: {describe(exc)}")

    def cancelled() -> None:
        finish()
        window.statusBar().showMessage("Slides cancelled: nothing was written", 5000)

    job.finished.connect(done)
    job.failed.connect(failed)
    job.cancelled.connect(cancelled)
    window.slides_job = job
    return job.start()
