"""The shapes a figure is made of, in points, and how they are drawn on any matplotlib
renderer.

A view says what to draw (a rounded card, a dashed polyline, a filled polygon) as a
:class:`Shape`: one path and how to paint it. :func:`draw` hands each shape to the renderer's
``draw_path``, the stable part of matplotlib's backend interface, so the same shapes become
the pixels of a PNG (Agg, with no Figure or Axes made) and the paths of an SVG or PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

Point = tuple[float, float]

# matplotlib's path codes (matplotlib.path.Path.MOVETO ...), here so that building a shape's
# vertices does not need matplotlib imported
MOVETO, LINETO, CURVE3, CLOSEPOLY = 1, 2, 3, 79


@dataclass(slots=True)
class Shape:
    """One path in points and its paint. ``dashes`` are on/off lengths as multiples of the
    line width (as matplotlib scales its line styles), ``hatch`` a matplotlib hatch pattern
    drawn in the edge colour."""

    vertices: Sequence[Point]
    codes: Sequence[int] | None
    zorder: float
    face: str | None = None
    edge: str | None = None
    width: float = 0.0
    dashes: tuple[float, ...] | None = None
    alpha: float = 1.0
    hatch: str | None = None
    cap: str = "butt"
    join: str = "miter"
    antialiased: bool = True
    gid: str | None = None   # an SVG group id (the sketch gives it a tooltip)


def rectangle(x: float, y: float, w: float, h: float) -> tuple[list[Point], list[int]]:
    """A closed rectangle from its lower-left corner."""
    return ([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)],
            [MOVETO, LINETO, LINETO, LINETO, CLOSEPOLY])


def rounded_rectangle(x: float, y: float, w: float, h: float,
                      r: float) -> tuple[list[Point], list[int]]:
    """A closed rectangle whose corners are quarter curves (quadratic Béziers) of radius
    ``r`` (at most half the shorter side)."""
    r = max(0.0, min(r, w / 2, h / 2))
    if r == 0:
        return rectangle(x, y, w, h)
    x1, y1 = x + w, y + h
    vertices = [(x + r, y), (x1 - r, y), (x1, y), (x1, y + r), (x1, y1 - r), (x1, y1),
                (x1 - r, y1), (x + r, y1), (x, y1), (x, y1 - r), (x, y + r), (x, y),
                (x + r, y), (x + r, y)]
    codes = [MOVETO, LINETO, CURVE3, CURVE3, LINETO, CURVE3, CURVE3, LINETO, CURVE3, CURVE3,
             LINETO, CURVE3, CURVE3, CLOSEPOLY]
    return vertices, codes


def polygon(points: Sequence[Point]) -> tuple[list[Point], list[int]]:
    """A closed polygon through ``points``."""
    vertices = [*points, points[0]]
    return vertices, [MOVETO] + [LINETO] * (len(points) - 1) + [CLOSEPOLY]


def polylines(lines: Iterable[Sequence[Point]]) -> tuple[list[Point], list[int]]:
    """Several open polylines as one path (many separate straight segments too: polylines of
    two points)."""
    vertices: list[Point] = []
    codes: list[int] = []
    for line in lines:
        vertices += line
        codes += [MOVETO] + [LINETO] * (len(line) - 1)
    return vertices, codes


def rounded_path(points: Sequence[Point], radius: float) -> tuple[list[Point], list[int]]:
    """An open polyline through ``points`` with its corners rounded (quadratic Béziers of up
    to ``radius``, less where a leg is too short for it)."""
    vertices: list[Point] = [points[0]]
    codes = [MOVETO]
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[i + 1]
        d0 = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        d1 = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        r = min(radius, d0 / 2, d1 / 2)
        if r <= 0.01:
            vertices.append((x1, y1))
            codes.append(LINETO)
            continue
        a = (x1 - (x1 - x0) / d0 * r, y1 - (y1 - y0) / d0 * r)
        b = (x1 + (x2 - x1) / d1 * r, y1 + (y2 - y1) / d1 * r)
        vertices += [a, (x1, y1), b]
        codes += [LINETO, CURVE3, CURVE3]
    vertices.append(points[-1])
    codes.append(LINETO)
    return vertices, codes


def compound(paths: Iterable[tuple[Sequence[Point], Sequence[int]]]
             ) -> tuple[list[Point], list[int]]:
    """Several paths painted alike as one path: one call to the renderer instead of many
    (shapes that overlap are filled once where they overlap)."""
    vertices: list[Point] = []
    codes: list[int] = []
    for v, c in paths:
        vertices += v
        codes += c
    return vertices, codes


def marker(shape: str, x: float, y: float, size: float) -> tuple[list[Point], list[int]]:
    """A marker ``size`` points across centred on (x, y): ``"o"`` a circle (eight quadratic
    arcs), ``"s"`` a square."""
    r = size / 2
    if shape == "s":
        return rectangle(x - r, y - r, size, size)
    if shape != "o":
        raise ValueError(f"unknown marker {shape!r}: use 'o' or 's'")
    k = 0.41421356 * r  # tan(22.5°): the control points of an eighth of a circle
    d = 0.70710678 * r
    vertices = [(x + r, y)]
    codes = [MOVETO]
    corners = [(x + r, y + k), (x + d, y + d), (x + k, y + r), (x, y + r), (x - k, y + r),
               (x - d, y + d), (x - r, y + k), (x - r, y), (x - r, y - k), (x - d, y - d),
               (x - k, y - r), (x, y - r), (x + k, y - r), (x + d, y - d), (x + r, y - k),
               (x + r, y)]
    vertices += corners + [(x + r, y)]
    codes += [CURVE3] * len(corners) + [CLOSEPOLY]
    return vertices, codes


@lru_cache(maxsize=512)
def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    from .mplcore import to_rgba

    r, g, b, a = to_rgba(colour)
    return r, g, b, a * alpha


def draw(renderer: Any, shapes: Sequence[Shape], scale: float) -> None:
    """Draw ``shapes`` in zorder (the order they were added among equals) on ``renderer``,
    at ``scale`` renderer units per point. A renderer with ``raw_paths`` (the PNG page,
    :mod:`.agg`) gets paths and the transform made without importing matplotlib."""
    if getattr(renderer, "raw_paths", False):
        from .mplcore import RawPath as Path, scaling

        transform = scaling(scale)
    else:
        from matplotlib.path import Path
        from matplotlib.transforms import Affine2D

        transform = Affine2D().scale(scale)
    gc = renderer.new_gc()
    for shape in sorted(shapes, key=attrgetter("zorder")):
        gc.set_antialiased(shape.antialiased)
        gc.set_capstyle(shape.cap)
        gc.set_joinstyle(shape.join)
        stroked = shape.edge is not None and shape.width > 0
        gc.set_linewidth(shape.width if stroked else 0.0)
        if stroked:
            gc.set_foreground(_rgba(shape.edge, shape.alpha), isRGBA=True)
        gc.set_dashes(0, [d * shape.width for d in shape.dashes] if shape.dashes else None)
        gc.set_hatch(shape.hatch)
        if shape.hatch:
            gc.set_hatch_color(_rgba(shape.edge or "#000000", shape.alpha))
        face = _rgba(shape.face, shape.alpha) if shape.face is not None else None
        if shape.gid:
            renderer.open_group("shape", gid=shape.gid)
        renderer.draw_path(gc, Path(shape.vertices, shape.codes), transform, face)
        if shape.gid:
            renderer.close_group("shape")
    gc.restore()
