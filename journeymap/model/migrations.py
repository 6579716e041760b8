"""Older file formats, brought forward one named step at a time.

A step checks the shapes it relies on (whatever the file holds, it reports problems, never a
``TypeError``) and says where each place of the new document came from, so the problems the
schema finds later are still named as they stand in the user's file
(``touchpoints[3].x``, not ``stages[1].touchpoints[0].position[0]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .document import FORMAT_NAME, FORMAT_VERSION, Problem, short

#: The lanes a journeymap/0 file had without saying so.
DRAFT_LANES = [{"id": "customer", "name": "Customer action"},
               {"id": "frontstage", "name": "Frontstage"},
               {"id": "backstage", "name": "Backstage"},
               {"id": "support", "name": "Support process"}]


class MigrationError(ValueError):
    """A file whose format cannot be told or brought forward: its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


class Origins:
    """Where places of a migrated document were in the file: new path prefix -> old one."""

    def __init__(self) -> None:
        self.moved: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.moved)

    def original(self, path: str) -> str:
        """``path`` of the migrated document as it stands in the file."""
        cut = len(path)
        while cut > 0:
            head = path[:cut]
            if head in self.moved:
                return self.moved[head] + path[cut:]
            cut = max(path.rfind(".", 0, cut), path.rfind("[", 0, cut))
        return path


def _objects(doc: dict[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    """The list ``doc[key]``; what is not a list of objects is a problem (and is skipped by
    the callers, which give up after the checks when there are problems)."""
    value = doc.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(key, f"expected an array, got {short(value)}"))
        return []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            problems.append(Problem(f"{key}[{i}]", f"expected an object, got {short(item)}"))
    return value


def _migrate_0_to_1(doc: dict[str, Any], origins: Origins | None = None
                    ) -> dict[str, Any]:
    """journeymap/0, the draft format, kept touchpoints in one flat list naming their stage,
    positions as ``x``/``y``, and transitions as ``edges`` with ``from``/``to``."""
    origins = origins if origins is not None else Origins()
    problems: list[Problem] = []
    doc = dict(doc)
    stages = [dict(s, touchpoints=[]) if isinstance(s, dict) else s
              for s in _objects(doc, "stages", problems)]
    by_id = {s["id"]: (i, s) for i, s in enumerate(stages)
             if isinstance(s, dict) and isinstance(s.get("id"), str)}
    touchpoints = _objects(doc, "touchpoints", problems)
    edges = _objects(doc, "edges", problems)
    for i, tp in enumerate(touchpoints):
        if not isinstance(tp, dict):
            continue
        tp = dict(tp)
        stage_id = tp.pop("stage", None)
        if not isinstance(stage_id, str) or stage_id not in by_id:
            problems.append(Problem(f"touchpoints[{i}].stage", "missing" if stage_id is None
                                    else f"no stage {short(stage_id)}"))
            continue
        if "x" in tp or "y" in tp:
            tp["position"] = [tp.pop("x", 0), tp.pop("y", 0)]
        tp.setdefault("channel", "web")
        tp.setdefault("lane", "frontstage")
        tp.setdefault("kind", "experience")
        s, stage = by_id[stage_id]
        here = f"stages[{s}].touchpoints[{len(stage['touchpoints'])}]"
        origins.moved.update({here: f"touchpoints[{i}]", f"{here}.position[0]":
                              f"touchpoints[{i}].x", f"{here}.position[1]": f"touchpoints[{i}].y",
                              f"{here}.position": f"touchpoints[{i}].x"})
        stage["touchpoints"].append(tp)
    if problems:
        raise MigrationError(problems)
    doc.pop("touchpoints", None)
    doc.pop("edges", None)
    doc["stages"] = stages
    doc["transitions"] = []
    for i, e in enumerate(edges):
        transition = {"source": e.get("from"), "target": e.get("to"),
                      "kind": e.get("kind", "expected")}
        if e.get("label") not in (None, ""):
            transition["label"] = e["label"]
        doc["transitions"].append(transition)
        origins.moved.update({f"transitions[{i}]": f"edges[{i}]",
                              f"transitions[{i}].source": f"edges[{i}].from",
                              f"transitions[{i}].target": f"edges[{i}].to"})
    doc.setdefault("lanes", [dict(lane) for lane in DRAFT_LANES])
    doc["format"] = f"{FORMAT_NAME}/1"
    return doc


def _migrate_1_to_2(doc: dict[str, Any], origins: Origins | None = None
                    ) -> dict[str, Any]:
    """journeymap/1 kept opportunities as free text on each touchpoint; journeymap/2 keeps
    them as objects of the journey that link to their touchpoints and can be scored. Each
    text becomes an unscored idea linked to its touchpoint, in journey order.

    Only lists of objects are walked: whatever else the file holds is left where it is for
    the schema check to name."""
    origins = origins if origins is not None else Origins()
    doc = dict(doc)
    found: list[dict[str, Any]] = []
    existing = doc.get("opportunities", [])
    taken = {str(o.get("id")) for o in existing if isinstance(o, dict)} \
        if isinstance(existing, list) else set()
    stages = doc.get("stages", [])
    if not isinstance(stages, list):
        return dict(doc, format=f"{FORMAT_NAME}/2")
    new_stages = []
    for i, stage in enumerate(stages):
        if not isinstance(stage, dict) or not isinstance(stage.get("touchpoints"), list):
            new_stages.append(stage)
            continue
        tps = []
        for j, tp in enumerate(stage["touchpoints"]):
            if isinstance(tp, dict) and "opportunities" in tp:
                tp = dict(tp)
                texts = tp.pop("opportunities")
                listed = isinstance(texts, list)
                for m, text in enumerate(texts if listed else [texts]):
                    number = len(found) + 1
                    while f"opportunity-{number}" in taken:
                        number += 1
                    taken.add(f"opportunity-{number}")
                    old = f"{origins.original(f'stages[{i}].touchpoints[{j}]')}.opportunities"
                    found.append({"id": f"opportunity-{number}", "title": text,
                                  "touchpoints": [tp.get("id")], "status": "idea",
                                  "_from": f"{old}[{m}]" if listed else old})
            tps.append(tp)
        new_stages.append(dict(stage, touchpoints=tps))
    doc["stages"] = new_stages
    if found:
        before = existing if isinstance(existing, list) else []
        for k, item in enumerate(found):
            origins.moved[f"opportunities[{len(before) + k}].title"] = item.pop("_from")
        doc["opportunities"] = [*before, *found] if isinstance(existing, list) else existing
    doc["format"] = f"{FORMAT_NAME}/2"
    return doc


#: ``MIGRATIONS[n]`` turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[..., dict[str, Any]]] = {
    0: _migrate_0_to_1, 1: _migrate_1_to_2}


def format_version(doc: Any) -> int:
    """The document's format version; raises :class:`ValueError` with a reason if unknown."""
    if not isinstance(doc, dict):
        raise ValueError(f"the file holds a JSON {_json_type(doc)}, not a journey object")
    fmt = doc.get("format")
    if fmt is None:
        raise ValueError("missing 'format' (is this a journeymap file?)")
    match = re.fullmatch(rf"{FORMAT_NAME}/(\d{{1,9}})", fmt) if isinstance(fmt, str) else None
    if not match:
        raise ValueError(f"{short(fmt)} is not a journeymap format (expected "
                         f"'{FORMAT_NAME}/{FORMAT_VERSION}')")
    return int(match.group(1))


def migrate(doc: Any, origins: Origins | None = None) -> dict[str, Any]:
    """Bring a document of any older version up to the current one; raises
    :class:`ValueError` (a :class:`MigrationError` naming places for a malformed old file).
    ``origins`` collects where the places of the result were in ``doc``."""
    version = format_version(doc)
    if version > FORMAT_VERSION:
        raise ValueError(f"written in format {FORMAT_NAME}/{version}, newer than this "
                         f"journeymap reads ({FORMAT_NAME}/{FORMAT_VERSION}); "
                         "update journeymap to open it")
    origins = origins if origins is not None else Origins()
    while version < FORMAT_VERSION:
        doc = MIGRATIONS[version](doc, origins)
        version += 1
    return doc


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean",
            type(None): "null", int: "number", float: "number"}.get(type(value), "value")
