"""From a file's bytes to JSON values, for any bytes: every failure is a :class:`Problem`
naming the place (line and column, or the path inside the document) in a user's words.

Python's :mod:`json` alone lets through what a journey cannot hold or save, and fails on some
input with errors that are no :class:`json.JSONDecodeError`: nesting a thousand deep
(``RecursionError``), integers of more than 4,300 digits (``ValueError`` asking for
``sys.set_int_max_str_digits``), ``NaN``, ``Infinity`` and ``1e999`` (read as floats that
cannot be written back), and lone surrogate escapes (``"\\ud800"``, a string that cannot be
encoded as UTF-8). Each is found here, and costs nothing on a file without them: the parser's
hooks only run on numbers, and the document is searched only when a hook saw something.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .document import Problem, member, short

#: A journey file nests at most 6 levels (stages, touchpoints, attributes): a file nested
#: deeper than this is no journey, and its place is reported.
MAX_DEPTH = 64
#: An integer with more digits than this is beyond a float (1.8e308): no coordinate or count.
MAX_INT_DIGITS = 308


class TextProblems(ValueError):
    """The file's text is not JSON a journey can be read from."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def decode(raw: bytes) -> str:
    """The text of a file: UTF-8 (a byte-order mark is allowed), or UTF-16/UTF-32 with or
    without one, as JSON's own rules tell them apart by the zero bytes around the first
    characters."""
    encoding = json.detect_encoding(raw)
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        where = _line_column(raw, exc.start, b"\n")
        bad = raw[exc.start:exc.start + 1].hex().upper()
        name = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise TextProblems([Problem(where, f"byte 0x{bad} is not {name} text; a journey file "
                                           "is UTF-8 (is this a journey file?)")]) from None


def _line_column(text: str | bytes, offset: int, newline: Any = "\n") -> str:
    line = text.count(newline, 0, offset) + 1
    return f"line {line} column {offset - (text.rfind(newline, 0, offset) + 1) + 1}"


class _Unfit:
    """A number the parser met that a journey cannot hold (kept to find its path)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def parse(text: str) -> Any:
    """The JSON value of ``text``; raises :class:`TextProblems`."""
    unfit: list[_Unfit] = []

    def constant(name: str) -> _Unfit:  # NaN, Infinity, -Infinity
        unfit.append(_Unfit(name))
        return unfit[-1]

    def number(digits: str) -> float | _Unfit:
        value = float(digits)
        if math.isfinite(value):
            return value
        return constant(digits)

    def integer(digits: str) -> int | _Unfit:
        if len(digits) > MAX_INT_DIGITS:
            return constant(digits)
        return int(digits)

    if not text.strip():
        raise TextProblems([Problem("", "the file is empty")])
    try:
        doc = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except json.JSONDecodeError as exc:
        raise TextProblems([Problem(f"line {exc.lineno} column {exc.colno}",
                                    f"not valid JSON: {_said(exc.msg)}")]) from None
    except RecursionError:
        raise TextProblems([too_deep(text)]) from None
    problems: list[Problem] = []
    if unfit:
        problems += [Problem(path, _unfit_message(value.text))
                     for path, value in _find(doc, lambda v: isinstance(v, _Unfit))]
    if _SURROGATE.search(text):
        problems += [Problem(path, "holds a lone surrogate escape (\\ud800-\\udfff), half of a "
                                   "character that cannot be written back")
                     for path, _ in _find(doc, _unencodable, keys=True)]
    if problems:
        raise TextProblems(problems)
    return doc


#: The JSON parser's terse messages, said as a person would.
_JSON_WORDS = {
    "Expecting value": "a value is missing here (or a stray character)",
    "Invalid control character at": "a tab, line break or other control character inside "
                                     "quotes; write it as \\t or \\n",
    "Extra data": "more text after the end of the journey",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "a byte-order mark inside the text",
    "Invalid \\escape": "a backslash that starts no escape (write \\\\ for a backslash)",
}


def _said(message: str) -> str:
    return _JSON_WORDS.get(message, message[:1].lower() + message[1:])


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _unencodable(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _unfit_message(text: str) -> str:
    if text in ("NaN", "Infinity", "-Infinity"):
        return f"{text} is not a number a journey can hold (only finite numbers)"
    if re.fullmatch(r"-?\d+", text):
        return (f"an integer of {len(text.lstrip('-')):,} digits is too large for a journey "
                "(at most about 1.8e308)")
    return f"{short(text)} is too large a number for a journey (at most about 1.8e308)"


def _find(doc: Any, test: Any, keys: bool = False) -> list[tuple[str, Any]]:
    """(path, value) of every value (and, with ``keys``, every object key) passing ``test``,
    in document order, without recursion."""
    found = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        if test(value):
            found.append((path, value))
        if isinstance(value, dict):
            items = list(value.items())
            for key, item in reversed(items):
                if keys and test(key):
                    found.append((member(path, key), key))
                stack.append((member(path, key), item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return found


def unsaveable(doc: Any) -> list[Problem]:
    """Why ``doc`` (a journey's document) cannot be written as JSON: where it holds a number
    that is not finite or a string that is not text."""
    def unfit(value: Any) -> bool:
        return (isinstance(value, float) and not math.isfinite(value)) or _unencodable(value)

    try:
        found = _find(doc, unfit, keys=True)
    except RecursionError:  # pragma: no cover - a document is never that deep
        found = []
    problems = [Problem(path, f"cannot be saved: {short(value)} is not a finite number"
                        if isinstance(value, float) else
                        "cannot be saved: holds half of a character (a lone surrogate)")
                for path, value in found]
    return problems or [Problem("", "cannot be saved: holds a value JSON cannot hold, or is "
                                    "nested too deeply")]


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def too_deep(text: str) -> Problem:
    """Where ``text`` first nests deeper than :data:`MAX_DEPTH` (strings skipped)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(_line_column(text, match.start()),
                               f"nested more than {MAX_DEPTH} levels deep, where a journey "
                               "file nests at most 6 (is this a journey file?)")
        elif token in "]}":
            depth -= 1
    return Problem("", "nested too deeply to read (a journey file nests at most 6 levels)")
