"""The canvas draws every arrow with one item (issue 17: panning a map of long arrows).

What makes it fast is pinned here: the arrows' own items paint nothing and Qt never calls
into Python for them; the layer finds the pieces in sight in its index; dashed runs on screen
are filled with their pattern. What must not change is pinned too: the picture (exports are
drawn as before, the screen as the items drew it), hit-testing, selection, tooltips, and a
map panned in strips that looks as the map painted whole."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsItem

from journeymap.app.canvas.arrows import ArrowLayer, route_path, route_pieces
from journeymap.app.canvas.boxindex import BoxIndex
from journeymap.app.canvas.dashes import texels
from journeymap.app.canvas.items import EdgeItem
from journeymap.app.canvas.scene import JourneyScene
from journeymap.app.document import JourneyDocument
from journeymap.model import Journey, Stage, Touchpoint, Transition
from journeymap.transition_style import TRANSITION_STYLES

from test_app_helpers import OFFSCREEN_NOISE, make_window
from test_export_lines import screen_image as picture   # the scene as a view draws it

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
KINDS = list(TRANSITION_STYLES)


def branching_journey(n: int = 48, stages: int = 6, branches: int = 30, seed: int = 3
                      ) -> Journey:
    """A chain of ``n`` touchpoints with ``branches`` arrows between any two of them, of
    every kind: long arrows that cross much of the map, as in the benchmark."""
    rng = random.Random(seed)
    j = Journey("Branches")
    for i in range(stages):
        j.add_stage(Stage(f"s{i}", f"Stage {i + 1}"))
    lanes = [lane.id for lane in j.lanes]
    for i in range(n):
        j.add_touchpoint(Touchpoint(f"t{i}", f"Step {i}", stage=f"s{i * stages // n}",
                                    lane=lanes[i % len(lanes)]))
    for i in range(n - 1):
        j.connect(Transition(f"t{i}", f"t{i + 1}", KINDS[i % len(KINDS)]))
    while len(j.transitions()) < n - 1 + branches:
        a, b = rng.sample(range(n), 2)
        if not j.has_transition(f"t{a}", f"t{b}"):
            j.connect(Transition(f"t{a}", f"t{b}", rng.choice(KINDS)))
    return j


# --------------------------------------------------------------------------- the index
boxes = st.tuples(st.floats(-5000, 5000), st.floats(-5000, 5000),
                  st.floats(0, 4000), st.floats(0, 300)).map(
    lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))


@settings(max_examples=60, deadline=None)
@given(st.lists(boxes, max_size=60), st.lists(st.integers(0, 59), max_size=20),
       st.lists(boxes, min_size=1, max_size=8))
def test_the_index_finds_exactly_the_boxes_that_meet_a_rectangle(filed, removed, queries):
    index = BoxIndex()
    kept = {}
    for key, box in enumerate(filed):
        index.insert(key, box)
        kept[key] = box
    for key in removed:
        index.remove(key)
        kept.pop(key, None)
    index.insert(0, (1.0, 1.0, 2.0, 2.0)) if 0 in kept else None   # refiling replaces
    if 0 in kept:
        kept[0] = (1.0, 1.0, 2.0, 2.0)
    assert len(index) == len(kept)
    for x0, y0, x1, y1 in queries + [(-1e6, -1e6, 1e6, 1e6)]:
        found = index.query(x0, y0, x1, y1)
        assert len(found) == len(set(found))
        assert set(found) == {k for k, (a, b, c, d) in kept.items()
                              if a <= x1 and c >= x0 and b <= y1 and d >= y0}


def test_a_long_box_is_filed_under_a_few_cells_not_hundreds():
    index = BoxIndex()
    index.insert(7, (0.0, 100.0, 113_000.0, 100.0))
    cells = index._entries[7][6]
    assert isinstance(cells, int) or len(cells) <= 4
    assert index.query(56_000, 0, 57_000, 700) == [7]
    assert index.query(56_000, 101, 57_000, 700) == []
    with pytest.raises(ValueError):
        index.insert(8, (5.0, 0.0, 1.0, 1.0))


# --------------------------------------------------------------------------- the dashes
@pytest.mark.parametrize("kind", [k for k in KINDS if TRANSITION_STYLES[k].dashes])
@pytest.mark.parametrize("width", [1.0, 1.6, 2.6])
def test_a_dash_texture_inks_the_patterns_share_over_whole_periods(kind, width):
    pattern = tuple(d * width for d in TRANSITION_STYLES[kind].dashes)
    ink = texels(pattern)
    period = sum(pattern)
    periods = len(ink) / period
    assert abs(periods - round(periods)) < 0.05, "the texture repeats the pattern whole"
    on = sum(pattern[::2]) / period
    assert sum(ink) / len(ink) == pytest.approx(on, abs=1.5 / len(ink) * round(periods) + 0.01)
    assert ink[0], "the pattern starts with a dash"


@pytest.mark.parametrize("points", [
    [(0.0, 0.0), (100.0, 0.0), (100.0, 50.0), (300.0, 50.0)],
    [(0.0, 0.0), (0.0, 10.0), (5.0, 10.0), (5.0, 200.0), (-400.0, 200.0)],   # a short leg
    [(0.0, 0.0), (60.0, 0.0)]])
def test_route_pieces_run_along_the_path_with_their_distances(points):
    path = route_path(points)
    pieces, first = route_pieces(points)
    assert len(first) == len(points) and first[0] == 0 and first[-1] == len(pieces)
    kinds = [p[0] for p in pieces]
    assert kinds.count(1) == len(points) - 2      # a corner at every turn
    assert kinds[0] == kinds[-1] == 0             # runs between (none on a leg too short)
    alongs = [p[5] for p in pieces]
    assert alongs == sorted(alongs) and alongs[0] == 0.0
    # the pieces end where the path does, their length is the path's (arcs, not legs)
    x, y = pieces[-1][3:5]
    assert (x, y) == points[-1]
    end = alongs[-1] + ((x - pieces[-1][1]) ** 2 + (y - pieces[-1][2]) ** 2) ** 0.5
    assert end == pytest.approx(path.length(), abs=0.5)
    # each corner sits at its leg's end, where the path turns
    for leg in range(len(points) - 2):
        corner = pieces[first[leg + 1] - 1]
        assert corner[0] == 1 and corner[6][2:4] == points[leg + 1]


coordinate = st.integers(-300, 300).map(float)


@settings(max_examples=200, deadline=None)
@given(coordinate, coordinate, coordinate, st.booleans(), coordinate, coordinate,
       st.integers(0, 200), st.integers(0, 200), st.floats(0, 1000))
def test_a_run_is_cut_to_a_rectangle_with_its_distance_along(a, b, c, level, x0, y0, w, h,
                                                              along):
    """The direct cut of level and upright runs agrees with sampling the run."""
    from journeymap.app.canvas.arrows import LINE, _clip

    ax, ay, bx, by = (a, c, b, c) if level else (c, a, c, b)
    x1, y1 = x0 + w, y0 + h
    part = _clip((LINE, ax, ay, bx, by, along, None), x0, y0, x1, y1)
    length = abs(bx - ax) + abs(by - ay)

    def sign(v: float) -> int:
        return (v > 0) - (v < 0)

    inside = [t for t in range(int(length) + 1)   # whole units along the run
              if x0 <= ax + sign(bx - ax) * t <= x1 and y0 <= ay + sign(by - ay) * t <= y1]
    if not inside:
        assert part is None
        return
    sx, sy, ex, ey, start = part
    assert start == pytest.approx(along + inside[0], abs=1e-6)
    assert abs(ex - sx) + abs(ey - sy) == pytest.approx(inside[-1] - inside[0], abs=1e-6)
    # the cut keeps the run's direction
    assert (ex - sx) * (bx - ax) >= 0 and (ey - sy) * (by - ay) >= 0


# --------------------------------------------------------------------------- the canvas
@pytest.fixture
def scene(qapp) -> JourneyScene:
    scene = JourneyScene(JourneyDocument(branching_journey()))
    qapp.processEvents()
    return scene


def test_arrows_paint_nothing_themselves_and_the_layer_is_never_hit(scene):
    assert len(scene.arrows) == len(scene.edges) > 70
    for edge in scene.edges.values():
        assert edge.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        assert edge.points and edge in scene.arrows
    rect = scene.sceneRect()
    for _ in range(200):
        at = QPointF(random.uniform(rect.left(), rect.right()),
                     random.uniform(rect.top(), rect.bottom()))
        assert scene.arrows not in scene.items(at)
    assert scene.arrows not in scene.items(rect, Qt.ItemSelectionMode.IntersectsItemShape)


def test_the_layer_draws_what_the_arrows_drew_themselves(scene, tmp_path):
    """The same picture on screen (cosmetic pens, zoomed) and in an export, with the layer
    and with every arrow painting itself."""
    from journeymap.app.export import export

    layered = [picture(scene, 1.0), picture(scene, 0.5), picture(scene, 2.0)]
    exported = QImage(str(export(scene, tmp_path / "layer.png", scale=1.5)))
    for edge in scene.edges.values():
        scene.arrows.remove(edge)
        assert not edge.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    alone = [picture(scene, 1.0), picture(scene, 0.5), picture(scene, 2.0)]
    assert QImage(str(export(scene, tmp_path / "alone.png", scale=1.5))) == exported
    for a, b in zip(layered, alone):
        assert a == b


def test_the_python_paint_of_arrows_is_never_called_by_a_view(qtbot, tmp_path, monkeypatch):
    calls = []
    real = EdgeItem.paint
    monkeypatch.setattr(EdgeItem, "paint", lambda self, *a: (calls.append(self), real(self, *a)))
    layer_paints = []
    real_layer = ArrowLayer.paint
    monkeypatch.setattr(ArrowLayer, "paint",
                        lambda self, *a: (layer_paints.append(1), real_layer(self, *a)))
    window = make_window(qtbot, tmp_path, branching_journey())
    window.view.viewport().repaint()
    assert layer_paints and not calls


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")
def test_clicks_tooltips_and_rubber_bands_find_the_arrows(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, branching_journey())
    scene, view = window.scene, window.view
    view.reset_zoom()
    key, edge = max(scene.edges.items(), key=lambda kv: kv[1].path().length())
    x0, y, x1 = next((a[0], a[1], b[0]) for a, b in zip(edge.points, edge.points[1:])
                     if a[1] == b[1] and abs(b[0] - a[0]) > 100)
    at = QPointF((x0 + x1) / 2, y)
    view.centerOn(at)
    found = [i for i in view.items(view.mapFromScene(at)) if isinstance(i, EdgeItem)]
    assert edge in found
    # hovering shows the arrow's tooltip (kind, pattern), found through the layer above it
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    point = view.mapFromScene(at)
    QApplication.sendEvent(view.viewport(), QHelpEvent(
        QHelpEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == found[0].toolTip() and "transition (" in QToolTip.text()
    QToolTip.hideText()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(at))
    assert scene.selected_transitions() == [i.key for i in found[:1]]


def test_selecting_an_arrow_repaints_it_in_the_accent(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, branching_journey())
    scene, view = window.scene, window.view
    view.reset_zoom()
    edge, (ax, ay), (bx, by) = next(
        (e, a, b) for e in scene.edges.values() if e.transition.kind == "expected"
        for a, b in zip(e.points, e.points[1:]) if a[1] == b[1] and abs(b[0] - a[0]) > 60)
    view.centerOn(QPointF((ax + bx) / 2, ay))
    qtbot.wait(20)
    point = view.mapFromScene(QPointF((ax + bx) / 2, ay))

    def colour() -> QColor:
        return view.viewport().grab().toImage().pixelColor(point)

    before = colour()
    scene.select_keys(transitions=[edge.key])
    qtbot.waitUntil(lambda: colour() != before, timeout=2000)
    assert colour().name() == "#2f6fde"
    scene.clearSelection()
    qtbot.waitUntil(lambda: colour() == before, timeout=2000)


def test_a_dragged_card_takes_its_arrows_along(qtbot, tmp_path):
    """While a card is dragged its arrows are re-routed: the layer files their new pieces
    and repaints where they were and where they are (the view, updated in parts, shows
    what a whole repaint shows)."""
    window = make_window(qtbot, tmp_path, branching_journey())
    scene, view = window.scene, window.view
    view.reset_zoom()
    card = scene.cards["t0"]
    view.centerOn(card)
    qtbot.wait(20)
    edge = scene.edges[("t0", "t1")]
    before = QRectF(edge._bounds)
    for step in range(6):
        card.setPos(card.pos() + QPointF(7, 23))
        scene.reroute_from(["t0"])
        qtbot.wait(5)
    assert edge._bounds != before
    index = scene.arrows._index
    filed = sorted(index.value(eid)[2:] for eid in scene.arrows._ids[edge])
    legs = [leg for lo, hi in filed for leg in range(lo, hi)]
    assert legs == list(range(len(edge.points) - 1))   # every leg filed, once
    assert edge.pieces() == route_pieces(edge.points)
    assert edge in scene.arrows.edges_at(edge._bounds)
    assert edge not in scene.arrows.edges_at(QRectF(-500, -500, 10, 10))
    updated = view.viewport().grab().toImage()
    view.viewport().repaint()
    assert view.viewport().grab().toImage() == updated


def test_hidden_arrows_are_not_drawn(scene):
    with_arrows = picture(scene, 1.0)
    for edge in scene.edges.values():
        edge.setVisible(False)
    bare = picture(scene, 1.0)
    assert bare != with_arrows
    for edge in scene.edges.values():
        edge.setVisible(True)
    assert picture(scene, 1.0) == with_arrows


def on_screen(widget) -> QImage:
    """What the screen shows of ``widget`` (QWidget.grab paints it afresh, whole)."""
    from PySide6.QtGui import QGuiApplication

    corner = widget.mapTo(widget.window(), widget.rect().topLeft())
    return QGuiApplication.primaryScreen().grabWindow(
        widget.window().winId(), corner.x(), corner.y(), widget.width(),
        widget.height()).toImage()


def test_a_map_panned_in_strips_looks_as_the_map_painted_whole(qtbot, tmp_path):
    """Scrolling repaints only the strip that comes into view: the dashes there must
    continue the ones already on screen (same phase), never crawl or break at the seam."""
    window = make_window(qtbot, tmp_path, branching_journey(n=80, branches=60))
    view = window.view
    view.reset_zoom()
    view.centerOn(window.scene.sceneRect().center())
    bar = view.horizontalScrollBar()
    qtbot.wait(20)
    for step in range(8):
        bar.setValue(bar.value() + 37)
        qtbot.wait(5)
    viewport = view.viewport()
    scrolled = on_screen(viewport)
    viewport.repaint()
    whole = on_screen(viewport)
    assert scrolled == whole
    # parts repainted alone (an item's update, a strip uncovered) continue the rest
    width, height = viewport.width(), viewport.height()
    for x in range(60, width - 60, 97):
        viewport.repaint(x, 0, 31, height)
    for y in range(30, height - 30, 53):
        viewport.repaint(0, y, width, 17)
    assert on_screen(viewport) == whole


def test_cards_are_copied_on_screen_and_drawn_afresh_in_exports(scene):
    """Panning copies cards from pixmaps made at the view's zoom; an export draws them
    itself, at its own scale and as vectors, and the screen keeps its pixmaps after."""
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert all(card.cacheMode() == cached for card in scene.cards.values())
    with scene.exporting():
        assert all(card.cacheMode() == QGraphicsItem.CacheMode.NoCache
                   for card in scene.cards.values())
    assert all(card.cacheMode() == cached for card in scene.cards.values())


def test_a_view_of_cards_at_400_percent_fits_the_pixmap_cache(qtbot, tmp_path):
    from PySide6.QtGui import QPixmapCache

    window = make_window(qtbot, tmp_path, branching_journey())
    view = window.view
    view.set_zoom(4.0)
    ratio = view.devicePixelRatioF()
    pixels = view.viewport().width() * view.viewport().height() * ratio * ratio
    assert QPixmapCache.cacheLimit() * 1024 >= 2 * 4 * pixels
