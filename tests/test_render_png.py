"""The figures' PNG writer: what it writes decodes to the pixels given, whether the deflating
runs in one piece or in bands on several threads, with ISA-L or with zlib."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pytest
from PIL import Image

from journeymap.render import png


def figure_like(height: int = 301, width: int = 257) -> np.ndarray:
    """Flat colours, a gradient and noise: what figures hold, at a size not divisible by
    the band count."""
    rng = np.random.default_rng(5)
    image = np.full((height, width, 4), 255, np.uint8)
    image[40:120, 30:200, :3] = (253, 141, 60)
    image[:, :, 0] = np.minimum(image[:, :, 0], np.arange(width, dtype=np.uint8))
    image[200:260, 10:250] = rng.integers(0, 256, (60, 240, 4), dtype=np.uint8)
    return image


@pytest.mark.parametrize("compressor", ["default", "zlib"])
@pytest.mark.parametrize("bands", [1, 2, 3, 4])
def test_decodes_to_the_same_pixels(monkeypatch, bands, compressor):
    image = figure_like()
    monkeypatch.setattr(png.os, "cpu_count", lambda: bands)
    monkeypatch.setattr(png, "_BAND_PIXELS", 1)          # bands even for a small image
    if compressor == "zlib":
        monkeypatch.setattr(png, "deflate", zlib)
    data = png.encode(image, 150, {"Title": "Map ✓", "Software": "journeymap"})
    decoded = Image.open(io.BytesIO(data))
    decoded.load()                                      # checks the stream's Adler-32 too
    assert decoded.mode == "RGBA" and decoded.size == (257, 301)
    assert np.array_equal(np.asarray(decoded), image)
    assert decoded.info["Title"] == "Map ✓"
    assert decoded.info["dpi"] == pytest.approx((150, 150), abs=0.05)  # whole pixels a metre


def test_a_small_image_is_one_band_and_large_ones_split(monkeypatch):
    calls = []
    monkeypatch.setattr(png.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(png, "_piece", lambda band, last: calls.append(len(band))
                        or (zlib.compressobj(1, zlib.DEFLATED, -15).flush(), 1, 0))
    png.encode(np.zeros((100, 100, 4), np.uint8), 72)
    assert calls == [100]
    calls.clear()
    monkeypatch.setattr(png, "_BAND_PIXELS", 2_500)
    png.encode(np.zeros((100, 100, 4), np.uint8), 72)
    assert calls == [25, 25, 25, 25]


def test_refuses_what_is_not_rgba():
    with pytest.raises(ValueError, match="RGBA"):
        png.encode(np.zeros((4, 4, 3), np.uint8), 72)
