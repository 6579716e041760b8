"""Exports are the canvas at 100% zoom, scaled: lines the screen draws with cosmetic pens (one
width in device pixels at any zoom) scale with the cards in an export, dash patterns included,
and the screen keeps its cosmetic pens; vector exports keep text its size to the cards."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from journeymap.app.canvas.scene import JourneyScene, in_scene_units
from journeymap.app.document import JourneyDocument
from journeymap.app.export import export
from journeymap.app.feedback.overlay import MISSING_COLOUR, HeatOverlay
from journeymap.app.theme import ARROW_WIDTH, HAIRLINE
from journeymap.model import TRANSITION_KINDS, Journey, Stage, Touchpoint, Transition
from journeymap.model.edge_labels import horizontal_runs
from journeymap.transition_style import transition_style

LANES = ("customer", "frontstage", "backstage", "support")


@pytest.fixture
def scene(qapp) -> JourneyScene:
    """Three stages; in each lane a card at the start and one at the end joined by an arrow
    (one kind per lane), which runs straight over the middle stage; and, under the bottom
    lane's cards, a step customers take that the map lacks, drawn by the heat overlay."""
    journey = Journey("Lines", "Arrows of every kind")
    for name in ("Start", "Middle", "End"):
        journey.add_stage(Stage(journey.new_id(name), name))
    for i, (lane, kind) in enumerate(zip(LANES, TRANSITION_KINDS)):
        journey.add_touchpoint(Touchpoint(f"from-{i}", f"From {i}", stage="start", lane=lane))
        journey.add_touchpoint(Touchpoint(f"to-{i}", f"To {i}", stage="end", lane=lane))
        journey.connect(Transition(f"from-{i}", f"to-{i}", kind))
    for key in ("aside", "beside"):
        journey.add_touchpoint(Touchpoint(key, key.title(), stage="middle", lane="support"))
    scene = JourneyScene(JourneyDocument(journey))
    scene.overlay = HeatOverlay(scene, add_transition=lambda key: None)  # kept alive
    scene.overlay.show({}, missing=[("aside", "beside", 120.0)])
    qapp.processEvents()
    return scene


# --------------------------------------------------------------------------- measuring
def coverage(image: QImage, x: int, y: int, ink: QColor, background: QColor) -> float:
    """How much of pixel (x, y) is ``ink`` over ``background``: 0 none, 1 all (antialiased
    edges count in part), read on the channel where the two differ most."""
    pairs = [(ink.red(), background.red()), (ink.green(), background.green()),
             (ink.blue(), background.blue())]
    channel = max(range(3), key=lambda c: abs(pairs[c][0] - pairs[c][1]))
    drawn = image.pixelColor(x, y).getRgb()[channel]
    ink_value, back = pairs[channel]
    return min(max((back - drawn) / (back - ink_value), 0.0), 1.0)


def thickness_across(image: QImage, xs: range, y: int, reach: int, ink: QColor) -> float:
    """The drawn thickness in pixels of a near-horizontal line of ``ink`` through row ``y``:
    its coverage summed down each column ``reach`` pixels either side, the most over ``xs``
    (so a dashed line is measured on a dash, not in a gap)."""
    best = 0.0
    for x in xs:
        background = image.pixelColor(x, y - reach - 1)
        best = max(best, sum(coverage(image, x, row, ink, background)
                             for row in range(y - reach, y + reach + 1)))
    return best


def to_pixels(scene: JourneyScene, scale: float, x: float, y: float) -> tuple[int, int]:
    origin = scene.sceneRect().topLeft()
    return round((x - origin.x()) * scale), round((y - origin.y()) * scale)


def arrow_thickness(scene: JourneyScene, image: QImage, scale: float, key) -> float:
    """The drawn thickness of an arrow across the middle of its longest straight run."""
    edge = scene.edges[key]
    _, run_y, run_left, run_right = horizontal_runs(edge.points)[0]   # the longest
    left, y = to_pixels(scene, scale, run_left + 15, run_y)
    right, _ = to_pixels(scene, scale, run_right - 15, run_y)
    ink = QColor(transition_style(edge.transition.kind).colour)
    return thickness_across(image, range(left, right), y, round(4 * scale), ink)


def dash_spacing(scene: JourneyScene, image: QImage, scale: float, key) -> float:
    """The mean distance in scene units from the start of one dash of an arrow to the start
    of the next, along the middle of its longest straight run."""
    edge = scene.edges[key]
    _, run_y, run_left, run_right = horizontal_runs(edge.points)[0]   # the longest
    left, y = to_pixels(scene, scale, run_left + 15, run_y)
    right, _ = to_pixels(scene, scale, run_right - 15, run_y)
    ink = QColor(transition_style(edge.transition.kind).colour)
    background = image.pixelColor(left, y - round(4 * scale))
    inked = [coverage(image, x, y, ink, background) > 0.5 for x in range(left, right)]
    starts = [i for i in range(1, len(inked)) if inked[i] and not inked[i - 1]]
    assert len(starts) >= 5, "the arrow should show several dashes"
    return (starts[-1] - starts[0]) / (len(starts) - 1) / scale


def missing_thickness(scene: JourneyScene, image: QImage, scale: float) -> float:
    """The drawn thickness of the overlay's dashed arc at its lowest point (level there)."""
    item = scene.overlay.missing_items()[0]
    path = item.path()
    apex = max((path.pointAtPercent(t / 200) for t in range(201)), key=lambda p: p.y())
    x, y = to_pixels(scene, scale, apex.x(), apex.y())
    reach = round(4 * scale)
    return thickness_across(image, range(x - reach * 2, x + reach * 2), y, reach,
                            QColor(MISSING_COLOUR))


def screen_image(scene: JourneyScene, zoom: float) -> QImage:
    """The scene drawn as a view at ``zoom`` draws it (no export: cosmetic pens stay)."""
    source = scene.sceneRect()
    image = QImage(QSize(round(source.width() * zoom), round(source.height() * zoom)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), source)
    painter.end()
    return image


def pens(scene: JourneyScene) -> list[QPen]:
    return [edge.pen() for edge in scene.edges.values()] + \
        [item.pen() for item in scene.overlay.missing_items()]


# --------------------------------------------------------------------------- tests
def test_a_2x_png_draws_every_arrow_twice_as_thick_as_a_1x_png(scene, tmp_path):
    one = QImage(str(export(scene, tmp_path / "one.png", scale=1.0)))
    two = QImage(str(export(scene, tmp_path / "two.png", scale=2.0)))
    assert len(scene.edges) == len(TRANSITION_KINDS)
    for key, edge in scene.edges.items():
        kind = edge.transition.kind
        thin = arrow_thickness(scene, one, 1.0, key)
        thick = arrow_thickness(scene, two, 2.0, key)
        assert thin == pytest.approx(ARROW_WIDTH, abs=0.5), kind    # as on screen at 100%
        assert thick == pytest.approx(2 * thin, abs=0.5), kind
    # the overlay's dashed arc scales by the same rule
    assert missing_thickness(scene, one, 1.0) == pytest.approx(2.0, abs=0.5)
    assert missing_thickness(scene, two, 2.0) == pytest.approx(4.0, abs=0.6)


def test_dash_patterns_scale_with_the_arrow(scene, tmp_path):
    """The pattern is in pen widths: at 2× its dashes and gaps are twice as many pixels, so
    in scene units the pattern is what the canvas shows at 100%."""
    one = QImage(str(export(scene, tmp_path / "one.png", scale=1.0)))
    two = QImage(str(export(scene, tmp_path / "two.png", scale=2.0)))
    for key, edge in scene.edges.items():
        dashes = transition_style(edge.transition.kind).dashes
        if dashes is None:
            continue
        # scene units at 100% zoom; a dash-dot pattern starts two dashes per cycle
        spacing = sum(dashes) * ARROW_WIDTH / (len(dashes) // 2)
        assert dash_spacing(scene, one, 1.0, key) == pytest.approx(spacing, rel=0.12)
        assert dash_spacing(scene, two, 2.0, key) == pytest.approx(spacing, rel=0.08)


def test_grid_lines_scale_like_the_card_borders_beside_them(scene, tmp_path):
    """One pixel at 100% (as the cards' 1-unit borders), so two in a 2× export; the screen
    keeps them one device pixel at any zoom."""
    stage = scene.grid.stages[0]
    lane = scene.grid.lanes[-1]
    y_scene = (lane.start + lane.end) / 2 + 60     # below the cards, beside no arrow
    ink = QColor(HAIRLINE)

    def width(image: QImage, scale: float) -> int:
        x, y = to_pixels(scene, scale, stage.end, y_scene)
        return sum(image.pixelColor(i, y) == ink for i in range(x - 6, x + 7))

    two = QImage(str(export(scene, tmp_path / "two.png", scale=2.0)))
    assert width(QImage(str(export(scene, tmp_path / "one.png", scale=1.0))), 1.0) == 1
    assert width(two, 2.0) == 2
    assert width(screen_image(scene, 2.0), 2.0) == 1


def test_the_screen_keeps_its_cosmetic_pens(scene, tmp_path):
    before = pens(scene)
    on_screen = screen_image(scene, 2.0)     # a view at 200% zoom
    export(scene, tmp_path / "map.png", scale=2.0)
    export(scene, tmp_path / "map.svg")
    export(scene, tmp_path / "map.pdf")
    after = pens(scene)
    assert after == before
    assert all(pen.isCosmetic() for pen in after)
    # at 200% on screen an arrow is still 1.6 device pixels, and nothing else changed
    assert arrow_thickness(scene, on_screen, 2.0, next(iter(scene.edges))) == \
        pytest.approx(ARROW_WIDTH, abs=0.5)
    assert screen_image(scene, 2.0) == on_screen


def test_exporting_draws_the_same_pens_in_scene_units_and_puts_them_back(scene):
    edge = next(iter(scene.edges.values()))
    scene.select_keys(["from-1"])
    screen_pen = edge.pen()
    with pytest.raises(RuntimeError):
        with scene.exporting():
            assert scene.is_exporting and not scene.selectedItems()
            pen = edge.pen()
            assert not pen.isCosmetic()
            assert (pen.widthF(), pen.color(), pen.style(), pen.dashPattern(),
                    pen.capStyle()) == (screen_pen.widthF(), screen_pen.color(),
                                        screen_pen.style(), screen_pen.dashPattern(),
                                        screen_pen.capStyle())
            raise RuntimeError("the painter failed")
    assert edge.pen() == screen_pen and not scene.is_exporting
    assert scene.selected_touchpoints() == ["from-1"]
    # a pen in scene units already, and no pen at all, are left as they are
    solid = QPen(QColor("#000000"), 2.0)
    assert in_scene_units(solid) is solid
    hairline = QPen(QColor("#000000"), 0.0)
    assert in_scene_units(hairline).widthF() == 1.0 and not in_scene_units(hairline).isCosmetic()


def test_svg_export_is_valid_and_its_arrows_scale_with_the_drawing(scene, tmp_path):
    text = export(scene, tmp_path / "map.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    # a cosmetic pen would be written as a stroke that keeps its width when the SVG is zoomed
    assert "non-scaling-stroke" not in text
    strokes = [(g.get("stroke"), g.get("stroke-width"), g.get("stroke-dasharray"))
               for g in root.iter() if g.get("stroke-width") == f"{ARROW_WIDTH:g}"]
    for kind in TRANSITION_KINDS:
        look = transition_style(kind)
        dashes = "none" if look.dashes is None else \
            ",".join(f"{d * ARROW_WIDTH:g}" for d in look.dashes)
        assert any(colour == look.colour and (dasharray or "none") == dashes
                   for colour, _, dasharray in strokes), kind


def label_width(text: str) -> float:
    """How wide a card label is on the canvas and in a PNG (QImage's resolution)."""
    from PySide6.QtGui import QFontMetricsF

    from journeymap.app.theme import font

    return QFontMetricsF(font(8.6, bold=True), QImage(1, 1, QImage.Format.Format_ARGB32)) \
        .horizontalAdvance(text)


def test_svg_and_pdf_text_is_as_large_as_on_the_canvas(scene, tmp_path):
    """Fonts are sized in points, which each device turns into its own pixels: a vector
    export at another resolution than the canvas's would scale the labels but not the cards
    (they came out 0.75× in SVG and 1.5× in PDF, elided and spilling over the cards)."""
    svg = ET.fromstring(export(scene, tmp_path / "map.svg").read_text(encoding="utf-8"))
    parents = {child: parent for parent in svg.iter() for child in parent}
    label = next(e for e in svg.iter() if (e.text or "").strip() == "From 0")
    # 8.6 pt on a 96-dpi canvas is 11.47 px: the SVG's user units are the scene's
    assert float(parents[label].get("font-size")) == pytest.approx(8.6 * 96 / 72, rel=0.01)

    QtPdf = pytest.importorskip("PySide6.QtPdf")
    path = export(scene, tmp_path / "map.pdf")
    document = QtPdf.QPdfDocument()
    assert document.load(str(path)) == QtPdf.QPdfDocument.Error.None_
    page = document.pagePointSize(0)
    source = scene.sceneRect()
    points_per_unit = min(page.width() / source.width(), page.height() / source.height())
    assert points_per_unit == pytest.approx(0.75, abs=0.01)
    text = document.getAllText(0).text()
    start = text.index("From 0")
    drawn = document.getSelectionAtIndex(0, start, len("From 0")).boundingRectangle()
    assert drawn.width() / points_per_unit == pytest.approx(label_width("From 0"), rel=0.12)
