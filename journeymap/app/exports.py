"""Exports that other parts of journeymap make: Mermaid (``journeymap.io``) and the rendered
figures (``journeymap.render``). Each is offered only when its package is installed and is
imported only when used, so matplotlib never slows the app's start-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox


@dataclass(frozen=True)
class FormatExport:
    name: str            # action name
    title: str           # menu text
    tip: str
    module: str          # what must be importable
    suffix: str          # default file suffix
    file_filter: str
    #: (journey, analysis, path, the canvas's persona), the persona for those that use it
    write: Callable[[Any, Any, str, str | None], None]


def _mermaid(journey, analysis, path: str, persona: str | None) -> None:
    from journeymap.io import write_mermaid

    write_mermaid(journey, path, analysis)


def _map_figure(journey, analysis, path: str, persona: str | None) -> None:
    from journeymap.render import render_map

    render_map(journey, analysis).save(path)


def _curve_figure(journey, analysis, path: str, persona: str | None) -> None:
    from journeymap.render import render_curve

    render_curve(journey, analysis, persona=persona).save(path)


FIGURES = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"

EXPORTS = (
    FormatExport("export_mermaid", "&Mermaid journey diagram…",
                 "Export a Mermaid 'journey' diagram", "journeymap.io", ".mmd",
                 "Mermaid (*.mmd *.md);;All files (*)", _mermaid),
    FormatExport("export_figure_map", "Rendered &map figure…",
                 "A print-ready figure of the map (matplotlib)", "journeymap.render", ".png",
                 FIGURES, _map_figure),
    FormatExport("export_figure_curve", "Rendered emotion &curve…",
                 "The emotion curve along the journey (matplotlib)", "journeymap.render",
                 ".png", FIGURES, _curve_figure),
)


def available(find_spec: Callable[[str], Any]) -> list[FormatExport]:
    """The exports whose module is installed (checked without importing it)."""
    out = []
    for spec in EXPORTS:
        try:
            if find_spec(spec.module) is not None:
                out.append(spec)
        except (ImportError, ValueError):
            pass
    return out


def analysis_of(window) -> Any:
    """The live feedback analysis when the feedback side has one, else None."""
    feedback = getattr(window, "feedback", None)
    controller = getattr(feedback, "controller", None)
    return getattr(controller, "analysis", None)


def run(window, spec: FormatExport, path: str | None = None) -> bool:
    """Ask for a file (unless given) and write the export; errors become a message box."""
    if path is None:
        stem = (Path(window.document.path).name.split(".")[0] if window.document.path
                else "journey")
        path, _ = QFileDialog.getSaveFileName(window, spec.title.replace("&", "").rstrip("…"),
                                              str(Path(window._last_folder()) /
                                                  (stem + spec.suffix)), spec.file_filter)
        if not path:
            return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        spec.write(window.document.journey, analysis_of(window), path, window.scene.persona)
    except Exception as exc:  # noqa: BLE001 - any failure of an exporter is shown, not raised
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Cannot export", f"{path}: {exc}")
        return False
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Exported {path}", 5000)
    return True
