"""Reading Mermaid ``journey`` diagrams into journeys.

What becomes what:

- ``title`` (or a ``title:`` in the YAML front matter, or ``accTitle`` when there is neither)
  → the journey's title; ``accDescr`` (one line or a ``{ ... }`` block) → its description.
- Each ``section`` line → a new stage, in order. **A section name used twice gives two
  stages** with distinct ids (``darkoob``, ``darkoob-2``): Mermaid draws them as two sections
  and a journey's stages are ordered, so merging would reorder tasks. Each repeat is noted.
  Tasks before the first section go to a stage named ``(no section)``.
- Each task line ``Name: score: Actor, Actor`` → a touchpoint in the customer lane (id from
  the name via ``Journey.new_id``, so repeated names get ``-2``, ``-3``), chained to the next
  task by an ``expected`` transition, in file order across sections.
- Actors → personas (in order of first appearance); the score → the designer's emotion
  (``score − 3``) for the touchpoint and for each named actor. A score outside 1..5 is clamped
  to the emotion's range, noted with its line, and kept as ``attributes["mermaid_score"]`` so an
  export gives it back. A task with an empty score gets no emotion.
- A task name containing ``:`` (``Pay at 10:30: 4: Me``) is read up to the score, found from
  the right; Mermaid itself would misread it, which is noted.

Tolerated: YAML front matter, ``%%`` comments and directives, ``#`` comments, Markdown code
fences, any indentation, spaces around colons, missing actors, a UTF-8 byte-order mark, CRLF
line ends. Lines that are no statement (``size: 2rem``) are skipped and noted with their line.
Not a journey at all (another diagram type, or no ``journey`` line) raises
:class:`~.common.InteropError` naming the line. Imported cards are placed on the map's grid
with :func:`journeymap.model.layout.auto_layout`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.model import Journey, Persona, Stage, Touchpoint, Transition
from journeymap.model.layout import auto_layout

from .common import ImportNote, InteropError
from .mermaid_syntax import emotion_from_score, parse_score, unescape

NO_SECTION = "(no section)"
UNNAMED_SECTION = "(unnamed section)"
IMPORT_LANE = "customer"

_FENCE = re.compile(r"(```|~~~)\s*[\w-]*\s*")
_HEADER = re.compile(r"journey\b(.*)", re.IGNORECASE)
_TITLE = re.compile(r"title(?:\s+(.*))?", re.IGNORECASE)
_SECTION = re.compile(r"section(?:\s+(.*))?", re.IGNORECASE)
_ACC_TITLE = re.compile(r"accTitle\s*:\s*(.*)", re.IGNORECASE)
_ACC_DESCR = re.compile(r"accDescr\s*:\s*(.*)", re.IGNORECASE)
_ACC_DESCR_BLOCK = re.compile(r"accDescr\s*\{(.*)", re.IGNORECASE)
_FRONT_TITLE = re.compile(r"title\s*:\s*(.*)")
_OTHER_DIAGRAMS = re.compile(
    r"(flowchart|graph|sequenceDiagram|classDiagram|stateDiagram(-v2)?|erDiagram|gantt|pie|"
    r"gitGraph|mindmap|timeline|quadrantChart|requirementDiagram|C4\w*|sankey(-beta)?|"
    r"xychart(-beta)?|block(-beta)?|packet(-beta)?|kanban|architecture(-beta)?|radar(-beta)?|"
    r"zenuml)\b", re.IGNORECASE)


@dataclass
class _Task:
    line: int
    name: str
    score: float | int | None
    actors: list[str]


@dataclass
class _Section:
    line: int
    name: str
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Diagram:
    """What the lines say, before it becomes a journey."""

    title: str | None = None
    front_title: str | None = None
    acc_title: str | None = None
    acc_title_line: int = 0
    description: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    def note(self, line: int, message: str) -> None:
        self.notes.append(ImportNote(line, message))


def from_mermaid(text: str, default_title: str | None = None) -> tuple[Journey, list[ImportNote]]:
    """A journey from the text of a Mermaid ``journey`` diagram, and what the import noted.

    ``default_title`` is used when the diagram has no title. Raises
    :class:`~.common.InteropError` (naming the line) when the text is no journey diagram.
    """
    diagram = _parse(text)
    journey = _build(diagram, default_title)
    auto_layout(journey)
    return journey, diagram.notes


def read_mermaid(path: str | os.PathLike[str]) -> tuple[Journey, list[ImportNote]]:
    """:func:`from_mermaid` on a file; the file name (without extension) is the fallback title.
    Errors name the file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InteropError(exc.strerror or str(exc), file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InteropError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    try:
        return from_mermaid(text, default_title=path.name.split(".")[0] or None)
    except InteropError as exc:
        raise exc.in_file(str(path)) from None


# ------------------------------------------------------------------------------ lines
def _parse(text: str) -> _Diagram:
    diagram = _Diagram()
    lines = text.removeprefix("\ufeff").splitlines()
    number = _skip_front_matter(lines, diagram)
    header_seen = False
    block: list[str] | None = None  # an open accDescr { ... } block
    while number < len(lines):
        raw = lines[number]
        number += 1
        line = raw.strip()
        if block is not None:
            if "}" in line:
                block.append(line[:line.index("}")].strip())
                diagram.description.extend(part for part in block if part)
                block = None
            else:
                block.append(line)
            continue
        if not line or line.startswith(("%%", "#")) or _FENCE.fullmatch(line):
            continue
        if not header_seen:
            header_seen = True
            line = _header(line, number)
            if not line:
                continue
        block = _statement(line, number, diagram)
    if block is not None:
        raise InteropError("accDescr { is never closed with }", len(lines))
    if not header_seen:
        raise InteropError("no diagram: expected a line 'journey'", None)
    return diagram


def _skip_front_matter(lines: list[str], diagram: _Diagram) -> int:
    """The index of the first line after the YAML front matter (0 without one)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return 0
    for i in range(first + 1, len(lines)):
        if lines[i].strip() == "---":
            return i + 1
        match = _FRONT_TITLE.fullmatch(lines[i].rstrip())  # top level: not indented
        if match:
            diagram.front_title = match.group(1).strip().strip("'\"") or None
    raise InteropError("front matter opened with --- is never closed", first + 1)


def _header(line: str, number: int) -> str:
    """Check the first statement is ``journey``; return what follows it on the line."""
    match = _HEADER.match(line)
    if match:
        return match.group(1).strip()
    other = _OTHER_DIAGRAMS.match(line)
    if other:
        raise InteropError(f"a Mermaid {other.group(1)} diagram, not a journey "
                           "(journeymap reads 'journey' diagrams)", number)
    raise InteropError(f"expected 'journey' to start the diagram, found {_quote(line)}", number)


def _statement(line: str, number: int, diagram: _Diagram) -> list[str] | None:
    """Read one statement; returns a list when an ``accDescr {`` block opens."""
    if match := _ACC_TITLE.fullmatch(line):
        diagram.acc_title, diagram.acc_title_line = unescape(match.group(1)), number
    elif match := _ACC_DESCR.fullmatch(line):
        diagram.description.append(match.group(1).strip())
    elif match := _ACC_DESCR_BLOCK.fullmatch(line):
        rest = match.group(1)
        if "}" in rest:
            diagram.description.append(rest[:rest.index("}")].strip())
            return None
        return [rest.strip()] if rest.strip() else []
    elif match := _TITLE.fullmatch(line):
        if diagram.title is not None:
            diagram.note(number, "a second title replaces the first")
        diagram.title = unescape(match.group(1) or "")
    elif match := _SECTION.fullmatch(line):
        name = unescape(match.group(1) or "")
        if not name:
            diagram.note(number, f"a section without a name: called {UNNAMED_SECTION!r}")
        diagram.sections.append(_Section(number, name or UNNAMED_SECTION))
    elif _HEADER.fullmatch(line):
        diagram.note(number, "a second 'journey' line, ignored")
    else:
        task = _task(line, number, diagram)
        if task is not None:
            if not diagram.sections:
                diagram.sections.append(_Section(number, NO_SECTION))
            diagram.sections[-1].tasks.append(task)
    return None


def _task(line: str, number: int, diagram: _Diagram) -> _Task | None:
    """A task line ``name: score: actors``; ``None`` (and a note) for a stray line."""
    if ":" not in line:
        diagram.note(number, f"not a task (no ':' before a score), skipped: {_quote(line)}")
        return None
    pieces = line.split(":")
    name, score_text, actors = pieces[0], pieces[1], ":".join(pieces[2:])
    if len(pieces) > 3 or parse_score(_data(score_text)) is None:
        # A name holding colons: the score is the last piece, or the one before the actors.
        for at in (len(pieces) - 1, len(pieces) - 2):
            if at >= 2 and parse_score(_data(pieces[at])) is not None:
                name, score_text = ":".join(pieces[:at]), pieces[at]
                actors = ":".join(pieces[at + 1:])
                diagram.note(number, f"task name {_quote(name.strip())} holds ':', which "
                                     "Mermaid cannot show; read up to the score")
                break
        else:
            if len(pieces) > 3 and parse_score(_data(score_text)) is not None:
                diagram.note(number, f"text after the actors ignored: "
                                     f"{_quote(':'.join(pieces[3:]).strip())}")
                actors = pieces[2]
    score_text = _data(score_text)
    score = parse_score(score_text)
    if score is None and score_text:
        diagram.note(number, f"not a task (score {_quote(score_text)} is not a number), "
                             f"skipped: {_quote(line)}")
        return None
    name = unescape(name)
    if not name:
        diagram.note(number, f"a task without a name, skipped: {_quote(line)}")
        return None
    if score is None:
        diagram.note(number, f"task {_quote(name)} has no score: no emotion set")
    return _Task(number, name, score, _actors(_data(actors)))


def _data(text: str) -> str:
    """Task data without a trailing ``#`` or ``%%`` comment."""
    for mark in ("#", "%%"):
        if mark in text:
            text = text[:text.index(mark)]
    return text.strip()


def _actors(text: str) -> list[str]:
    names: list[str] = []
    for part in text.split(","):
        name = unescape(part)
        if name and name not in names:
            names.append(name)
    return names


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


# ------------------------------------------------------------------------- the journey
def _build(diagram: _Diagram, default_title: str | None) -> Journey:
    title = diagram.title or diagram.front_title or diagram.acc_title or default_title
    journey = Journey(title or "Untitled journey", "\n".join(diagram.description))
    if diagram.acc_title and title != diagram.acc_title:
        diagram.note(diagram.acc_title_line, f"accTitle {_quote(diagram.acc_title)} differs "
                                             "from the title; the title is kept")
    personas: dict[str, str] = {}  # actor name -> persona id
    first_line: dict[str, int] = {}
    previous: str | None = None
    for section in diagram.sections:
        stage_id = journey.new_id(_id_text(section.name, "stage"))
        if section.name in first_line:
            diagram.note(section.line, f"section {_quote(section.name)} also starts at line "
                                       f"{first_line[section.name]}: kept as a separate stage "
                                       f"({stage_id})")
        first_line.setdefault(section.name, section.line)
        journey.add_stage(Stage(stage_id, section.name))
        for task in section.tasks:
            for actor in task.actors:
                if actor not in personas:
                    personas[actor] = journey.new_id(_id_text(actor, "persona"))
                    journey.add_persona(Persona(personas[actor], actor))
            key = journey.new_id(_id_text(task.name, "touchpoint"))
            journey.add_touchpoint(_touchpoint(key, stage_id, task, personas, diagram))
            if previous is not None:
                journey.connect(Transition(previous, key))
            previous = key
    diagram.notes.sort(key=lambda n: n.where)
    return journey


def _touchpoint(key: str, stage: str, task: _Task, personas: dict[str, str],
                diagram: _Diagram) -> Touchpoint:
    emotion = None
    attributes: dict[str, float | int] = {}
    if task.score is not None:
        emotion, clamped = emotion_from_score(task.score)
        if clamped:
            attributes["mermaid_score"] = task.score
            diagram.note(task.line, f"score {task.score} of {_quote(task.name)} is outside "
                                    f"1..5: emotion set to {emotion:+g}, score kept for export")
    emotions = {personas[a]: emotion for a in task.actors} if emotion is not None else {}
    return Touchpoint(id=key, label=task.name, stage=stage, channel="", lane=IMPORT_LANE,
                      emotion=emotion, emotions=emotions, attributes=attributes)


def _id_text(name: str, what: str) -> str:
    """What an id is made from: the name when it has ASCII letters or digits, else ``what``."""
    return name if re.search(r"[A-Za-z0-9]", name) else what
