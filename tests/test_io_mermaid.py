"""Mermaid journey import and export: real diagrams, tolerance, notes, errors, round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.io import InteropError, from_mermaid, read_mermaid, to_mermaid, write_mermaid
from journeymap.model import Journey, Persona, Stage, Touchpoint, load
from journeymap.model.layout import CARD_WIDTH, grid

#: What Mermaid's lexer reads as a keyword at the start of a line (case-insensitive).
MERMAID_KEYWORD = re.compile(r"(journey|title\s|section\s|accTitle\s*:|accDescr\s*[:{]|%|#)",
                             re.IGNORECASE)
REAL = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "shared" / "realdata"
                                / "journeys").glob("*.mmd"))


def shape(journey: Journey) -> list[tuple[str, list[tuple[str, float | None, list[str]]]]]:
    """What a Mermaid round trip must keep: stages in order, their tasks in order with the
    score and the actors' names."""
    names = {p.id: p.name for p in journey.personas}
    return [(s.name, [(tp.label, tp.emotion, sorted(names[p] for p in tp.emotions))
                      for tp in journey.touchpoints(s.id)]) for s in journey.stages]


def assert_laid_out(journey: Journey) -> None:
    """Every card placed inside its stage column, none overlapping another."""
    columns = {band.id: band for band in grid(journey).stages}
    seen: list[tuple[float, float]] = []
    for tp in journey.touchpoints():
        assert tp.position is not None
        x, y = tp.position
        band = columns[tp.stage]
        assert band.start + CARD_WIDTH / 2 <= x <= band.end - CARD_WIDTH / 2
        assert all(abs(x - ox) >= CARD_WIDTH or oy != y for ox, oy in seen)
        seen.append((x, y))


# ------------------------------------------------------------------------ real diagrams
@pytest.mark.parametrize("name", REAL)
def test_every_real_diagram_imports_lays_out_and_round_trips(realdata, name):
    journey, notes = read_mermaid(realdata / "journeys" / name)
    text = (realdata / "journeys" / name).read_text(encoding="utf-8")
    tasks = [line for line in text.splitlines()
             if line.count(":") >= 2 and not line.strip().startswith(("title", "section"))]
    assert len(journey) == len(tasks)  # every task line became a touchpoint
    assert journey.stages and len(journey.transitions()) == len(journey) - 1
    assert all(-2 <= tp.emotion <= 2 for tp in journey.touchpoints())
    assert_laid_out(journey)
    exported = to_mermaid(journey)
    again, again_notes = from_mermaid(exported)
    assert shape(again) == shape(journey)
    assert again.title == journey.title
    assert to_mermaid(again) == exported
    assert [m for _, m in again_notes] == [m for _, m in notes if "separate stage" in m]


def test_canonical_example_scores_actors_and_chain(realdata):
    journey, notes = read_mermaid(realdata / "journeys" / "01_mermaid_my_working_day.mmd")
    assert notes == []
    assert journey.title == "My working day"
    assert [s.name for s in journey.stages] == ["Go to work", "Go home"]
    assert [p.name for p in journey.personas] == ["Me", "Cat"]
    work = journey.touchpoint("do-work")
    assert (work.label, work.emotion, work.emotions) == ("Do work", -2, {"me": -2, "cat": -2})
    assert journey.touchpoint("make-tea").emotion == 2
    assert [(t.source, t.target) for t in journey.transitions()][:2] == [
        ("make-tea", "go-upstairs"), ("go-upstairs", "do-work")]
    assert {tp.lane for tp in journey.touchpoints()} == {"customer"}


def test_repeated_section_names_are_separate_stages_and_noted(realdata):
    journey, notes = read_mermaid(realdata / "journeys" / "05_mermaid_webhook_lifecycle.mmd")
    assert [(s.id, s.name) for s in journey.stages] == [
        ("darkoob", "Darkoob"), ("external-service", "External Service"),
        ("darkoob-2", "Darkoob")]
    assert [tp.label for tp in journey.touchpoints("darkoob-2")] == [
        "check for inputs", "run the prebuilt job"]
    assert notes == [(11, "section 'Darkoob' also starts at line 3: kept as a separate stage "
                          "(darkoob-2)")]
    assert journey.touchpoint("register-slug").emotion == 2  # "register slug : 5 : ..."
    # Actor names are kept as Mermaid reads them: trimmed, inner spaces untouched.
    assert any(p.name.endswith("diagram is  maintained") for p in journey.personas)
    assert journey.title == "Web hook life cycle"


def test_repeated_task_names_get_distinct_ids_and_crlf_is_read(realdata):
    journey, _ = read_mermaid(realdata / "journeys" / "02_mermaid_go_shopping.mmd")
    cars = [tp for tp in journey.touchpoints() if tp.label == "Get into car"]
    assert [tp.id for tp in cars] == ["get-into-car", "get-into-car-2"]
    assert journey.touchpoint("get-car-keys").emotion == 2  # "Get car keys:5: Dad"
    assert [p.name for p in journey.personas] == ["Dad", "Mum", "Child 1", "Child 2"]


def test_front_matter_skipped_and_stray_line_noted_with_its_line(realdata):
    journey, notes = read_mermaid(realdata / "journeys" /
                                  "04_mermaid_onboarding_engagement_retention.mmd")
    assert journey.title == "User Journey Example"
    assert len(journey) == 6
    assert notes == [(21, "not a task (score '2rem' is not a number), skipped: 'size: 2rem'")]


# --------------------------------------------------------------------------- tolerance
def test_tolerates_what_hand_written_diagrams_contain():
    text = "\ufeff" + "\n".join([
        "```mermaid",
        "%%{init: {'theme': 'forest'}}%%",
        "journey",
        "  accTitle: Ordering lunch",
        "  accDescr {",
        "    How we order lunch",
        "    at the office",
        "  }",
        "%% a comment",
        "# another comment",
        "\tLook at the menu : 4",                 # before any section, tab, no actors
        "section   Order",
        "        Pay at 10:30: 4: Me",            # a name holding a colon
        "Wait:   : Me,  Colleague ,",             # empty score, odd actor list
        "  Eat: 5: Me # with a comment",
        "  Burp",                                 # stray
        "```",
    ])
    journey, notes = from_mermaid(text)
    assert journey.title == "Ordering lunch"
    assert journey.description == "How we order lunch\nat the office"
    assert [s.name for s in journey.stages] == ["(no section)", "Order"]
    assert [(tp.label, tp.emotion) for tp in journey.touchpoints()] == [
        ("Look at the menu", 1), ("Pay at 10:30", 1), ("Wait", None), ("Eat", 2)]
    assert [p.name for p in journey.personas] == ["Me", "Colleague"]
    assert journey.touchpoint("wait").emotions == {}
    assert journey.touchpoint("eat").emotions == {"me": 2}
    assert [line for line, _ in notes] == [13, 14, 16]
    assert "holds ':'" in notes[0].message and "no score" in notes[1].message
    assert "skipped: 'Burp'" in notes[2].message
    assert_laid_out(journey)


def test_scores_outside_1_to_5_are_clamped_noted_and_exported_back():
    text = "journey\ntitle T\nsection S\n  High: 7: A\n  Low: 0\n  Half: 4.5: A\n  Neg: -1\n"
    journey, notes = from_mermaid(text)
    high, low, half, neg = journey.touchpoints()
    assert (high.emotion, high.attributes) == (2, {"mermaid_score": 7})
    assert (low.emotion, low.attributes) == (-2, {"mermaid_score": 0})
    assert (half.emotion, half.attributes) == (1.5, {})
    assert neg.attributes == {"mermaid_score": -1}
    assert [(line, m.split(" of ")[0]) for line, m in notes] == [
        (4, "score 7"), (5, "score 0"), (7, "score -1")]
    assert "emotion set to +2" in notes[0].message
    exported = to_mermaid(journey)
    assert "High: 7: A" in exported and "Low: 0\n" in exported and "Half: 4.5: A" in exported
    # Once the designer changes the emotion, the emotion decides the score.
    journey.update_touchpoint(high.id, emotion=-1)
    assert "High: 2: A" in to_mermaid(journey)


def test_title_falls_back_to_front_matter_then_file_name(tmp_path):
    journey, _ = from_mermaid("---\ntitle: From front matter\nconfig:\n  x: 1\n---\njourney\n"
                              "section A\n  t: 3\n")
    assert journey.title == "From front matter"
    path = tmp_path / "lunch.mmd"
    path.write_text("journey\nsection A\n  t: 3\n", encoding="utf-8")
    assert read_mermaid(path)[0].title == "lunch"


@pytest.mark.parametrize("text, line, message", [
    ("flowchart TD\n  A --> B\n", 1, "a Mermaid flowchart diagram, not a journey"),
    ("\n\n%% hi\nsequenceDiagram\n", 4, "a Mermaid sequenceDiagram diagram"),
    ("Hello there\njourney\n", 1, "expected 'journey' to start the diagram, found 'Hello there'"),
    ("---\ntitle: x\njourney\n", 1, "front matter opened with --- is never closed"),
    ("journey\naccDescr {\n  never closed\n", 3, "accDescr { is never closed"),
])
def test_what_is_not_a_journey_raises_naming_the_line(text, line, message):
    with pytest.raises(InteropError) as caught:
        from_mermaid(text)
    assert caught.value.where == line
    assert str(caught.value).startswith(f"line {line}: {message}")


def test_empty_text_and_bad_files_raise_naming_the_file(tmp_path):
    with pytest.raises(InteropError, match="no diagram"):
        from_mermaid("\n%% only a comment\n")
    with pytest.raises(InteropError, match=r"missing\.mmd: No such file"):
        read_mermaid(tmp_path / "missing.mmd")
    binary = tmp_path / "b.mmd"
    binary.write_bytes(b"journey\n\xff\xfe")
    with pytest.raises(InteropError, match=r"b\.mmd: not UTF-8 text"):
        read_mermaid(binary)
    other = tmp_path / "pie.mmd"
    other.write_text("pie\n", encoding="utf-8")
    with pytest.raises(InteropError, match=r"pie\.mmd: line 1: a Mermaid pie diagram"):
        read_mermaid(other)


# ------------------------------------------------------------------------------ export
def test_names_mermaid_cannot_hold_are_escaped_and_come_back():
    journey = Journey("Q3: the #1 journey; really")
    journey.add_persona(Persona("p", "Smith, Jo: 100%%"))
    journey.add_stage(Stage("s", "Step 1: Context #2; x"))
    labels = ["Journey starts", "title deed", "section 9: rules", "Pay: now", "%% not a comment",
              "a%%b", "two\nlines", "accTitle: x", "accDescr {y", "#hashtag", "%1 done"]
    for i, label in enumerate(labels):
        journey.add_touchpoint(Touchpoint(f"t{i}", label, "s", emotion=1, emotions={"p": 1}))
    text = to_mermaid(journey)
    lines = text.splitlines()
    section = next(line for line in lines if line.strip().startswith("section"))
    assert not any(c in section for c in ":#;")
    tasks = lines[lines.index(section) + 1:]
    assert len(tasks) == len(labels)
    for task in tasks:
        name, score, actors = task.split(":")
        assert score.strip() == "4" and "," not in actors and "#" not in task
        assert not MERMAID_KEYWORD.match(name.strip())
    again, notes = from_mermaid(text)
    assert notes == []
    assert again.title == journey.title
    assert [s.name for s in again.stages] == ["Step 1: Context #2; x"]
    assert [p.name for p in again.personas] == ["Smith, Jo: 100%%"]
    assert [tp.label for tp in again.touchpoints()] == [
        label.replace("\n", " ") for label in labels]


def test_export_of_unscored_touchpoints_uses_personas_then_neutral(tmp_path):
    journey = Journey("J", "one\ntwo } three")
    journey.add_persona(Persona("a", "A"))
    journey.add_persona(Persona("b", "B"))
    journey.add_stage(Stage("s", "S"))
    journey.add_touchpoint(Touchpoint("x", "Mixed", "s", emotions={"b": 2, "a": -1}))
    journey.add_touchpoint(Touchpoint("y", "Nothing", "s"))
    path = tmp_path / "j.mmd"
    write_mermaid(journey, path)
    text = path.read_text(encoding="utf-8")
    assert "        Mixed: 3.5: A, B\n" in text  # persona order, mean score
    assert "        Nothing: 3\n" in text
    assert "    accDescr {\n        one\n        two \uff5d three\n    }\n" in text
    assert from_mermaid(text)[0].description == "one\ntwo \uff5d three"


def test_friction_export_scores_measured_touchpoints(realdata):
    analytics = pytest.importorskip("journeymap.analytics")
    sample = Path(__file__).resolve().parents[1] / "sample_journeys" / "online_order.journey.json"
    journey = load(sample)
    analysis = analytics.analyse(journey, base_dir=sample.parent)
    friction = analysis.measure_values("friction")
    text = to_mermaid(journey, analysis)
    assert "%% scores: 1 + 4 x (1 - measured friction)" in text
    scores = {tp.id: float(line.split(":")[1]) for tp, line in zip(
        journey.touchpoints(), [line for line in text.splitlines()
                                if line.startswith(" " * 8)])}
    measured = friction.dropna()
    assert len(measured) > 5
    for key, value in measured.items():
        assert scores[key] == int(1 + 4 * (1 - value) + 0.5)
    for key in set(scores) - set(measured.index):
        emotion = journey.touchpoint(key).emotion
        assert scores[key] == (3 if emotion is None else emotion + 3)


# ------------------------------------------------------------------- property: round trip
names = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"),
                              exclude_characters="\ua789\u266f\u204f\u201a\u200b\uff5d"),
                min_size=1, max_size=15).map(str.strip).filter(bool)
keyword_names = st.sampled_from(["journey", "Title x", "section y", "%%z", "%y", "#q",
                                 "accDescr: w"])
scores = st.one_of(st.none(), st.integers(-2, 2),
                   st.decimals(-2, 2, places=3).map(lambda d: float(d) or 0))


@st.composite
def mermaid_journeys(draw) -> Journey:
    journey = Journey(draw(names))
    personas = draw(st.lists(names, max_size=3, unique=True))
    for i, name in enumerate(personas):
        journey.add_persona(Persona(f"p{i}", name))
    for s in range(draw(st.integers(1, 4))):
        journey.add_stage(Stage(f"s{s}", draw(names | keyword_names)))
        for t in range(draw(st.integers(0, 4))):
            score = draw(scores)
            who = draw(st.lists(st.sampled_from([p.id for p in journey.personas]), unique=True)
                       ) if personas and score is not None else []
            journey.add_touchpoint(Touchpoint(f"s{s}t{t}", draw(names | keyword_names),
                                              f"s{s}", emotion=score,
                                              emotions={p: score for p in who}))
    return journey


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mermaid_journeys())
def test_export_then_import_keeps_stages_touchpoints_order_and_scores(journey):
    text = to_mermaid(journey)
    again, notes = from_mermaid(text)
    assert all("separate stage" in message for _, message in notes)
    expected = [(name, [(label, 0 if emotion is None else emotion, actors)
                        for label, emotion, actors in tasks])
                for name, tasks in shape(journey)]
    assert shape(again) == expected
    assert again.title == journey.title
    # Actors follow the journey's persona order, which an import takes from first use; from
    # then on the text is a fixed point.
    text = to_mermaid(again)
    assert to_mermaid(from_mermaid(text)[0]) == text
