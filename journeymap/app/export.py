"""Export the canvas as seen: PNG, SVG or PDF of the whole map, heat colours and markers
included, selection left out. The picture is the canvas at 100% zoom, scaled (a PNG by
``scale``; an SVG or PDF in vectors, a pixel at 100% being 0.75 pt): lines the screen
draws one width at any zoom scale with the rest, and text keeps its size to the cards.
With a :class:`Frame` (File ▸ Export gives one) the map carries its title above and its
legend below: the canvas's colour key as it is on screen, the arrow kinds and the badges.
QtSvg is imported only when an SVG is asked for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QPointF, QRectF,
                            QSize, QSizeF, Qt)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QWidget

from journeymap.model.fileformat import write_atomic
from journeymap.model.layout import LAYOUT_DPI

from . import theme
from .canvas.scene import JourneyScene
from .theme import qcolor

FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)"}

# SVG and PDF are written at the map's own LAYOUT_DPI (a PNG's, QImage's default, and the
# screen's). Fonts are sized in points, which a paint device turns into pixels at its own
# resolution, so an SVG or PDF written at another one would scale the text and not the cards
# (a PDF at 144 dpi had labels 1.5x too large, elided and spilling out of their cards; an SVG
# at QSvgGenerator's default 72 dpi had them 0.75x).


class ExportError(Exception):
    """The file could not be written."""


@dataclass
class Frame:
    """What goes around the map: a title and a line under it, and the legend (the canvas's
    colour key widget, drawn as on screen, or None when the cards show no measure)."""

    title: str
    subtitle: str = ""
    legend: QWidget | None = None
    kinds: list[str] = field(default_factory=list)     # arrow kinds to explain

    HEADER = 64.0        # scene units above the map
    MIN_WIDTH = 760.0    # the legend and the key side by side

    def footer(self) -> float:
        legend = self.legend.height() if self.legend is not None else 0
        return max(float(legend), 66.0) + 28.0


def frame_of(window) -> Frame:
    """The frame of ``window``'s map: its journey's title, counts and date, the colour key
    when the heat is shown."""
    journey = window.document.journey
    counts = (f"{len(journey.stages)} stages · {len(journey)} touchpoints · "
              f"{len(journey.transitions())} transitions · exported "
              f"{datetime.date.today().isoformat()} with journeymap")
    legend = getattr(getattr(window, "feedback", None), "legend", None)
    if legend is not None and not legend.isVisibleTo(window.view):
        legend = None
    if legend is not None and hasattr(legend, "as_box"):  # on screen a strip: a box here
        legend = legend.as_box()
    from journeymap.transition_style import kind_order

    kinds = sorted({t.kind for t in journey.transitions()}, key=kind_order)
    return Frame(journey.title, counts, legend, kinds)


def _paint_header(painter: QPainter, frame: Frame, width: float) -> None:
    painter.setPen(qcolor(theme.INK))
    painter.setFont(theme.font(17, bold=True))
    title = painter.fontMetrics().elidedText(frame.title, Qt.TextElideMode.ElideRight,
                                             int(width - 48))
    painter.drawText(QRectF(24, 10, width - 48, 30), Qt.AlignmentFlag.AlignVCenter, title)
    painter.setPen(qcolor(theme.MUTED))
    painter.setFont(theme.font(9))
    painter.drawText(QRectF(24, 40, width - 48, 18), Qt.AlignmentFlag.AlignVCenter,
                     frame.subtitle)


def _paint_footer(painter: QPainter, frame: Frame, top: float) -> None:
    """The colour key (the canvas's own widget), then arrow kinds and the cards' badges."""
    x = 24.0
    if frame.legend is not None:
        frame.legend.render(painter, QPoint(int(x), int(top + 12)))
        x += frame.legend.width() + 28
    painter.setFont(theme.font(8, bold=True))
    painter.setPen(qcolor(theme.INK))
    painter.drawText(QPointF(x, top + 26), "Arrows")
    painter.setFont(theme.font(7.5))
    for i, kind in enumerate(frame.kinds):
        col, row = divmod(i, 2)
        y = top + 42 + row * 16
        x0 = x + col * 130
        pen = theme.transition_pen(kind)
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y), QPointF(x0 + 30, y))
        painter.setPen(qcolor(theme.MUTED))
        painter.drawText(QPointF(x0 + 36, y + 4), kind)
    x += 270
    painter.setFont(theme.font(8, bold=True))
    painter.setPen(qcolor(theme.INK))
    painter.drawText(QPointF(x, top + 26), "Badges")
    painter.setFont(theme.font(7.5))
    for i, (glyph, colour, name) in enumerate((("⚠", theme.PAIN, "pain points"),
                                               ("✦", theme.OPPORTUNITY, "opportunities"),
                                               ("❝", theme.NOTE, "notes"))):
        y = top + 34 + i * 16
        painter.setPen(qcolor(colour))
        painter.drawText(QRectF(x, y, 16, 14), Qt.AlignmentFlag.AlignCenter, glyph)
        painter.setPen(qcolor(theme.MUTED))
        painter.drawText(QRectF(x + 20, y, 120, 14), Qt.AlignmentFlag.AlignVCenter, name)


def _page(scene: JourneyScene, frame: Frame | None) -> tuple[QRectF, QRectF]:
    """(the page, where the map goes on it) in scene units."""
    source = scene.sceneRect()
    if frame is None:
        return QRectF(0, 0, source.width(), source.height()), \
            QRectF(0, 0, source.width(), source.height())
    width = max(source.width(), Frame.MIN_WIDTH)
    height = Frame.HEADER + source.height() + frame.footer()
    return QRectF(0, 0, width, height), QRectF(0, Frame.HEADER, source.width(),
                                               source.height())


def _draw(scene: JourneyScene, painter: QPainter, frame: Frame | None, unit: float) -> None:
    """The page at ``unit`` device pixels per scene unit: the map, and its frame."""
    page, target = _page(scene, frame)
    painter.scale(unit, unit)
    _render(scene, painter, target, scene.sceneRect())
    if frame is not None:
        _paint_header(painter, frame, page.width())
        _paint_footer(painter, frame, target.bottom())


def _render(scene: JourneyScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """Draw ``source`` of the scene into ``target`` as the map looks at 100% zoom, scaled:
    lines keep their proportion to the cards (see :meth:`JourneyScene.exporting`)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    with scene.exporting():
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def export(scene: JourneyScene, path: str | Path, scale: float = 2.0,
           frame: Frame | None = None) -> Path:
    """Write the map to ``path``; the suffix chooses the format; ``frame`` adds the title and
    the legend. The file is drawn in memory and then written atomically, so a failed export
    never leaves half a file over an old one. Raises :class:`ExportError`."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError(f"{path}: choose a .png, .svg or .pdf file name")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    source, _ = _page(scene, frame)
    if kind == "png":
        size = QSize(round(source.width() * scale), round(source.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        _draw(scene, painter, frame, size.width() / source.width())
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
        _draw(scene, painter, frame, 1.0)
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
        _draw(scene, painter, frame, writer.width() / source.width())
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
