"""Mutations of valid journey files and feedback tables, for the property tests and the
hand-run fuzzer (``benchmarks/fuzz_files.py``). Every function takes a :class:`random.Random`
so hypothesis (``st.randoms()``) and the fuzzer drive the same mutations.

Structure mutations change one place of the document (any path, every format version) to a
value of the wrong shape, a number a journey cannot hold, text that is too long, a duplicate
or a reference to nothing. Byte mutations flip, cut, insert and re-encode the file's bytes.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

#: Values that cannot go through ``json.dumps``: a mutation puts a marker, the text follows.
RAW = {
    "NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity", "1e999": "1e999",
    "-1e400": "-1e400", "huge": "9" * 5000, "big": "1" + "0" * 400, "surrogate": '"\\ud800"',
    "deep": "[" * 3000 + "]" * 3000, "deepish": "[" * 500 + "]" * 500,
    "deepobj": '{"a":' * 1200 + "1" + "}" * 1200,
}


def nasty(rng: random.Random) -> Any:
    """A value of a shape or size no journey expects."""
    choice = rng.randrange(16)
    if choice == 0:
        return f"\0RAW:{rng.choice(sorted(RAW))}\0"
    if choice == 1:
        return "x" * rng.choice([0, 1, 201, 3600, 100_000])
    if choice == 2:
        return rng.choice([None, True, False, 0, -1, 1.5, -7, 10**30, 2.5e300, -0.0])
    if choice == 3:
        return rng.choice([[], {}, [1, 2, 3], {"a": 1}, [[]], [None], {"": ""}])
    if choice == 4:
        return rng.choice(["", " ", "\n", "é", "\u202e", "\U0001F600", "a\nb", "\x00",
                           "journeymap/0", "journeymap/1", "journeymap/2", "journeymap/x"])
    if choice == 5:
        return [rng.random() for _ in range(rng.randrange(5))]
    if choice == 6:
        return {"id": "x", "name": "y", "touchpoints": rng.choice([[], [{}], "t", None])}
    if choice == 7:
        return {"source": rng.choice(["a", None, 1]), "target": "b", "kind": "expected"}
    if choice == 8:
        return rng.choice(["expected", "alternative", "failure", "recovery", "experience",
                           "service", "success", "nps", "long", "wide", "feedback", "events"])
    if choice == 9:
        return rng.choice([-2, 2, 3, -3, 2.0000001, float("1e-320")])
    return rng.choice([None, "", 0, [], {}, "zzz", -1])


def _places(doc: Any, path: tuple = ()) -> list[tuple]:
    """Every path in ``doc`` (to containers and leaves)."""
    out = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _places(value, (*path, i))
    return out


def _get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def mutate_document(doc: dict[str, Any], rng: random.Random, count: int = 1) -> dict[str, Any]:
    """``doc`` with ``count`` places changed (the original is left alone)."""
    doc = copy.deepcopy(doc)
    for _ in range(count):
        places = _places(doc)
        path = rng.choice(places)
        if not path:
            doc = nasty(rng) if rng.random() < 0.1 else doc
            if not isinstance(doc, dict):
                return doc
            continue
        parent, key = _get(doc, path[:-1]), path[-1]
        what = rng.randrange(7)
        if what == 0 and isinstance(parent, dict):
            del parent[key]
        elif what == 1 and isinstance(parent, list):
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))  # dup
        elif what == 2 and isinstance(parent, dict):
            parent[rng.choice(["extra", "", "x" * 300, "a\nb", "id"])] = nasty(rng)
        elif what == 3:
            # A reference or id swapped for another id of the file: dangling or duplicate.
            ids = [v for p in places if p and p[-1] in ("id", "source", "target", "lane")
                   for v in [_get(doc, p)] if isinstance(v, str)]
            parent[key] = rng.choice(ids + ["nowhere"])
        elif what == 4 and isinstance(parent[key], list):
            parent[key] = parent[key][:rng.randrange(len(parent[key]) + 1)]
        else:
            parent[key] = nasty(rng)
    return doc


def to_draft(doc: dict[str, Any]) -> dict[str, Any]:
    """The journeymap/0 (flat draft) form of a current document, for migration fuzzing."""
    touchpoints = []
    for stage in doc.get("stages", []):
        for tp in stage.get("touchpoints", []):
            tp = dict(tp, stage=stage["id"])
            if "position" in tp:
                tp["x"], tp["y"] = tp.pop("position")
            touchpoints.append(tp)
    edges = [{"from": t["source"], "to": t["target"], "kind": t["kind"],
              **({"label": t["label"]} if "label" in t else {})}
             for t in doc.get("transitions", [])]
    return {"format": "journeymap/0", "title": doc.get("title", ""),
            **{k: doc[k] for k in ("personas", "lanes") if k in doc},
            "stages": [{k: v for k, v in s.items() if k != "touchpoints"}
                       for s in doc.get("stages", [])],
            "touchpoints": touchpoints, "edges": edges}


def document_text(doc: Any, rng: random.Random) -> str:
    """``doc`` as file text (indented or not), markers replaced by their raw values."""
    text = json.dumps(doc, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.3)
    for name, raw in RAW.items():
        text = text.replace(json.dumps(f"\0RAW:{name}\0"), raw)
    return text


INSERTS = [b"NaN", b"Infinity", b"1e999", b"-", b"\"", b"\\", b"{", b"}", b"[", b"]", b",",
           b":", b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"9" * 5000,
           b"[" * 2000, b"{\"a\":" * 1100, b"\r\n", b"\t", b"//", b"/*", b"null", b"true"]


def mutate_bytes(raw: bytes, rng: random.Random, count: int = 1) -> bytes:
    """``raw`` with ``count`` byte-level changes: flips, cuts, inserts, re-encodings."""
    data = bytearray(raw)
    for _ in range(count):
        what = rng.randrange(8)
        at = rng.randrange(len(data) + 1)
        if what == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif what == 1:
            del data[at:at + rng.randrange(1, 64)]
        elif what == 2:
            data[at:at] = rng.choice(INSERTS)
        elif what == 3:
            data = data[:at]
        elif what == 4:
            encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "cp1252", "latin-1", "utf-8-sig"])
            data = bytearray(bytes(data).decode("utf-8", "replace")
                             .encode(encoding, "replace"))
        elif what == 5 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif what == 6:
            end = min(len(data), at + rng.randrange(1, 200))
            data[at:at] = data[at:end]  # a repeated chunk
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    return bytes(data)


def journey_mutant(doc: dict[str, Any], rng: random.Random) -> bytes:
    """One mutant file of ``doc``: structure, draft-format structure, or bytes."""
    kind = rng.randrange(4)
    if kind == 0:
        return document_text(mutate_document(doc, rng, rng.randint(1, 3)), rng).encode()
    if kind == 1:
        draft = mutate_document(to_draft(doc), rng, rng.randint(0, 3))
        return document_text(draft, rng).encode()
    text = document_text(doc if kind == 2 else mutate_document(doc, rng), rng).encode()
    return mutate_bytes(text, rng, rng.randint(1, 4))


# ----------------------------------------------------------------------------- tables
def mangle_table(text: str, rng: random.Random, count: int = 1) -> str:
    """A CSV's text with ``count`` changes a real export might have: ragged rows, quotes
    left open, cells of garbage or of a megabyte, headers lost or doubled, blank lines."""
    lines = text.splitlines()
    for _ in range(count):
        what = rng.randrange(10)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [""]
        if what == 0:
            lines[i] += "," * rng.randrange(1, 4)  # extra cells
        elif what == 1:
            lines[i] = lines[i].rsplit(",", 1)[0]  # a missing cell
        elif what == 2:
            lines[i] += '"'  # an open quote
        elif what == 3:
            cells = lines[i].split(",")
            cells[rng.randrange(len(cells))] = rng.choice(
                ["", "NaN", "inf", "-1e999", "9" * 400, "x" * rng.choice([10, 5000]),
                 "2026-13-45", "31/02/2026", "é", "\u202e", "null", "None", "—", "12:00",
                 "2026-06-01T25:00", "1" * 40, "0x10", "-0", "1,5", "TRUE"])
            lines[i] = ",".join(cells)
        elif what == 4:
            del lines[i]
        elif what == 5:
            lines.insert(i, lines[0] if lines else "")  # a header repeated
        elif what == 6:
            lines.insert(i, "")
        elif what == 7:
            lines[i] = lines[i].replace(",", rng.choice([";", "\t", "|", ", "]))
        elif what == 8:
            cells = lines[i].split(",")
            cells[rng.randrange(len(cells))] = "2026-01-01 " + "1" * rng.choice([100, 10**6])
            lines[i] = ",".join(cells)
        else:
            lines = lines[:i]
    return "\n".join(lines) + rng.choice(["", "\n", "\r\n"])
