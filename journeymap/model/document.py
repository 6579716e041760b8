"""A journey as a plain JSON-able document, and back.

The document is what the ``*.journey.json`` file holds (see ``resources/journey.schema.json``):
touchpoints nested in their stages, in order; transitions in a list ordered by journey order.
Keys come in a fixed order and empty optional values are left out, so two versions of a map
diff line by line. :func:`check_document` finds what a schema cannot express: duplicate ids
and references to things that do not exist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .elements import Lane, Persona, Stage, Touchpoint, Transition
from .journey import Journey
from .opportunities import Opportunity
from .sources import FeedbackSource, MetricColumn

FORMAT_NAME = "journeymap"
FORMAT_VERSION = 2


@dataclass(frozen=True)
class Problem:
    """Something wrong in a journey: where (a path inside the document) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


#: How many characters of a value a message quotes: enough to recognise it, never a page.
QUOTE_CHARS = 40
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


def short(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``value`` quoted for a message, on one line and cut to about ``limit`` characters
    with "…": a 3 KB string or a 1,000-deep list is quoted by its start."""
    if isinstance(value, str):
        text = repr(value[:limit + 1])
    elif isinstance(value, (dict, list)):
        text = _shallow(value, limit)
    else:
        try:
            text = json.dumps(value, allow_nan=True)
        except (TypeError, ValueError):  # a huge int: Python will not even print it
            text = type(value).__name__
    # One line per problem: control characters (a newline in a key) are shown escaped.
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode()
                   for c in text[:limit + 2])
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shallow(value: dict | list, limit: int) -> str:
    """The start of a container, without descending further than needed (no recursion)."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, dict):
        key, item = next(iter(value.items()))
        first = f"{str(key)[:limit]!r}: "
    else:
        first, item = "", value[0]
    inner = ("{…}" if item else "{}") if isinstance(item, dict) else \
        ("[…]" if item else "[]") if isinstance(item, list) else short(item, limit)
    more = ", …" if len(value) > 1 else ""
    return ("{" if isinstance(value, dict) else "[") + first + inner + more + \
        ("}" if isinstance(value, dict) else "]")


def member(path: str, key: Any) -> str:
    """``path.key`` for a plain key, ``path["odd key"]`` for any other (quoted, cut short),
    so a path stays one readable line whatever a file's keys hold."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    key = str(key)
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{short(key)}]"


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Write optional values only when they say something."""
    if value not in (None, "", [], {}):
        out[key] = value


def _named(element: Stage | Lane | Persona) -> dict[str, Any]:
    out: dict[str, Any] = {"id": element.id, "name": element.name}
    _put(out, "description", element.description)
    return out


def _touchpoint(tp: Touchpoint) -> dict[str, Any]:
    out: dict[str, Any] = {"id": tp.id, "label": tp.label, "channel": tp.channel,
                           "lane": tp.lane, "kind": tp.kind}
    _put(out, "owner", tp.owner)
    _put(out, "description", tp.description)
    _put(out, "emotion", tp.emotion)
    _put(out, "emotions", dict(sorted(tp.emotions.items())))
    for key in ("pain_points", "notes", "tags"):
        _put(out, key, list(getattr(tp, key)))
    if tp.position is not None:
        out["position"] = [tp.position[0], tp.position[1]]
    _put(out, "attributes", dict(sorted(tp.attributes.items())))
    return out


def _transition(t: Transition) -> dict[str, Any]:
    out: dict[str, Any] = {"source": t.source, "target": t.target, "kind": t.kind}
    _put(out, "label", t.label)
    _put(out, "volume", t.volume)
    _put(out, "attributes", dict(sorted(t.attributes.items())))
    return out


def _opportunity(o: Opportunity) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o.id, "title": o.title}
    _put(out, "description", o.description)
    _put(out, "touchpoints", list(o.touchpoints))
    _put(out, "pain_points", list(o.pain_points))
    for key in ("customer_value", "business_value", "effort", "confidence"):
        _put(out, key, getattr(o, key))
    _put(out, "owner", o.owner)
    out["status"] = o.status
    return out


def _source(s: FeedbackSource) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id}
    _put(out, "path", s.path)
    if s.url:
        from .sources import redact_url

        out["url"] = redact_url(s.url)
        _put(out, "table", s.table)
        _put(out, "query", s.query)
    _put(out, "engine", s.engine)
    _put(out, "name", s.name)
    out["role"] = s.role
    out["layout"] = s.layout
    _put(out, "format", s.format)
    _put(out, "touchpoint_column", s.touchpoint_column)
    out["match"] = s.match
    _put(out, "value_map", dict(s.value_map))
    _put(out, "wide_columns", dict(s.wide_columns))
    metrics = []
    for m in s.metrics:
        item: dict[str, Any] = {"column": m.column, "kind": m.kind}
        _put(item, "minimum", m.minimum)
        _put(item, "maximum", m.maximum)
        _put(item, "na", list(m.na))
        metrics.append(item)
    _put(out, "metrics", metrics)
    _put(out, "comment_column", s.comment_column)
    _put(out, "segment_columns", list(s.segment_columns))
    _put(out, "timestamp_column", s.timestamp_column)
    _put(out, "case_column", s.case_column)
    _put(out, "options", dict(sorted(s.options.items())))
    return out


def to_document(journey: Journey) -> dict[str, Any]:
    """The journey as the current file format's document."""
    doc: dict[str, Any] = {"format": f"{FORMAT_NAME}/{FORMAT_VERSION}", "title": journey.title}
    _put(doc, "description", journey.description)
    doc["personas"] = [_named(p) for p in journey.personas]
    doc["lanes"] = [_named(lane) for lane in journey.lanes]
    doc["stages"] = [
        {**_named(stage), "touchpoints": [_touchpoint(tp) for tp in journey.touchpoints(stage.id)]}
        for stage in journey.stages]
    doc["transitions"] = [_transition(t) for t in journey.transitions()]
    _put(doc, "opportunities", [_opportunity(o) for o in journey.opportunities])
    _put(doc, "feedback_sources", [_source(s) for s in journey.sources])
    _put(doc, "metrics_cache", journey.metrics_cache)
    return doc


def check_document(doc: dict[str, Any]) -> list[Problem]:
    """Problems a schema cannot see: duplicate ids and dangling references.

    ``doc`` must already match the schema (shapes and types are not checked again here).
    """
    problems: list[Problem] = []
    first_use: dict[tuple[str, str], str] = {}

    def claim(kind: str, key: str, path: str) -> None:
        """Ids are unique within their kind (a stage and a lane may both be 'support')."""
        if (kind, key) in first_use:
            problems.append(Problem(path, f"duplicate id {short(key)} (first used at "
                                          f"{first_use[kind, key]})"))
        else:
            first_use[kind, key] = path

    for group in ("personas", "lanes", "stages", "feedback_sources", "opportunities"):
        for i, item in enumerate(doc.get(group, [])):
            claim(group, item["id"], f"{group}[{i}].id")
    touchpoints: set[str] = set()
    for i, stage in enumerate(doc.get("stages", [])):
        for j, tp in enumerate(stage.get("touchpoints", [])):
            claim("touchpoints", tp["id"], f"stages[{i}].touchpoints[{j}].id")
            touchpoints.add(tp["id"])
    lanes = [lane["id"] for lane in doc.get("lanes", [])]
    personas = {p["id"] for p in doc.get("personas", [])}
    if not lanes:
        problems.append(Problem("lanes", "a journey needs at least one lane"))
    for i, stage in enumerate(doc.get("stages", [])):
        for j, tp in enumerate(stage.get("touchpoints", [])):
            here = f"stages[{i}].touchpoints[{j}]"
            if lanes and tp["lane"] not in lanes:
                problems.append(Problem(f"{here}.lane", f"no lane {short(tp['lane'])} "
                                                        f"(lanes are {_listed(lanes)})"))
            for persona in tp.get("emotions", {}):
                if persona not in personas:
                    problems.append(Problem(member(f"{here}.emotions", persona),
                                            f"no persona {short(persona)}"))
    seen_edges: dict[tuple[str, str], int] = {}
    for i, t in enumerate(doc.get("transitions", [])):
        for end in ("source", "target"):
            if t[end] not in touchpoints:
                problems.append(Problem(f"transitions[{i}].{end}",
                                        f"no touchpoint {short(t[end])}"))
        pair = (t["source"], t["target"])
        if pair in seen_edges:
            problems.append(Problem(f"transitions[{i}]",
                                        f"{short(pair[0])} → {short(pair[1])} is already at "
                                        f"transitions[{seen_edges[pair]}]"))
        else:
            seen_edges[pair] = i
    for i, o in enumerate(doc.get("opportunities", [])):
        for j, key in enumerate(o.get("touchpoints", [])):
            if key not in touchpoints:
                problems.append(Problem(f"opportunities[{i}].touchpoints[{j}]",
                                        f"no touchpoint {short(key)}"))
    for i, s in enumerate(doc.get("feedback_sources", [])):
        if not s.get("path") and not s.get("url"):
            problems.append(Problem(f"feedback_sources[{i}]", "needs a path (a file, folder "
                                    "or glob) or a url (a database)"))
        scheme = str(s.get("url", "")).partition("://")[0].split("+")[0].lower()
        if s.get("url") and scheme not in ("sqlite", "duckdb", "postgresql", "postgres"):
            problems.append(Problem(f"feedback_sources[{i}].url", "use sqlite:///FILE, "
                                    "duckdb:///FILE or postgresql://USER@HOST:PORT/DB"))
        for value, key in s.get("value_map", {}).items():
            if key is not None and key not in touchpoints:
                problems.append(Problem(member(f"feedback_sources[{i}].value_map", value),
                                        f"no touchpoint {short(key)}"))
        for column, key in s.get("wide_columns", {}).items():
            if key not in touchpoints:
                problems.append(Problem(member(f"feedback_sources[{i}].wide_columns", column),
                                        f"no touchpoint {short(key)}"))
    return problems


def _listed(ids: list[str], most: int = 6) -> str:
    shown = ", ".join(i if _PLAIN_KEY.fullmatch(i) else short(i, 24) for i in ids[:most])
    return shown + (f", … ({len(ids)} in all)" if len(ids) > most else "")


def from_document(doc: dict[str, Any]) -> Journey:
    """Build a journey from a document that passed the schema and :func:`check_document`."""
    journey = Journey(doc["title"], doc.get("description", ""),
                      lanes=[Lane(d["id"], d["name"], d.get("description", ""))
                             for d in doc["lanes"]])
    for d in doc.get("personas", []):
        journey.add_persona(Persona(d["id"], d["name"], d.get("description", "")))
    for d in doc["stages"]:
        journey.add_stage(Stage(d["id"], d["name"], d.get("description", "")))
        for t in d.get("touchpoints", []):
            position = t.get("position")
            journey.add_touchpoint(Touchpoint(
                id=t["id"], label=t["label"], stage=d["id"], channel=t["channel"],
                lane=t["lane"], kind=t["kind"], owner=t.get("owner", ""),
                description=t.get("description", ""), emotion=t.get("emotion"),
                emotions=dict(t.get("emotions", {})),
                pain_points=list(t.get("pain_points", [])),
                notes=list(t.get("notes", [])), tags=list(t.get("tags", [])),
                position=None if position is None else (position[0], position[1]),
                attributes=dict(t.get("attributes", {}))))
    for t in doc.get("transitions", []):
        journey.connect(Transition(t["source"], t["target"], t["kind"], t.get("label", ""),
                                   t.get("volume"), dict(t.get("attributes", {}))))
    for o in doc.get("opportunities", []):
        journey.add_opportunity(Opportunity(
            id=o["id"], title=o["title"], description=o.get("description", ""),
            touchpoints=list(o.get("touchpoints", [])),
            pain_points=list(o.get("pain_points", [])),
            customer_value=o.get("customer_value"), business_value=o.get("business_value"),
            effort=o.get("effort"), confidence=o.get("confidence"), owner=o.get("owner", ""),
            status=o.get("status", "idea")))
    for s in doc.get("feedback_sources", []):
        journey.add_source(FeedbackSource(
            id=s["id"], path=s.get("path", ""), name=s.get("name", ""), role=s["role"],
            layout=s["layout"], format=s.get("format", ""),
            touchpoint_column=s.get("touchpoint_column", ""), match=s["match"],
            value_map=dict(s.get("value_map", {})), wide_columns=dict(s.get("wide_columns", {})),
            metrics=[MetricColumn(m["column"], m["kind"], m.get("minimum"), m.get("maximum"),
                                  list(m.get("na", []))) for m in s.get("metrics", [])],
            comment_column=s.get("comment_column", ""),
            segment_columns=list(s.get("segment_columns", [])),
            timestamp_column=s.get("timestamp_column", ""),
            case_column=s.get("case_column", ""), options=dict(s.get("options", {})),
            url=s.get("url", ""), table=s.get("table", ""), query=s.get("query", ""),
            engine=s.get("engine", "")))
    journey.metrics_cache = doc.get("metrics_cache")
    return journey
