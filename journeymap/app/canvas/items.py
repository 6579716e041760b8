"""The canvas items: touchpoint cards and transition arrows.

Items draw what the model says and nothing more: the scene creates, updates and places them
from change notices. Cards are indexed by the scene; arrows are drawn with cosmetic pens (in
scene units while the scene exports: ``JourneyScene.exporting``), all of them by one item
(:mod:`.arrows`), and never cached (see ../shared/ENVIRONMENT.md: caching thousands of lines
is ruinous).
"""

from __future__ import annotations

from functools import cache
from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QBrush, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF)
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPathItem, QGraphicsSceneHoverEvent,
                               QStyleOptionGraphicsItem, QWidget)

from journeymap.measures import text_colour
from journeymap.model import Touchpoint, Transition
from journeymap.model.edge_labels import LabelPlace, LabelSize, shortest_text
from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH
from journeymap.model.routing import Point
from journeymap.transition_style import transition_style

from .. import theme
from ..theme import qcolor
from .arrows import (LOD_TEXT, PAD, ArrowLayer, Piece, draw_arrows, head_polygon,
                     route_path, route_pieces)
from .dashes import RunFill

CARD_TYPE = QGraphicsItem.UserType + 1
EDGE_TYPE = QGraphicsItem.UserType + 2
HANDLE_RADIUS = 7.0
_RECT = QRectF(-CARD_WIDTH / 2, -CARD_HEIGHT / 2, CARD_WIDTH, CARD_HEIGHT)
_MARGIN = 6.0
LABEL_FONT_SIZE = 7.0   # points, as every other small canvas text
LABEL_PAD = 4.0         # between an arrow label's text and the edge of its ground
LABEL_HEIGHT = 14.0


def _elide_lines(painter: QPainter, text: str, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines, the last elided with '…'."""
    metrics = painter.fontMetrics()
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return [metrics.elidedText(item, Qt.TextElideMode.ElideRight, int(width)) for item in lines]


class CardItem(QGraphicsItem):
    """A touchpoint card: channel chip, label, emotion dot, markers for pain points,
    opportunities and notes (their text shows on hover), and a connection handle.

    ``set_heat`` lets an overlay colour the card from outside without touching the model.
    """

    def __init__(self, touchpoint: Touchpoint) -> None:
        super().__init__()
        self.key = touchpoint.id
        self.touchpoint = touchpoint
        self.persona: str | None = None
        self.heat: tuple[str, str, str, bool] | None = None
        self._hovered = False
        self._marker_rects: list[tuple[QRectF, str]] = []
        #: Titles of the journey's opportunities linked to this card (the scene keeps them).
        self.opportunities: list[str] = []
        #: The evidence badge: (glyph, colour, tooltip), or None for no badge.
        self.evidence: tuple[str, str, str] | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        # On screen a card is painted once into a pixmap at the view's zoom and then
        # copied: panning moves cards without laying their text out again (issue 17).
        # Qt repaints the pixmap on every update() (a change, selection, hover); exports
        # draw the card itself (JourneyScene.exporting).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.refresh()

    def type(self) -> int:
        return CARD_TYPE

    # ------------------------------------------------------------------ from outside
    def refresh(self, persona: str | None = None) -> None:
        """Re-read the touchpoint (after a change notice) and redraw."""
        if persona is not None:
            self.persona = persona or None
        tp = self.touchpoint
        tips = [f"<b>{escape(tp.label, quote=False)}</b> · "
                f"{escape(tp.channel, quote=False)} · {escape(tp.kind, quote=False)}"]
        if tp.owner:
            tips.append(f"Owner: {escape(tp.owner, quote=False)}")
        if tp.description:
            tips.append(escape(tp.description, quote=False))
        if self.heat and self.heat[2]:
            tips.append(self.heat[2])
        self._card_tooltip = "<br>".join(tips)
        self.setToolTip(self._card_tooltip)
        self.update()

    def set_heat(self, colour: str | None, text: str = "", tooltip: str = "",
                 hatched: bool = False) -> None:
        """Fill the card with ``colour`` and show ``text`` as a badge (None clears it);
        ``hatched`` marks a number drawn from too few answers."""
        self.heat = None if colour is None else (colour, text, tooltip, hatched)
        self.refresh()

    def set_persona(self, persona: str | None) -> None:
        self.persona = persona
        self.update()

    def set_evidence(self, badge: tuple[str, str, str] | None) -> None:
        """Show how much the card rests on evidence (see app.decisions.evidence)."""
        if badge != self.evidence:
            self.evidence = badge
            self.update()

    def set_opportunities(self, titles: list[str]) -> None:
        """The titles of the opportunities linked to the card (drawn as a ✦ marker)."""
        if titles != self.opportunities:
            self.opportunities = list(titles)
            self.update()

    # ------------------------------------------------------------------ geometry
    def boundingRect(self) -> QRectF:
        return _RECT.adjusted(-_MARGIN, -_MARGIN, _MARGIN + HANDLE_RADIUS, _MARGIN)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(_RECT, 8, 8)
        path.addEllipse(self.handle_centre(), HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)
        return path

    @staticmethod
    def handle_centre() -> QPointF:
        return QPointF(_RECT.right(), 0.0)

    def on_handle(self, local: QPointF) -> bool:
        """True when ``local`` (item coordinates) is on the connection handle."""
        d = local - self.handle_centre()
        return d.x() * d.x() + d.y() * d.y() <= (HANDLE_RADIUS + 3) ** 2

    def label_rect(self) -> QRectF:
        """Where the label is drawn (the inline editor goes there)."""
        return QRectF(_RECT.left() + 12, _RECT.top() + 24, _RECT.width() - 20, 34)

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        tp = self.touchpoint
        selected = self.isSelected()
        fill = self.heat[0] if self.heat else theme.CARD
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_TEXT:
            # too small to read: a plain block in the card's colours (fast at "fit" on
            # thousands of cards)
            painter.fillRect(_RECT, qcolor(theme.ACCENT if selected else fill))
            stripe, _ = theme.KIND_STYLE.get(tp.kind, ("#94a3b8", ""))
            painter.fillRect(QRectF(_RECT.left(), _RECT.top(), 12, _RECT.height()),
                             qcolor(stripe))
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        ink = qcolor(text_colour(fill)) if self.heat else qcolor(theme.INK)
        # a soft shadow, then the card
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor("#d9dee6"))
        painter.drawRoundedRect(_RECT.translated(0, 2), 8, 8)
        border = QPen(qcolor(theme.ACCENT if selected else theme.HAIRLINE), 2.2 if selected else 1)
        painter.setPen(border)
        painter.setBrush(qcolor(fill))
        painter.drawRoundedRect(_RECT, 8, 8)
        if self.heat and self.heat[3]:
            painter.setBrush(QBrush(qcolor("#7f8c99"), Qt.BrushStyle.BDiagPattern))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(_RECT, 8, 8)
        # kind stripe
        stripe, _ = theme.KIND_STYLE.get(tp.kind, ("#94a3b8", ""))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(stripe))
        clip = QPainterPath()
        clip.addRoundedRect(_RECT, 8, 8)
        painter.save()
        painter.setClipPath(clip)
        painter.drawRect(QRectF(_RECT.left(), _RECT.top(), 5, _RECT.height()))
        painter.restore()
        self._paint_emotion(painter, tp, ink)  # first: the chip stops short of its badge
        self._paint_chip(painter, tp)
        painter.setFont(theme.font(8.6, bold=True))
        painter.setPen(ink)
        rect = self.label_rect()
        lines = _elide_lines(painter, tp.label, rect.width(), 2)
        line_height = painter.fontMetrics().height()
        for i, line in enumerate(lines):
            painter.drawText(QRectF(rect.left(), rect.top() + i * line_height, rect.width(),
                                    line_height), Qt.AlignmentFlag.AlignLeft, line)
        self._paint_markers(painter, tp, ink)
        if selected or self._hovered:
            painter.setPen(QPen(qcolor("#ffffff"), 2))
            painter.setBrush(qcolor(theme.ACCENT))
            painter.drawEllipse(self.handle_centre(), HANDLE_RADIUS, HANDLE_RADIUS)
            painter.setPen(QPen(qcolor("#ffffff"), 1.6))
            c = self.handle_centre()
            painter.drawLine(QPointF(c.x() - 3, c.y()), QPointF(c.x() + 3, c.y()))
            painter.drawLine(QPointF(c.x(), c.y() - 3), QPointF(c.x(), c.y() + 3))

    def _paint_chip(self, painter: QPainter, tp: Touchpoint) -> None:
        colour, glyph = theme.channel_style(tp.channel)
        painter.setFont(theme.font(7.2, bold=True))
        metrics = painter.fontMetrics()
        text = f"{glyph}  {tp.channel or '—'}"
        room = getattr(self, "_badge_left", _RECT.right()) - _RECT.left() - 12 - (
            23 if self.evidence is not None else 4)
        width = min(metrics.horizontalAdvance(text) + 12, CARD_WIDTH - 60, room)
        chip = QRectF(_RECT.left() + 12, _RECT.top() + 7, width, 15)
        tint = qcolor(colour).lighter(185)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(chip, 7.5, 7.5)
        painter.setPen(qcolor(colour).darker(115))
        painter.drawText(chip.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                            int(chip.width() - 10)))

    def _paint_emotion(self, painter: QPainter, tp: Touchpoint, ink) -> None:
        value = tp.emotion_for(self.persona)
        self._badge_left = _RECT.right() - 8  # where the evidence badge ends (top right)
        if self.heat and self.heat[1]:
            painter.setFont(theme.font(7.6, bold=True))
            metrics = painter.fontMetrics()
            width = metrics.horizontalAdvance(self.heat[1]) + 12
            badge = QRectF(_RECT.right() - width - 8, _RECT.top() + 7, width, 15)
            painter.setPen(QPen(ink, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(badge, 7.5, 7.5)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.heat[1])
            self._badge_left = badge.left()
            return
        if value is None:
            return
        colour = theme.emotion_colour(value)
        text = f"{value:+g}" if value else "0"
        painter.setFont(theme.font(6.8, bold=True))
        width = max(18.0, painter.fontMetrics().horizontalAdvance(text) + 9.0)
        pill = QRectF(_RECT.right() - width - 8, _RECT.top() + 7, width, 15)
        self._badge_left = pill.left()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(colour))
        painter.drawRoundedRect(pill, 7.5, 7.5)
        painter.setPen(qcolor(text_colour(colour)))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_markers(self, painter: QPainter, tp: Touchpoint, ink) -> None:
        self._marker_rects = []
        x = _RECT.left() + 12
        y = _RECT.bottom() - 18
        painter.setFont(theme.font(7.2, bold=True))
        metrics = painter.fontMetrics()
        for items, glyph, colour, title in (
                (tp.pain_points, "⚠", theme.PAIN, "Pain points"),
                (self.opportunities, "✦", theme.OPPORTUNITY, "Opportunities"),
                (tp.notes, "❝", theme.NOTE, "Notes")):
            if not items:
                continue
            text = f"{glyph} {len(items)}"
            width = metrics.horizontalAdvance(text) + 10
            rect = QRectF(x, y, width, 14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(qcolor(colour).lighter(190) if not self.heat else qcolor("#ffffff"))
            painter.drawRoundedRect(rect, 7, 7)
            painter.setPen(qcolor(colour))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            tip = f"<b>{title}</b><ul style='margin:0'>" + "".join(
                f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"
            self._marker_rects.append((rect, tip))
            x += width + 5
        if self.evidence is not None:  # a round badge left of the value, top right
            glyph, colour, tip = self.evidence
            left = getattr(self, "_badge_left", _RECT.right() - 8)
            rect = QRectF(left - 19, _RECT.top() + 7, 15, 15)
            painter.setPen(QPen(qcolor(colour), 1.2))
            painter.setBrush(qcolor("#ffffff"))
            painter.drawEllipse(rect)
            painter.setFont(theme.font(8, bold=True))
            painter.drawText(rect.adjusted(0, -1, 0, 0), Qt.AlignmentFlag.AlignCenter, glyph)
            self._marker_rects.append((rect, tip))
        if tp.owner:
            painter.setFont(theme.font(7))
            painter.setPen(qcolor(theme.MUTED) if not self.heat else ink)
            owner = QRectF(x + 4, y, _RECT.right() - x - 12, 14)
            painter.drawText(owner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(
                                 tp.owner, Qt.TextElideMode.ElideRight, int(owner.width())))

    # ------------------------------------------------------------------ hover
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        pos = event.pos()
        tip = next((t for rect, t in self._marker_rects if rect.contains(pos)),
                   self._card_tooltip)
        if self.toolTip() != tip:
            self.setToolTip(tip)
        self.setCursor(Qt.CursorShape.CrossCursor if self.on_handle(pos)
                       else Qt.CursorShape.OpenHandCursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def marker_tooltips(self) -> list[str]:
        """The hover texts of the markers drawn last (for tests and accessibility)."""
        return [tip for _, tip in self._marker_rects]


class EdgeItem(QGraphicsPathItem):
    """A transition: an orthogonal arrow with rounded corners, styled by its kind.

    In the canvas it is drawn by the scene's :class:`~.arrows.ArrowLayer` with every other
    arrow (it paints nothing itself there); alone in a scene it paints itself the same way.
    """

    def __init__(self, transition: Transition) -> None:
        super().__init__()
        self.key = transition.key
        self.transition = transition
        self.points: list[Point] = []
        #: The track offset of the arrow's run along a lane boundary, which the scene's
        #: routing pass gives it and a drag keeps (:func:`journeymap.model.routing.route`).
        self.offset = 0.0
        #: The label drawn above every arrow, which the scene adds and places (None while
        #: the transition has no label).
        self.label_item: EdgeLabelItem | None = None
        #: The layer that draws the arrow (None: it paints itself).
        self._layer: ArrowLayer | None = None
        self._bounds = QRectF()
        self._cut: tuple[list[Piece], list[int]] | None = None
        self._head: QPolygonF | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(-1)
        self.refresh()

    def type(self) -> int:
        return EDGE_TYPE

    def refresh(self) -> None:
        t = self.transition
        self.setPen(theme.transition_pen(t.kind))
        self._selected_pen = theme.transition_pen(t.kind, width=2.6, colour=theme.ACCENT)
        #: Whether the kind is dashed, and the fills of its dashed runs on screen by
        #: selection (see .arrows.draw_arrows).
        self._dashed = transition_style(t.kind).dashes is not None
        self._fills: dict[bool, RunFill] = {}
        tip = f"{t.kind} transition ({transition_style(t.kind).pattern})"
        if t.label:
            tip += f": {t.label}"
        if t.volume is not None:
            tip += f" · volume {t.volume:g}"
        self.setToolTip(tip)
        if self.label_item is not None:
            self.label_item.setToolTip(tip)
            self.label_item.update()
        if self._layer is not None:
            self._layer.restyled(self)
        else:
            self.update()

    def set_route(self, points: list[Point]) -> None:
        if points == self.points:
            return
        old = self._bounds
        self.points = points
        path = route_path(points)
        self._cut = None
        self._head = None
        self.setPath(path)
        self._bounds = path.boundingRect()
        if self._layer is not None:
            self._layer.moved(self, old)

    def pieces(self) -> tuple[list[Piece], list[int]]:
        """The arrow cut into straight runs and corners, and where each leg's pieces
        start (:func:`~.arrows.route_pieces`; cut when first needed: a dashed arrow
        partly in sight)."""
        if self._cut is None:
            self._cut = route_pieces(self.points)
        return self._cut

    def head(self) -> QPolygonF:
        """The arrowhead (made when first drawn)."""
        if self._head is None:
            self._head = head_polygon(self.points)
        return self._head

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        # as the layer draws it (dashed runs cut to the exposed area)
        if self.points:
            draw_arrows(painter, [(self, None)], option.exposedRect,
                        option.levelOfDetailFromTransform(painter.worldTransform()))

    def label_size(self) -> LabelSize | None:
        """The label's box, measured with the canvas's font (None: no label)."""
        return label_size(self.transition.label) if self.transition.label else None

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-PAD, -PAD, PAD, PAD)

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self.path())


@cache
def _label_font_metrics() -> QFontMetricsF:
    return QFontMetricsF(theme.font(LABEL_FONT_SIZE))


@cache
def _label_widths(text: str) -> tuple[float, float]:
    """The advance of ``text`` and of its shortest form, in the label font (a label is
    measured once, not on every placement)."""
    metrics = _label_font_metrics()
    full = metrics.horizontalAdvance(text)
    return full, min(full, metrics.horizontalAdvance(shortest_text(text)))


def label_size(text: str) -> LabelSize:
    """The box of an arrow label on the canvas: the text and its padding, LABEL_HEIGHT
    high; it may be shortened to its :func:`~journeymap.model.edge_labels.shortest_text`."""
    full, shortest = _label_widths(text)
    # ceil-ish slack: the painter's metrics round advances to device pixels
    return LabelSize(full + 2 * LABEL_PAD + 1, LABEL_HEIGHT, shortest + 2 * LABEL_PAD + 1)


class EdgeLabelItem(QGraphicsItem):
    """A transition's label on its arrow, where :func:`journeymap.model.edge_labels.
    place_labels` put it, shortened with "…" to the width it was given; hidden when it fits
    nowhere (the arrow's tooltip names it then). It is drawn above all arrows, so lines
    that cross it pass behind its ground, and below the cards; clicks go through it to the
    arrow underneath."""

    def __init__(self, edge: EdgeItem) -> None:
        super().__init__()
        self.edge = edge
        self.place: LabelPlace | None = None
        self._rect = QRectF()
        self.setZValue(-0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(edge.toolTip())
        self.setVisible(False)

    def set_place(self, place: LabelPlace | None) -> None:
        if place == self.place:
            return
        self.prepareGeometryChange()
        self.place = place
        if place is None:
            self._rect = QRectF()
            self.setVisible(False)
            return
        x0, y0, x1, y1 = place.rect
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.setVisible(True)
        self.update()

    def text(self) -> str:
        """The label as drawn: whole, or shortened to the width it was given."""
        label = self.edge.transition.label
        if self.place is None or not self.place.shortened:
            return label
        return _label_font_metrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                self.place.width - 2 * LABEL_PAD)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.place is None or \
                option.levelOfDetailFromTransform(painter.worldTransform()) < LOD_TEXT:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(theme.CANVAS))
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(theme.font(LABEL_FONT_SIZE))
        painter.setPen(qcolor(theme.ACCENT if self.edge.isSelected() else theme.MUTED))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text())
