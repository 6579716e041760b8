"""The loader never raises anything but its own error, for any bytes, and says in words where
and what; whatever loads, saves and loads back the same. One regression test per bug found
by fuzzing (issue 13), then the properties over mutated files."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import JourneyFileError, dumps, load, loads, save, to_document
from journeymap.model.fileformat import remove_orphans

from mutations import document_text, journey_mutant, mutate_bytes, mutate_document, to_draft
from strategies import journeys

SMALL = {
    "format": "journeymap/1", "title": "Small",
    "personas": [{"id": "ann", "name": "Ann"}],
    "lanes": [{"id": "front", "name": "Frontstage"}],
    "stages": [{"id": "buy", "name": "Buy", "touchpoints": [
        {"id": "cart", "label": "Basket", "channel": "web", "lane": "front",
         "kind": "experience", "emotion": 1, "emotions": {"ann": -1}, "position": [10.0, 20.0]},
        {"id": "pay", "label": "Pay", "channel": "web", "lane": "front", "kind": "service"}]}],
    "transitions": [{"source": "cart", "target": "pay", "kind": "expected", "volume": 5}],
}


def problems(text: str | bytes, tmp_path=None) -> list[str]:
    """The lines of the loader's error for ``text`` (fails if it loads or raises otherwise)."""
    try:
        if isinstance(text, bytes):
            path = tmp_path / "x.journey.json"
            path.write_bytes(text)
            load(path)
        else:
            loads(text, "x.journey.json")
    except JourneyFileError as exc:
        lines = exc.lines()
        assert lines and all("\n" not in line and len(line) < 400 for line in lines), lines
        return lines
    raise AssertionError("loaded")


def small(**changes) -> str:
    doc = json.loads(json.dumps(SMALL))
    for path, value in changes.items():
        *head, last = path.split("__")
        node = doc
        for part in head:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return json.dumps(doc)


# ------------------------------------------------------------------ regressions (issue 13)
def test_json_nested_thousands_deep_names_where_not_a_recursion_error():
    for text in ["[" * 5000 + "]" * 5000, small(title="@").replace('"@"', "[" * 3000 + "]" * 3000),
                 '{"a":' * 1200 + "1" + "}" * 1200]:
        (line,) = problems(text)
        assert "line 1 column" in line and "nested more than 64 levels" in line


def test_nesting_a_few_hundred_deep_is_reported_at_its_place():
    text = small(title="@").replace('"@"', "[" * 500 + "]" * 500)
    assert problems(text) == ["x.journey.json: title: expected string, got array [[…]]"]


def test_an_integer_of_thousands_of_digits_is_named_not_python_advice():
    text = small(stages__0__touchpoints__0__emotion="@").replace('"@"', "9" * 5000)
    (line,) = problems(text)
    assert line == ("x.journey.json: stages[0].touchpoints[0].emotion: an integer of 5,000 "
                    "digits is too large for a journey (at most about 1.8e308)")
    assert "set_int_max_str_digits" not in problems('{"format": "journeymap/' + "9" * 5000
                                                    + '"}')[0]


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" + "0" * 400])
@pytest.mark.parametrize("place", ["stages__0__touchpoints__0__emotion",
                                   "stages__0__touchpoints__0__position__0",
                                   "transitions__0__volume"])
def test_non_finite_numbers_are_refused_at_their_path(raw, place):
    (line,) = problems(small(**{place: "@"}).replace('"@"', raw))
    path = place.replace("__0__", "[0].").replace("__", ".").replace(".0", "[0]")
    assert line.startswith(f"x.journey.json: {path}: ")
    assert "not a number a journey can hold" in line or "too large" in line


def test_non_finite_numbers_in_the_metrics_cache_set_it_aside(tmp_path):
    doc = dict(SMALL, metrics_cache={"small_sample": 30, "touchpoints": {"cart": {"n": "@"}}})
    journey = loads(json.dumps(doc).replace('"@"', "NaN"), "x.journey.json")
    assert journey.metrics_cache is None
    assert journey.load_notes and "metrics_cache.touchpoints.cart.n: NaN" in journey.load_notes[0]
    save(journey, tmp_path / "y.journey.json")  # a map that loads must save
    assert dumps(load(tmp_path / "y.journey.json")) == dumps(journey)


def test_a_lone_surrogate_escape_is_refused_because_it_could_not_be_saved():
    (line,) = problems(small(title="@").replace('"@"', '"a\\ud800b"'))
    assert line.startswith("x.journey.json: title: holds a lone surrogate")
    assert loads(small(title="@").replace('"@"', '"\\ud83d\\ude00"')).title == "\U0001F600"


@pytest.mark.parametrize("draft, expected", [
    ({"stages": [1], "touchpoints": [2], "edges": [3]},
     ["stages[0]: expected an object, got 1", "touchpoints[0]: expected an object, got 2",
      "edges[0]: expected an object, got 3"]),
    ({"stages": "abc"}, ["stages: expected an array, got 'abc'"]),
    ({"stages": [{"id": "s", "name": "S"}], "touchpoints": [{"id": "t", "label": "T",
                                                             "stage": ["s"]}]},
     ["touchpoints[0].stage: no stage ['s']"]),
    ({"stages": [{"id": "s", "name": "S"}], "touchpoints": [{"id": "t", "label": "T"}]},
     ["touchpoints[0].stage: missing"]),
    ({"stages": [{"id": "s", "name": "S"}],
      "touchpoints": [{"id": "t", "label": "T", "stage": "s", "x": "left", "y": 3}]},
     ["touchpoints[0].x: expected number, got string 'left'"]),
    ({"stages": [{"id": "s", "name": "S"}],
      "touchpoints": [{"id": "t", "label": "T", "stage": "s"}],
      "edges": [{"from": "t", "to": "nowhere", "kind": "sideways"}, {"from": "t", "to": "t"}]},
     ["edges[0].kind: 'sideways' is not one of 'expected', 'alternative', 'failure', "
      "'recovery'"]),
    ({"stages": [{"id": "s", "name": "S"}],
      "touchpoints": [{"id": "t", "label": "T", "stage": "s"}],
      "edges": [{"from": "t", "to": "nowhere"}]},
     ["edges[0].to: no touchpoint 'nowhere'"]),
])
def test_the_draft_format_with_wrong_shapes_names_places_in_the_draft(draft, expected):
    lines = problems(json.dumps({"format": "journeymap/0", "title": "t", **draft}))
    assert lines == [f"x.journey.json: {e}" for e in expected]
    assert not any("dictionary update sequence" in line for line in lines)


@pytest.mark.parametrize("change, expected", [
    ({"stages__0__touchpoints": 5}, "stages[0].touchpoints: expected array, got number 5"),
    ({"opportunities": 3, "stages__0__touchpoints__0__opportunities": ["Faster"]},
     "opportunities: expected array, got number 3"),
    ({"stages__0__touchpoints__1__opportunities": ["ok", 7]},
     "stages[0].touchpoints[1].opportunities[1]: expected string, got number 7"),
    ({"stages__0__touchpoints__1__opportunities": {"a": 1}},
     "stages[0].touchpoints[1].opportunities: expected string, got object {'a': 1}"),
])
def test_the_format_1_opportunities_step_names_places_as_in_the_file(change, expected):
    assert problems(small(**change)) == [f"x.journey.json: {expected}"]


def test_an_enum_message_quotes_the_start_of_a_long_value():
    (line,) = problems(small(stages__0__touchpoints__0__kind="k" * 3600))
    assert len(line) < 200 and "kkkk…" in line and "is not one of 'experience'" in line


def test_keys_with_line_breaks_and_long_keys_keep_one_line_per_problem():
    lines = problems(small(stages__0__touchpoints__0__emotions={"a\nb": 1, "z" * 900: 1}))
    assert lines == ["x.journey.json: stages[0].touchpoints[0].emotions['a\\nb']: no persona "
                     "'a\\nb'", "x.journey.json: stages[0].touchpoints[0].emotions['zzzzzzzzzz"
                     "zzzzzzzzzzzzzzzzzzzzzzzzzzzz…]: no persona 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
                     "zzzzzzzz…"]


def test_unknown_fields_in_the_metrics_cache_set_it_aside_so_it_saves():
    deep = "[" * 900 + "]" * 900
    journey = loads(json.dumps(dict(SMALL, metrics_cache={"x": "@"})).replace('"@"', deep))
    assert journey.metrics_cache is None and "metrics_cache.x: unknown field" in \
        journey.load_notes[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "utf-32-le"])
def test_utf16_and_utf32_files_with_or_without_byte_order_mark_are_read(tmp_path, encoding):
    path = tmp_path / "x.journey.json"
    path.write_bytes(small(title="Café ☕").encode(encoding))
    assert load(path).title == "Café ☕"


def test_a_windows_1252_file_names_the_line_and_byte(tmp_path):
    text = json.dumps(json.loads(small(title="Café")), indent=2, ensure_ascii=False)
    (line,) = problems(text.encode("cp1252"), tmp_path)
    assert line.endswith("line 3 column 16: byte 0xE9 is not UTF-8 text; a journey file is "
                         "UTF-8 (is this a journey file?)")


def test_folders_and_impossible_names_are_refused_in_words(tmp_path):
    with pytest.raises(JourneyFileError, match="is a folder"):
        load(tmp_path)
    with pytest.raises(JourneyFileError, match="not a file name"):
        load(str(tmp_path / "a\0b"))


def test_a_value_json_cannot_hold_is_named_when_saving(tmp_path):
    journey = loads(small())
    journey.transition("cart", "pay").volume = float("nan")
    with pytest.raises(JourneyFileError) as info:
        save(journey, tmp_path / "y.journey.json")
    assert info.value.lines() == [f"{tmp_path / 'y.journey.json'}: transitions[0].volume: "
                                  "cannot be saved: NaN is not a finite number"]


def test_orphaned_temporary_files_of_killed_saves_go_at_the_next_save(tmp_path):
    target = tmp_path / "map.journey.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    orphan = tmp_path / f".map.journey.json.{dead}.abcd1234.tmp"
    old_style = tmp_path / ".map.journey.json.k2j3h4g5.tmp"  # before names had a pid
    alive = tmp_path / f".map.journey.json.{os.getppid()}.live0000.tmp"  # a save in progress
    other = tmp_path / f".other.journey.json.{dead}.abcd1234.tmp"
    for path in (orphan, old_style, alive, other):
        path.write_text("{")
    os.utime(old_style, (0, 0))
    save(loads(small()), target)
    assert not orphan.exists() and not old_style.exists()
    assert alive.exists() and other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".map")] == [alive.name]
    assert remove_orphans(target) == []


# ------------------------------------------------------------------------- properties
def _round_trip(raw: bytes, tmp_path_factory) -> None:
    """``raw`` loads to a journey or the loader's error; a journey saves and loads back."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "m.journey.json"
    path.write_bytes(raw)
    try:
        journey = load(path)
    except JourneyFileError as exc:
        assert exc.problems and all("\n" not in line for line in exc.lines())
        return
    save(journey, folder / "again.journey.json")
    again = load(folder / "again.journey.json")
    assert dumps(again) == dumps(journey)
    assert to_document(again) == to_document(journey)


FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FAST
@given(journeys(max_touchpoints=6), st.randoms(use_true_random=False))
def test_any_mutant_of_a_valid_journey_loads_or_is_refused_in_words(tmp_path_factory,
                                                                     journey, rng):
    _round_trip(journey_mutant(to_document(journey), rng), tmp_path_factory)


@FAST
@given(journeys(max_touchpoints=6), st.randoms(use_true_random=False), st.integers(1, 6))
def test_any_byte_mutation_loads_or_is_refused_in_words(tmp_path_factory, journey, rng, count):
    _round_trip(mutate_bytes(dumps(journey).encode(), rng, count), tmp_path_factory)


@FAST
@given(journeys(max_touchpoints=6), st.randoms(use_true_random=False), st.integers(0, 4),
       st.booleans())
def test_any_structure_mutation_in_either_format_loads_or_is_refused(tmp_path_factory, journey,
                                                                     rng, count, draft):
    doc = to_document(journey)
    doc = to_draft(doc) if draft else doc
    _round_trip(document_text(mutate_document(doc, rng, count), rng).encode(),
                tmp_path_factory)


def test_the_sample_journeys_survive_a_few_hundred_mutants(tmp_path_factory):
    from conftest import SAMPLES

    rng = random.Random(13)
    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(SAMPLES.glob("*.journey.json"))]
    for _ in range(150):
        _round_trip(journey_mutant(rng.choice(docs), rng), tmp_path_factory)
