"""The schema's compiled yes/no check: the same verdict as jsonschema on every document, made
once per process, and the reason a valid file never waits for jsonschema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import dumps, fileformat, load, to_document
from journeymap.model.schemacheck import Unsupported, compile_check
from process_helpers import loaded_after
from strategies import journeys

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_journeys").glob("*.journey.json"))


@pytest.fixture(scope="module")
def reference():
    import jsonschema

    schema = fileformat._schema()
    return jsonschema.validators.validator_for(schema)(schema)


def test_our_schema_compiles_to_the_fast_check():
    check = fileformat._fast_check()
    assert getattr(check, "source", "").startswith("def check(")  # not the fallback


def test_the_check_is_compiled_once_and_reused(tmp_path, monkeypatch):
    made = []

    def counting(schema):
        made.append(schema)
        return compile_check(schema)

    monkeypatch.setattr(fileformat, "compile_check", counting)
    fileformat._fast_check.cache_clear()
    try:
        for sample in SAMPLES[:2] * 2:
            load(sample)
        assert len(made) == 1
    finally:
        fileformat._fast_check.cache_clear()


def test_a_valid_file_is_opened_without_importing_jsonschema():
    code = f"from journeymap.model import load\nload({str(SAMPLES[-1])!r})\n"
    assert loaded_after(code, ["jsonschema"]) == []


def test_a_broken_file_still_gets_jsonschemas_paths(tmp_path):
    doc = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    doc["stages"][1]["touchpoints"][0]["emotion"] = True
    doc["transitions"][2]["kind"] = "sideways"
    path = tmp_path / "broken.journey.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [line.removeprefix(f"{path}: ") for line in fileformat.validate_file(path)] == [
        "stages[1].touchpoints[0].emotion: expected number, got boolean true",
        "transitions[2].kind: 'sideways' is not one of 'expected', 'alternative', "
        "'failure', 'recovery'"]


@pytest.mark.parametrize("schema", [
    {"type": "object", "patternProperties": {"^x": {}}},
    {"type": "string", "format": "email"},
    {"minimum": 1},  # a limit with no type to say which values it constrains
    {"enum": [1, 2]},
    {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}},
])
def test_what_it_cannot_compile_it_refuses_rather_than_check_loosely(schema):
    with pytest.raises(Unsupported):
        compile_check(schema)


# ------------------------------------------------------------- the same verdict as jsonschema
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.floats(-3, 3) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6)
some_keys = st.sampled_from(["id", "name", "label", "kind", "emotion", "position", "format",
                             "volume", "minimum", "na", "touchpoints", "extra", "in_map",
                             "small_sample", "p90_seconds"]) | st.text(max_size=4)
#: What a value of each type is most easily mistaken for, and the edges of every limit.
NEIGHBOURS = {
    str: ["", "x" * 199, "x" * 200, "x" * 201, "experience", "expected", "nps", "long",
          "feedback", "journeymap/1", "journeymap/2", "sqlite:///a.db", "mysql://h/db", 1,
          None, True],
    int: [True, False, -3, -2, 2, 3, 2.0, 3.0, -2.5, -1e-9, 0, -1, 5, 5.5, 10**20, 1.5,
          float("nan"),
          float("inf"), "1", None],
    bool: [0, 1, 1.0, "true", None],
    list: [[], [0], [0, 0], [0.5, 1e9], [0, 0, 0], ["a", "b"], [True, 1], {}, None, "a"],
    dict: [{}, {"a": 1}, {"a": None}, {"a": True}, {"a": "b"}, {"a": {}}, [], None],
    type(None): [0, "", False, []]}
NEIGHBOURS[float] = NEIGHBOURS[int]


def _places(node, path=()):
    """The path of every value in a document, the document's own as ()."""
    yield path
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in items:
        yield from _places(value, (*path, key))


@st.composite
def documents(draw):
    """Journey documents, valid ones and ones with one to three things changed anywhere:
    a value swapped for one it is easily mistaken for or for anything, a key or an item
    taken away or added."""
    if SAMPLES and draw(st.integers(0, 4)) == 0:
        doc = json.loads(draw(st.sampled_from(SAMPLES)).read_text(encoding="utf-8"))
    else:
        doc = json.loads(dumps(draw(journeys())))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(_places(doc))[1:] or [()]))
        if not path:
            continue
        *parents, last = path
        container = doc
        for key in parents:
            container = container[key]
        action = draw(st.sampled_from(["neighbour", "neighbour", "replace", "delete", "add"]))
        if action == "neighbour":
            container[last] = copy.deepcopy(draw(st.sampled_from(
                NEIGHBOURS[type(container[last])])))
        elif action == "replace":
            container[last] = draw(json_values)
        elif action == "delete":
            del container[last]
        elif isinstance(container, dict):
            container[draw(some_keys)] = draw(json_values)
        else:
            container.insert(last, draw(json_values))
    return doc


def rich_document() -> dict:
    """A small document with every optional field of the format filled at least once."""
    doc = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    doc["stages"] = [dict(s, touchpoints=s["touchpoints"][:2]) for s in doc["stages"][:1]]
    doc.update(transitions=doc["transitions"][:2], lanes=doc["lanes"][:2],
               personas=doc["personas"][:2], feedback_sources=doc["feedback_sources"][:1])
    cache = doc["metrics_cache"]
    cache["touchpoints"] = {key: {"n": 3, "nps": 24.1, "small_sample": False, "ces": None}
                            for key in list(cache["touchpoints"])[:1]}
    cache["transitions"] = cache["transitions"][:1]
    cache["rejected"] = {"survey": {"out of range": 2}}
    tp = doc["stages"][0]["touchpoints"][0]
    tp.update(notes=["a quote"], attributes={"a": 1, "b": "x", "c": None, "d": True})
    doc["transitions"][0].update(label="retry", volume=3.5, attributes={"a": 1.5})
    source = doc["feedback_sources"][0]
    source.update(value_map={"pay": tp["id"], "n/a": None}, wide_columns={"q1": tp["id"]},
                  options={"delimiter": ";"}, case_column="who", url="duckdb:///f.db",
                  table="main.answers", query="select 1", engine="duckdb")
    doc["opportunities"] = [{"id": "o1", "title": "Call back", "description": "d",
                             "touchpoints": [tp["id"]], "pain_points": ["slow"],
                             "customer_value": 4, "business_value": 2.5, "effort": 5,
                             "confidence": 0.5, "owner": "ops", "status": "planned"}]
    source["metrics"][0]["na"] = [99, "n/a", None]
    return doc


def test_the_fast_check_agrees_with_jsonschema_on_every_neighbour_of_every_value(reference):
    """Every value of a document with all fields, swapped for each value of another type or
    at the edge of a limit it is easily mistaken for; every key and item deleted; an unknown
    key added to every object."""
    base = rich_document()
    check = fileformat._fast_check()
    assert check(base) and reference.is_valid(base)
    cases, seen = 0, set()
    for path in list(_places(base))[1:]:
        shape = tuple("*" if isinstance(key, int) and key else key for key in path)
        if shape in seen:  # the second touchpoint is checked like the first
            continue
        seen.add(shape)
        *parents, last = path
        for action in [*NEIGHBOURS[type(_at(base, path))], "delete", "add"]:
            doc = copy.deepcopy(base)
            container = _at(doc, parents)
            if action == "delete":
                del container[last]
            elif action == "add":
                if not isinstance(container[last], dict):
                    continue
                container[last]["unknown"] = 1
            else:
                container[last] = copy.deepcopy(action)
            assert check(doc) == reference.is_valid(doc), (path, action)
            cases += 1
    assert cases > 800


def _at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(documents())
def test_the_fast_check_agrees_with_jsonschema(reference, doc):
    assert fileformat._fast_check()(doc) == reference.is_valid(doc)


@settings(max_examples=40, deadline=None)
@given(journeys())
def test_every_valid_journey_takes_the_fast_path(journey):
    assert fileformat._fast_check()(copy.deepcopy(to_document(journey)))
