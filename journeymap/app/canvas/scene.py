"""The scene follows the document: one card per touchpoint, one arrow per transition.

It never changes the model. On :attr:`JourneyDocument.changed` it reconciles its items with the
journey (create, refresh, remove) for the keys the batch names and lays the cards out once on the
shared grid (:mod:`journeymap.model.layout`); on :attr:`JourneyDocument.reset` it rebuilds. The
grid itself (lane rows, stage columns, headers) is painted as the background, so it costs the
index nothing.

On screen, lines are drawn with cosmetic pens (a width in device pixels whatever the zoom, so
they stay crisp when the map is zoomed out). An export is the map at 100% zoom, scaled: inside
:meth:`JourneyScene.exporting`, every cosmetic pen is drawn as the same pen in scene units
(:func:`in_scene_units`), so lines and their dash patterns scale with the cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (QAbstractGraphicsShapeItem, QGraphicsItem, QGraphicsScene,
                               QGraphicsSimpleTextItem)

from journeymap.model import Change
from journeymap.model.edge_labels import Rect, place_labels
from journeymap.model.layout import (CARD_HEIGHT, CARD_WIDTH, LANE_HEADER, STAGE_HEADER, Grid,
                                     grid, grid_positions)
from journeymap.model.routing import route, routes_and_tracks

from .. import theme
from ..document import JourneyDocument
from ..theme import qcolor
from .arrows import ArrowLayer
from .items import CardItem, EdgeItem, EdgeLabelItem

MARGIN = 40.0


def in_scene_units(pen: QPen) -> QPen:
    """``pen`` as an export draws it: a cosmetic pen (its width in device pixels at any zoom)
    becomes the same pen with that width in scene units, which is how it looks at 100% zoom;
    its dash pattern, in pen widths, scales with it. Other pens are returned as they are."""
    if not pen.isCosmetic() or pen.style() == Qt.PenStyle.NoPen:
        return pen
    scaled = QPen(pen)
    scaled.setCosmetic(False)
    if scaled.widthF() == 0:
        scaled.setWidthF(1.0)  # a zero-width pen is a 1-pixel hairline, always cosmetic
    return scaled


def _card_rect(card: CardItem) -> Rect:
    """The card's box (x0, y0, x1, y1) where it is now."""
    p = card.pos()
    x, y = p.x(), p.y()
    return (x - CARD_WIDTH / 2, y - CARD_HEIGHT / 2, x + CARD_WIDTH / 2, y + CARD_HEIGHT / 2)


class JourneyScene(QGraphicsScene):
    """The map of the document's journey."""

    #: ("stage" | "lane", id) of a header the user clicked, or ("", "") when cleared.
    header_selected = Signal(str, str)
    #: Emitted after the items were laid out (a gesture, an undo, a reset).
    laid_out = Signal()

    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.cards: dict[str, CardItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.grid: Grid = grid(document.journey)
        self.persona: str | None = None
        self.current_header: tuple[str, str] | None = None
        #: Where the view paints the lane names (x) and stage headers (y) when scrolled
        #: past them, so they stay in sight; (0, 0) when not scrolled.
        self.frozen: tuple[float, float] = (0.0, 0.0)
        self._exporting = False
        self._card_rects: dict[str, Rect] = {}
        #: Text put on the map besides cards (the feedback overlay's drop-off notes): arrow
        #: labels keep clear of it, re-placed once the texts of one pass are all in, if
        #: they take other room than the labels were last placed around.
        self._annotations: set[QGraphicsSimpleTextItem] = set()
        self._placed_around: list[Rect] = []
        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.timeout.connect(self._follow_annotations)
        self._selected_labels: set[EdgeLabelItem] = set()
        self.selectionChanged.connect(self._recolour_labels)
        # Cards are indexed (BSP): measured 10 ms vs 26 ms per 1:1 frame on 2,000 cards
        # (benchmarks/bench_app.py); arrows are never cached (see ENVIRONMENT.md).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        #: Draws every arrow in one paint (issue 17: panning a map of long arrows).
        self.arrows = ArrowLayer()
        self.addItem(self.arrows)
        document.changed.connect(self._on_changes)
        document.reset.connect(self.rebuild)
        self.rebuild()

    # ------------------------------------------------------------------ building
    def rebuild(self) -> None:
        """Drop every item and draw the document's journey afresh."""
        for edge in self.edges.values():
            self._remove_edge(edge)
        for item in self.cards.values():
            self.removeItem(item)
        self.cards.clear()
        self.edges.clear()
        self.current_header = None
        journey = self.document.journey
        if self.persona and self.persona not in {p.id for p in journey.personas}:
            self.persona = None
        for tp in journey.touchpoints():
            self._add_card(tp.id)
        for t in journey.transitions():
            self._add_edge(t.key)
        self.relayout(force=True)

    def _add_card(self, key: str) -> CardItem:
        journey = self.document.journey
        card = CardItem(journey.touchpoint(key))
        card.persona = self.persona
        card.set_opportunities([o.title for o in journey.opportunities_for(key)])
        self.addItem(card)
        self.cards[key] = card
        return card

    def _add_edge(self, key: tuple[str, str]) -> EdgeItem:
        edge = EdgeItem(self.document.journey.transition(*key))
        self.addItem(edge)
        self.arrows.add(edge)
        self.edges[key] = edge
        self._follow_label(edge)
        return edge

    def _follow_label(self, edge: EdgeItem) -> None:
        """Give the arrow a label item when its transition has a label, drop it when not
        (placed by :meth:`place_labels`)."""
        if edge.transition.label and edge.label_item is None:
            edge.label_item = EdgeLabelItem(edge)
            self.addItem(edge.label_item)
        elif not edge.transition.label and edge.label_item is not None:
            self._drop_label(edge)

    def _drop_label(self, edge: EdgeItem) -> None:
        self._selected_labels.discard(edge.label_item)
        self.removeItem(edge.label_item)
        edge.label_item = None

    def _remove_edge(self, edge: EdgeItem) -> None:
        if edge.label_item is not None:
            self._drop_label(edge)
        self.arrows.remove(edge)
        self.removeItem(edge)

    def _on_changes(self, changes: list[Change]) -> None:
        journey = self.document.journey
        touchpoints: dict[str, None] = {}
        transitions: dict[tuple[str, str], None] = {}
        for change in changes:
            if change.kind.startswith("touchpoint."):
                touchpoints[change.key] = None
            elif change.kind.startswith("transition."):
                transitions[tuple(change.key)] = None
            elif change.kind.startswith("opportunity."):  # links may have moved anywhere
                for key, card in self.cards.items():
                    card.set_opportunities([o.title for o in journey.opportunities_for(key)])
            elif change.kind.startswith("persona.") and self.persona \
                    and self.persona not in {p.id for p in journey.personas}:
                self.set_persona(None)
        for key in touchpoints:
            card = self.cards.get(key)
            if journey.has_touchpoint(key):
                if card is None:
                    self._add_card(key)
                else:
                    card.touchpoint = journey.touchpoint(key)
                    card.refresh()
            elif card is not None:
                self.removeItem(self.cards.pop(key))
        for key in transitions:
            edge = self.edges.get(key)
            if journey.has_transition(*key):
                if edge is None:
                    self._add_edge(key)
                else:
                    edge.transition = journey.transition(*key)
                    edge.refresh()
                    self._follow_label(edge)
            elif edge is not None:
                self._remove_edge(self.edges.pop(key))
        self.relayout(force=bool(transitions))

    # ------------------------------------------------------------------ layout
    def relayout(self, force: bool = False) -> None:
        """Put every card in its grid cell and route the arrows that need it."""
        journey = self.document.journey
        new_grid = grid(journey)
        grid_changed = new_grid != self.grid
        if grid_changed:
            self.prepareForGridChange()
        self.grid = new_grid
        moved: set[str] = set()
        for key, (x, y) in grid_positions(journey).items():
            card = self.cards[key]
            if card.pos().x() != x or card.pos().y() != y:
                card.setPos(x, y)
                moved.add(key)
        if grid_changed or force or moved or any(not e.points for e in self.edges.values()):
            self.route_all()
        self.setSceneRect(QRectF(-MARGIN, -MARGIN, self.grid.width + 2 * MARGIN,
                                 self.grid.height + 2 * MARGIN))
        if grid_changed:
            self.update()
        else:
            self._update_header_counts()
        self.laid_out.emit()

    def _update_header_counts(self) -> None:
        """Stage headers say how many touchpoints each stage holds: repaint them when a
        count changes (adding a card to a stage leaves the grid as it was)."""
        journey = self.document.journey
        counts = tuple(len(journey.touchpoint_ids(s.id)) for s in journey.stages)
        if counts != getattr(self, "_stage_counts", None):
            self._stage_counts = counts
            for top in {0.0, self.frozen[1]}:  # the band, and its copy frozen at the top
                self.update(QRectF(0, top, self.grid.width, STAGE_HEADER))

    def prepareForGridChange(self) -> None:
        """The background (grid and headers) must be repainted everywhere."""
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def route_all(self) -> None:
        """Route every arrow, giving arrows that run along the same lane boundary their
        own tracks so they stay apart."""
        ends = {}
        for key in self.edges:
            a, b = self.cards[key[0]].pos(), self.cards[key[1]].pos()
            ends[key] = ((a.x(), a.y()), (b.x(), b.y()))
        routes, offsets = routes_and_tracks(ends, self.grid)
        for key, edge in self.edges.items():
            edge.offset = offsets[key]
            edge.set_route(routes[key])
        self._card_rects = self.card_rects()
        self.place_labels(cards=self._card_rects)

    def addItem(self, item: QGraphicsItem) -> None:
        super().addItem(item)
        if isinstance(item, QGraphicsSimpleTextItem):
            self._annotations.add(item)
            self._label_timer.start(0)

    def removeItem(self, item: QGraphicsItem) -> None:
        super().removeItem(item)
        if item in self._annotations:
            self._annotations.discard(item)
            self._label_timer.start(0)

    def _recolour_labels(self) -> None:
        """A selected arrow's label takes the selection's colour (repaint those that
        changed; an item's own itemChange would cost a call into Python on every change of
        every arrow)."""
        selected = {item.label_item for item in self.selectedItems()
                    if isinstance(item, EdgeItem) and item.label_item is not None}
        for label in selected ^ self._selected_labels:
            label.update()
        self._selected_labels = selected

    def card_rects(self) -> dict[str, Rect]:
        """Each card's box (x0, y0, x1, y1) where it is now."""
        return {key: _card_rect(card) for key, card in self.cards.items()}

    def place_labels(self, only: Iterable[EdgeItem] | None = None,
                     cards: dict[str, Rect] | None = None) -> None:
        """Put the arrows' labels on their runs, clear of the cards and of each other
        (:func:`journeymap.model.edge_labels.place_labels`, the rule the figures follow).
        ``only`` re-places those arrows' labels around the others, which stay (a drag
        moves a few arrows among thousands; the drop places them all afresh); ``cards``
        are the card boxes to keep clear of (by default, where the cards are now)."""
        labelled = {key: edge for key, edge in self.edges.items()
                    if edge.label_item is not None and edge.points}
        chosen = labelled if only is None else \
            {edge.key: edge for edge in only if edge.key in labelled}
        if not chosen:
            return
        notes = self._annotation_rects()
        if only is None:   # a partial pass leaves the other labels where they were
            self._placed_around = notes
        obstacles = list((cards if cards is not None else self.card_rects()).values()) + notes
        if only is not None:
            obstacles += [edge.label_item.place.rect for key, edge in labelled.items()
                          if key not in chosen and edge.label_item.place is not None]
        places = place_labels({key: edge.points for key, edge in chosen.items()},
                              {key: edge.label_size() for key, edge in chosen.items()},
                              obstacles)
        for key, edge in chosen.items():
            edge.label_item.set_place(places[key])

    def _annotation_rects(self) -> list[Rect]:
        """The boxes of the visible annotations, in an order of their own (comparable)."""
        rects = []
        for text in self._annotations:
            if text.isVisible():
                box = text.sceneBoundingRect()
                rects.append((box.left(), box.top(), box.right(), box.bottom()))
        return sorted(rects)

    def _follow_annotations(self) -> None:
        """Re-place the labels around the annotations now on the map, unless those cover
        what they did at the last full placement: the overlay puts its notes back after every
        layout, a rename too, mostly where they were, and placing every label of a large
        map costs tens of milliseconds."""
        if self._annotation_rects() != self._placed_around:
            self.place_labels(cards=self._card_rects)

    def route_edge(self, edge: EdgeItem) -> None:
        source, target = self.cards[edge.key[0]], self.cards[edge.key[1]]
        edge.set_route(route((source.pos().x(), source.pos().y()),
                             (target.pos().x(), target.pos().y()), self.grid,
                             edge.offset))

    def reroute_from(self, keys: Iterable[str]) -> None:
        """Follow cards being dragged: re-route the arrows that touch them."""
        keys = set(keys)
        moved = [edge for key, edge in self.edges.items() if key[0] in keys or key[1] in keys]
        for edge in moved:
            self.route_edge(edge)
        if any(edge.label_item is not None for edge in moved):
            # the other cards' boxes are as the last layout left them
            rects = self._card_rects
            if not keys <= rects.keys():
                rects = self._card_rects = self.card_rects()
            for key in keys:
                rects[key] = _card_rect(self.cards[key])
            self.place_labels(moved, rects)

    # ------------------------------------------------------------------ exporting
    @contextmanager
    def exporting(self) -> Iterator[None]:
        """Draw as an export while inside: the map at 100% zoom, for the painter to scale.

        Selection and the highlighted header are left out, and lines drawn with cosmetic pens
        are drawn in scene units (:func:`in_scene_units`): the shape items' own pens (arrows,
        overlay arcs, anything added later) are swapped for the time of the export, and the
        background's hairlines follow :attr:`is_exporting`. Everything is put back on leaving,
        so the screen shows what it showed before."""
        selected = self.selectedItems()
        header = self.current_header
        swapped: list[tuple[QAbstractGraphicsShapeItem, QPen]] = []
        cached: list[tuple[QGraphicsItem, QGraphicsItem.CacheMode]] = []
        self.clearSelection()
        self.current_header = None
        self._exporting = True
        try:
            for item in self.items():
                mode = item.cacheMode()
                if mode != QGraphicsItem.CacheMode.NoCache:
                    # drawn as vectors (SVG, PDF) and at the export's own scale, not
                    # copied from a pixmap made for the screen
                    cached.append((item, mode))
                    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                if isinstance(item, QAbstractGraphicsShapeItem):
                    pen = item.pen()
                    scaled = in_scene_units(pen)
                    if scaled is not pen:
                        swapped.append((item, pen))
                        item.setPen(scaled)
            yield
        finally:
            self._exporting = False
            for item, pen in swapped:
                item.setPen(pen)
            for item, mode in cached:
                item.setCacheMode(mode)
            self.current_header = header
            for item in selected:
                item.setSelected(True)

    @property
    def is_exporting(self) -> bool:
        """True inside :meth:`exporting`."""
        return self._exporting

    # ------------------------------------------------------------------ queries
    def header_at(self, pos: QPointF) -> tuple[str, str] | None:
        """("stage", id) on a stage header, ("lane", id) on a lane label, else None (the
        headers may be frozen at the view's edges: see :attr:`frozen`)."""
        x, y = pos.x(), pos.y()
        left, top = self.frozen
        if left <= x < left + LANE_HEADER and top <= y < top + STAGE_HEADER:
            return None  # the corner
        if top <= y < top + STAGE_HEADER and x >= LANE_HEADER:
            band = self.grid.stage_at(x)
            if band is not None and band.start <= x < band.end:
                return ("stage", band.id)
        if left <= x < left + LANE_HEADER and y >= STAGE_HEADER:
            band = self.grid.lane_at(y)
            if band is not None and band.start <= y < band.end:
                return ("lane", band.id)
        return None

    def header_rect(self, kind: str, key: str) -> QRectF:
        """Where a stage header or a lane label is painted."""
        if kind == "stage":
            band = next(b for b in self.grid.stages if b.id == key)
            return QRectF(band.start, 0, band.end - band.start, STAGE_HEADER)
        band = next(b for b in self.grid.lanes if b.id == key)
        return QRectF(0, band.start, LANE_HEADER, band.end - band.start)

    def stage_rect(self, key: str) -> QRectF:
        """A stage's whole column, header included (presentation zooms to it)."""
        band = next(b for b in self.grid.stages if b.id == key)
        return QRectF(band.start, 0, band.end - band.start, self.grid.height)

    def select_header(self, header: tuple[str, str] | None) -> None:
        if header != self.current_header:
            self.current_header = header
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.header_selected.emit(*(header or ("", "")))

    def selected_touchpoints(self) -> list[str]:
        """Selected card ids in journey order."""
        chosen = {i.key for i in self.selectedItems() if isinstance(i, CardItem)}
        return [k for k in self.document.journey.touchpoint_ids() if k in chosen]

    def selected_transitions(self) -> list[tuple[str, str]]:
        return [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_keys(self, touchpoints: Iterable[str] = (),
                    transitions: Iterable[tuple[str, str]] = ()) -> None:
        """Select exactly these cards and arrows."""
        self.clearSelection()
        for key in touchpoints:
            if key in self.cards:
                self.cards[key].setSelected(True)
        for key in transitions:
            if key in self.edges:
                self.edges[key].setSelected(True)

    def set_persona(self, persona: str | None) -> None:
        """Show emotions as scored for ``persona`` (None: the journey-wide score)."""
        self.persona = persona
        for card in self.cards.values():
            card.set_persona(persona)

    # ------------------------------------------------------------------ painting
    def _hairline(self) -> QPen:
        """The pen of the grid's lines: one device pixel on screen at any zoom; in an export,
        one scene unit, like the cards' borders beside them."""
        hair = QPen(qcolor(theme.HAIRLINE), 1)
        hair.setCosmetic(True)
        return in_scene_units(hair) if self.is_exporting else hair

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, qcolor(theme.CANVAS))
        g = self.grid
        width, height = g.width, g.height
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for i, lane in enumerate(g.lanes):
            if i % 2:
                painter.fillRect(QRectF(LANE_HEADER, lane.start, width - LANE_HEADER,
                                        lane.end - lane.start), qcolor(theme.LANE_ALT))
        hair = self._hairline()
        painter.setPen(hair)
        for stage in g.stages:
            painter.drawLine(QPointF(stage.end, 0), QPointF(stage.end, height))
        for lane in g.lanes:
            painter.drawLine(QPointF(0, lane.end), QPointF(width, lane.end))
        self.paint_stage_headers(painter, rect, 0.0)
        self.paint_lane_labels(painter, rect, 0.0)

    def paint_stage_headers(self, painter: QPainter, rect: QRectF, top: float,
                            min_x: float = 0.0) -> None:
        """The stage header band with its top edge at ``top`` (0, or the view's top edge
        when the map is scrolled down: the headers stay in sight). Names start no further
        left than ``min_x``, so a stage scrolled half out of sight still shows its name."""
        g = self.grid
        band = QRectF(LANE_HEADER, top, g.width - LANE_HEADER, STAGE_HEADER)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(band, qcolor(theme.HEADER))
        hair = self._hairline()
        painter.setPen(hair)
        painter.drawLine(QPointF(LANE_HEADER, top + STAGE_HEADER),
                         QPointF(g.width, top + STAGE_HEADER))
        for stage in g.stages:
            painter.drawLine(QPointF(stage.end, top), QPointF(stage.end, top + STAGE_HEADER))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        journey = self.document.journey
        for number, stage in enumerate(g.stages, 1):
            box = QRectF(stage.start, top, stage.end - stage.start, STAGE_HEADER)
            if not box.intersects(rect):
                continue
            if self.current_header == ("stage", stage.id):
                painter.fillRect(box.adjusted(1, 1, 0, -1), qcolor("#e6efff"))
            x = min(max(box.left(), min_x), box.right() - 120)
            badge = QRectF(x + 14, top + 18, 22, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(qcolor(theme.ACCENT))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(qcolor("#ffffff"))
            painter.setFont(theme.font(8, bold=True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(number))
            painter.setPen(qcolor(theme.INK))
            painter.setFont(theme.font(10.5, bold=True))
            name_box = QRectF(x + 44, top + 10, box.right() - x - 56, 22)
            painter.drawText(name_box, Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(
                                 stage.name, Qt.TextElideMode.ElideRight, int(name_box.width())))
            count = len(journey.touchpoint_ids(stage.id))
            painter.setPen(qcolor(theme.MUTED))
            painter.setFont(theme.font(7.5))
            painter.drawText(QRectF(x + 44, top + 30, box.right() - x - 56, 16),
                             Qt.AlignmentFlag.AlignVCenter,
                             f"{count} touchpoint{'s' if count != 1 else ''}")

    def paint_lane_labels(self, painter: QPainter, rect: QRectF, left: float,
                          top: float = 0.0) -> None:
        """The lane names column with its left edge at ``left`` (kept in sight the same
        way), and the corner cell at ``top``."""
        g = self.grid
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(left, 0, LANE_HEADER, g.height), qcolor(theme.HEADER))
        hair = self._hairline()
        painter.setPen(hair)
        painter.drawLine(QPointF(left + LANE_HEADER, 0), QPointF(left + LANE_HEADER, g.height))
        for lane in g.lanes:
            painter.drawLine(QPointF(left, lane.end), QPointF(left + LANE_HEADER, lane.end))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for lane in g.lanes:
            box = QRectF(left, lane.start, LANE_HEADER, lane.end - lane.start)
            if not box.intersects(rect):
                continue
            if self.current_header == ("lane", lane.id):
                painter.fillRect(box.adjusted(1, 1, -1, 0), qcolor("#e6efff"))
            painter.fillRect(QRectF(left, lane.start + 1, 4, lane.end - lane.start - 1),
                             qcolor(theme.LANE_COLOURS[g.lanes.index(lane) %
                                                       len(theme.LANE_COLOURS)]))
            painter.setPen(qcolor(theme.INK))
            painter.setFont(theme.font(9, bold=True))
            painter.drawText(box.adjusted(16, 0, -10, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, lane.name)
        corner = QRectF(left, top, LANE_HEADER, STAGE_HEADER)
        painter.fillRect(corner, qcolor(theme.HEADER))
        painter.setPen(hair)
        painter.drawLine(QPointF(left, top + STAGE_HEADER),
                         QPointF(left + LANE_HEADER, top + STAGE_HEADER))
        painter.drawLine(QPointF(left + LANE_HEADER, top),
                         QPointF(left + LANE_HEADER, top + STAGE_HEADER))
        painter.setPen(qcolor(theme.MUTED))
        painter.setFont(theme.font(7.5, bold=True))
        painter.drawText(corner.adjusted(16, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                         "LANES \\ STAGES")

