"""Measures in their own units in the figures and the saved metrics: a rating declared 1–5
reads as its mean on 1–5 with its interval on 1–5 on the map's cards, the heatmaps, the
legends and the slides; sources on different scales read as the share of the scale and say
so; a journey file's metrics cache keeps the units and complaint columns, gives the same
numbers after a reload, and a cache written before them still opens."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from test_analytics_realdata import SURVEY, survey_journey
from test_render_map import SAMPLE

from journeymap.analytics import analyse
from journeymap.measures import MEASURES, reading, scale_ticks
from journeymap.metrics_cache import (KEPT, cache_of, evidence_of_cache, fingerprint,
                                      source_digests)
from journeymap.model.document import _source as source_document
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, load, save
from journeymap.render import deck, heatmap, mapview
from journeymap.render.evidence import from_analysis


@pytest.fixture(scope="module")
def survey(request):
    from conftest import REALDATA

    if not REALDATA.is_dir():
        pytest.skip(f"real data not found at {REALDATA}")
    source = FeedbackSource("survey", str(REALDATA / SURVEY), layout="wide",
                            metrics=[MetricColumn("", "rating", 1, 5, na=[0])])
    journey = survey_journey()
    journey.add_source(source)
    return journey, analyse(journey)


def texts(layout, role: str, key: str | None = None) -> list[str]:
    """The texts of ``role`` (as written, whatever line breaks wrapping put in)."""
    return [t.full for t in layout.texts_with(role) if key is None or t.key == key]


def test_the_survey_reads_on_its_declared_scale_in_every_figure(survey):
    journey, analysis = survey
    evidence = from_analysis(analysis)
    booking = next(tp.id for tp in journey.touchpoints() if tp.label == "Ease of Online booking")
    # the heatmap: the cell, the column's heading and the ends of its colour bar
    table = heatmap.touchpoint_by_measure(journey, evidence).layout
    cell = next(c for c in table.cells if c.row == booking and c.column == "rating")
    assert cell.text.startswith("2.89 [2.87, 2.91]  n=24,781")
    assert "Rating, mean on 1–5" in texts(table, "column")
    assert {"1", "5"} <= set(texts(table, "scale"))
    assert "Friction, 0–1" in texts(table, "column")           # friction stays 0..1
    # the map: the card's value and interval, the legend's caption and ticks
    page = mapview.render_map(journey, evidence, "rating").layout
    assert texts(page, "card-value", booking) == ["2.89"]
    assert texts(page, "card-n", booking) == ["[2.87, 2.91] n=24,781"]
    assert "Card colour: Rating, mean on 1–5" in texts(page, "legend")
    assert {"1", "3", "5"} <= set(texts(page, "legend"))
    stage = texts(page, "stage-summary", "book")[0]
    assert " on 1–5 · n=" in stage and 1 <= float(stage.split()[1]) <= 5
    # the slides: the overview's tiles and the heatmap page
    pages = deck.render_deck(journey, analysis, measure="rating", date="2026-01-01")
    tiles = [t for p in pages for t in p.layout.texts_with("tile-value") if t.key == booking]
    assert tiles and {t.text for t in tiles} == {"2.89"}
    cells = [c for p in pages for c in p.layout.cells if c.row == booking
             and c.column == "rating"]
    assert cells and all(c.text.startswith("2.89 [2.87, 2.91]") for c in cells)
    legends = [t.text for p in pages for t in p.layout.texts_with("legend")]
    assert "Colour: Rating, mean on 1–5" in legends


def two_scales(tmp_path) -> tuple[Journey, object]:
    """Touchpoint a rated on 1–5 by one source and on 1–10 by another; b on 1–5 only."""
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    pd.DataFrame({"touchpoint": ["a"] * 40 + ["b"] * 40, "stars": [1, 5] * 40,
                  "nps": [9, 3] * 40}).to_csv(one, index=False)
    pd.DataFrame({"touchpoint": ["a"] * 40, "stars": [1, 10] * 20}).to_csv(two, index=False)
    journey = Journey("Two scales")
    journey.add_stage(Stage("s", "S"))
    for key in ("a", "b"):
        journey.add_touchpoint(Touchpoint(key, key.upper(), stage="s"))
    journey.add_source(FeedbackSource("one", str(one), touchpoint_column="touchpoint",
                                      metrics=[MetricColumn("stars", "rating", 1, 5),
                                               MetricColumn("nps", "nps")]))
    journey.add_source(FeedbackSource("two", str(two), touchpoint_column="touchpoint",
                                      metrics=[MetricColumn("stars", "rating", 1, 10)]))
    return journey, analyse(journey)


def test_mixed_scales_read_as_a_share_and_say_so(tmp_path):
    journey, analysis = two_scales(tmp_path)
    evidence = from_analysis(analysis)
    a, b = evidence.touchpoints["a"], evidence.touchpoints["b"]
    assert reading("rating", a).unit == "share of scale (mixed scales)"
    assert reading("rating", b).full() == "3.00 [2.35, 3.65] on 1–5"
    table = heatmap.touchpoint_by_measure(journey, evidence).layout
    # one column, two scales: its heading and bar speak of the share of the scale
    assert "Rating, share of scale" in texts(table, "column")
    assert [label for _, label in scale_ticks("rating", [a, b])] == ["0", "0.5", "1"]
    cell = {c.row: c for c in table.cells if c.column == "rating"}
    assert cell["a"].text.startswith(reading("rating", a).full(unit=False))
    assert cell["b"].text.startswith("3.00 [2.35, 3.65]")
    # NPS stays −100..100 with its interval
    nps = next(c for c in table.cells if c.row == "b" and c.column == "nps")
    assert nps.text.startswith("+0 [") and "NPS, −100 to +100" in texts(table, "column")


def test_a_saved_cache_keeps_units_and_complaints_and_reads_the_same(tmp_path):
    journey, analysis = two_scales(tmp_path)
    log = tmp_path / "complaints.csv"
    pd.DataFrame({"reason": ["A"] * 3 + ["B"], "theme": ["late", "late", "rude", "late"]}
                 ).to_csv(log, index=False)
    journey.add_source(FeedbackSource("log", str(log), role="complaints",
                                      touchpoint_column="reason",
                                      options={"theme_column": "theme"}))
    analysis = analyse(journey)
    journey.update_journey(metrics_cache=cache_of(analysis, journey, tmp_path))
    path = tmp_path / "two.journey.json"
    save(journey, path)
    saved = json.loads(path.read_text(encoding="utf-8"))["metrics_cache"]["touchpoints"]
    assert saved["b"]["rating_scale"] == "1–5" and saved["a"]["rating_scale"] == "mixed"
    assert saved["a"]["complaint_count"] == 3 and saved["a"]["complaint_themes"] == {
        "late": 2, "rude": 1}
    assert saved["a"]["sources"] == "one, two, log"
    reloaded = load(path)
    assert reloaded.load_notes == []
    cached, live = evidence_of_cache(reloaded.metrics_cache), from_analysis(analysis)
    for key in ("a", "b"):
        for measure in ("friction", "nps", "rating"):
            assert reading(measure, cached.touchpoints[key]).full() == \
                reading(measure, live.touchpoints[key]).full(), (key, measure)
        for column in KEPT:
            want = live.touchpoints[key].get(column)
            if want not in (None, "", {}):
                assert cached.touchpoints[key][column] == want, (key, column)
    # the figures drawn from the cache say what the analysis says
    from_cache = heatmap.touchpoint_by_measure(reloaded, cached).layout
    from_live = heatmap.touchpoint_by_measure(journey, live).layout
    assert [c.text for c in from_cache.cells] == [c.text for c in from_live.cells]


def test_a_cache_written_before_units_still_opens_and_reads_stale(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    doc = json.loads(text)
    new = ("rating_mean", "rating_mean_low", "rating_mean_high", "rating_scale", "ces_mean",
           "ces_mean_low", "ces_mean_high", "ces_scale", "friction_basis", "sources",
           "complaint_count", "complaint_share", "complaints_per_1000",
           "complaints_per_1000_low", "complaints_per_1000_high", "complaint_themes")
    for row in doc["metrics_cache"]["touchpoints"].values():
        for key in new:
            row.pop(key, None)
    # the fingerprint as the first cache format wrote it: the sources and their files only
    sample = load(SAMPLE)
    digests = source_digests(sample, SAMPLE.parent)
    parts = [[source_document(s), digests.get(str(s.resolve(SAMPLE.parent)))]
             for s in sample.sources]
    doc["metrics_cache"]["fingerprint"] = hashlib.sha256(json.dumps(
        parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
    old = tmp_path / SAMPLE.name
    old.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "feedback").symlink_to(SAMPLE.parent / "feedback")
    journey = load(old)
    assert journey.load_notes == [] and journey.metrics_cache is not None
    evidence = evidence_of_cache(journey.metrics_cache)
    row = next(r for r in evidence.touchpoints.values() if r.get("ces") is not None)
    # without the declared scale, a CES reads on the common 1–7 and says so
    assert reading("ces", row).unit == "on 1–7"
    assert heatmap.touchpoint_by_measure(journey, evidence).layout.cells
    # its fingerprint is not today's: the app recomputes it at the next Refresh
    assert journey.metrics_cache["fingerprint"] != fingerprint(journey, tmp_path)
    assert load(SAMPLE).metrics_cache["fingerprint"] == fingerprint(load(SAMPLE),
                                                                    SAMPLE.parent)
    assert MEASURES["friction"].low == 0 and MEASURES["friction"].high == 1


def test_complaints_read_as_counts_and_per_1000_reached_in_the_figures(tmp_path):
    from journeymap.model import Transition

    journey = Journey("Complaints")
    journey.add_stage(Stage("s", "S"))
    for key in ("a", "b", "c"):
        journey.add_touchpoint(Touchpoint(key, key.upper(), stage="s"))
    journey.connect(Transition("a", "b", volume=400))    # 400 customers reach b
    log = tmp_path / "log.csv"
    pd.DataFrame({"reason": ["b"] * 6 + ["c"] * 2}).to_csv(log, index=False)
    journey.add_source(FeedbackSource("log", str(log), role="complaints",
                                      touchpoint_column="reason"))
    evidence = from_analysis(analyse(journey))
    b, c = evidence.touchpoints["b"], evidence.touchpoints["c"]
    assert b["complaint_count"] == 6 and b["complaints_per_1000"] == pytest.approx(15)
    table = heatmap.touchpoint_by_measure(journey, evidence).layout
    cells = {(cell.row, cell.column): cell.text for cell in table.cells}
    assert cells[("b", "complaint_count")] == "6" and cells[("c", "complaint_count")] == "2"
    rate = reading(heatmap.COMPLAINT_MEASURES["complaints_per_1000"], b)
    assert cells[("b", "complaints_per_1000")] == f"15.0 {rate.interval}"
    assert rate.low < 15 < rate.high
    assert cells[("c", "complaints_per_1000")] == "–"   # no traffic known at c
    assert {"Complaints", "Complaints per 1,000 reached"} <= set(texts(table, "column"))
    # on the map: a badge with the count, the rate in the card's tooltip
    sketch = mapview.render_map(journey, evidence)
    page = sketch.layout
    assert "✉ 6" in texts(page, "badge", "b") and "✉ 2" in texts(page, "badge", "c")
    tip = next(t for t in sketch.tooltips.values() if t.startswith("B\n"))
    assert "6 complaints in the complaint log (75% of all), 15.0 per 1,000 customers " \
        "reached" in tip


def test_group_comparisons_read_on_the_declared_scale(capsys):
    from journeymap.app.feedback.heat import difference_heat
    from journeymap.cli import main

    air = SAMPLE.parent / "air_trip.journey.json"
    journey = load(air)
    analysis = analyse(journey, base_dir=air.parent, by="segment:cabin")
    table = analysis.compare("Economy", "Business", "rating").set_index("touchpoint")
    groups = analysis.touchpoints.set_index(["touchpoint", "segment"])
    row = table.loc["search-flights"]
    assert row["scale"] == "1–5"
    assert row["value_a"] == pytest.approx(groups.loc[("search-flights", "Economy"),
                                                      "rating_mean"])
    assert row["value_b"] == pytest.approx(groups.loc[("search-flights", "Business"),
                                                      "rating_mean"])
    assert row["difference"] == pytest.approx(row["value_b"] - row["value_a"])
    share = groups.loc[("search-flights", "Business"), "rating"] - \
        groups.loc[("search-flights", "Economy"), "rating"]
    assert row["difference_high"] - row["difference_low"] > 0
    assert row["difference"] == pytest.approx(4 * share)      # 1–5 is 4 wide
    # the card's Δ colour spans half the declared scale either way
    heat = difference_heat(journey.touchpoint("search-flights"), row.to_dict(), "rating",
                           "Economy", "Business")
    assert heat.text == f"Δ +{row['difference']:.2f}"
    assert main(["metrics", str(air), "--by", "segment:cabin", "--compare", "Economy",
                 "Business", "--compare-measure", "rating"]) == 0
    assert "rating (mean on 1–5): Business compared with Economy" in capsys.readouterr().out
