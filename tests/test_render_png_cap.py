"""A PNG's long side stays within 16,384 px unless --dpi asks for more: the resolution is
lowered to fit and one line on stderr says how to get more."""

from __future__ import annotations

import struct
from types import SimpleNamespace

from journeymap.cli import main
from journeymap.cli.render import MAX_PIXELS, PNG_LONG_SIDE, png_dpi
from journeymap.model import Journey, Stage, Touchpoint, Transition, save


def png_size(path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def wide_journey(n: int = 150) -> Journey:
    journey = Journey("A long journey")
    for i in range(8):
        journey.add_stage(Stage(f"s{i}", f"Stage {i + 1}"))
    for i in range(n):
        journey.add_touchpoint(Touchpoint(f"t{i}", f"Step {i}", f"s{i * 8 // n}"))
        if i:
            journey.connect(Transition(f"t{i - 1}", f"t{i}"))
    return journey


def test_a_wide_map_is_drawn_to_fit_and_stderr_says_how_to_get_more(tmp_path, capsys):
    path = tmp_path / "wide.journey.json"
    save(wide_journey(), path)
    out = tmp_path / "wide.png"
    assert main(["render", str(path), "-o", str(out)]) == 0
    width, height = png_size(out)
    assert PNG_LONG_SIDE * 0.98 < max(width, height) <= PNG_LONG_SIDE
    [note] = [line for line in capsys.readouterr().err.splitlines() if "dpi" in line]
    assert "--dpi 150 forces it" in note and "SVG or PDF keep full detail" in note


def fake(width_px_at_150: float, height_px_at_150: float = 1000):
    """A figure of this many pixels at 150 dpi (its size is in points)."""
    figure = SimpleNamespace(width=width_px_at_150 * 72 / 150,
                             height=height_px_at_150 * 72 / 150)
    figure.pixels = lambda dpi: (int(figure.width * dpi / 72), int(figure.height * dpi / 72))
    return figure


def test_a_dpi_asked_for_is_kept_up_to_what_agg_can_draw(capsys):
    assert png_dpi(fake(20_000), 150.0) == 150.0
    assert png_dpi(fake(10_000), None) == 150.0
    assert capsys.readouterr().err == ""
    lowered = png_dpi(fake(130_000), 150.0)
    assert max(fake(130_000).pixels(lowered)) <= MAX_PIXELS
    assert "SVG or PDF" in capsys.readouterr().err


def test_the_default_is_lowered_never_a_pixel_over(capsys):
    for width in (16_385, 20_000, 48_505, 99_999):
        figure = fake(width, 700)
        assert max(figure.pixels(png_dpi(figure, None))) <= PNG_LONG_SIDE
    assert len(capsys.readouterr().err.splitlines()) == 4
