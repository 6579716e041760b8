"""Fitting text: wrapped lines never exceed their width, nothing is lost unless shortened with
an ellipsis, and the measured widths match what matplotlib draws."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.render import fonts
from journeymap.render.fonts import text_width
from journeymap.render.textfit import ELLIPSIS, shorten, wrap

words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S")),
                min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=25), st.floats(20, 300),
       st.integers(1, 4), st.sampled_from(["regular", "bold", "italic"]))
def test_wrapped_lines_fit_and_keep_every_word(parts, width, max_lines, style):
    text = " ".join(parts)
    lines = wrap(text, 8, style, width, max_lines)
    assert 1 <= len(lines) <= max_lines
    for line in lines:
        assert text_width(line, 8, style) <= width + 1e-6 or len(line) == 1
    joined = "".join("".join(lines).split())
    if lines[-1].endswith(ELLIPSIS) and not text.endswith(ELLIPSIS):
        assert "".join(text.split()).startswith(joined[:-1].rstrip(" ,;:-–"))
    else:
        assert joined == "".join(text.split())


def test_shorten_keeps_what_fits():
    assert shorten("Short", 8, "regular", 100) == "Short"
    cut = shorten("Pay by card, PayPal or Klarna at checkout", 8, "regular", 80)
    assert cut.endswith(ELLIPSIS) and text_width(cut, 8, "regular") <= 80
    assert "Pay by card, PayPal or Klarna at checkout".startswith(cut[:-1])


@pytest.mark.parametrize("text", ["Hamburg Ågy 0.42 n=1,234", "Check the size guide",
                                  "WWWWWWWWW iiiiiiii", "Émotion −2 … +2 · ⚠ ★"])
def test_measured_width_matches_matplotlib(text):
    """Our widths (from the font's advances) bound what matplotlib lays out at print
    resolutions, with at most 6% to spare."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from journeymap.render.fonts import font_path

    for dpi in (150, 300):
        figure = Figure(dpi=dpi)
        canvas = FigureCanvasAgg(figure)
        label = figure.text(0, 0, text, fontproperties=FontProperties(fname=font_path(),
                                                                      size=10))
        drawn = label.get_window_extent(canvas.get_renderer()).width * 72 / dpi
        ours = text_width(text, 10)
        assert drawn <= ours
        assert ours <= drawn * 1.06


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("Step 12: check parcel, WWii— 注文「返品」é⚠"), max_size=40),
       st.text(st.sampled_from("Step 12: check parcel, WWii— 注文「返品」é⚠"), max_size=40),
       st.sampled_from(["regular", "bold", "italic"]))
def test_a_measure_grown_piece_by_piece_is_the_measure_afresh(a, b, style):
    """wrap grows a line's measure word by word (fonts.em_sum): exactly the float the whole
    line measures, so a label breaks where measuring each candidate afresh breaks it."""
    assert fonts.em_sum(fonts.em_sum(0.0, a, style), b, style) == fonts._em_width(a + b, style)
