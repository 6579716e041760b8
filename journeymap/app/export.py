"""Export the canvas as seen: PNG, SVG or PDF of the whole map, heat colours and markers
included, selection left out. The picture is the canvas at 100% zoom, scaled (a PNG by
``scale``; an SVG or PDF in vectors, a pixel at 100% being 0.75 pt): lines the screen
draws one width at any zoom scale with the rest, and text keeps its size to the cards.
QtSvg is imported only when an SVG is asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from journeymap.model.fileformat import write_atomic
from journeymap.model.layout import LAYOUT_DPI

from .canvas.scene import JourneyScene

FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)"}

# SVG and PDF are written at the map's own LAYOUT_DPI (a PNG's, QImage's default, and the
# screen's). Fonts are sized in points, which a paint device turns into pixels at its own
# resolution, so an SVG or PDF written at another one would scale the text and not the cards
# (a PDF at 144 dpi had labels 1.5x too large, elided and spilling out of their cards; an SVG
# at QSvgGenerator's default 72 dpi had them 0.75x).


class ExportError(Exception):
    """The file could not be written."""


def _render(scene: JourneyScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """Draw ``source`` of the scene into ``target`` as the map looks at 100% zoom, scaled:
    lines keep their proportion to the cards (see :meth:`JourneyScene.exporting`)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    with scene.exporting():
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def export(scene: JourneyScene, path: str | Path, scale: float = 2.0) -> Path:
    """Write the map to ``path``; the suffix chooses the format. The file is drawn in memory
    and then written atomically, so a failed export never leaves half a file over an old one.
    Raises :class:`ExportError`."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError(f"{path}: choose a .png, .svg or .pdf file name")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    source = scene.sceneRect()
    if kind == "png":
        size = QSize(round(source.width() * scale), round(source.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
        if not image.save(buffer, "PNG"):
            raise ExportError(f"{path}: cannot write the PNG")
    elif kind == "svg":
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setResolution(LAYOUT_DPI)
        generator.setSize(QSize(round(source.width()), round(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(scene.document.journey.title)
        generator.setDescription("Customer journey map exported by journeymap")
        painter = QPainter()
        if not painter.begin(generator):
            raise ExportError(f"{path}: cannot write the SVG")
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()
    else:
        writer = QPdfWriter(buffer)
        writer.setTitle(scene.document.journey.title)
        writer.setCreator("journeymap")
        # One scene unit per device pixel, 0.75 pt: framed as the PNG and the SVG are (the
        # scene rect has its margin), so the map is drawn at its size, not stretched to fit.
        writer.setResolution(LAYOUT_DPI)
        points = 72 / LAYOUT_DPI
        page = QPageSize(QSizeF(source.width() * points, source.height() * points),
                         QPageSize.Unit.Point, "map")
        writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"{path}: cannot write the PDF")
        target = QRectF(0, 0, writer.width(), writer.height())
        _render(scene, painter, target, source)
        painter.end()
        del writer  # finishes the PDF into the buffer
    buffer.close()
    if data.isEmpty():
        raise ExportError(f"{path}: nothing was drawn")
    try:
        write_atomic(path, bytes(data.data()))
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    return path
