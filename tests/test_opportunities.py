"""Opportunities as objects: the priority formula, ranking, edits with undo, the file format
and the migration of journeymap/1's free-text opportunities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import (Journey, JourneyError, Opportunity, Stage, Touchpoint, UndoStack,
                              dumps, load, loads, ranked, validate_file)

from strategies import journeys

FIXTURES = Path(__file__).parent / "fixtures"


def small() -> Journey:
    journey = Journey("Shop")
    journey.add_stage(Stage("buy", "Buy"))
    for key in ("browse", "pay", "deliver"):
        journey.add_touchpoint(Touchpoint(key, key.title(), stage="buy",
                                          pain_points=[f"{key} is slow"]))
    return journey


def test_priority_is_value_times_confidence_over_effort():
    o = Opportunity("o", "Save cards", customer_value=4, business_value=3, effort=2,
                    confidence=0.8)
    assert o.priority == pytest.approx((4 + 3) * 0.8 / 2)
    assert Opportunity("p", "Unscored", customer_value=4).priority is None
    best = Opportunity("best", "Best", customer_value=5, business_value=5, effort=1,
                       confidence=1.0)
    assert best.priority == 10  # the top of the scale


def test_ranking_puts_scored_open_ones_first():
    items = [Opportunity("u", "Unscored"),
             Opportunity("low", "Low", customer_value=1, business_value=1, effort=5,
                         confidence=0.5),
             Opportunity("done", "Done", customer_value=5, business_value=5, effort=1,
                         confidence=1, status="done"),
             Opportunity("high", "High", customer_value=5, business_value=4, effort=2,
                         confidence=0.8)]
    assert [o.id for o in ranked(items)] == ["high", "low", "u", "done"]


def test_edits_undo_and_removing_a_touchpoint_unlinks_it():
    journey = small()
    history = UndoStack()
    history.push(journey.add_opportunity(Opportunity("o", "Faster checkout",
                                                     touchpoints=["pay", "deliver"])))
    assert [o.id for o in journey.opportunities_for("pay")] == ["o"]
    history.push(journey.update_opportunity("o", effort=3, status="planned"))
    assert journey.opportunity("o").effort == 3
    history.push(journey.remove_touchpoint("pay"))
    assert journey.opportunity("o").touchpoints == ["deliver"]
    loads(dumps(journey))  # no dangling link is saved
    history.undo()
    assert journey.opportunity("o").touchpoints == ["pay", "deliver"]
    history.undo()
    assert journey.opportunity("o").effort is None and journey.opportunity("o").status == "idea"
    history.undo()
    assert journey.opportunities == []
    with pytest.raises(JourneyError, match="no touchpoint 'ghost'"):
        journey.add_opportunity(Opportunity("x", "X", touchpoints=["ghost"]))
    with pytest.raises(JourneyError, match="status 'someday'"):
        journey.add_opportunity(Opportunity("x", "X", status="someday"))


@settings(max_examples=30, deadline=None)
@given(journeys())
def test_every_journey_round_trips_with_its_opportunities(journey):
    again = loads(dumps(journey))
    assert again == journey
    assert [vars(o) for o in again.opportunities] == [vars(o) for o in journey.opportunities]


def test_the_file_checks_opportunities(tmp_path):
    journey = small()
    journey.add_opportunity(Opportunity("o", "Idea", touchpoints=["pay"], effort=2))
    doc = json.loads(dumps(journey))
    doc["opportunities"][0]["effort"] = 7
    doc["opportunities"][0]["touchpoints"].append("ghost")
    doc["opportunities"].append({"id": "o", "title": "Twice"})
    path = tmp_path / "bad.journey.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    lines = [line.removeprefix(f"{path}: ") for line in validate_file(path)]
    assert lines == ["opportunities[0].effort: 7 is greater than 5"]
    doc["opportunities"][0]["effort"] = 2
    path.write_text(json.dumps(doc), encoding="utf-8")
    lines = [line.removeprefix(f"{path}: ") for line in validate_file(path)]
    assert lines == ["opportunities[1].id: duplicate id 'o' (first used at "
                     "opportunities[0].id)",
                     "opportunities[0].touchpoints[1]: no touchpoint 'ghost'"]


V1 = {
    "format": "journeymap/1", "title": "Old",
    "lanes": [{"id": "customer", "name": "Customer"}],
    "stages": [{"id": "buy", "name": "Buy", "touchpoints": [
        {"id": "pay", "label": "Pay", "channel": "web", "lane": "customer",
         "kind": "experience", "opportunities": ["Save cards", "Apple Pay"]},
        {"id": "ship", "label": "Ship", "channel": "web", "lane": "customer",
         "kind": "experience", "opportunities": ["Text the slot"]}]}],
}


def test_free_text_opportunities_migrate_to_objects():
    journey = loads(json.dumps(V1))
    assert [(o.id, o.title, o.touchpoints, o.status) for o in journey.opportunities] == [
        ("opportunity-1", "Save cards", ["pay"], "idea"),
        ("opportunity-2", "Apple Pay", ["pay"], "idea"),
        ("opportunity-3", "Text the slot", ["ship"], "idea")]
    doc = json.loads(dumps(journey))
    assert doc["format"] == "journeymap/2"
    assert "opportunities" not in doc["stages"][0]["touchpoints"][0]


def test_an_old_sample_file_migrates_whole():
    old = json.loads((FIXTURES / "saas_trial_v1.journey.json").read_text(encoding="utf-8"))
    texts = [(tp["id"], text) for stage in old["stages"] for tp in stage["touchpoints"]
             for text in tp.get("opportunities", [])]
    journey = load(FIXTURES / "saas_trial_v1.journey.json")
    assert [(o.touchpoints[0], o.title) for o in journey.opportunities] == texts
    assert len(texts) >= 15
    again = loads(dumps(journey))
    assert again == journey


# --------------------------------------------------------------- evidence and the CLI
SAMPLE = Path(__file__).resolve().parents[1] / "sample_journeys" / "air_trip.journey.json"


def test_evidence_pools_the_linked_touchpoints():
    from journeymap.analytics import analyse
    from journeymap.analytics.opportunities import opportunity_table

    journey = load(SAMPLE)
    analysis = analyse(journey, base_dir=SAMPLE.parent)
    table = opportunity_table(journey, analysis, {"security": 0.08, "bag-drop": 0.02})
    assert list(table["rank"]) == list(range(1, len(journey.opportunities) + 1))
    open_rows = table[~table["status"].isin(["done", "dropped"])]
    scored = list(open_rows["priority"].dropna())
    assert scored == sorted(scored, reverse=True)
    assert list(open_rows["priority"].notna()) == [True] * len(scored) + [False] * (
        len(open_rows) - len(scored))  # unscored after scored
    assert set(table["status"].iloc[len(open_rows):]) <= {"done", "dropped"}
    row = table.set_index("title").loc["Book a security slot in the app"]
    tps = analysis.overall.set_index("touchpoint").loc[["security", "bag-drop"]]
    assert row["n"] == tps["n"].sum()
    assert row["friction"] == pytest.approx(tps["negative"].sum() / tps["scored"].sum())
    assert row["friction_low"] < row["friction"] < row["friction_high"]
    assert row["driver_weight"] == pytest.approx(0.10)
    # friction written as every figure writes it (measures.Reading), not as a percentage
    assert row["evidence"].startswith(f"friction {row['friction']:.2f} "
                                      f"[{row['friction_low']:.2f}, {row['friction_high']:.2f}]")


def test_the_cli_ranks_and_exports(tmp_path, capsys):
    import pandas as pd

    from journeymap.cli import main

    journey = small()
    journey.add_opportunity(Opportunity("a", "Low", customer_value=1, business_value=1,
                                        effort=5, confidence=0.5, touchpoints=["pay"]))
    journey.add_opportunity(Opportunity("b", "High", customer_value=5, business_value=4,
                                        effort=2, confidence=0.8, owner="Payments",
                                        touchpoints=["pay", "deliver"]))
    path = tmp_path / "shop.journey.json"
    from journeymap.model import save

    save(journey, path)
    assert main(["opportunities", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["opportunities"][0]
    assert (first["id"], first["priority"], first["touchpoint_ids"]) == ("b", 3.6,
                                                                         ["pay", "deliver"])
    assert main(["opportunities", str(path), "-o", str(tmp_path / "b.xlsx")]) == 0
    assert "3.6  High" in capsys.readouterr().out
    sheet = pd.read_excel(tmp_path / "b.xlsx", sheet_name="Opportunities")
    assert list(sheet["title"]) == ["High", "Low"]
    assert main(["opportunities", str(path), "-o", str(tmp_path / "b.csv")]) == 0
    raw = (tmp_path / "b.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrank,id,title,")
    assert main(["opportunities", str(path), "-o", str(tmp_path / "b.txt")]) == 2


@settings(max_examples=30, deadline=None)
@given(journeys(), st.data())
def test_any_journeymap_1_file_migrates_its_free_text(journey, data):
    """A journeymap/1 document (free-text opportunities on any cards, possibly beside an
    id the migration would choose) opens with one opportunity per text, linked to its card,
    in card order after the journey's own."""
    from journeymap.model import to_document

    doc = to_document(journey)
    doc["format"] = "journeymap/1"
    written = []
    for stage in doc["stages"]:
        for tp in stage["touchpoints"]:
            texts = data.draw(st.lists(st.text(max_size=12), max_size=2))
            if texts:
                tp["opportunities"] = texts
                written += [(tp["id"], text) for text in texts]
    own = doc.get("opportunities", [])
    migrated = loads(json.dumps(doc))
    found = migrated.opportunities
    assert [o.id for o in found[:len(own)]] == [o["id"] for o in own]
    assert [(o.touchpoints[0], o.title) for o in found[len(own):]] == written
    assert all(o.status == "idea" and o.priority is None for o in found[len(own):])
    assert loads(dumps(migrated)) == migrated
