"""File ▸ Export ▸ Slides…: the deck of :mod:`journeymap.render.deck` for the map as the
window shows it: the measure chosen under *Colour by*, the persona whose emotions the cards
show, and the segment breakdown and comparison chosen in the feedback panel. matplotlib is
imported only when a deck is made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

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


def export_slides(window, path: str | None = None) -> bool:
    """Ask where (unless ``path`` is given), build the deck and write it; a failure becomes a
    message box naming the file. Returns whether a deck was written."""
    if path is None:
        document = window.document
        stem = Path(document.path).name.split(".")[0] if document.path else "journey"
        path, chosen = QFileDialog.getSaveFileName(
            window, "Export slides", str(Path(window._last_folder()) / f"{stem}-slides.pdf"),
            FILTERS)
        if not path:
            return False
        if not Path(path).suffix and chosen.startswith("PNG"):
            path += ".png"
        elif not Path(path).suffix:
            path += ".pdf"
    if Path(path).suffix.lower() not in (".pdf", ".png"):
        QMessageBox.warning(window, "Cannot export", f"{path}: slides are a .pdf, or .png "
                            "pages (one file per slide)")
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from journeymap.render import deck

        journey = window.document.journey
        options = deck_options(window)
        pages = deck.render_deck(journey, options["analysis"], options["measure"],
                                 options["persona"],
                                 options["by"], options["compare"])
        written = deck.save(pages, path, journey.title)
    except Exception as exc:  # noqa: BLE001 - whatever failed is told, never raised
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Cannot export", f"{path}: {exc}")
        return False
    QApplication.restoreOverrideCursor()
    where = written[0] if len(written) == 1 else f"{written[0].name} … {written[-1].name}"
    window.statusBar().showMessage(f"Exported {len(pages)} slides: {where}", 8000)
    return True
