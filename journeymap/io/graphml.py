"""GraphML for Gephi, yEd and other graph tools (through networkx), and back.

Written: one node per touchpoint (id = the touchpoint id) with every field of the touchpoint:
``label``, ``stage`` (id), ``stage_name``, ``stage_index``, ``order`` (place in the stage),
``channel``, ``lane``, ``lane_name``, ``kind``, ``owner``, ``description``, ``emotion``,
``x``/``y`` (the card's centre); one edge per transition with ``kind``, ``label``, ``volume``.
Lists and dicts (``emotions``, ``pain_points``, ``notes``, ``tags``, ``attributes``) are
JSON text, so they come back with their types. The graph itself holds ``title``,
``description`` and, as JSON, the ordered ``stages``, ``lanes``, ``personas``,
``opportunities`` and ``feedback_sources``; a node's ``opportunities`` (free text, as
journeymap/1 wrote them) become opportunity objects, as when a journeymap/1 file is opened.
With an analysis, the measured values (``friction``, ``nps``, ``n``, ...) are added to the
nodes for colouring in Gephi; reading ignores them, since they are derived.

Text that XML cannot hold (control characters, a carriage return) is written as a JSON string
literal and the element's ``json_fields`` lists those fields, so every text survives.

Read: the journey comes back whole from a file written here. From other tools, what is missing
is filled in and noted: nodes without a stage go to one stage, unknown stages and lanes are
created, labels default to node ids, unknown node attributes are kept in the touchpoint's
``attributes``. Problems name the element (``node 'pay': emotion: 7 is greater than 2``).
"""

from __future__ import annotations

import json
import math
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import fields
from pathlib import Path
from typing import Any

import networkx as nx

from journeymap.model import DEFAULT_LANES, Journey, Touchpoint, to_document
from journeymap.model.document import FORMAT_NAME, FORMAT_VERSION, check_document, from_document
from journeymap.model.fileformat import MIGRATIONS, schema_problems, write_atomic
from journeymap.model.layout import auto_layout

from .common import ImportNote, InteropError

FORMAT = f"{FORMAT_NAME}/{FORMAT_VERSION}"
#: Touchpoint fields, from the model itself so a field added there is carried here too.
_FIELDS = {f.name: f for f in fields(Touchpoint) if f.name not in ("id", "stage", "position")}
#: Defaults of required fields for nodes written by other tools.
_DEFAULTS = {"channel": "", "lane": "frontstage", "kind": "experience"}
#: Node attributes written for an analysis: derived, so never read back.
MEASURED = ("n", "friction", "friction_low", "friction_high", "nps", "nps_low", "nps_high",
            "csat", "csat_low", "csat_high", "ces", "ces_low", "ces_high", "small_sample")
_STRUCTURE = {"stage", "stage_name", "stage_index", "order", "lane_name", "x", "y",
              "json_fields", "opportunities", *_FIELDS}
_XML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
DEFAULT_STAGE = "Imported"


# ------------------------------------------------------------------------------ writing
def to_graphml(journey: Journey, analysis: Any = None) -> str:
    """The journey as GraphML text."""
    graph = nx.DiGraph()
    doc = to_document(journey)
    graph.graph.update(_encoded({
        "journeymap": FORMAT, "title": journey.title, "description": journey.description,
        "stages": [{k: v for k, v in s.items() if k != "touchpoints"} for s in doc["stages"]],
        "lanes": doc["lanes"], "personas": doc["personas"],
        "opportunities": doc.get("opportunities", []),
        "feedback_sources": doc.get("feedback_sources", [])}))
    measured = _measured(analysis) if analysis is not None else {}
    lanes = {lane.id: lane.name for lane in journey.lanes}
    for index, stage in enumerate(doc["stages"]):
        for order, tp in enumerate(stage["touchpoints"]):
            node: dict[str, Any] = {"label": tp["label"], "stage": stage["id"],
                                    "stage_name": stage["name"], "stage_index": index,
                                    "order": order, "lane_name": lanes[tp["lane"]]}
            node.update({k: v for k, v in tp.items() if k not in ("id", "position")})
            if "position" in tp:
                node["x"], node["y"] = tp["position"]
            node.update(measured.get(tp["id"], {}))
            graph.add_node(tp["id"], **_encoded(node))
    for t in doc["transitions"]:
        graph.add_edge(t["source"], t["target"],
                       **_encoded({k: v for k, v in t.items() if k not in ("source", "target")}))
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def write_graphml(journey: Journey, path: str | os.PathLike[str], analysis: Any = None) -> None:
    """Write :func:`to_graphml` to ``path`` atomically."""
    write_atomic(path, '<?xml version="1.0" encoding="utf-8"?>\n' + to_graphml(journey, analysis))


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    """GraphML-ready values: no ``None``, floats for numbers (one type per key), JSON text for
    lists and dicts, JSON string literals for text XML cannot hold."""
    out: dict[str, Any] = {}
    literal = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            value = _json(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                and key not in ("stage_index", "order", "n"):
            value = float(value)
        elif isinstance(value, str) and _XML_UNSAFE.search(value):
            value = json.dumps(value)
            literal.append(key)
        out[key] = value
    if literal:
        out["json_fields"] = _json(literal)
    return out


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _measured(analysis: Any) -> dict[str, dict[str, Any]]:
    """Measured values per touchpoint id; over all responses when the analysis is by group."""
    table = getattr(analysis, "overall", None)
    if table is None:
        table = analysis.touchpoints
    columns = [c for c in MEASURED if c in table.columns]
    out: dict[str, dict[str, Any]] = {}
    for row in table[["touchpoint", *columns]].to_dict("records"):
        values = {}
        for c in columns:
            v = row[c]
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            values[c] = bool(v) if c == "small_sample" else (int(v) if c == "n" else float(v))
        out[str(row["touchpoint"])] = values
    return out


# ------------------------------------------------------------------------------ reading
def read_graphml(path: str | os.PathLike[str]) -> tuple[Journey, list[ImportNote]]:
    """A journey from a GraphML file, and what the import noted. Errors name the file and the
    element."""
    try:
        graph = nx.read_graphml(Path(path), node_type=str)
    except OSError as exc:
        raise InteropError(exc.strerror or str(exc), file=str(path)) from None
    except ET.ParseError as exc:
        raise InteropError(f"not XML: {exc}", file=str(path)) from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        raise InteropError(f"not GraphML: {exc}", file=str(path)) from None
    try:
        return from_graph(graph, default_title=Path(path).name.split(".")[0])
    except InteropError as exc:
        raise exc.in_file(str(path)) from None


def from_graphml(text: str) -> tuple[Journey, list[ImportNote]]:
    """:func:`read_graphml` on GraphML text."""
    try:
        graph = nx.parse_graphml(text, node_type=str)
    except ET.ParseError as exc:
        raise InteropError(f"not XML: {exc}") from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        raise InteropError(f"not GraphML: {exc}") from None
    return from_graph(graph)


def from_graph(graph: nx.Graph, default_title: str = "Untitled journey"
               ) -> tuple[Journey, list[ImportNote]]:
    """A journey from a networkx graph read from GraphML (see the module's description)."""
    reader = _Reader(graph, default_title)
    doc = reader.document()
    problems = schema_problems(doc) or check_document(doc)
    if problems:
        first = problems[0]
        where, field = reader.element_of(first.path)
        raise InteropError(f"{field + ': ' if field else ''}{first.message}", where,
                           more=len(problems) - 1)
    journey = from_document(doc)
    positioned = [tp.position is not None for tp in journey.touchpoints()]
    if "journeymap" not in graph.graph and not all(positioned):
        # From another tool: place the cards so the map is ready to edit. A file written by
        # journeymap comes back as it was, unplaced cards included.
        auto_layout(journey, only_missing=any(positioned))
    return journey, reader.notes


_TOUCHPOINT_PATH = re.compile(r"stages\[(\d+)\]\.touchpoints\[(\d+)\]\.?(.*)")
_TRANSITION_PATH = re.compile(r"transitions\[(\d+)\]\.?(.*)")
_GROUP_PATH = re.compile(r"(stages|lanes|personas|opportunities|feedback_sources)\[(\d+)\](.*)")


class _Reader:
    """Turns a networkx graph into a journey document, remembering which GraphML element each
    part of the document came from so problems can name it."""

    def __init__(self, graph: nx.Graph, default_title: str) -> None:
        self.graph = graph
        self.default_title = default_title
        self.notes: list[ImportNote] = []
        self.nodes: dict[tuple[int, int], str] = {}          # (stage, index) -> node id
        self.edges: list[tuple[str, str]] = []
        self.stage_origin: dict[int, str] = {}               # stages made up from a node

    # ------------------------------------------------------------------ values
    def text(self, data: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = data.get(key, default)
        if key in self.literal_fields(data, where) and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass  # edited by hand since: take the text as it is
        return value if isinstance(value, str) else str(value)

    def literal_fields(self, data: dict[str, Any], where: str) -> list[str]:
        return self.json(data, "json_fields", list, where) if "json_fields" in data else []

    def json(self, data: dict[str, Any], key: str, kind: type, where: str) -> Any:
        """A list or dict written as JSON text (the empty one when the attribute is absent)."""
        if key not in data:
            return kind()
        try:
            value = json.loads(data[key]) if isinstance(data[key], str) else None
        except ValueError as exc:
            raise InteropError(f"{key}: not JSON ({exc})", where) from None
        if not isinstance(value, kind):
            wanted = "a list" if kind is list else "an object"
            raise InteropError(f"{key}: expected JSON {wanted}, got {str(data[key])[:40]!r}",
                               where) from None
        return value

    @staticmethod
    def number(data: dict[str, Any], key: str) -> Any:
        """A number, or what was there for the schema to reject; NaN counts as missing."""
        value = data.get(key)
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    # ---------------------------------------------------------------- document
    def document(self) -> dict[str, Any]:
        meta = self.graph.graph
        fmt = meta.get("journeymap")
        if isinstance(fmt, str) and fmt != FORMAT:
            match = re.fullmatch(rf"{FORMAT_NAME}/(\d+)", fmt)
            if match and int(match.group(1)) > FORMAT_VERSION:
                raise InteropError(f"written by a newer journeymap ({fmt}); update journeymap "
                                   "to read it", "graph")
        doc: dict[str, Any] = {
            "format": FORMAT,
            "title": self.text(meta, "title", "graph", self.default_title),
            "description": self.text(meta, "description", "graph"),
            "personas": self.json(meta, "personas", list, "graph"),
            "lanes": self.json(meta, "lanes", list, "graph") if "lanes" in meta else [
                {"id": key, "name": name} for key, name in DEFAULT_LANES],
            "stages": [dict(s, touchpoints=[]) if isinstance(s, dict) else s
                       for s in self.json(meta, "stages", list, "graph")],
            "transitions": [],
            "feedback_sources": self.json(meta, "feedback_sources", list, "graph"),
        }
        if "opportunities" in meta:
            doc["opportunities"] = self.json(meta, "opportunities", list, "graph")
        if not doc["description"]:
            del doc["description"]
        if not self.graph.is_directed():
            self.notes.append(ImportNote("graph", "undirected graph: each edge is read as a "
                                                  "transition from its first to its second end"))
        self._touchpoints(doc)
        self._transitions(doc)
        return MIGRATIONS[1](doc)

    def _touchpoints(self, doc: dict[str, Any]) -> None:
        stages = doc["stages"]
        index_of = {s.get("id"): i for i, s in enumerate(stages) if isinstance(s, dict)}
        lanes = {lane.get("id") for lane in doc["lanes"] if isinstance(lane, dict)}
        placed: list[tuple[int, float, int, str, dict[str, Any]]] = []
        without_stage = []
        for file_index, (node, data) in enumerate(self.graph.nodes(data=True)):
            where = f"node {node!r}"
            stage = data.get("stage")
            if stage is None:
                without_stage.append(node)
                stage = self._default_stage(stages, index_of)
            stage = str(stage)
            if stage not in index_of:
                index_of[stage] = len(stages)
                stages.append({"id": stage, "name": self.text(data, "stage_name", where, stage),
                               "touchpoints": []})
                self.stage_origin[index_of[stage]] = where
                self.notes.append(ImportNote(where, f"stage {stage!r} is not among the graph's "
                                                    "stages: added at the end"))
            tp = self._touchpoint(node, data, where)
            lane = tp["lane"]
            if lane not in lanes:
                lanes.add(lane)
                doc["lanes"].append({"id": lane, "name": self.text(data, "lane_name", where,
                                                                   lane)})
                self.notes.append(ImportNote(where, f"lane {lane!r} added"))
            order = self.number(data, "order")
            rank = float(order) if isinstance(order, (int, float)) else math.inf
            placed.append((index_of[stage], rank, file_index, node, tp))
        if without_stage:
            self.notes.append(ImportNote("graph", f"{len(without_stage)} node"
                                                  f"{'s' * (len(without_stage) != 1)} without a "
                                                  f"stage put in stage {DEFAULT_STAGE!r}"))
        for stage_index, _, _, node, tp in sorted(placed, key=lambda p: p[:3]):
            touchpoints = stages[stage_index]["touchpoints"]
            self.nodes[(stage_index, len(touchpoints))] = node
            touchpoints.append(tp)

    def _default_stage(self, stages: list[dict[str, Any]], index_of: dict[Any, int]) -> str:
        for s in stages:
            if s.get("name") == DEFAULT_STAGE and s.get("id") in index_of:
                return s["id"]
        key, n = DEFAULT_STAGE.lower(), 2
        while key in index_of or key in self.graph:
            key, n = f"{DEFAULT_STAGE.lower()}-{n}", n + 1
        index_of[key] = len(stages)
        stages.append({"id": key, "name": DEFAULT_STAGE, "touchpoints": []})
        return key

    def _touchpoint(self, node: str, data: dict[str, Any], where: str) -> dict[str, Any]:
        tp: dict[str, Any] = {"id": node, "label": self.text(data, "label", where, node),
                              **{k: self.text(data, k, where, v) for k, v in _DEFAULTS.items()}}
        for key, spec in _FIELDS.items():
            if key in tp or key not in data:
                continue
            if spec.default_factory in (list, dict):  # type: ignore[comparison-overlap]
                value = self.json(data, key, spec.default_factory, where)
            elif isinstance(data[key], str):
                value = self.text(data, key, where)
            else:
                value = self.number(data, key)
            if value not in (None, "", [], {}):
                tp[key] = value
        if "opportunities" in data:  # free text, as journeymap/1 wrote it: see document()
            tp["opportunities"] = self.json(data, "opportunities", list, where)
        x, y = self.number(data, "x"), self.number(data, "y")
        if x is not None and y is not None:
            tp["position"] = [x, y]
        known = tp.get("attributes", {})
        extra = {k: v for k, v in data.items()
                 if k not in _STRUCTURE and k not in MEASURED and k not in known}
        if extra:
            tp["attributes"] = {**known, **extra}
        return tp

    def _transitions(self, doc: dict[str, Any]) -> None:
        seen: set[tuple[str, str]] = set()
        multi = self.graph.is_multigraph()
        edges = self.graph.edges(keys=True, data=True) if multi else self.graph.edges(data=True)
        for edge in edges:
            source, target, data = str(edge[0]), str(edge[1]), edge[-1]
            where = f"edge {source!r} → {target!r}"
            if (source, target) in seen:
                self.notes.append(ImportNote(where, "a second edge between the same two nodes, "
                                                    "skipped (a journey has one per pair)"))
                continue
            seen.add((source, target))
            t: dict[str, Any] = {"source": source, "target": target,
                                 "kind": self.text(data, "kind", where, "expected")}
            label, volume = self.text(data, "label", where), self.number(data, "volume")
            if label:
                t["label"] = label
            if volume is not None:
                t["volume"] = volume
            attributes = self.json(data, "attributes", dict, where)
            attributes.update({k: v for k, v in data.items() if k not in
                               ("kind", "label", "volume", "attributes", "json_fields", "id")
                               and k not in attributes})
            if attributes:
                t["attributes"] = attributes
            self.edges.append((source, target))
            doc["transitions"].append(t)

    # ------------------------------------------------------------------ errors
    def element_of(self, path: str) -> tuple[str, str]:
        """The GraphML element a document path came from, and the field inside it."""
        if match := _TOUCHPOINT_PATH.fullmatch(path):
            node = self.nodes.get((int(match.group(1)), int(match.group(2))), "?")
            return f"node {node!r}", match.group(3)
        if match := _TRANSITION_PATH.fullmatch(path):
            source, target = self.edges[int(match.group(1))]
            return f"edge {source!r} → {target!r}", match.group(2)
        if match := _GROUP_PATH.fullmatch(path):
            group, index = match.group(1), int(match.group(2))
            if group == "stages" and index in self.stage_origin:
                return self.stage_origin[index], f"stage{match.group(3)}"
            return f"graph attribute {group!r}", path
        return "graph", path
