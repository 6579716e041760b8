"""The heat overlay on the canvas: card fills (through ``CardItem.set_heat``), transition
widths by real volume, drop-off labels, and the transitions customers take that the map
lacks, dashed, labelled with their volume and added with one click.

The flow modes (the Paths panel sets them): ``delay_colours`` colours each band by its median
time (blue quick → red slow, the paths figure's scale) and ``time_labels`` writes the median
and 90th-percentile time on each walked arrow.

The overlay owns only its own decoration items; cards and arrows belong to the scene. It is
re-applied after every layout (``JourneyScene.laid_out``), so cards created by an edit, an
undo or a rebuild get their heat at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (QGraphicsPathItem, QGraphicsSceneMouseEvent,
                               QGraphicsSimpleTextItem)

from journeymap.measures import interpolate
from journeymap.model.layout import CARD_HEIGHT, CARD_WIDTH
from journeymap.transition_style import DELAY_STOPS, delay_share

from .. import theme
from ..canvas.scene import JourneyScene
from .heat import Heat

FLOW_COLOUR = "#2f6fde"
MISSING_COLOUR = "#c2410c"


class FlowItem(QGraphicsPathItem):
    """A translucent band under an arrow, as wide as the customers who took it."""

    def __init__(self, key: tuple[str, str], volume: float, width: float,
                 times: tuple[float, float] | None = None, colour_name: str = FLOW_COLOUR,
                 opacity: float = 0.16) -> None:
        super().__init__()
        self.key = key
        self.volume = volume
        colour = QColor(colour_name)
        colour.setAlphaF(opacity)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setZValue(-2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(flow_text(volume, times))


class MissingTransitionItem(QGraphicsPathItem):
    """A step customers take that the map lacks: dashed; a click adds it to the map."""

    def __init__(self, key: tuple[str, str], volume: float, labels: tuple[str, str],
                 on_click: Callable[[tuple[str, str]], None]) -> None:
        super().__init__()
        self.key = key
        self.volume = volume
        self._on_click = on_click
        pen = QPen(QColor(MISSING_COLOUR), 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(-1.5)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptHoverEvents(True)
        self.setToolTip(f"<b>Not on the map:</b> {volume:,.0f} customers went from "
                        f"“{labels[0]}” to “{labels[1]}”.<br>Click to add this transition.")
        self.label = QGraphicsSimpleTextItem(f"{volume:,.0f}", self)
        self.label.setFont(theme.font(7.2, bold=True))
        self.label.setBrush(QBrush(QColor(MISSING_COLOUR)))

    def setPath(self, path: QPainterPath) -> None:  # noqa: N802 - Qt's name
        super().setPath(path)
        middle = path.pointAtPercent(0.5)  # the curve's apex: the volume sits under it,
        box = self.label.boundingRect()    # clear of the line
        self.label.setPos(middle.x() - box.width() / 2, middle.y() + 6)

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path())

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self._on_click(self.key)
        else:
            super().mousePressEvent(event)

    def click(self) -> None:
        """What a left click does (for keyboard users and tests)."""
        self._on_click(self.key)


class HeatOverlay:
    """Decorates a :class:`JourneyScene` with heat; see the module docstring."""

    def __init__(self, scene: JourneyScene, add_transition: Callable[[tuple[str, str]], None]
                 ) -> None:
        self.scene = scene
        self.add_transition = add_transition
        self.heats: dict[str, Heat] = {}
        self.flows: dict[tuple[str, str], float] = {}
        self.drop_offs: dict[str, float] = {}
        self.missing: list[tuple[str, str, float]] = []
        self.times: dict[tuple[str, str], tuple[float, float]] = {}
        self.enabled = True
        self.delay_colours = False
        self.time_labels = False
        self._flow_items: list[FlowItem] = []
        self._time_items: list[QGraphicsSimpleTextItem] = []
        self._missing_items: list[MissingTransitionItem] = []
        self._drop_items: list[QGraphicsSimpleTextItem] = []
        scene.laid_out.connect(self.apply)

    # ------------------------------------------------------------------ state
    def show(self, heats: dict[str, Heat], flows: dict[tuple[str, str], float] | None = None,
             drop_offs: dict[str, float] | None = None,
             missing: list[tuple[str, str, float]] | None = None,
             times: dict[tuple[str, str], tuple[float, float]] | None = None) -> None:
        """Show these heats (touchpoint id -> Heat), volumes, drop-offs, missing steps and
        times between steps."""
        self.heats = heats
        self.times = times or {}
        self.flows = flows or {}
        self.drop_offs = drop_offs or {}
        self.missing = missing or []
        self.apply()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.apply()

    def set_flow_mode(self, delay_colours: bool | None = None,
                      time_labels: bool | None = None) -> None:
        """Colour bands by delay and/or label walked arrows with their times."""
        if delay_colours is not None:
            self.delay_colours = delay_colours
        if time_labels is not None:
            self.time_labels = time_labels
        self._draw_flows()

    def clear(self) -> None:
        self.show({})

    # ------------------------------------------------------------------ drawing
    def apply(self) -> None:
        """Bring the cards and the decorations in line with the state."""
        for key, card in self.scene.cards.items():
            heat = self.heats.get(key) if self.enabled else None
            wanted = None if heat is None else (heat.colour, heat.text, heat.tooltip,
                                                heat.hatched)
            if card.heat != wanted:
                if heat is None:
                    card.set_heat(None)
                else:
                    card.set_heat(heat.colour, heat.text, heat.tooltip, heat.hatched)
        self._draw_flows()
        self._draw_drop_offs()
        self._draw_missing()

    def _remove(self, items: list) -> None:
        for item in items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        items.clear()

    def _draw_flows(self) -> None:
        self._remove(self._flow_items)
        self._remove(self._time_items)
        if not self.enabled or not self.flows:
            return
        top = max(self.flows.values(), default=0.0)
        walked = [self.times[k][0] for k in self.scene.edges if k in self.times
                  and self.flows.get(k)]
        low, high = (min(walked), max(walked)) if walked else (0.0, 0.0)
        for key, edge in self.scene.edges.items():
            volume = self.flows.get(key)
            if not volume or top <= 0 or not edge.points:
                continue
            width = 2.0 + 10.0 * (volume / top) ** 0.5   # area-true: width ∝ √volume
            times = self.times.get(key)
            if self.delay_colours and times is not None:
                share = delay_share(times[0], low, high)
                item = FlowItem(key, volume, width, times, interpolate(DELAY_STOPS, share),
                                0.55)
            else:
                item = FlowItem(key, volume, width, times)
            item.setPath(edge.path())
            self.scene.addItem(item)
            self._flow_items.append(item)
            if self.time_labels and times is not None:
                self._time_label(edge.path(), times)
            edge.setToolTip(f"{edge.toolTip().split('<br>')[0]}<br>"
                            f"{flow_text(volume, self.times.get(key))}")

    def _time_label(self, path: QPainterPath, times: tuple[float, float]) -> None:
        """Median and 90th-percentile time at the middle of an arrow."""
        from journeymap.metrics_cache import duration

        item = QGraphicsSimpleTextItem(f"{duration(times[0])} · p90 {duration(times[1])}")
        item.setFont(theme.font(6.8))
        item.setBrush(QBrush(QColor(theme.MUTED)))
        middle = path.pointAtPercent(0.5)
        box = item.boundingRect()
        item.setPos(middle.x() - box.width() / 2, middle.y() - box.height() - 2)
        item.setZValue(1.5)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene.addItem(item)
        self._time_items.append(item)

    def time_items(self) -> list[QGraphicsSimpleTextItem]:
        return list(self._time_items)

    def _draw_drop_offs(self) -> None:
        self._remove(self._drop_items)
        if not self.enabled:
            return
        for key, share in self.drop_offs.items():
            card = self.scene.cards.get(key)
            if card is None or share is None or share < 0.005:
                continue
            item = QGraphicsSimpleTextItem(f"↘ {share:.0%} leave")
            item.setFont(theme.font(7.2, bold=True))
            item.setBrush(QBrush(QColor(MISSING_COLOUR if share >= 0.2 else theme.MUTED)))
            item.setToolTip(f"{share:.0%} of the customers who reach this step go no further")
            item.setPos(card.pos() + QPointF(CARD_WIDTH / 2 - item.boundingRect().width(),
                                             CARD_HEIGHT / 2 + 3))
            item.setZValue(2)
            self.scene.addItem(item)
            self._drop_items.append(item)

    def _draw_missing(self) -> None:
        self._remove(self._missing_items)
        if not self.enabled:
            return
        journey = self.scene.document.journey
        for source, target, volume in self.missing:
            a, b = self.scene.cards.get(source), self.scene.cards.get(target)
            if a is None or b is None or journey.has_transition(source, target):
                continue
            item = MissingTransitionItem((source, target), volume,
                                         (a.touchpoint.label, b.touchpoint.label),
                                         self.add_transition)
            item.setPath(_arc(a.pos(), b.pos()))
            self.scene.addItem(item)
            self._missing_items.append(item)

    def missing_items(self) -> list[MissingTransitionItem]:
        return list(self._missing_items)

    def flow_items(self) -> list[FlowItem]:
        return list(self._flow_items)


def flow_text(volume: float, times: tuple[float, float] | None) -> str:
    """What the event log says about a step: how many took it and how long it took."""
    from journeymap.metrics_cache import duration

    text = f"{volume:,.0f} customers took this step"
    if times is not None:
        text += f"; median {duration(times[0])}, 90% within {duration(times[1])}"
    return text


def _arc(a: QPointF, b: QPointF) -> QPainterPath:
    """A gentle curve from the edge of card ``a`` to the edge of card ``b`` (clear of the
    routed arrows, which run straight), with an arrow head."""
    start = QPointF(a.x(), a.y() + (CARD_HEIGHT / 2 if b.y() >= a.y() else -CARD_HEIGHT / 2))
    end = QPointF(b.x(), b.y() + (-CARD_HEIGHT / 2 if b.y() > a.y() else CARD_HEIGHT / 2))
    if abs(a.y() - b.y()) < 1:  # same row: leave from the bottom, arrive at the bottom
        start = QPointF(a.x(), a.y() + CARD_HEIGHT / 2)
        end = QPointF(b.x(), b.y() + CARD_HEIGHT / 2)
    bulge = 40.0 + 0.12 * abs(end.x() - start.x())
    mid = QPointF((start.x() + end.x()) / 2, max(start.y(), end.y()) + bulge)
    path = QPainterPath(start)
    path.quadTo(mid, end)
    # arrow head along the curve's last direction
    direction = end - mid
    length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
    ux, uy = direction.x() / length, direction.y() / length
    size = 9.0
    left = QPointF(end.x() - ux * size - uy * size * 0.5, end.y() - uy * size + ux * size * 0.5)
    right = QPointF(end.x() - ux * size + uy * size * 0.5, end.y() - uy * size - ux * size * 0.5)
    path.moveTo(left)
    path.lineTo(end)
    path.lineTo(right)
    return path
