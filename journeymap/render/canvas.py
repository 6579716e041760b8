"""A figure drawn in points: the page that every view (map, heatmap, curve) draws on.

:class:`Sketch` holds shapes (:class:`.shapes.Shape`: a path and its paint) and texts with
coordinates in points (1/72 inch, y upwards), so geometry computed in points is drawn where it
was computed and reported as it was drawn (:mod:`.layoutdata`). A PNG is drawn straight onto
an Agg canvas; SVG and PDF go through a matplotlib figure; both draw the same ``Scene``
artist (:func:`_scene_class`). Text goes through
:meth:`Sketch.text`, which fits it to a width, records its box and, when it was shortened or
has a tooltip, gives it an SVG id that :func:`save` turns into a ``<title>`` element.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from html import escape

import numpy as np

from . import fonts, shapes
from .layoutdata import Box, FigureLayout, TextBox
from .shapes import Point, Shape
from .style import PAGE
from .textfit import wrap

#: matplotlib settings for every figure: TrueType fonts embedded in PDF, text as paths in SVG
#: (it looks the same without DejaVu installed), reproducible files.
RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "path",
      "svg.hashsalt": "journeymap", "hatch.linewidth": 0.6, "path.simplify": True}
FORMATS = ("png", "svg", "pdf")


@dataclass
class _TextItem:
    lines: list[str]
    baselines: list[float]
    lefts: list[float]  # left edge of each line, points
    size: float
    style: str
    colour: str
    gid: str | None
    vertical: bool = False   # one line reading upwards, from (lefts[0], baselines[0])


def _rc():
    import matplotlib

    rc = dict(RC)
    if "font.enable_last_resort" in matplotlib.rcParams:  # matplotlib 3.11+
        # a character no installed font has is DejaVu's box, as measured and as in a PNG,
        # not Last Resort's wider picture of its Unicode block
        rc["font.enable_last_resort"] = False
    return matplotlib.rc_context(rc)


@lru_cache(maxsize=None)
def _scene_class():
    """The artist class, built once on first use so that importing this module stays cheap
    (and matplotlib's artist machinery is not imported until something is drawn)."""
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    class Scene(Artist):
        """Everything a sketch holds, drawn in points on any renderer: the shapes in zorder,
        then the texts on top of them. Texts come from cached glyph bitmaps on Agg and go
        through the renderer's own text drawing for vector output (SVG, PDF), one run of
        characters per font (:func:`.fonts.runs`), each where it was measured."""

        def __init__(self, shapes: list[Shape], items: list[_TextItem]) -> None:
            super().__init__()
            self.shapes = shapes
            self.items = items
            self._props: dict[tuple[fonts.Face, float], FontProperties] = {}

        def draw(self, renderer) -> None:  # noqa: D102 - matplotlib's interface
            # a point is dpi/72 pixels on Agg and one unit on the vector renderers
            shapes.draw(renderer, self.shapes, renderer.points_to_pixels(1.0))
            if isinstance(renderer, RendererAgg):
                _draw_raster(renderer, self.items)
            else:
                self._draw_vector(renderer)

        def _draw_vector(self, renderer) -> None:
            scale = renderer.points_to_pixels(1.0)
            _, canvas_height = renderer.get_canvas_width_height()
            gc = renderer.new_gc()
            for item in self.items:
                gc.set_foreground(item.colour)
                if item.gid:
                    renderer.open_group("text", gid=item.gid)
                for line, left, baseline in zip(item.lines, item.lefts, item.baselines):
                    # each run of characters one face draws goes where it was measured
                    for face, run, start in fonts.runs(line, item.style):
                        along = (left + start * item.size) * scale
                        x, y = along, baseline * scale
                        if item.vertical:
                            x, y = baseline * scale, along
                        if renderer.flipy():
                            y = canvas_height - y
                        with warnings.catch_warnings():  # missing glyphs: drawn as boxes
                            warnings.simplefilter("ignore")
                            renderer.draw_text(gc, x, y, run, self._prop(face, item.size),
                                               90 if item.vertical else 0, ismath=False)
                if item.gid:
                    renderer.close_group("text")
            gc.restore()

        def _prop(self, face: fonts.Face, size: float) -> FontProperties:
            prop = self._props.get((face, size))
            if prop is None:
                prop = FontProperties(fname=fonts.vector_font(face), size=size)
                self._props[(face, size)] = prop
            return prop

    return Scene


def _draw_raster(renderer, items: list[_TextItem]) -> None:
    """Texts from cached glyph bitmaps, pasted with ``draw_image`` (Agg only).

    A line's image depends on its text, font, colour and the whole-pixel offset of each
    glyph (the pen rounded), so a label repeated at the same offsets (``−1.0`` on many
    cards, ``⚠ 1``) is composed once per figure and pasted again."""
    scale = renderer.dpi / 72
    gc = renderer.new_gc()
    made: dict[tuple, tuple[np.ndarray, int, int]] = {}
    tables: dict[tuple[str, float], dict[str, fonts.Glyph]] = {}
    for item in items:
        table = tables.setdefault((item.style, item.size), {})
        rgb = None
        m = fonts.metrics(item.style)
        size_px = item.size * scale
        # rows above and below the baseline: the primary font's, or more where a
        # glyph reaches beyond them (a fallback font's, stacked marks)
        item_above = math.ceil(m.ascent * size_px) + 2
        item_below = math.ceil(m.descent * size_px) + 3
        for line, left, baseline in zip(item.lines, item.lefts, item.baselines):
            if not line:
                continue
            x0 = math.floor(left * scale) - 2
            pen = left * scale - x0
            width = math.ceil(fonts.text_width(line, item.size, item.style) * scale
                              + pen) + 4
            glyphs, offsets = [], []
            if fonts.shaped(line, item.style):  # marks, right-to-left: laid out whole
                glyphs.append(fonts.shaped_line(item.style, item.size, renderer.dpi, line))
                offsets.append(int(pen + 0.5))
            else:
                for char in line:
                    g = table.get(char)
                    if g is None:
                        g = table[char] = fonts.glyph(item.style, item.size, renderer.dpi,
                                                      char)
                    glyphs.append(g)
                    offsets.append(int(pen + 0.5))
                    pen += g.advance
            key = (line, item.style, item.size, item.colour, item.vertical, tuple(offsets),
                   width)
            image = made.get(key)
            if image is None:
                if rgb is None:
                    rgb = np.array([int(item.colour[i:i + 2], 16) for i in (1, 3, 5)],
                                   np.uint8)
                image = made[key] = _line_image(glyphs, offsets, width, item_above,
                                                item_below, rgb, item.vertical)
            pixels, above, height = image
            if item.vertical:  # turned a quarter left: glyph tops face left
                image_x = round(baseline * scale) - above
                image_y = x0  # the text starts pen pixels above the bottom
            else:
                image_x, image_y = x0, round(baseline * scale) - (height - above)
            renderer.draw_image(gc, int(image_x), int(image_y), pixels)
    gc.restore()


def _line_image(glyphs: list, offsets: list[int], width: int, item_above: int,
                item_below: int, rgb: np.ndarray,
                vertical: bool) -> tuple[np.ndarray, int, int]:
    """A line's RGBA image as ``draw_image`` wants it (rows bottom first), with the rows
    above the baseline and its height: each glyph's bitmap inked at its whole-pixel
    offset."""
    inked = [g for g in glyphs if g.ink]
    above = max([item_above] + [1 - g.top for g in inked])
    height = above + max([item_below] + [g.top + g.bitmap.shape[0] + 1 for g in inked])
    mask = np.zeros((height, width), np.uint8)
    maximum = np.maximum
    for g, offset in zip(glyphs, offsets):
        if g.ink:
            col, row = offset + g.left, above + g.top
            h, w = g.bitmap.shape
            if col >= 0 and col + w <= width:  # inside (rows always are: see height)
                region = mask[row:row + h, col:col + w]
                maximum(region, g.bitmap, out=region)
            else:
                _paste(mask, g.bitmap, col, row)
    if vertical:
        mask = np.rot90(mask)
    rgba = np.empty(mask.shape + (4,), np.uint8)
    rgba[..., :3] = rgb
    rgba[..., 3] = mask
    # draw_image wants the bottom-left corner in display units, rows bottom first.
    return rgba[::-1], above, height


def _paste(mask: np.ndarray, bitmap: np.ndarray, col: int, row: int) -> None:
    """Ink ``bitmap`` into ``mask`` with its top-left corner at (row, col), clipped."""
    h, w = bitmap.shape
    if col >= 0 and row >= 0 and col + w <= mask.shape[1] and row + h <= mask.shape[0]:
        region = mask[row:row + h, col:col + w]
        np.maximum(region, bitmap, out=region)
        return
    c0, r0 = max(col, 0), max(row, 0)
    c1, r1 = min(col + w, mask.shape[1]), min(row + h, mask.shape[0])
    if c1 > c0 and r1 > r0:
        region = mask[r0:r1, c0:c1]
        np.maximum(region, bitmap[r0 - row:r1 - row, c0 - col:c1 - col], out=region)


class Sketch:
    """A page ``width`` × ``height`` points to draw a view on, with its layout record."""

    def __init__(self, kind: str, width: float, height: float, title: str = "") -> None:
        self.width, self.height, self.title = width, height, title
        self.shapes: list[Shape] = []
        self.items: list[_TextItem] = []
        self.layout = FigureLayout(kind, width, height)
        self.tooltips: dict[str, str] = {}

    # ------------------------------------------------------------------ shapes, in points
    def shape(self, path: tuple[list[Point], list[int] | None], *, zorder: float,
              tooltip: str | None = None, role: str = "shape", **paint) -> Shape:
        """Add a path (vertices and matplotlib path codes, from :mod:`.shapes`) painted as
        ``paint`` says (face, edge, width, dashes, alpha, hatch, cap, join, antialiased).
        A ``tooltip`` becomes the path's ``<title>`` in an SVG."""
        vertices, codes = path
        if tooltip:
            paint["gid"] = self._tooltip(role, tooltip)
        shape = Shape(vertices, codes, zorder, **paint)
        self.shapes.append(shape)
        return shape

    def _tooltip(self, role: str, text: str) -> str:
        gid = f"jm-{role}-{len(self.tooltips)}"
        self.tooltips[gid] = text
        return gid

    def rect(self, x: float, y: float, w: float, h: float, *, zorder: float,
             face: str | None = None, edge: str | None = None, width: float = 0.0,
             radius: float = 0.0, hatch: str | None = None, alpha: float = 1.0) -> Shape:
        """A rectangle from its lower-left corner, its corners rounded by ``radius``."""
        path = (shapes.rounded_rectangle(x, y, w, h, radius) if radius
                else shapes.rectangle(x, y, w, h))
        return self.shape(path, zorder=zorder, face=face, edge=edge, width=width,
                          hatch=hatch, alpha=alpha)

    def line(self, points: list[Point], *, colour: str, width: float, zorder: float,
             dashes: tuple[float, ...] | None = None, alpha: float = 1.0) -> Shape:
        """An open polyline, capped and joined as matplotlib draws its lines (solid lines
        square-ended, dashes flat-ended, corners round)."""
        return self.shape(shapes.polylines([points]), zorder=zorder, edge=colour, width=width,
                          dashes=dashes, alpha=alpha, cap="butt" if dashes else "projecting",
                          join="round")

    def markers(self, points: list[Point], *, kind: str, size: float, zorder: float,
                face: str | None, edge: str, width: float = 1.0) -> None:
        """A marker (``"o"`` or ``"s"``, ``size`` points across) at each point, outlined
        ``width`` points wide."""
        if points:
            self.shape(shapes.compound(shapes.marker(kind, x, y, size) for x, y in points),
                       zorder=zorder, face=face, edge=edge, width=width)

    def place(self, other: Sketch, x: float, y: float, scale: float = 1.0,
              zorder: float = 0.0) -> Box:
        """Draw ``other`` on this page with its lower-left corner at (x, y), scaled by
        ``scale`` (lines, dashes and text with it), its zorders raised by ``zorder``; its
        layout record (texts, cards, cells, stages, lanes, edges) joins this page's, in this
        page's points. Returns where it went. A slide is made of views drawn at their own
        size and placed, so no view is drawn twice in two ways."""
        import dataclasses

        def at(point: Point) -> Point:
            return x + point[0] * scale, y + point[1] * scale

        def box(b: Box) -> Box:
            return Box(*at((b.x0, b.y0)), *at((b.x1, b.y1)))

        for shape in other.shapes:
            self.shapes.append(dataclasses.replace(
                shape, vertices=[at(v) for v in shape.vertices], zorder=shape.zorder + zorder,
                width=shape.width * scale, gid=None))
        for item in other.items:
            if item.vertical:  # (start along the text, baseline across it): y then x
                lefts = [y + v * scale for v in item.lefts]
                baselines = [x + v * scale for v in item.baselines]
            else:
                lefts = [x + v * scale for v in item.lefts]
                baselines = [y + v * scale for v in item.baselines]
            self.items.append(dataclasses.replace(item, lefts=lefts, baselines=baselines,
                                                  size=item.size * scale, gid=None))
        mine, theirs = self.layout, other.layout
        mine.texts += [dataclasses.replace(t, box=box(t.box), size=t.size * scale)
                       for t in theirs.texts]
        mine.cards += [dataclasses.replace(c, box=box(c.box)) for c in theirs.cards]
        mine.cells += [dataclasses.replace(c, box=box(c.box)) for c in theirs.cells]
        mine.stages += [(k, box(b)) for k, b in theirs.stages]
        mine.lanes += [(k, box(b)) for k, b in theirs.lanes]
        mine.edges += [(s, t, [at(p) for p in points]) for s, t, points in theirs.edges]
        return Box(x, y, x + other.width * scale, y + other.height * scale)

    def pixels(self, dpi: float) -> tuple[int, int]:
        """The size of the PNG drawn at ``dpi``: (width, height) in pixels."""
        return int(self.width * dpi / 72), int(self.height * dpi / 72)

    def text(self, x: float, y: float, text: str, *, role: str, size: float = 8.0,
             style: str = "regular", colour: str = "#222222", ha: str = "left",
             va: str = "top", width: float | None = None, max_lines: int = 1,
             key: str = "", tooltip: str | None = None, full: str | None = None,
             vertical: bool = False) -> TextBox:
        """Place ``text`` at (x, y) points; ``va`` is top, center, bottom or baseline (of the
        first line). With ``width`` it is wrapped to at most ``max_lines`` and shortened with
        an ellipsis; the full text then becomes the SVG tooltip (or ``tooltip`` if given).
        ``vertical`` text is one line reading upwards, centred on x, ending at y (its top)."""
        full = text if full is None else full
        if width is not None:
            lines = wrap(text, size, style, width, max_lines)
        else:
            lines = text.split("\n")
        m = fonts.metrics(style)
        pitch = fonts.line_height(size)
        ascent, descent = m.ascent * size, m.descent * size
        block = (len(lines) - 1) * pitch + ascent + descent
        top = {"top": y, "center": y + block / 2, "bottom": y + block,
               "baseline": y + ascent}[va]
        widths = [fonts.text_width(line, size, style) for line in lines]
        if vertical:
            lines = lines[:1]
            # stored as (start along the text, baseline across it): see Scene
            lefts, baselines = [y - widths[0]], [x - (ascent + descent) / 2 + ascent]
            box = Box(x - (ascent + descent) / 2, y - widths[0], x + (ascent + descent) / 2, y)
            return self._add(lines, full, role, box, size, style, colour, key, tooltip,
                             lefts, baselines, vertical=True)
        lefts = [x - {"left": 0.0, "center": w / 2, "right": w}[ha] for w in widths]
        baselines = [top - ascent - i * pitch for i in range(len(lines))]
        box = Box(min(lefts), top - block, max(lf + w for lf, w in zip(lefts, widths)), top)
        return self._add(lines, full, role, box, size, style, colour, key, tooltip, lefts,
                         baselines)

    def _add(self, lines: list[str], full: str, role: str, box: Box, size: float, style: str,
             colour: str, key: str, tooltip: str | None, lefts: list[float],
             baselines: list[float], vertical: bool = False) -> TextBox:
        record = TextBox("\n".join(lines), full, role, box, size, colour, key)
        gid = None
        if tooltip is None and record.shortened:
            tooltip = full
        if tooltip:
            gid = self._tooltip(role, tooltip)
        self.items.append(_TextItem(lines, baselines, lefts, size, style, colour, gid, vertical))
        self.layout.texts.append(record)
        return record

    def save(self, path: str | os.PathLike[str], dpi: float = 150,
             fmt: str | None = None) -> None:
        """Write the figure as PNG, SVG or PDF (from ``fmt`` or the file's extension),
        atomically."""
        from journeymap.model.fileformat import write_atomic

        write_atomic(path, self.to_bytes(fmt or _format_of(path), dpi))

    def to_bytes(self, fmt: str, dpi: float = 150) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown figure format {fmt!r}: use one of {', '.join(FORMATS)}")
        if fmt == "png":
            return self._png(dpi)
        from matplotlib.figure import Figure

        # no dates: the same figure makes the same file
        metadata = {"Title": self.title, "Creator": "journeymap",
                    "CreationDate" if fmt == "pdf" else "Date": None}

        buffer = io.BytesIO()
        with _rc():
            figure = Figure(figsize=(self.width / 72, self.height / 72), dpi=72, facecolor=PAGE)
            figure.add_artist(self._scene())
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
        data = buffer.getvalue()
        if fmt == "svg":
            data = add_svg_titles(data.decode("utf-8"), self.tooltips).encode("utf-8")
        return data

    def _scene(self):
        return _scene_class()(self.shapes, self.items)

    def _png(self, dpi: float) -> bytes:
        """Draw straight onto an Agg canvas at ``dpi`` and encode with the fast writer (see
        :mod:`.png`). No matplotlib Figure is made: importing and laying one out would cost
        more than drawing a 100-card map."""
        from . import png
        from .agg import Page

        width, height = self.pixels(dpi)
        # the page reads matplotlib's settings from .mplcore.SETTINGS (RC's among them), not
        # from rcParams: matplotlib itself is not imported
        renderer = Page(width, height, dpi)
        pixels = np.asarray(renderer.buffer_rgba())
        # the page, filled faster than Agg fills a page-sized patch: one 32-bit pixel
        # value repeated (assigning an RGBA tuple broadcasts byte by byte, ~8x slower)
        page = np.frombuffer(bytes.fromhex(PAGE[1:]) + b"\xff", np.uint32)[0]
        pixels.view(np.uint32).fill(page)
        # what the Scene artist draws on Agg, without an artist (see .agg)
        shapes.draw(renderer, self.shapes, renderer.points_to_pixels(1.0))
        _draw_raster(renderer, self.items)
        return png.encode(pixels, dpi, {"Title": self.title, "Software": "journeymap"})


def _format_of(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: the file name must end in .png, .svg or .pdf")
    return suffix


def add_svg_titles(svg: str, tooltips: dict[str, str]) -> str:
    """Give each group whose id has a tooltip a ``<title>`` (shown on hover, read by screen
    readers)."""
    if not tooltips:
        return svg

    def add(match: re.Match[str]) -> str:
        tip = tooltips.get(match.group(1))
        if tip is None:
            return match.group(0)
        return f"{match.group(0)}\n  <title>{escape(tip, quote=False)}</title>"

    return re.sub(r'<g id="(jm-[^"]+)"[^>]*>', add, svg)
