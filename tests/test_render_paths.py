"""The paths figures: the map with the flow overlay and the variants chart."""

from __future__ import annotations

import pytest

from journeymap.analytics.conformance import conform
from journeymap.analytics.flow import edge_text, flow_from
from journeymap.analytics.paths import variants
from journeymap.cli import main
from journeymap.render.flow import GHOST, render_paths, render_variants
from journeymap.transition_style import DELAY_STOPS

from conftest import SAMPLES
from test_analytics_paths import line_journey, make_log

ORDER = str(SAMPLES / "online_order.journey.json")


def flow_of(cases=None):
    journey = line_journey()
    log = make_log(cases) if cases else make_log()
    cf = conform(log, journey)
    return journey, log, cf, flow_from(cf)


def test_flow_data_ghosts_and_labels():
    journey, _, _, flow = flow_of()
    assert set(flow.edges) == {("a", "b"), ("b", "c"), ("c", "d")}
    ghosts = {(g.source, g.target): g.volume for g in flow.ghosts}
    # walked, not designed, both ends on the map; the unmapped step X is no ghost
    assert ghosts == {("b", "d"): 2, ("c", "b"): 2, ("a", "c"): 1, ("d", "c"): 1}
    assert edge_text(flow.edges[("a", "b")]) == "5 · median 7.0 min · p90 7.0 min"
    assert flow.delay_share(flow.edges[("a", "b")]) == 0.0


def test_the_overlay_draws_ghosts_faint_and_labels_every_arrow():
    journey, _, cf, flow = flow_of()
    sketch = render_paths(journey, flow, reached={"a": 6, "b": 6, "c": 5, "d": 7})
    drawn = {(s, t) for s, t, _ in sketch.layout.edges}
    assert {("b", "d"), ("c", "b")} <= drawn
    assert not journey.has_transition("b", "d")  # the journey itself is not touched
    labels = [t.full for t in sketch.layout.texts if t.role == "edge-label"]
    assert any(text.startswith("not in the map: 2 ·") for text in labels)
    # a label with no room on its short arrow is left off the page but kept in the tooltip
    assert any("5 · median 7.0 min · p90 7.0 min" in tip for tip in sketch.tooltips.values())
    colours = {s.edge for s in sketch.shapes if getattr(s, "dashes", None) == GHOST[1]}
    assert GHOST[0] in colours
    delay = render_paths(journey, flow, colour="delay")
    edge_colours = {s.edge for s in delay.shapes if s.gid and "edge" in s.gid}
    assert DELAY_STOPS[0] in edge_colours
    with pytest.raises(ValueError):
        render_paths(journey, flow, colour="mood")


def test_the_variants_chart_rows():
    journey, log, _, _ = flow_of()
    table = variants(log, top=3)
    rows = table.to_dict("records")
    sketch = render_variants(journey, rows, table.attrs["variants"], log.cases)
    names = [t.text for t in sketch.layout.texts if t.role == "variant"]
    assert names == ["#1", "#2", "#3", "other paths"]
    steps = [t.full for t in sketch.layout.texts if t.role == "step"]
    assert steps[:4] == ["Step A", "Step B", "Step C", "Step D"]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_render_command_paths_and_variants(tmp_path, suffix, capsys):
    out = tmp_path / f"paths{suffix}"
    assert main(["render", ORDER, "--view", "paths", "-o", str(out), "--dpi", "40"]) == 0
    assert out.stat().st_size > 1000
    chart = tmp_path / f"variants{suffix}"
    assert main(["render", ORDER, "--view", "variants", "--top", "5", "-o", str(chart)]) == 0
    assert chart.stat().st_size > 1000
    if suffix == ".svg":
        assert "not in the map" in out.read_text()


def test_render_paths_without_an_event_log_is_a_message(tmp_path, capsys):
    from journeymap.model import save

    path = tmp_path / "line.journey.json"
    save(line_journey(), path)
    assert main(["render", str(path), "--view", "paths", "-o", str(tmp_path / "x.png")]) == 1
    assert "no event log" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_the_deck_says_where_compared_groups_walk_differently(tmp_path):
    from journeymap.analytics import analyse
    from journeymap.analytics.deltas import compare_paths
    from journeymap.model import FeedbackSource
    from journeymap.render import deck, evidence_of

    from test_analytics_paths import device_log

    journey = line_journey()
    journey.add_source(FeedbackSource("log", str(device_log(tmp_path)), role="events"))

    def page(by, compare):
        analysis = analyse(journey, by=by)
        board = deck.Deck(journey, evidence_of(journey, analysis), analysis, by=by,
                          compare=compare)
        return deck.build(board, only=["paths-compare"])

    (shown,) = page("segment:device", ("mobile", "desktop"))
    text = "\n".join(t.full for t in shown.layout.texts)
    said = compare_paths(journey, "segment:device", "mobile", "desktop").deltas
    said = said[said["significant"]]["sentence"].tolist()
    assert said and all(s in text for s in said)
    assert "Where desktop and mobile walk the journey differently" in text
    # too few cases, and groups the log does not hold, are said or left out
    (small,) = page("segment:device", ("mobile", "tablet"))
    assert "Too few cases in tablet (10; at least 30 are needed)." in \
        [t.full for t in small.layout.texts]
    assert page("segment:device", ("mobile", "phablet")) == []
    assert page("segment:device", None) == []
    assert page("period:M", ("2026-01", "2026-02")) == []


def test_the_deck_reads_and_checks_its_event_log_once(tmp_path, monkeypatch):
    from journeymap.analytics import analyse, conformance
    from journeymap.model import FeedbackSource
    from journeymap.render import deck, evidence_of

    from test_analytics_paths import device_log

    journey = line_journey()
    journey.add_source(FeedbackSource("log", str(device_log(tmp_path)), role="events"))
    analysis = analyse(journey, by="segment:device")
    checked = []
    real = conformance.conform
    monkeypatch.setattr(conformance, "conform",
                        lambda *args, **kw: checked.append(1) or real(*args, **kw))

    def texts(compare, only):
        board = deck.Deck(journey, evidence_of(journey, analysis), analysis,
                          by="segment:device", compare=compare)
        return [[t.full for t in page.layout.texts] for page in deck.build(board, only=only)]

    both = texts(("mobile", "desktop"), ["paths", "paths-compare"])
    assert len(both) == 2 and len(checked) == 1
    # the split log the comparison needs tells the variants page the same as the whole log
    assert texts(None, ["paths"]) == texts(("mobile", "desktop"), ["paths"])
