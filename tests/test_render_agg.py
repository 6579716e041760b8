"""The PNG page (journeymap.render.agg): the same pixels as matplotlib's own Agg renderer,
without importing matplotlib's backend machinery (issue 17: ``render`` as a whole process)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from journeymap.analytics import analyse
from journeymap.model import load
from journeymap.render import canvas, fonts, render_heatmap, render_map
from journeymap.render.agg import GraphicsContext
from process_helpers import loaded_after

SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"


def _through_matplotlib(sketch, dpi: float) -> np.ndarray:
    """The sketch drawn by its Scene artist on matplotlib's RendererAgg, as PNGs were."""
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = sketch.pixels(dpi)
    with canvas._rc():
        renderer = RendererAgg(width, height, dpi)
        pixels = np.asarray(renderer.buffer_rgba())
        pixels.view(np.uint32).fill(np.frombuffer(bytes.fromhex(canvas.PAGE[1:]) + b"\xff",
                                                  np.uint32)[0])
        sketch._scene().draw(renderer)
    return pixels.copy()


def _through_page(sketch, dpi: float) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(sketch.to_bytes("png", dpi))).convert("RGBA"))


@pytest.mark.parametrize("dpi", [72, 150])
def test_the_page_draws_what_matplotlibs_renderer_draws(dpi):
    """Cards, hatched small samples, dashed and dotted arrows, markers, rotated lane names
    and a heatmap's cells: pixel for pixel the same."""
    journey = load(SAMPLE)
    analysis = analyse(journey, base_dir=SAMPLE.parent)
    figures = render_map(journey, analysis), render_heatmap(journey, analysis)
    paints = [s for sketch in figures for s in sketch.shapes]
    assert any(s.hatch for s in paints) and any(s.dashes for s in paints)
    for sketch in figures:
        assert np.array_equal(_through_page(sketch, dpi), _through_matplotlib(sketch, dpi))


@pytest.mark.parametrize("hinting", ["default", "no_autohint", "force_autohint", "no_hinting",
                                     "either", "native", "auto", "none"])
def test_glyph_load_flags_are_matplotlibs(hinting):
    from matplotlib.backends.backend_agg import get_hinting_flag

    with matplotlib.rc_context({"text.hinting": hinting}):
        assert fonts.hinting_flag(hinting) == get_hinting_flag()
    # glyphs are drawn with matplotlib's default, whatever a matplotlibrc says
    assert fonts._raster_flags() == fonts.hinting_flag(matplotlib.rcParamsDefault["text.hinting"])


def test_bad_dashes_fail_as_in_matplotlib():
    with pytest.raises(ValueError, match="must be non-negative"):
        GraphicsContext().set_dashes(0, [2.0, -1.0])
    with pytest.raises(ValueError, match="must be positive"):
        GraphicsContext().set_dashes(0, [0.0, 0.0])


def test_a_png_imports_none_of_matplotlibs_backend_machinery(tmp_path):
    code = ("from journeymap.model import load\n"
            "from journeymap.render import render_map\n"
            f"render_map(load({str(SAMPLE)!r})).save({str(tmp_path / 'map.png')!r})\n")
    assert loaded_after(code, ["matplotlib.backend_bases", "matplotlib.backends.backend_agg",
                               "matplotlib.figure", "matplotlib.text"]) == []
    assert (tmp_path / "map.png").stat().st_size > 10_000


def test_a_repeated_label_is_composed_once_and_pasted_the_same(monkeypatch):
    """Raster text keeps each line's image by text, font, colour and whole-pixel glyph
    offsets: pasting it again gives the pixels composing it afresh gives."""
    from journeymap.render.agg import Page

    sketch = canvas.Sketch("test", 400, 120)
    for i in range(12):  # the same labels at offsets that repeat and that do not
        sketch.text(10 + 31.25 * i, 100, "−1.0", role="card-value", size=9, style="bold")
        sketch.text(10 + 30.1 * i, 60, "⚠ 1", role="badge", size=6.5, colour="#b2182b")
    sketch.text(200, 10, "−1.0", role="v", size=9, style="bold", vertical=True)
    composed = []
    real = canvas._line_image
    monkeypatch.setattr(canvas, "_line_image", lambda *a: composed.append(a) or real(*a))

    def page(groups):
        renderer = Page(*sketch.pixels(150), 150)
        pixels = np.asarray(renderer.buffer_rgba())
        pixels[:] = 255
        for group in groups:
            canvas._draw_raster(renderer, group)
        return pixels.copy()

    together = page([sketch.items])
    assert len(composed) < len(sketch.items) - 8
    apart = page([[item] for item in sketch.items])
    assert len(composed) > len(sketch.items)
    assert np.array_equal(together, apart) and (together[..., :3] < 255).any()
