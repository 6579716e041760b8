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
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from . import jsontext
from .document import Problem, check_document, from_document, member, short, to_document
from .journey import Journey, JourneyError
from .migrations import MIGRATIONS, MigrationError, Origins, format_version, migrate
from .schemacheck import Unsupported, compile_check

__all__ = ["MIGRATIONS", "SCHEMA_PATH", "SUFFIX", "JourneyFileError", "document_text", "dumps",
           "format_version",
           "load", "loads", "migrate", "save", "schema_problems", "remove_orphans",
           "validate_file", "write_atomic"]

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
        out = member(out, part)
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
        return path, f"{short(value)} is greater than {limit!r}"
    if kind == "minimum":
        return path, f"{short(value)} is less than {limit!r}"
    if kind == "type":
        wanted = limit if isinstance(limit, str) else " or ".join(limit)
        shown = "" if value is None else f" {short(value)}"
        return path, f"expected {wanted}, got {_json_type(value)}{shown}"
    if kind in ("enum", "const"):
        options = limit if kind == "enum" else [limit]
        return path, f"{short(value)} is not one of {', '.join(map(repr, options))}"
    if kind == "minLength":
        return path, "must not be empty" if limit == 1 else f"shorter than {limit} characters"
    if kind == "maxLength":
        return path, f"longer than {limit} characters ({short(value)})"
    if kind == "minItems":
        return path, f"needs at least {limit} item{'s' * (limit != 1)}, has {len(value)}"
    if kind == "maxItems":
        return path, f"holds at most {limit} item{'s' * (limit != 1)}, has {len(value)}"
    return path, short(error.message, 200)


def schema_problems(doc: Any) -> list[Problem]:
    """Every place where ``doc`` breaks the schema, in document order."""
    if _fast_check()(doc):  # nearly every file: no need to walk it with jsonschema
        return []
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(*_message(e)) for e in errors]


# ------------------------------------------------------------------------- reading
def loads(text: str, name: str = "<text>") -> Journey:
    """Build a journey from file text; raises :class:`JourneyFileError` naming ``name`` and
    every problem found, whatever the text holds, and nothing else."""
    try:
        return _read(text, name)
    except RecursionError:  # a structure deep enough to exhaust the checks' stack
        raise JourneyFileError(name, [jsontext.too_deep(text)]) from None


def _read(text: str, name: str) -> Journey:
    try:
        doc = jsontext.parse(text)
    except jsontext.TextProblems as exc:
        problems = exc.problems
        if not all(map(_in_cache, problems)):
            raise JourneyFileError(name, problems) from None
        # Only numbers of the metrics cache are unfit: read the file without them.
        doc = _without_cache(text)
        cache_text = problems
    else:
        cache_text = []
    origins = Origins()
    try:
        doc = migrate(doc, origins)
    except MigrationError as exc:
        raise JourneyFileError(name, exc.problems) from None
    except ValueError as exc:
        raise JourneyFileError(name, [Problem("format", str(exc))]) from None
    problems = schema_problems(doc)
    cache = [p for p in problems if _in_cache(p)] + cache_text
    if cache and len(cache) == len(problems) + len(cache_text):
        # The metrics cache is derived data: a broken one (a hand edit, a merge) is set
        # aside rather than keeping the whole map closed; the app recomputes it.
        doc = {k: v for k, v in doc.items() if k != "metrics_cache"}
        problems = []
    problems = problems or check_document(doc)
    if problems:
        if origins:
            problems = [Problem(origins.original(p.path), p.message) for p in problems]
        raise JourneyFileError(name, problems)
    try:
        journey = from_document(doc)
    except (JourneyError, KeyError, TypeError, ValueError) as exc:
        # Not expected after the checks above; said in words if it happens all the same.
        raise JourneyFileError(name, [Problem("", f"cannot be read as a journey: {exc}")]
                               ) from None
    journey.load_notes = [f"{name}: {p} (the saved metrics are set aside; they are "
                          "recomputed from the sources)" for p in cache]
    return journey


def _without_cache(text: str) -> Any:
    """The document of ``text`` with its metrics cache dropped (the only place whose numbers
    a journey cannot hold)."""
    doc = json.loads(text, parse_constant=lambda _: None,
                     parse_float=lambda s: float(s) if abs(float(s)) < float("inf") else None,
                     parse_int=lambda s: int(s) if len(s) <= jsontext.MAX_INT_DIGITS else None)
    doc.pop("metrics_cache", None)
    return doc


def _in_cache(problem: Problem) -> bool:
    return problem.path == "metrics_cache" or problem.path.startswith(("metrics_cache.",
                                                                       "metrics_cache["))


def load(path: str | os.PathLike[str]) -> Journey:
    """Read a journey file; raises :class:`JourneyFileError` naming every problem."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise JourneyFileError(path, [Problem("", _os_message(exc))]) from None
    except ValueError as exc:  # a name with a NUL byte
        raise JourneyFileError(path, [Problem("", f"not a file name ({exc})")]) from None
    try:
        text = jsontext.decode(raw)
    except jsontext.TextProblems as exc:
        raise JourneyFileError(path, exc.problems) from None
    return loads(text, str(path))


def _os_message(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a journey file"
    return exc.strerror or str(exc)


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
    return document_text(to_document(journey))


def document_text(doc: dict[str, Any]) -> str:
    """The file text of a journey's document (see :func:`~.document.to_document`)."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it, so readers see the
    old file or the new one, never half of one. The file's permissions are kept.

    The temporary file is named after the target and this process
    (``.NAME.PID.RANDOM.tmp``); those a killed process left behind are removed here."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent or ".")
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
    remove_orphans(path)


#: A temporary file without a process id in its name (written before names had one) is an
#: orphan once it is this old: no save takes minutes.
ORPHAN_AGE_S = 600


def remove_orphans(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that saves of ``path`` killed half-way left beside it:
    those of processes no longer running. Returns what was removed."""
    path = Path(path)
    prefix = f".{path.name}."
    removed = []
    try:
        entries = [e for e in os.scandir(path.parent or ".")
                   if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return removed
    for entry in entries:
        middle = entry.name[len(prefix):-len(".tmp")]
        pid, _, rest = middle.partition(".")
        try:
            if rest and pid.isdigit():
                orphan = not _running(int(pid))
            else:
                orphan = time.time() - entry.stat().st_mtime > ORPHAN_AGE_S
            if orphan:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of ours may be writing it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(journey: Journey, path: str | os.PathLike[str]) -> None:
    """Write a journey file atomically; raises :class:`JourneyFileError` if it cannot."""
    try:
        text = dumps(journey)
    except (ValueError, RecursionError):  # NaN, infinity, a lone surrogate, ...
        raise JourneyFileError(path, jsontext.unsaveable(to_document(journey))) from None
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise JourneyFileError(path, [Problem("", f"cannot be saved: "
                                                  f"{_os_message(exc)}")]) from None
    except ValueError as exc:  # a name with a NUL byte
        raise JourneyFileError(path, [Problem("", f"cannot be saved: {exc}")]) from None
