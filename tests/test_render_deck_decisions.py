"""The deck's decision pages: key drivers, comment themes and the opportunities to do first,
on the air trip (which has a wide survey with an outcome) and left out where data is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap.analytics import analyse
from journeymap.model import load
from journeymap.render import deck

SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"


def texts(page) -> str:
    return "\n".join(t.full for t in page.layout.texts)


@pytest.fixture(scope="module")
def air_trip():
    path = SAMPLES / "air_trip.journey.json"
    journey = load(path)
    return journey, analyse(journey, base_dir=path.parent)


def test_the_decision_pages(air_trip):
    journey, analysis = air_trip
    from journeymap.render import evidence_of

    board = deck.Deck(journey, evidence_of(journey, analysis), analysis)
    drivers, themes, todo = (deck.build(board, only=[name])
                             for name in ("drivers", "themes", "opportunities"))
    assert len(drivers) == len(themes) == len(todo) == 1
    for sketch in (*drivers, *themes, *todo):  # the deck's footer: legend and definitions
        defined = " ".join(t.text for t in sketch.layout.texts_with("legend-definition"))
        # of what the page shows: the quadrant shows ratings and weights, no friction
        assert ("Friction is" in defined) == (sketch is not drivers[0])
        assert "95% interval" in defined
        assert not sketch.layout.overlapping_texts(0.5)
    page = texts(drivers[0])
    assert "What drives overall_satisfaction" in page and "FIX FIRST" in page
    # the page's title says what the quadrant answers; the figure inside does not repeat it
    assert [t.role for t in drivers[0].layout.texts if "What drives" in t.full] == [
        "page-title"]
    assert "Online check-in and boarding pass" in page
    page = texts(themes[0])
    assert "What customers say where it hurts" in page and "negative" in page
    first = analysis.friction_ranking["label"].iloc[0]
    assert first in page
    page = texts(todo[0])
    best = max((o for o in journey.opportunities if o.status not in ("done", "dropped")
                and o.priority is not None), key=lambda o: o.priority)
    assert "What to do first" in page and best.title in page and "friction" in page
    # friction reads "0.32 [0.29, 0.35]" as on every other page (measures.Reading), never "32%"
    evidence = [t.full for t in todo[0].layout.texts_with("evidence")]
    assert evidence and all(re.match(r"friction \d\.\d\d \[\d\.\d\d, \d\.\d\d\], n=", e)
                            for e in evidence if e != "no data"), evidence
    ranked = deck.build(board, only=["ranking"])[0].layout.texts_with("value")
    assert ranked and all(re.fullmatch(r"\d\.\d\d \[\d\.\d\d, \d\.\d\d\]", t.full)
                          for t in ranked), [t.full for t in ranked][:3]
    for sketch in (*drivers, *themes, *todo):
        assert (sketch.width, sketch.height) == (deck.PAGE_WIDTH, deck.PAGE_HEIGHT)
        small = [t.text for t in sketch.layout.texts if t.size < deck.MIN_TEXT]
        assert not small, small  # readable when projected


def test_pages_without_their_data_are_left_out():
    journey = load(SAMPLES / "online_order.journey.json")  # no wide survey: no drivers
    analysis = analyse(journey, base_dir=SAMPLES)
    from journeymap.render import evidence_of

    board = deck.Deck(journey, evidence_of(journey, analysis), analysis)
    assert deck.build(board, only=["drivers"]) == []
    assert len(deck.build(board, only=["opportunities"])) == 1
    bare = deck.Deck(journey, evidence_of(journey, None), None)
    assert deck.build(bare, only=["drivers", "themes"]) == []
