"""Font fallback in the figures: characters DejaVu lacks (Chinese, Japanese, Korean) come from
an installed font that has them, are measured in the font that draws them, and reach PNG, SVG
and PDF as real glyphs, not DejaVu's empty boxes."""

from __future__ import annotations

import io
import os
import shutil
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from test_render_map import assert_legible, journey_of

from journeymap.model import Journey, Stage, Touchpoint, Transition
from journeymap.render import fonts, render_heatmap, render_map
from journeymap.render.fonts import text_width
from journeymap.render.layoutdata import Box
from journeymap.render.textfit import ELLIPSIS, wrap

LABELS = {"pay": "支払い", "deliver": "配達", "return": "返品"}
CJK = "".join(LABELS.values()) + "注文한국어"
DPI = 150


@pytest.fixture(scope="module")
def fallback_face() -> fonts.Face:
    """The face the CJK labels fall back to. scripts/dev.sh installs one (fonts-wqy-microhei)
    where it can, as root with apt-get: there a missing font is a set-up failure, not a skip."""
    faces = {fonts.face_for("regular", c) for c in CJK}
    if fonts.primary("regular") in faces:
        message = "no installed font covers " + CJK + " (Debian: apt-get install fonts-wqy-microhei)"
        if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
            pytest.fail(message + "; scripts/dev.sh should have installed it")
        pytest.skip(message)
    return fonts.face_for("regular", "支")


def cjk_journey() -> Journey:
    journey = Journey("注文から返品まで")
    for stage, name in (("buy", "購入"), ("ship", "配送"), ("after", "返品")):
        journey.add_stage(Stage(stage, name))
    for (tid, label), stage in zip(LABELS.items(), ("buy", "ship", "after")):
        journey.add_touchpoint(Touchpoint(tid, label, stage, lane="customer", emotion=-1))
    journey.connect(Transition("pay", "deliver"))
    journey.connect(Transition("deliver", "return"))
    return journey


def png_pixels(figure) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(figure.to_bytes("png", DPI))).convert("L"))


def crop(pixels: np.ndarray, figure, box) -> np.ndarray:
    """The pixels of a text box (layout points, y up) in a PNG drawn at DPI."""
    s = DPI / 72
    top = pixels.shape[0] - box.y1 * s
    return pixels[int(top):int(pixels.shape[0] - box.y0 * s) + 1,
                  int(box.x0 * s):int(box.x1 * s) + 1]


def char_cells(label: str, cut: np.ndarray) -> list[np.ndarray]:
    """``cut`` (a one-line label's pixels) split at the measured advance of each character."""
    s = DPI / 72
    starts = [fonts.text_width(label[:i], 8) / fonts.WIDTH_MARGIN * s for i in range(len(label) + 1)]
    return [cut[:, int(a) + 1:int(b) - 1] for a, b in zip(starts, starts[1:])]


def difference(cell: np.ndarray, other: np.ndarray) -> float:
    """Mean absolute difference of two character cells (0..255), the least over shifting
    ``cell`` a pixel either way (glyphs sit on the pixel grid as their pen position falls)."""
    width = min(cell.shape[1], other.shape[1])
    return min(float(np.abs(np.roll(cell.astype(float), dx, axis=1)[:, :width]
                            - other[:, :width]).mean()) for dx in (-1, 0, 1))


def test_characters_dejavu_lacks_come_from_a_font_that_has_them(fallback_face):
    from matplotlib.ft2font import FT2Font

    font = FT2Font(fallback_face.path, face_index=fallback_face.index) if fallback_face.index \
        else FT2Font(fallback_face.path)
    for style in ("regular", "bold", "italic"):
        assert fonts.face_for(style, "A") == fonts.primary(style)  # DejaVu keeps what it has
        for c in CJK:
            face = fonts.face_for(style, c)
            assert face != fonts.primary(style)
            assert FT2Font(face.path).get_char_index(ord(c)) or face.index
    assert all(font.get_char_index(ord(c)) for c in CJK)
    # measured in the face that draws it: a CJK character is about one em wide, the box less
    assert 0.9 <= fonts.text_width("配", 10) / 10 / fonts.WIDTH_MARGIN <= 1.1
    with fonts.fallback(False):
        assert fonts.face_for("regular", "配") == fonts.primary("regular")
        assert fonts.glyph("regular", 8.0, 72, "配").ink  # DejaVu's box, in a PNG too
        assert fonts.text_width("配", 10) / 10 / fonts.WIDTH_MARGIN < 0.9
    assert fonts.face_for("regular", "配") == fallback_face


def test_mixed_text_is_cut_into_runs_at_their_measured_places(fallback_face):
    runs = fonts.runs("Pay 支払い now", "bold")
    assert [(face == fonts.primary("bold"), text) for face, text, _ in runs] == [
        (True, "Pay "), (False, "支払い"), (True, " now")]
    assert runs[1][0] == fonts.face_for("bold", "支")
    for face, text, start in runs:
        before = "Pay 支払い now"[:"Pay 支払い now".index(text)]
        assert start * 8 * fonts.WIDTH_MARGIN == pytest.approx(fonts.text_width(before, 8, "bold"))


def test_png_labels_are_drawn_with_real_glyphs_not_boxes(fallback_face):
    journey = cjk_journey()
    figure = render_map(journey)
    pixels = png_pixels(figure)
    with fonts.fallback(False):  # the same labels as they were drawn before: in boxes
        boxed = render_map(journey)
        boxed_pixels = png_pixels(boxed)
        boxed_cells = {t.key: char_cells(LABELS[t.key], crop(boxed_pixels, boxed, t.box))
                       for t in boxed.layout.texts_with("card-label")}
    labels = {t.key: t for t in figure.layout.texts_with("card-label")}
    assert {k: t.text for k, t in labels.items()} == LABELS
    box = None
    for key, label in LABELS.items():
        cut = crop(pixels, figure, labels[key].box)
        assert (cut < 128).sum() > 40 * len(label), key           # well inked
        cells = char_cells(label, cut)
        assert all((cell < 128).any() for cell in cells), key
        # different characters, different ink: not one box repeated
        assert len({cell.tobytes() for cell in cells}) == len(cells), key
        # without fallback the same label is a row of boxes; with it, no cell looks like one
        box_cells = boxed_cells[key]
        assert all((c < 128).any() for c in box_cells), key
        box = box_cells[0] if box is None else box
        assert all(difference(c, box) < 25 for c in box_cells), key
        assert all(difference(c, box) > 40 for c in cells), key
        # the ink fills the measured box and stays inside it: measured = drawn
        b = labels[key].box
        around = crop(pixels, figure, Box(b.x0 - 3, b.y0, b.x1 + 3, b.y1))
        ink = np.flatnonzero((around < 160).any(axis=0)) * 72 / DPI - 3  # points from x0
        assert 0 <= ink[0] and ink[-1] <= b.width
        assert ink[-1] >= b.width - 0.25 * 8, key   # the last glyph ends near the box's end


def test_glyph_bitmaps_come_from_the_fallback_face(fallback_face):
    box = fonts.glyph("regular", 8.0, DPI, "\U0010fffd")  # private use: DejaVu's box
    for c in LABELS["pay"]:
        g = fonts.glyph("regular", 8.0, DPI, c)
        assert g is fonts._face_glyph(fallback_face, 8.0, DPI, c)
        assert g.ink and not np.array_equal(g.bitmap, box.bitmap)
        assert g.advance == pytest.approx(fonts.text_width(c, 8) / fonts.WIDTH_MARGIN * DPI / 72)


def test_measured_widths_bound_what_matplotlib_draws_run_by_run(fallback_face):
    """Each run is drawn by matplotlib in its own face; the widths we fit text with bound what
    it lays out, as for DejaVu alone (tests/test_render_text.py)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    for text in ("支払い", "配達 and 返品", "Émotion 注文 −2", "한국어 확인"):
        figure = Figure(dpi=DPI)
        renderer = FigureCanvasAgg(figure).get_renderer()
        drawn = 0.0
        for face, run, _ in fonts.runs(text, "regular"):
            artist = figure.text(0, 0, run, fontproperties=FontProperties(
                fname=fonts.vector_font(face), size=10))
            drawn += artist.get_window_extent(renderer).width * 72 / DPI
        ours = fonts.text_width(text, 10)
        assert drawn <= ours <= drawn * 1.06, text


def test_svg_and_pdf_carry_the_fallback_glyphs(fallback_face, tmp_path):
    from matplotlib.ft2font import FT2Font

    figure = render_map(cjk_journey())
    figure.save(tmp_path / "map.svg")
    figure.save(tmp_path / "map.pdf")
    name = (FT2Font(fallback_face.path, face_index=fallback_face.index) if fallback_face.index
            else FT2Font(fallback_face.path)).postscript_name
    root = ET.parse(tmp_path / "map.svg").getroot()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert any(i.startswith(name + "-") for i in ids), sorted(ids)[:10]
    assert not any(i.endswith("-0") for i in ids if i.startswith(("DejaVu", name)))  # no boxes
    pdf = (tmp_path / "map.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/FontFile2") >= 2       # DejaVu and the fallback, TrueType, embedded
    assert b"/Type3" not in pdf
    assert b"+" + name.encode() in pdf          # subset of the fallback face


def test_cjk_maps_and_heatmaps_stay_free_of_overlaps(fallback_face, tmp_path):
    journey = journey_of(40, seed=7)
    words = ["支払い", "配達", "返品", "注文の確認", "クレジットカードの3Dセキュア認証",
             "退款到账需要十四天", "환불 확인", "Track 包裹"]
    for i, tp in enumerate(journey.touchpoint_ids()):
        journey.update_touchpoint(tp, label=f"{words[i % len(words)]} {i}" * (1 + i % 3))
    figure = render_map(journey)
    assert_legible(figure.layout)
    assert any(t.shortened for t in figure.layout.texts_with("card-label"))
    heatmap = render_heatmap(journey)
    assert not heatmap.layout.overlapping_texts()
    for fig in (figure, heatmap):
        for suffix in ("png", "svg", "pdf"):
            fig.save(tmp_path / f"out.{suffix}", dpi=72)


def test_a_character_no_font_has_is_a_box_without_warnings(monkeypatch):
    monkeypatch.setattr(fonts, "_candidates", lambda style: ())
    with fonts.fallback(True):  # start from empty caches, with no candidates
        assert fonts.face_for("regular", "配") == fonts.primary("regular")
        assert fonts.glyph("regular", 8.0, 72, "配").ink  # DejaVu's box, in a PNG too
        journey = cjk_journey()
        figure = render_map(journey)
        for fmt in ("png", "svg", "pdf"):   # warnings are errors in this suite
            assert figure.to_bytes(fmt, 72)
    assert fonts.text_width("x", 8) > 0


def test_vector_runs_start_where_they_were_measured(fallback_face):
    import re

    from journeymap.render.canvas import Sketch

    sketch = Sketch("test", 200, 50)
    text = "Pay 支払い now"
    sketch.text(10, 40, text, role="title", size=10, tooltip="the runs of one line")
    svg = sketch.to_bytes("svg").decode()
    group = svg[svg.index('<g id="jm-title-0"'):]
    starts = [float(x) for x in re.findall(r'<g style="fill: #222222" transform="translate\('
                                          r'([\d.]+) ', group)[:3]]
    expected = [10 + fonts.text_width(text[:i], 10) / fonts.WIDTH_MARGIN for i in (0, 4, 7)]
    assert starts == pytest.approx(expected, abs=0.01)


cjk_text = st.text(alphabet="支払配達返品注文確認退款到账ーっゃ、。「」（）アイ한국 abc3D", min_size=1,
                   max_size=60)


@settings(max_examples=150, deadline=None)
@given(cjk_text, st.floats(20, 200), st.integers(1, 5), st.sampled_from(["regular", "bold"]))
def test_cjk_text_wraps_between_characters_within_its_width(text, width, max_lines, style):
    lines = wrap(text, 8, style, width, max_lines)
    assert 1 <= len(lines) <= max_lines
    for line in lines:
        assert text_width(line, 8, style) <= width + 1e-6 or len(line) == 1
    joined = "".join("".join(lines).split())
    if lines[-1].endswith(ELLIPSIS):
        assert "".join(text.split()).startswith(joined[:-1])
    else:
        assert joined == "".join(text.split())


@pytest.mark.parametrize(("text", "width"), [
    ("退款到账需要十四天而且客服不回复", 50),
    ("ちょっと待ってください、カートを確認します。", 40),
    ("ちょっと待ってください、カートを確認します。", 57),
    ("注文の「確認」を待つ（返品）", 40),
    ("注文の「確認」を待つ（返品）", 30),
    ("支払い Pay now クレジットカード", 60),
])
def test_cjk_line_breaks_follow_the_basic_rules(fallback_face, text, width):
    from journeymap.render.textfit import _NO_END, _NO_START, _pieces

    lines = wrap(text, 8, "regular", width, max_lines=10)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) > 1
    for line, after in zip(lines, lines[1:]):
        assert line[-1] not in _NO_END and after[0] not in _NO_START, lines
        # full lines: the next piece (a character with the marks that stay with it, or a
        # word) did not fit
        space = " " if f"{line} {after}" in text else ""
        assert text_width(line + space + _pieces(after)[0][1], 8) > width, lines
    if "Pay" in text:
        assert "Pay" in " ".join(lines).split(" "), lines


def test_a_fallback_glyph_taller_than_dejavu_is_not_clipped_in_a_png(fallback_face, monkeypatch):
    """Scripts with marks stacked high (or fonts with a tall design) reach beyond DejaVu's
    ascent: the raster line makes room for them instead of cutting them off."""
    from journeymap.render.canvas import Sketch

    real = fonts.glyph
    tall = fonts.Glyph(np.full((40, 6), 255, np.uint8), 0, -35, 8.0, True)  # 35 px above
    monkeypatch.setattr(fonts, "glyph", lambda style, size, dpi, char:
                        tall if char == "支" else real(style, size, dpi, char))
    sketch = Sketch("test", 100, 100)
    sketch.text(20, 30, "A支", role="title", size=8)
    pixels = np.asarray(Image.open(io.BytesIO(sketch.to_bytes("png", 72))).convert("L"))
    inked_rows = np.flatnonzero((pixels < 128).any(axis=1))
    assert inked_rows[-1] - inked_rows[0] + 1 >= 40


def _through_set_text(face: fonts.Face, size: float, dpi: float, char: str):
    """A glyph as matplotlib's own Agg text makes it: laid out by ``set_text`` (HarfBuzz),
    drawn by ``draw_glyphs_to_bitmap``."""
    font = fonts._open(face)
    font.set_size(size, dpi)
    font.set_text(char, 0.0, flags=fonts._raster_flags())
    font.draw_glyphs_to_bitmap(antialiased=True)
    image = np.asarray(font.get_image()).copy()
    return (image, round(font.get_bitmap_offset()[0] / 64),
            round(font.get_descent() / 64) + 1 - image.shape[0])


@pytest.mark.parametrize("style", ["regular", "bold", "italic"])
@pytest.mark.parametrize("size, dpi", [(6.5, 150), (9, 48.23), (17, 72), (7.5, 300)])
def test_glyphs_loaded_alone_are_the_ones_set_text_lays_out(style, size, dpi):
    """Glyphs are loaded one by one without HarfBuzz (``fonts._loaded_glyph``): bitmap,
    offset and size the same as matplotlib's ``set_text`` gives, for letters, digits,
    punctuation, symbols and spaces of several scripts (format characters such as a soft
    hyphen, and marks, still go through ``set_text``)."""
    face = fonts.primary(style)
    font = fonts._open(face)
    chars = ("Ag,j|W@ 0123456789−·…⚠★→✓éßØ€ΩжЯאב" + "".join(map(chr, range(0x21, 0x7f))))
    for char in chars:
        if not font.get_char_index(ord(char)):
            continue
        font.set_size(size, dpi)
        image, left, top = fonts._loaded_glyph(font, char)
        theirs = _through_set_text(face, size, dpi, char)
        assert np.array_equal(image, theirs[0]) and (left, top) == theirs[1:], char
    fonts._face_glyph.cache_clear()
    for char in "\xad\u0301a":  # through set_text, whatever the route: the same glyph
        glyph = fonts._face_glyph(face, size, dpi, char)
        image, left, top = _through_set_text(face, size, dpi, char)
        assert np.array_equal(glyph.bitmap, image) and (glyph.left, glyph.top) == (left, top)


def test_fallback_glyphs_loaded_alone_are_the_ones_set_text_lays_out(fallback_face):
    font = fonts._open(fallback_face)
    for char in CJK:
        font.set_size(8, 150)
        image, left, top = fonts._loaded_glyph(font, char)
        theirs = _through_set_text(fallback_face, 8, 150, char)
        assert np.array_equal(image, theirs[0]) and (left, top) == theirs[1:], char
