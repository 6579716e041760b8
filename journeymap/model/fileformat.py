"""Reading and writing ``*.journey.json`` files.

Reading parses JSON (nothing in a file is ever executed), checks the format version, migrates
older versions forward one named step at a time, checks the result against
``resources/journey.schema.json`` and then the references between elements. Every problem is
reported with the file and the path inside it (``stages[2].touchpoints[5].emotion: 7 is greater
than 2``). Writing is atomic: a temporary file in the same folder is renamed over the old one,
so a failed save leaves the previous file whole.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .document import (FORMAT_NAME, FORMAT_VERSION, Problem, check_document, from_document,
                       to_document)
from .journey import Journey
from .schemacheck import Unsupported, compile_check

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "resources" / "journey.schema.json"
SUFFIX = ".journey.json"


class JourneyFileError(Exception):
    """A journey file that cannot be read or written, with every problem found in it."""

    def __init__(self, file: str | os.PathLike[str], problems: Iterable[Problem]) -> None:
        self.file = str(file)
        self.problems = list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One ``FILE: PATH: message`` line per problem."""
        return [f"{self.file}: {p}" for p in self.problems]


# ------------------------------------------------------------------------ migrations
def _migrate_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    """journeymap/0, the draft format, kept touchpoints in one flat list naming their stage,
    positions as ``x``/``y``, and transitions as ``edges`` with ``from``/``to``."""
    doc = dict(doc)
    stages = [dict(s, touchpoints=[]) for s in doc.get("stages", [])]
    by_id = {s.get("id"): s for s in stages}
    for tp in doc.pop("touchpoints", []):
        tp = dict(tp)
        stage = by_id.get(tp.pop("stage", None))
        if "x" in tp or "y" in tp:
            tp["position"] = [tp.pop("x", 0), tp.pop("y", 0)]
        tp.setdefault("channel", "web")
        tp.setdefault("lane", "frontstage")
        tp.setdefault("kind", "experience")
        if stage is None:  # nowhere to nest it: keep it visible to the checks below
            stages.append({"id": "", "name": "(touchpoints of missing stages)",
                           "touchpoints": [tp]})
        else:
            stage["touchpoints"].append(tp)
    doc["stages"] = stages
    doc["transitions"] = [
        {"source": e.get("from"), "target": e.get("to"), "kind": e.get("kind", "expected"),
         **({"label": e["label"]} if e.get("label") else {})}
        for e in doc.pop("edges", [])]
    doc.setdefault("lanes", [{"id": "customer", "name": "Customer action"},
                             {"id": "frontstage", "name": "Frontstage"},
                             {"id": "backstage", "name": "Backstage"},
                             {"id": "support", "name": "Support process"}])
    doc["format"] = f"{FORMAT_NAME}/1"
    return doc


def _migrate_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """journeymap/1 kept opportunities as free text on each touchpoint; journeymap/2 keeps
    them as objects of the journey that link to their touchpoints and can be scored. Each
    text becomes an unscored idea linked to its touchpoint, in journey order."""
    doc = dict(doc)
    found: list[dict[str, Any]] = []
    taken = {str(o.get("id")) for o in doc.get("opportunities", []) if isinstance(o, dict)}
    stages = []
    for stage in doc.get("stages", []):
        if not isinstance(stage, dict):
            stages.append(stage)
            continue
        tps = []
        for tp in stage.get("touchpoints", []):
            if isinstance(tp, dict) and "opportunities" in tp:
                tp = dict(tp)
                texts = tp.pop("opportunities")
                for text in texts if isinstance(texts, list) else [texts]:
                    number = len(found) + 1
                    while f"opportunity-{number}" in taken:
                        number += 1
                    taken.add(f"opportunity-{number}")
                    found.append({"id": f"opportunity-{number}", "title": text,
                                  "touchpoints": [tp.get("id")], "status": "idea"})
            tps.append(tp)
        stages.append(dict(stage, touchpoints=tps) if "touchpoints" in stage else stage)
    doc["stages"] = stages
    if found:
        doc["opportunities"] = [*doc.get("opportunities", []), *found]
    doc["format"] = f"{FORMAT_NAME}/2"
    return doc


#: ``MIGRATIONS[n]`` turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1,
                                                                      1: _migrate_1_to_2}


def format_version(doc: Any) -> int:
    """The document's format version; raises :class:`ValueError` with a reason if unknown."""
    if not isinstance(doc, dict):
        raise ValueError(f"the file holds a JSON {_json_type(doc)}, not a journey object")
    fmt = doc.get("format")
    if fmt is None:
        raise ValueError("missing 'format' (is this a journeymap file?)")
    match = re.fullmatch(rf"{FORMAT_NAME}/(\d+)", str(fmt))
    if not match:
        raise ValueError(f"{fmt!r} is not a journeymap format (expected "
                         f"'{FORMAT_NAME}/{FORMAT_VERSION}')")
    return int(match.group(1))


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a document of any older version up to the current one."""
    version = format_version(doc)
    if version > FORMAT_VERSION:
        raise ValueError(f"written in format {FORMAT_NAME}/{version}, newer than this "
                         f"journeymap reads ({FORMAT_NAME}/{FORMAT_VERSION}); "
                         "update journeymap to open it")
    while version < FORMAT_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc


# --------------------------------------------------------------------- schema checks
@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _fast_check() -> Callable[[Any], bool]:
    """The schema compiled once to a yes/no check, ~40x faster than jsonschema's."""
    try:
        return compile_check(_schema())
    except Unsupported:  # a keyword it does not know yet: jsonschema alone, still right
        return lambda doc: False


@cache
def _validator() -> Any:
    import jsonschema  # only for a file with problems, to name them

    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    # The schema itself is checked against its meta-schema by the tests, not here: that check
    # costs ~70 ms, paid at every start of the app and the command line.
    # The schema has no recursion, so its local "$ref"s can be replaced by what they name:
    # that halves the time to check a large journey (0.28 s -> 0.15 s at 2,000 touchpoints).
    return cls(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline_refs(defs[ref.removeprefix("#/$defs/")], defs), **rest}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean",
            type(None): "null", int: "number", float: "number"}.get(type(value), "value")


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: Any) -> tuple[str, str]:
    """A readable (path, message) for one jsonschema error."""
    path = _path(error.absolute_path)
    kind, value, limit = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [k for k in limit if k not in value]
        return _path([*error.absolute_path, missing[0]]), "missing (required)"
    if kind == "additionalProperties" and isinstance(value, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        return _path([*error.absolute_path, extra[0]]), "unknown field"
    if kind == "maximum":
        return path, f"{value!r} is greater than {limit!r}"
    if kind == "minimum":
        return path, f"{value!r} is less than {limit!r}"
    if kind == "type":
        wanted = limit if isinstance(limit, str) else " or ".join(limit)
        return path, f"expected {wanted}, got {_json_type(value)} {json.dumps(value)[:40]}"
    if kind in ("enum", "const"):
        options = limit if kind == "enum" else [limit]
        return path, f"{value!r} is not one of {', '.join(map(repr, options))}"
    if kind == "minLength" and limit == 1:
        return path, "must not be empty"
    return path, error.message


def schema_problems(doc: Any) -> list[Problem]:
    """Every place where ``doc`` breaks the schema, in document order."""
    if _fast_check()(doc):  # nearly every file: no need to walk it with jsonschema
        return []
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(*_message(e)) for e in errors]


# ------------------------------------------------------------------------- reading
def loads(text: str, name: str = "<text>") -> Journey:
    """Build a journey from file text; raises :class:`JourneyFileError` naming ``name`` and
    every problem found."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JourneyFileError(name, [Problem(f"line {exc.lineno} column {exc.colno}",
                                              f"not valid JSON: {exc.msg}")]) from None
    try:
        doc = migrate(doc)
    except ValueError as exc:
        raise JourneyFileError(name, [Problem("format", str(exc))]) from None
    problems = schema_problems(doc)
    cache = [p for p in problems if _in_cache(p)]
    if cache and len(cache) == len(problems):
        # The metrics cache is derived data: a broken one (a hand edit, a merge) is set
        # aside rather than keeping the whole map closed; the app recomputes it.
        doc = {k: v for k, v in doc.items() if k != "metrics_cache"}
        problems = []
    problems = problems or check_document(doc)
    if problems:
        raise JourneyFileError(name, problems)
    journey = from_document(doc)
    journey.load_notes = [f"{name}: {p} (the saved metrics are set aside; they are "
                          "recomputed from the sources)" for p in cache]
    return journey


def _in_cache(problem: Problem) -> bool:
    return problem.path == "metrics_cache" or problem.path.startswith(("metrics_cache.",
                                                                       "metrics_cache["))


def load(path: str | os.PathLike[str]) -> Journey:
    """Read a journey file; raises :class:`JourneyFileError` naming every problem."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise JourneyFileError(path, [Problem("", exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JourneyFileError(path, [Problem(f"byte {exc.start}",
                                              "not UTF-8 text (is this a journey file?)")]
                               ) from None
    return loads(text, str(path))


def validate_file(path: str | os.PathLike[str]) -> list[str]:
    """``FILE: PATH: message`` lines for every problem in a journey file (empty: valid),
    a broken metrics cache included, though opening the file only sets that aside."""
    try:
        return load(path).load_notes
    except JourneyFileError as exc:
        return exc.lines()


# ------------------------------------------------------------------------- writing
def dumps(journey: Journey) -> str:
    """The file text: stable key order, two-space indentation, a final newline."""
    return json.dumps(to_document(journey), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it, so readers see the
    old file or the new one, never half of one. The file's permissions are kept."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(journey: Journey, path: str | os.PathLike[str]) -> None:
    """Write a journey file atomically; raises :class:`JourneyFileError` if it cannot."""
    try:
        text = dumps(journey)
    except ValueError as exc:  # NaN or infinity somewhere
        raise JourneyFileError(path, [Problem("", f"cannot be saved: {exc}")]) from None
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise JourneyFileError(path, [Problem("", f"cannot be saved: "
                                                  f"{exc.strerror or exc}")]) from None
