"""Arrows of each kind look the same on the canvas and in the figures, from one definition
(:mod:`journeymap.transition_style`), and every kind has a line pattern of its own, so no
reader has to tell kinds apart by colour alone."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

import journeymap.transition_style as transition_style_module
from journeymap.model import TRANSITION_KINDS, Transition
from journeymap.render import render_map
from journeymap.transition_style import TRANSITION_STYLES, kind_order, transition_style

from test_app_helpers import OFFSCREEN_NOISE, make_journey, make_window
from test_layers import imported_modules

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def ink_share(dashes: tuple[float, ...] | None) -> float:
    """The share of a line's length a dash pattern inks (1 for a solid line)."""
    return 1.0 if dashes is None else sum(dashes[0::2]) / sum(dashes)


# --------------------------------------------------------------------------- the definition
def test_every_kind_has_a_pattern_and_a_name_of_its_own():
    assert list(TRANSITION_STYLES) == list(TRANSITION_KINDS)
    patterns = [s.dashes for s in TRANSITION_STYLES.values()]
    names = [s.pattern for s in TRANSITION_STYLES.values()]
    assert len(set(patterns)) == len(patterns)   # colour-blind safe: style carries the kind
    assert len(set(names)) == len(names)
    for look in TRANSITION_STYLES.values():
        assert (look.dashes is None) == (look.pattern == "solid")
        assert look.dashes is None or (len(look.dashes) % 2 == 0 and min(look.dashes) > 0)


def test_an_unknown_kind_is_drawn_and_listed_as_expected_and_last():
    assert transition_style("detour") == TRANSITION_STYLES["expected"]
    assert sorted(["detour", "recovery", "expected"], key=kind_order) == \
        ["expected", "recovery", "detour"]


def test_the_definition_imports_neither_qt_nor_matplotlib():
    path = Path(transition_style_module.__file__)
    heavy = {name for name in imported_modules(path)
             if name.split(".")[0] in {"PySide6", "matplotlib", "pandas", "numpy"}}
    assert heavy == set()


# --------------------------------------------------------------------------- the canvas
def test_canvas_arrows_have_the_colour_and_pattern_of_their_kind(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, make_journey())
    seen = set()
    for edge in window.scene.edges.values():
        look = transition_style(edge.transition.kind)
        pen = edge.pen()
        assert pen.color().name() == look.colour
        assert pen.isCosmetic()
        assert pen.capStyle() == Qt.PenCapStyle.FlatCap   # dashes read as drawn
        if look.dashes is None:
            assert pen.style() == Qt.PenStyle.SolidLine
        else:
            assert pen.style() == Qt.PenStyle.CustomDashLine
            assert pen.dashPattern() == pytest.approx(list(look.dashes))
        assert f"({look.pattern})" in edge.toolTip()
        seen.add(edge.transition.kind)
    assert seen == set(TRANSITION_KINDS)
    # a changed kind restyles the arrow
    key = next(k for k, e in window.scene.edges.items() if e.transition.kind == "expected")
    window.editor.set_transition(key, kind="failure")
    pen = window.scene.edges[key].pen()
    assert pen.color().name() == TRANSITION_STYLES["failure"].colour
    assert pen.dashPattern() == pytest.approx(list(TRANSITION_STYLES["failure"].dashes))


def _ink_along(image, y: int, x0: int, x1: int, colour: str) -> float:
    """The share of columns x0..x1 with a pixel of ``colour`` within 2 px of row ``y``."""
    target = QColor(colour)

    def near(c: QColor) -> bool:
        return max(abs(c.red() - target.red()), abs(c.green() - target.green()),
                   abs(c.blue() - target.blue())) < 40

    inked = sum(any(near(image.pixelColor(x, y + dy)) for dy in range(-2, 3))
                for x in range(x0, x1))
    return inked / (x1 - x0)


def test_canvas_draws_each_pattern_as_defined_even_when_selected(qtbot):
    """On screen, not only in the pen: the inked share of a long straight arrow is the
    pattern's (round caps would fill the dotted gaps), and a selected arrow keeps it."""
    from journeymap.app.canvas.items import EdgeItem

    scene = QGraphicsScene()
    scene.setBackgroundBrush(QColor("#ffffff"))
    edges = {}
    for row, kind in enumerate(TRANSITION_KINDS):
        edge = EdgeItem(Transition("a", "b", kind))
        edge.set_route([(0.0, row * 30.0), (600.0, row * 30.0)])
        scene.addItem(edge)
        edges[kind] = edge
    view = QGraphicsView(scene)
    view.setSceneRect(-20, -20, 660, 140)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.resize(700, 200)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)

    def shares(selected: str | None = None) -> dict[str, float]:
        for kind, edge in edges.items():
            edge.setSelected(kind == selected)
        image = view.grab().toImage()
        out = {}
        for row, (kind, edge) in enumerate(edges.items()):
            start = view.mapFromScene(0.0, row * 30.0)
            end = view.mapFromScene(560.0, row * 30.0)   # clear of the arrowhead
            colour = "#2f6fde" if kind == selected else transition_style(kind).colour
            out[kind] = _ink_along(image, start.y(), start.x() + 2, end.x(), colour)
        return out

    drawn = shares()
    for kind in TRANSITION_KINDS:
        assert drawn[kind] == pytest.approx(ink_share(TRANSITION_STYLES[kind].dashes), abs=0.1)
    assert shares(selected="failure")["failure"] == pytest.approx(
        ink_share(TRANSITION_STYLES["failure"].dashes), abs=0.1)


# --------------------------------------------------------------------------- the figures
def test_figures_draw_arrows_and_their_legend_with_the_same_looks():
    journey = make_journey()
    figure = render_map(journey, curve=False)
    arrows = Counter((s.edge, s.dashes) for s in figure.shapes if s.zorder == 2)
    wanted = Counter((transition_style(t.kind).colour, transition_style(t.kind).dashes)
                     for t in journey.transitions())
    assert arrows == wanted
    legend = [(s.edge, s.dashes) for s in figure.shapes
              if s.zorder == 5 and s.face is None and len(s.vertices) == 2]
    assert legend == [(s.colour, s.dashes) for s in TRANSITION_STYLES.values()]
