"""Fonts and text measurement for the figures, without laying text out through matplotlib.

The figures use matplotlib's own DejaVu Sans (bundled with it, so a figure looks the same on
every machine). Widths come from the font's advance widths, cached per character, so labels
can be wrapped and shortened before anything is drawn, and the same numbers give the text
boxes that the layout data reports. Raster output draws text from cached glyph bitmaps
(:func:`glyph`): matplotlib 3.11 lays out and rasterises every string glyph by glyph
(about 1.5 ms a label), which would make a 500-row heatmap take seconds.

DejaVu has no Chinese, Japanese or Korean glyphs. A character it lacks is taken from the first
installed font that has it (:func:`face_for`, decided once per character and style):
CJK sans-serif families first (Noto Sans CJK, Source Han Sans, WenQuanYi, Droid Sans
Fallback, IPAGothic, ...), then any other font matplotlib or fontconfig knows. Measuring,
rasterising and vector output all ask :func:`face_for`, so a label is measured in the fonts it
is drawn in. A character no installed font has stays DejaVu's empty box.
"""

from __future__ import annotations

import math
import os
import re
import threading
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, reduce, wraps
from operator import add
from typing import Iterator, NamedTuple

import numpy as np

from . import mplcore

_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
          "italic": "DejaVuSans-Oblique.ttf"}
#: Line height as a multiple of the font size (matplotlib's default linespacing).
LINE_SPACING = 1.2
_MEASURE_SIZE = 100.0   # points: advances measured at this size, scaled linearly
#: Vector backends lay text out a little wider than the advance widths (kerning, rounding):
#: measured widths carry this margin so that fitted text stays inside its box everywhere.
WIDTH_MARGIN = 1.03

#: Fallback families tried first, in this order (matched at the start of the family name,
#: ignoring case): sans-serif faces that cover CJK and sit well next to DejaVu Sans, then the
#: usual ones of Windows and macOS.
PREFERRED_FALLBACKS = (
    "Noto Sans CJK", "Source Han Sans", "Noto Sans", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Droid Sans Fallback", "IPAexGothic", "IPAPGothic", "IPAGothic",
    "TakaoPGothic", "TakaoGothic", "VL PGothic", "VL Gothic", "NanumGothic", "UnDotum",
    "Microsoft YaHei", "Yu Gothic", "Meiryo", "Malgun Gothic", "MS Gothic", "SimHei",
    "PingFang", "Hiragino Sans", "Apple SD Gothic Neo", "Arial Unicode MS",
)
#: Families never used as a fallback: DejaVu itself; Last Resort (bundled with matplotlib) has
#: a glyph for every character, a picture of its Unicode block, which would hide that a font is
#: missing; TeX's and STIX's non-Unicode fonts for mathtext put their glyphs at code points
#: that mean something else.
_NEVER = re.compile(r"DejaVu|Last Resort|cm[a-z]+\d+$|STIXNonUnicode|STIXSize", re.I)
#: Control characters, surrogates and private-use code points mean nothing a font could agree
#: on: they stay DejaVu's (a box, or nothing).
_NO_FALLBACK = frozenset({"Cc", "Cs", "Co"})
_TARGET = {"regular": (400, "normal"), "bold": (700, "normal"), "italic": (400, "italic")}


class Face(NamedTuple):
    """One face of an installed font file (``index`` > 0 inside a TrueType collection)."""

    path: str
    index: int = 0


@lru_cache(maxsize=None)
def font_path(style: str = "regular") -> str:
    """The primary (DejaVu Sans) font file of ``style``."""
    return os.path.join(mplcore.data_path(), "fonts", "ttf", _FILES[style])


def primary(style: str = "regular") -> Face:
    return Face(font_path(style))


#: One FreeType font object per face is shared by every thread, and its calls come in
#: sequences (set the size, load, draw, read the bitmap) that another thread must not
#: interleave: figures are drawn in worker threads too (heatmaps, slides, drivers), and two
#: at once corrupted the heap. Everything that touches an opened font holds this lock.
_FREETYPE = threading.RLock()


def _locked(function):
    @wraps(function)
    def call(*args, **kwargs):
        with _FREETYPE:
            return function(*args, **kwargs)
    return call


@lru_cache(maxsize=None)
@_locked
def _open(face: Face):
    """The FreeType font of ``face``, opened once; None when it cannot be read or scaled."""
    FT2Font = mplcore.ft2font().FT2Font  # noqa: N806 - matplotlib's class

    try:
        font = FT2Font(face.path, face_index=face.index) if face.index else FT2Font(face.path)
        if not font.scalable:  # bitmap-only (colour emoji): no outlines for PDF or SVG
            return None
        return font
    except Exception:  # noqa: BLE001 - any unreadable font is simply not a candidate
        return None


def _font(style: str):
    return _open(primary(style))


@lru_cache(maxsize=None)
def _flags() -> int:
    return mplcore.ft2font().LoadFlags.NO_HINTING  # matplotlib's default text.hinting for Agg


@dataclass(frozen=True)
class Metrics:
    """Vertical metrics of a style, per point of font size."""

    ascent: float
    descent: float


@lru_cache(maxsize=None)
@_locked
def metrics(style: str = "regular") -> Metrics:
    """Ascent and descent of the primary font: lines keep their pitch whatever the script."""
    font = _font(style)
    return Metrics(font.ascender / font.units_per_EM, -font.descender / font.units_per_EM)


# ---------------------------------------------------------------------------- fallback
_fallback_on = True
_CHOSEN: dict[str, dict[str, Face]] = {}


def face_for(style: str, char: str) -> Face:
    """The face that draws ``char`` in ``style``: DejaVu when it has the glyph, else the
    first fallback that has it, else DejaVu (its empty box)."""
    chosen = _CHOSEN.setdefault(style, {})
    face = chosen.get(char)
    if face is None:
        face = chosen[char] = _choose(style, char)
    return face


@_locked
def _choose(style: str, char: str) -> Face:
    code = ord(char)
    main = primary(style)
    if (not _fallback_on or _open(main).get_char_index(code)
            or unicodedata.category(char) in _NO_FALLBACK):
        return main
    for face in _candidates(style):
        font = _open(face)
        if font is not None and font.get_char_index(code) and _loads(font, code):
            return face
    return main


@_locked
def _loads(font, code: int) -> bool:
    """Whether the glyph of ``code`` can be loaded and scaled (a broken font raises)."""
    try:
        font.set_size(_MEASURE_SIZE, 72)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            font.load_char(code, flags=_flags())
        return True
    except Exception:  # noqa: BLE001
        return False


@lru_cache(maxsize=None)
def _candidates(style: str) -> tuple[Face, ...]:
    """Installed faces to take missing characters from, best first: of each family the face
    closest to ``style``, preferred families first, then the rest (serif and monospaced
    families last) by name."""
    families: dict[str, list[tuple[Face, int, str]]] = {}
    for name, face, weight, slant in _installed():
        if _NEVER.match(name):
            continue
        families.setdefault(name, []).append((face, weight, slant))
    target_weight, target_slant = _TARGET[style]

    def best_face(faces: list[tuple[Face, int, str]]) -> Face:
        return min(faces, key=lambda f: (abs(f[1] - target_weight)
                                         + (0 if (f[2] == "normal") == (target_slant == "normal")
                                            else 1000), f[0]))[0]

    def rank(name: str) -> tuple[int, int, str]:
        lowered = name.lower()
        for i, preferred in enumerate(PREFERRED_FALLBACKS):
            if lowered.startswith(preferred.lower()):
                return (0, i, lowered)
        late = bool(re.search(r"serif|mono|mincho|ming|song|math|symbol", lowered))
        return (1 + late, 0, lowered)

    return tuple(best_face(families[name]) for name in sorted(families, key=rank))


@lru_cache(maxsize=None)
def _installed() -> tuple[tuple[str, Face, int, str], ...]:
    """(family, face, weight, slant) of every font matplotlib knows, plus any font file
    fontconfig lists that matplotlib's font cache predates (installed after it was built).
    Read once: each style's candidates are chosen from the same list."""
    from matplotlib import font_manager as fm

    def weight_of(value) -> int:
        return value if isinstance(value, int) else fm.weight_dict.get(str(value).lower(), 400)

    found, seen = [], set()
    for entry in fm.fontManager.ttflist:
        face = Face(entry.fname, getattr(entry, "index", 0))
        if face in seen or (face.index and not _face_paths_supported()):
            continue
        seen.add(face)
        found.append((entry.name, face, weight_of(entry.weight), entry.style))
    known = {face.path for face in seen}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            system = fm.findSystemFonts()
    except Exception:  # noqa: BLE001 - no fontconfig: matplotlib's list is all there is
        system = []
    for path in sorted(set(system) - known):
        font = _open(Face(path))
        if font is None:
            continue
        try:
            entry = fm.ttfFontProperty(font)
        except Exception:  # noqa: BLE001
            continue
        found.append((entry.name, Face(path), weight_of(entry.weight), entry.style))
    return tuple(found)


@lru_cache(maxsize=None)
def _face_paths_supported() -> bool:
    """Whether this matplotlib can draw a face other than the first of a collection."""
    from matplotlib import font_manager

    return hasattr(font_manager, "FontPath")


def vector_font(face: Face):
    """What a matplotlib ``FontProperties(fname=...)`` needs to draw ``face``."""
    if face.index:
        from matplotlib.font_manager import FontPath

        return FontPath(face.path, face.index)
    return face.path


def _clear() -> None:
    _CHOSEN.clear()
    _ADVANCES.clear()
    _em_width.cache_clear()
    glyph.cache_clear()
    runs.cache_clear()
    _shaped_em.cache_clear()
    shaped_line.cache_clear()
    shaped.cache_clear()


@contextmanager
def fallback(enabled: bool) -> Iterator[None]:
    """Within the block, take missing characters from fallback fonts or not (without, they
    are DejaVu's empty boxes, as a figure looked before fallback existed)."""
    global _fallback_on
    before = _fallback_on
    _fallback_on = enabled
    _clear()
    try:
        yield
    finally:
        _fallback_on = before
        _clear()


# ---------------------------------------------------------------------------- measuring
#: Advance widths per point of size, by style and character, each in the face that draws it:
#: the one cache of them (text_width's loop reads it directly).
_ADVANCES: dict[str, dict[str, float]] = {}


def _advance(style: str, char: str) -> float:
    """Advance width of ``char`` per point of size, in the face that draws it."""
    known = _ADVANCES.setdefault(style, {})
    advance = known.get(char)
    if advance is None:
        advance = known[char] = _face_advance(face_for(style, char), char)
    return advance


@lru_cache(maxsize=8192)
@_locked
def _face_advance(face: Face, char: str) -> float:
    font = _open(face)
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


@lru_cache(maxsize=65536)
def _em_width(text: str, style: str) -> float:
    if shaped(text, style):
        return _shaped_em(text, style)
    return em_sum(0.0, text, style)


def line_em(text: str, style: str = "regular") -> float:
    """Width of one line of ``text`` in ems, as drawn: shaped when it is :func:`shaped`,
    else the sum of its characters' advances."""
    return _em_width(text, style)


def em_sum(total: float, text: str, style: str) -> float:
    """``total`` plus the advances of ``text``'s characters (ems), added one by one from
    the left: ``em_sum(em_sum(0.0, a), b)`` is exactly ``em_sum(0.0, a + b)``, so a
    measure can grow a line word by word (:func:`.textfit.wrap`)."""
    known = _ADVANCES.setdefault(style, {})
    try:  # every character measured before: the same additions, in C
        return reduce(add, map(known.__getitem__, text), total)
    except KeyError:
        pass
    for c in text:
        advance = known.get(c)
        total += advance if advance is not None else _advance(style, c)
    return total


def line_height(size: float) -> float:
    return size * LINE_SPACING


@lru_cache(maxsize=4096)
def runs(text: str, style: str = "regular") -> tuple[tuple[Face, str, float], ...]:
    """``text`` cut into runs drawn by one face each: (face, run, start), the start in ems
    from the line's left (the sum of the advances before it, as measured)."""
    out: list[tuple[Face, str, float]] = []
    start = 0.0
    current, begun, run_start = None, 0, 0.0
    for i, c in enumerate(text):
        face = face_for(style, c)
        if face != current:
            if current is not None:
                out.append((current, text[begun:i], run_start))
            current, begun, run_start = face, i, start
        start += _advance(style, c)
    if current is not None:
        out.append((current, text[begun:], run_start))
    return tuple(out)


# ---------------------------------------------------------------------------- raster
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
    """The bitmap of ``char`` as drawn in ``style`` (from whichever face has it)."""
    return _face_glyph(face_for(style, char), size, dpi, char)


#: Unicode categories of characters whose glyph, laid out alone, is the one the character
#: map names, at the pen: letters, numbers, punctuation, symbols and spaces. Format
#: characters (a soft hyphen), marks and controls go through HarfBuzz, which may hide or
#: move them.
_PLAIN_CATEGORIES = ("L", "N", "P", "S", "Zs")


@lru_cache(maxsize=8192)
@_locked
def _face_glyph(face: Face, size: float, dpi: float, char: str) -> Glyph:
    font = _open(face)
    font.set_size(size, dpi)
    if not font.get_char_index(ord(char)):
        return _box(face, font, size, dpi, char)
    if unicodedata.category(char).startswith(_PLAIN_CATEGORIES):
        image, left, top = _loaded_glyph(font, char)
    else:
        image, left, top = _laid_out(font, char)
    advance = _face_advance(face, char) * size * dpi / 72
    return Glyph(image, int(left), int(top), advance, bool(image.any()))


def _laid_out(font, text: str) -> tuple[np.ndarray, int, int]:
    """(bitmap, left, top) of ``text`` as matplotlib's Agg text draws it: ``set_text``
    (HarfBuzz shaping through libraqm: joined letters, marks on their base, right-to-left
    runs in visual order) and ``draw_glyphs_to_bitmap``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font.set_text(text, 0.0, flags=_raster_flags())
    font.draw_glyphs_to_bitmap(antialiased=True)
    image = np.asarray(font.get_image()).copy()
    # FT2Font draws the ink box with one pixel of margin: column 0 is the box's left
    # side (the bitmap offset), row 0 lies (height - 1 - descent) pixels above the
    # baseline.
    left = round(font.get_bitmap_offset()[0] / 64)
    top = round(font.get_descent() / 64) + 1 - image.shape[0]
    return image, int(left), int(top)


# ---------------------------------------------------------------------------- shaped lines
#: Bidirectional classes of right-to-left characters and of the controls that start a
#: right-to-left run.
_RTL = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


@lru_cache(maxsize=65536)
def needs_shaping(text: str) -> bool:
    """Whether ``text`` has a combining mark or a right-to-left character: then its glyphs
    depend on their neighbours (marks stack on their base, Arabic letters join, right-to-left
    runs are reversed) and the line is laid out whole, as matplotlib does, not from glyphs
    cached per character."""
    if text.isascii():
        return False
    return any(unicodedata.category(c).startswith("M") or unicodedata.bidirectional(c) in _RTL
               for c in text)


@lru_cache(maxsize=65536)
def shaped(text: str, style: str = "regular") -> bool:
    """Whether the line ``text`` is laid out whole (:func:`shaped_line`, :func:`line_em`):
    it :func:`needs_shaping` and an installed font has each of its visible characters. A
    character no font has is drawn as DejaVu's empty box, which shaping would drop: such a
    line keeps the per-character glyphs."""
    if not needs_shaping(text):
        return False
    return all(unicodedata.category(c) == "Cf" or _has_glyph(face_for(style, c), c)
               for c in text)


@_locked
def _has_glyph(face: Face, char: str) -> bool:
    return bool(_open(face).get_char_index(ord(char)))


def _line_faces(text: str, style: str) -> tuple[Face, ...]:
    """The primary face of ``style``, then each other face the line's characters are drawn
    in (:func:`face_for`), in order of first use: the font and fallback chain to shape with."""
    faces = [primary(style)]
    for c in text:
        face = face_for(style, c)
        if face not in faces:
            faces.append(face)
    return tuple(faces)


@lru_cache(maxsize=64)
@_locked
def _chain(faces: tuple[Face, ...]):
    """An FT2Font of ``faces[0]`` that takes missing glyphs from the others, in order (as
    matplotlib's ``font_manager.get_font`` builds one for a list of families); its own
    objects, as laying out a line changes a font's state."""
    FT2Font = mplcore.ft2font().FT2Font  # noqa: N806 - matplotlib's class

    def load(face: Face):
        return FT2Font(face.path, face_index=face.index) if face.index else FT2Font(face.path)

    return FT2Font(faces[0].path, face_index=faces[0].index,
                   _fallback_list=[load(face) for face in faces[1:]])


@lru_cache(maxsize=16384)
@_locked
def _shaped_em(text: str, style: str) -> float:
    """Width of the shaped line ``text`` in ems: the right edge of its last glyph in visual
    order (pen position plus advance), as HarfBuzz lays it out."""
    font = _chain(_line_faces(text, style))
    font.set_size(_MEASURE_SIZE, 72)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = font._layout(text, _flags())
        right = 0.0
        for item in items:
            loaded = item.ft_object.load_glyph(item.glyph_index, flags=_flags())
            right = max(right, item.x + loaded.linearHoriAdvance / 65536)
    return right / _MEASURE_SIZE


@lru_cache(maxsize=4096)
@_locked
def shaped_line(style: str, size: float, dpi: float, text: str) -> Glyph:
    """The whole line ``text`` as one bitmap, laid out and drawn as matplotlib's Agg text
    draws it (for lines that are :func:`shaped`); its advance is the shaped width."""
    font = _chain(_line_faces(text, style))
    font.set_size(size, dpi)
    image, left, top = _laid_out(font, text)
    advance = _shaped_em(text, style) * size * dpi / 72
    return Glyph(image, left, top, advance, bool(image.any()))


def _loaded_glyph(font, char: str) -> tuple[np.ndarray, int, int]:
    """(bitmap, left, top) of ``char`` as ``set_text`` and ``draw_glyphs_to_bitmap`` make
    them, from the glyph alone: matplotlib 3.11's ``set_text`` shapes every string with
    HarfBuzz first, more than half the cost of a glyph, for a single character that is
    the glyph the character map names, at the pen. The image is the glyph's control box
    in whole pixels plus a pixel each side; FreeType's bitmap starts at the box's floor
    (left) and ceiling (top), which ``draw_glyphs_to_bitmap`` puts at column
    int(left - xmin) and row int(ymax - top + 1). A test compares both ways glyph by glyph."""
    glyph = font.load_char(ord(char), flags=_raster_flags())
    xmin, ymin, xmax, ymax = glyph.bbox  # 26.6 fixed point
    if xmin > xmax:
        xmin = ymin = xmax = ymax = 0
    image = np.zeros(((ymax - ymin) // 64 + 2, (xmax - xmin) // 64 + 2), np.uint8)
    bitmap_left, bitmap_top = xmin >> 6, -(-ymax >> 6)
    column = int(bitmap_left - xmin / 64)
    row = int(ymax / 64 - bitmap_top + 1)
    # draw_glyph_to_bitmap puts the bitmap's left column at x + its left offset
    font.draw_glyph_to_bitmap(image, column - bitmap_left, row, glyph, antialiased=True)
    return image, round(xmin / 64), round(-ymin / 64) + 1 - image.shape[0]


@_locked
def _box(face: Face, font, size: float, dpi: float, char: str) -> Glyph:
    """The font's empty box (glyph 0, .notdef) for a character no installed font has: drawn
    on its own, as laying out the character would draw nothing."""
    notdef = font.load_glyph(0, flags=_raster_flags())
    xmin, ymin, xmax, ymax = notdef.bbox  # 26.6 fixed point pixels, y up
    x0, top = math.floor(xmin / 64), math.ceil(ymax / 64)
    image = np.zeros((top - math.floor(ymin / 64) + 2, math.ceil(xmax / 64) - x0 + 2), np.uint8)
    font.draw_glyph_to_bitmap(image, 1 - x0, 1, notdef, antialiased=True)
    advance = _face_advance(face, char) * size * dpi / 72
    return Glyph(image, x0 - 1, -(top + 1), advance, bool(image.any()))


@lru_cache(maxsize=None)
def _raster_flags() -> int:
    """The load flags of the bitmaps matplotlib's Agg text draws with its default
    ``text.hinting`` (:data:`.mplcore.SETTINGS`)."""
    return hinting_flag(mplcore.SETTINGS["text.hinting"])


def hinting_flag(hinting) -> int:
    """matplotlib's ``backend_agg.get_hinting_flag()`` for a ``text.hinting`` value (that
    module's import costs 0.13 s, see ``.agg``)."""
    LoadFlags = mplcore.ft2font().LoadFlags  # noqa: N806 - matplotlib's enum

    return {"default": LoadFlags.DEFAULT, "no_autohint": LoadFlags.NO_AUTOHINT,
            "force_autohint": LoadFlags.FORCE_AUTOHINT, "no_hinting": LoadFlags.NO_HINTING,
            True: LoadFlags.FORCE_AUTOHINT, False: LoadFlags.NO_HINTING,
            "either": LoadFlags.DEFAULT, "native": LoadFlags.NO_AUTOHINT,
            "auto": LoadFlags.FORCE_AUTOHINT, "none": LoadFlags.NO_HINTING,
            }[hinting]
