"""Fonts and text measurement for the figures, without laying text out through matplotlib.

The figures use matplotlib's own DejaVu Sans (bundled with it, so a figure looks the same on
every machine). Widths come from the font's advance widths, cached per character, so labels
can be wrapped and shortened before anything is drawn, and the same numbers give the text
boxes that the layout data reports. Raster output draws text from cached glyph bitmaps
(:func:`glyph`): matplotlib 3.11 lays out and rasterises every string glyph by glyph
(about 1.5 ms a label), which would make a 500-row heatmap take seconds.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
          "italic": "DejaVuSans-Oblique.ttf"}
#: Line height as a multiple of the font size (matplotlib's default linespacing).
LINE_SPACING = 1.2
_MEASURE_SIZE = 100.0   # points: advances measured at this size, scaled linearly
#: Vector backends lay text out a little wider than the advance widths (kerning, rounding):
#: measured widths carry this margin so that fitted text stays inside its box everywhere.
WIDTH_MARGIN = 1.03


@lru_cache(maxsize=None)
def font_path(style: str = "regular") -> str:
    import matplotlib

    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", _FILES[style])


@lru_cache(maxsize=None)
def _font(style: str):
    from matplotlib.ft2font import FT2Font

    return FT2Font(font_path(style))


@lru_cache(maxsize=None)
def _flags() -> int:
    from matplotlib import ft2font

    return ft2font.LoadFlags.NO_HINTING  # matplotlib's default text.hinting for Agg


@dataclass(frozen=True)
class Metrics:
    """Vertical metrics of a style, per point of font size."""

    ascent: float
    descent: float


@lru_cache(maxsize=None)
def metrics(style: str = "regular") -> Metrics:
    font = _font(style)
    return Metrics(font.ascender / font.units_per_EM, -font.descender / font.units_per_EM)


@lru_cache(maxsize=4096)
def _advance(style: str, char: str) -> float:
    """Advance width of ``char`` per point of size."""
    font = _font(style)
    font.set_size(_MEASURE_SIZE, 72)
    with warnings.catch_warnings():  # a character the font lacks is drawn as its empty box
        warnings.simplefilter("ignore")
        try:
            glyph = font.load_char(ord(char), flags=_flags())
        except RuntimeError:
            glyph = font.load_glyph(0, flags=_flags())  # .notdef, the box
    return glyph.linearHoriAdvance / 65536 / _MEASURE_SIZE


def text_width(text: str, size: float, style: str = "regular") -> float:
    """Width of one line of ``text`` in points."""
    return _em_width(text, style) * size * WIDTH_MARGIN


_ADVANCES: dict[str, dict[str, float]] = {}


@lru_cache(maxsize=65536)
def _em_width(text: str, style: str) -> float:
    known = _ADVANCES.setdefault(style, {})
    total = 0.0
    for c in text:
        advance = known.get(c)
        if advance is None:
            advance = known[c] = _advance(style, c)
        total += advance
    return total


def line_height(size: float) -> float:
    return size * LINE_SPACING


@dataclass(frozen=True)
class Glyph:
    """A glyph's bitmap (alpha 0..255), its offset from the pen position (pixels, y down from
    the baseline to the bitmap's top) and the advance to the next glyph (pixels)."""

    bitmap: np.ndarray
    left: int
    top: int
    advance: float
    ink: bool          # False for spaces: nothing to draw


@lru_cache(maxsize=8192)
def glyph(style: str, size: float, dpi: float, char: str) -> Glyph:
    font = _font(style)
    font.set_size(size, dpi)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font.set_text(char, 0.0, flags=_raster_flags())
    font.draw_glyphs_to_bitmap(antialiased=True)
    image = np.asarray(font.get_image())
    # FT2Font draws the ink box with one pixel of margin: column 0 is the box's left side
    # (the bitmap offset), row 0 lies (height - 1 - descent) pixels above the baseline.
    left = font.get_bitmap_offset()[0] / 64
    descent = font.get_descent() / 64
    advance = _advance(style, char) * size * dpi / 72
    return Glyph(image.copy(), int(round(left)), int(round(descent)) + 1 - image.shape[0],
                 advance, bool(image.any()))


@lru_cache(maxsize=None)
def _raster_flags() -> int:
    from matplotlib.backends.backend_agg import get_hinting_flag

    return get_hinting_flag()  # the bitmaps matplotlib's Agg text would draw
