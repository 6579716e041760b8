"""Text whose glyphs depend on their neighbours in PNGs: combining marks sit on their letter
and right-to-left scripts (Arabic, Hebrew) read right to left with their letters joined, as
matplotlib's own Agg text (and so the SVG) draws them; every other line keeps the glyph cache."""

from __future__ import annotations

import io
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from journeymap.render import fonts
from journeymap.render.canvas import Sketch
from journeymap.render.textfit import shorten, wrap

DPI = 150
ARABIC = "مرحبا بالعالم"


def _ink(text: str, size: float = 12, width: float = 200) -> tuple[np.ndarray, object]:
    """The PNG of ``text`` alone (black on the page) as darkness 0..255, and its text box."""
    sketch = Sketch("test", width, 40)
    box = sketch.text(10, 30, text, role="title", size=size, colour="#000000")
    grey = np.asarray(Image.open(io.BytesIO(sketch.to_bytes("png", DPI))).convert("L"), int)
    return grey.max() - grey, box


def _bbox(ink: np.ndarray, level: int = 40) -> tuple[int, int, int, int]:
    rows = np.flatnonzero((ink > level).any(axis=1))
    cols = np.flatnonzero((ink > level).any(axis=0))
    return rows[0], rows[-1], cols[0], cols[-1]


@pytest.mark.parametrize(("text", "shaped"), [
    ("Café", False), ("Plain text 123", False), ("支払い 한국어", False), ("", False),
    ("Cafe\u0301", True), ("Man\u0303ana", True), ("Z\u0336a\u0336", True),
    (ARABIC, True), ("שלום", True), ("order \u202ebackwards", True), ("नमस्ते", True),
])
def test_lines_with_marks_or_right_to_left_text_are_shaped(text, shaped):
    assert fonts.needs_shaping(text) is shaped


@pytest.mark.parametrize(("decomposed", "precomposed"), [
    ("Cafe\u0301", "Café"), ("Man\u0303ana", "Mañana"), ("e\u0301te\u0301", "été"),
])
def test_a_combining_mark_draws_like_the_precomposed_letter(decomposed, precomposed):
    """e + U+0301 is é: the accent on the e, not a dotted circle after it."""
    a, box_a = _ink(decomposed)
    b, box_b = _ink(precomposed)
    ra, rb = _bbox(a), _bbox(b)
    # the cached glyphs advance by unhinted widths, the shaped line by hinted ones
    assert all(abs(x - y) <= 2 for x, y in zip(ra, rb)), (ra, rb)
    assert a.sum() == pytest.approx(b.sum(), rel=0.05)
    assert box_a.box.x1 - box_a.box.x0 == pytest.approx(box_b.box.x1 - box_b.box.x0, rel=0.03)


def test_a_line_ending_in_a_combining_mark_keeps_it():
    with_mark, _ = _ink("sun u\u0301")
    without, _ = _ink("sun u")
    top_with, _, _, right_with = _bbox(with_mark)
    top_without, _, _, right_without = _bbox(without)
    assert top_with < top_without - 2            # the accent above the e is drawn
    assert right_with <= right_without + 2       # on the e, not beside it
    assert wrap("sun u\u0301", 8, "regular", 300, 2) == ["sun u\u0301"]


def _matplotlib_ink(text: str, size: float) -> np.ndarray:
    """``text`` drawn by matplotlib's own Agg text (the path the SVG's layout follows)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(600, 100, DPI)
    gc = renderer.new_gc()
    gc.set_foreground("#000000")
    renderer.draw_text(gc, 20, 60, text, FontProperties(fname=fonts.font_path(), size=size), 0)
    alpha = np.asarray(renderer.buffer_rgba())[..., 3].astype(int)
    return alpha


@pytest.mark.parametrize("text", [ARABIC, "שלום עולם", "Cafe\u0301 Z\u0336a\u0336"])
def test_shaped_lines_have_matplotlibs_pixels(text):
    """Right to left, joined, marks placed: the PNG's ink is matplotlib's Agg text's."""
    ours, _ = _ink(text, size=12, width=300)
    theirs = _matplotlib_ink(text, 12)
    r0, r1, c0, c1 = _bbox(ours)
    s0, s1, d0, d1 = _bbox(theirs)
    assert (r1 - r0, c1 - c0) == (s1 - s0, d1 - d0)
    ours = ours[r0:r1 + 1, c0:c1 + 1]
    theirs = theirs[s0:s1 + 1, d0:d1 + 1]
    # matplotlib places each glyph at its subpixel position, the PNG the line at a whole
    # pixel: the edges differ by a little, the glyphs, their order and joins do not
    assert np.abs(ours - theirs).mean() < 4
    assert np.corrcoef(ours.ravel(), theirs.ravel())[0, 1] > 0.95


def test_arabic_reads_right_to_left():
    """The first letter of the text is the rightmost glyph (matplotlib's layout says where
    each glyph goes), and the PNG differs from the letters cached one by one left to right."""
    font = fonts._chain(fonts._line_faces(ARABIC, "regular"))
    font.set_size(12, DPI)
    items = font._layout(ARABIC, fonts._raster_flags())
    letters = [item for item in items if item.char.strip()]
    assert max(letters, key=lambda item: item.x).char == ARABIC[0]
    assert min(letters, key=lambda item: item.x).char == ARABIC[-1]
    shaped = fonts.shaped_line("regular", 12, DPI, ARABIC)
    first = fonts.glyph("regular", 12, DPI, ARABIC[0])
    # the first letter's ink lies in the right part of the line's bitmap
    columns = np.flatnonzero(shaped.bitmap.any(axis=0))
    assert columns[-1] - columns[0] > 5 * first.bitmap.shape[1]


def test_a_shaped_line_fits_the_box_it_was_measured_in():
    for text in (ARABIC, "Cafe\u0301 Man\u0303ana Z\u0336a\u0336", "נמסתה"):
        ink, record = _ink(text, size=12, width=300)
        _, _, c0, c1 = _bbox(ink, level=1)
        scale = DPI / 72
        assert c0 >= record.box.x0 * scale - 3 and c1 <= record.box.x1 * scale + 3


def test_other_lines_keep_the_glyph_cache(monkeypatch):
    """Latin and CJK lines never take the shaping path: their PNGs stay byte-identical."""
    def refuse(*args):
        raise AssertionError("shaped a plain line")

    monkeypatch.setattr(fonts, "shaped_line", refuse)
    monkeypatch.setattr(fonts, "_shaped_em", refuse)
    fonts._em_width.cache_clear()
    _ink("Café 支払い ½ — “quoted” naïve")


#: letters each with up to two combining marks, and spaces
_CLUSTERS = st.lists(st.one_of(st.just(" "), st.builds(
    str.__add__, st.sampled_from("aen"),
    st.text(alphabet="\u0301\u0303\u0336", max_size=2))), min_size=1, max_size=15).map("".join)


@settings(max_examples=100, deadline=None)
@given(_CLUSTERS, st.floats(8, 80), st.integers(1, 4))
def test_wrapping_never_parts_a_letter_from_its_mark(text, width, max_lines):
    lines = wrap(text, 8, "regular", width, max_lines)
    for line in lines:
        assert not line or not unicodedata.category(line[0]).startswith("M"), lines
        letters = sum(not unicodedata.category(c).startswith("M") for c in line)
        assert fonts.text_width(line, 8) <= width + 1e-6 or letters <= 2, lines
    if not lines[-1].endswith("…"):  # nothing lost
        assert "".join("".join(lines).split()) == "".join(text.split())


def test_shortening_keeps_a_letters_marks_or_drops_them_with_it():
    text = "Cafe\u0301 Man\u0303ana Z\u0336a\u0336 e\u0301te\u0301 नमस्ते दुनिया"
    for width in range(5, 200):
        kept = shorten(text, 8, "regular", width).rstrip("…")
        assert text.startswith(kept)
        assert len(kept) == len(text) or not unicodedata.category(text[len(kept)]).startswith("M")


def test_a_line_with_a_character_no_font_has_keeps_its_boxes():
    """Shaping draws nothing for a missing glyph; the per-character path draws DejaVu's empty
    box, so such a line (here a private-use character and a mark) is not shaped."""
    text = "\ue000\ue001 e\u0301"
    assert fonts.needs_shaping(text) and not fonts.shaped(text)
    with_boxes, _ = _ink(text)
    alone, _ = _ink("e\u0301")
    assert _bbox(with_boxes)[3] - _bbox(with_boxes)[2] > 2 * (_bbox(alone)[3] - _bbox(alone)[2])
