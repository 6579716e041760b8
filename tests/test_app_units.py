"""The canvas reads measures in their own units: a card's number, its tooltip and the
legend's bar say a rating declared 1–5 as its mean on 1–5, from the saved metrics at
opening as from a fresh analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_helpers import OFFSCREEN_NOISE, make_window

from journeymap.app.feedback.heat import legend_stops
from journeymap.measures import reading
from journeymap.model import load

ROOT = Path(__file__).resolve().parents[1]
AIR = ROOT / "sample_journeys" / "air_trip.journey.json"
WAIT = 30_000
pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    from journeymap.app.feedback.worker import stop_all

    stop_all()


def test_cards_and_legend_read_ratings_on_their_declared_scale(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, load(AIR), str(AIR))
    window.document.reset.emit()  # as opening a file does
    controller = window.feedback.controller
    panel = window.feedback.heat_panel

    def check() -> None:
        panel.measure.setCurrentIndex(panel.measure.findData("rating"))
        rows = controller.evidence.touchpoints
        rated = [k for k, r in rows.items() if r.get("rating_scale") == "1–5"]
        assert rated, "the air trip's surveys declare their ratings 1–5"
        for key in rated:
            own = reading("rating", rows[key])
            assert 1 <= own.value <= 5 and own.scale == (1.0, 5.0)
            _, text, tooltip, _ = window.scene.cards[key].heat
            assert text.endswith(own.text)
            assert f"Rating: {own.text} on 1–5" in tooltip
            assert f"95% interval {own.number(own.low)} to {own.number(own.high)}" in tooltip
        legend = panel.legend
        assert legend_stops("rating", False, legend.rows)[1:] == ("1", "5")

    check()                       # from the metrics saved in the file, before any analysis
    qtbot.waitUntil(lambda: controller.live, timeout=WAIT)
    check()                       # and from the analysis
