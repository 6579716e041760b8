"""Export the canvas as seen: PNG, SVG or PDF of the whole map, heat colours and markers
included, selection left out. QtSvg is imported only when an SVG is asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from .canvas.scene import JourneyScene

FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)"}


class ExportError(Exception):
    """The file could not be written."""


def _render(scene: JourneyScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    selected = scene.selectedItems()
    header = scene.current_header
    scene.clearSelection()
    scene.current_header = None
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.current_header = header
        for item in selected:
            item.setSelected(True)


def export(scene: JourneyScene, path: str | Path, scale: float = 2.0) -> Path:
    """Write the map to ``path``; the suffix chooses the format. Raises :class:`ExportError`."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    source = scene.sceneRect()
    if kind == "png":
        size = QSize(round(source.width() * scale), round(source.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
        if not image.save(str(path)):
            raise ExportError(f"{path}: cannot write the PNG")
    elif kind == "svg":
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(round(source.width()), round(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(scene.document.journey.title)
        generator.setDescription("Customer journey map exported by journeymap")
        painter = QPainter()
        if not painter.begin(generator):
            raise ExportError(f"{path}: cannot write the SVG")
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()
    elif kind == "pdf":
        writer = QPdfWriter(str(path))
        writer.setTitle(scene.document.journey.title)
        writer.setCreator("journeymap")
        writer.setResolution(144)
        page = QPageSize(QSizeF(source.width() * 0.75 + 20, source.height() * 0.75 + 20),
                         QPageSize.Unit.Point, "map")
        writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"{path}: cannot write the PDF")
        target = QRectF(0, 0, writer.width(), writer.height())
        _render(scene, painter, target, source)
        painter.end()
    else:
        raise ExportError(f"{path}: choose a .png, .svg or .pdf file name")
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(f"{path}: nothing was written")
    return path
