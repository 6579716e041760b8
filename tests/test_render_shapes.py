"""Shapes in points, drawn the same way as PNG pixels (straight onto Agg) and as SVG/PDF paths:
geometry of the path builders, paint (fill, outline, dashes, hatch, alpha) and zorder."""

from __future__ import annotations

import io
import re
import zlib

import numpy as np
import pytest

from journeymap.render import shapes
from journeymap.render.canvas import Sketch


def extents(path) -> tuple[float, float, float, float]:
    from matplotlib.path import Path

    box = Path(*path).get_extents()
    return box.x0, box.y0, box.x1, box.y1


def pixels(sketch: Sketch, dpi: float = 72) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(sketch.to_bytes("png", dpi))).convert("RGBA"))


def at(image: np.ndarray, x: float, y: float, dpi: float = 72) -> tuple[int, ...]:
    """The pixel under the point (x, y) (points, y upwards)."""
    scale = dpi / 72
    return tuple(int(v) for v in image[image.shape[0] - 1 - int(y * scale), int(x * scale)])


def test_rounded_rectangle_keeps_to_its_box_and_rounds_its_corners():
    from matplotlib.path import Path

    path = shapes.rounded_rectangle(10, 20, 100, 40, 6)
    assert extents(path) == pytest.approx((10, 20, 110, 60))
    outline = Path(*path)
    assert not outline.contains_point((10.5, 20.5))   # the corner itself is cut off
    assert outline.contains_point((16, 21)) and outline.contains_point((60, 40))
    assert path[1][0] == shapes.MOVETO and path[1][-1] == shapes.CLOSEPOLY
    # a radius larger than the shape allows is limited to half the shorter side
    squeezed = shapes.rounded_rectangle(0, 0, 10, 4, 50)
    assert extents(squeezed) == pytest.approx((0, 0, 10, 4))
    assert shapes.rounded_rectangle(0, 0, 10, 4, 0) == shapes.rectangle(0, 0, 10, 4)


def test_markers_are_as_wide_as_their_size():
    assert extents(shapes.marker("o", 50, 50, 8)) == pytest.approx((46, 46, 54, 54), abs=1e-6)
    assert extents(shapes.marker("s", 50, 50, 8)) == pytest.approx((46, 46, 54, 54))
    with pytest.raises(ValueError, match="unknown marker"):
        shapes.marker("x", 0, 0, 1)


def test_png_draws_fills_outlines_and_zorder_where_they_were_placed():
    sketch = Sketch("test", 200, 100)
    sketch.rect(10, 10, 80, 80, face="#ff0000", zorder=2)
    sketch.rect(50, 10, 80, 80, face="#0000ff", zorder=1)    # added later, drawn beneath
    sketch.rect(150, 10, 40, 80, face="#00ff00", edge="#000000", width=4, zorder=1)
    image = pixels(sketch)
    assert at(image, 30, 50) == (255, 0, 0, 255)
    assert at(image, 70, 50) == (255, 0, 0, 255)             # red lies over blue
    assert at(image, 110, 50) == (0, 0, 255, 255)
    assert at(image, 170, 50) == (0, 255, 0, 255)
    assert at(image, 150, 50)[:3] == (0, 0, 0)                # the outline
    assert at(image, 140, 95) == (255, 255, 255, 255)         # the page


def test_alpha_hatch_and_dashes_reach_the_pixels():
    sketch = Sketch("test", 300, 100)
    sketch.rect(0, 0, 100, 100, face="#000000", zorder=0)
    sketch.rect(0, 0, 100, 100, face="#ffffff", alpha=0.5, zorder=1)
    sketch.rect(110, 10, 80, 80, face="#ffffff", edge="#000000", width=0.5, hatch="////",
                zorder=1)
    sketch.line([(200, 50), (290, 50)], colour="#000000", width=2, dashes=(3, 2), zorder=1)
    image = pixels(sketch, dpi=144)
    grey = at(image, 50, 50, 144)
    assert 120 <= grey[0] <= 135 and grey[0] == grey[1] == grey[2]
    inside = image[image.shape[0] - 180:image.shape[0] - 20, 220 + 20:380 - 20, 0]
    assert (inside < 128).mean() > 0.05            # hatch lines cross the white face
    row = image[image.shape[0] - 1 - 100, 400:580, 0]
    dark = row < 128
    assert 0.4 < dark.mean() < 0.8                 # dashes: ink and gaps along the line
    assert np.count_nonzero(np.diff(dark.astype(int))) >= 10


def test_svg_and_pdf_carry_the_same_shapes_as_vector_paths():
    sketch = Sketch("test", 200, 100, "Shapes")
    sketch.rect(10, 10, 80, 80, face="#d62728", edge="#222222", width=1, radius=5, zorder=1)
    sketch.line([(100, 50), (190, 50)], colour="#1f77b4", width=2, dashes=(3, 2), zorder=2)
    sketch.markers([(150, 20)], kind="o", size=6, face="#2ca02c", edge="#2ca02c", zorder=3)
    svg = sketch.to_bytes("svg").decode()
    assert "fill: #d62728" in svg and "stroke: #222222" in svg
    assert re.search(r"stroke-dasharray: 6,4", svg)          # 3 and 2 times the width
    assert "fill: #2ca02c" in svg
    pdf = sketch.to_bytes("pdf")
    assert pdf.startswith(b"%PDF-")
    content = b"".join(zlib.decompress(stream) for stream in
                       re.findall(rb"/FlateDecode[^>]*>>\s*stream\n(.*?)\nendstream", pdf,
                                  re.S))
    assert b"[ 6 4 ] 0 d" in content                         # the dashes
    assert b"0.8392156863 0.1529411765 0.1568627451 rg" in content   # #d62728, the fill
