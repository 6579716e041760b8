"""``journeymap convert IN OUT``: a journey from one format to another, by file extension.

Reads ``.journey.json``, ``.mmd`` or ``.mermaid`` (Mermaid ``journey``) and ``.graphml``;
writes those and the touchpoint tables ``.csv`` and ``.xlsx``. Tables (and GraphML, for
colouring in Gephi) get their metrics from the journey's saved feedback sources when there are
any; otherwise the metric columns stay empty. Relative feedback-source paths are rewritten so
they still find their files from the output's folder.
``--score friction`` makes the Mermaid scores measured friction instead of the designer's
emotion. What the import noted goes to stderr, one line each; a file that cannot be read or
written is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journeymap.io import (ImportNote, InteropError, read_graphml, read_mermaid, write_graphml,
                           write_mermaid)
from journeymap.io.tables import write_touchpoint_table
from journeymap.model import Journey, JourneyFileError, load, save

#: extension -> what it is, for messages
FORMATS = {".journey.json": "journey file", ".mmd": "Mermaid journey diagram",
           ".mermaid": "Mermaid journey diagram", ".graphml": "GraphML graph",
           ".csv": "touchpoint table (CSV)", ".xlsx": "touchpoint table (Excel)"}
READABLE = (".journey.json", ".mmd", ".mermaid", ".graphml")
#: outputs that carry metrics when feedback is analysed
WITH_METRICS = (".csv", ".xlsx", ".graphml")


class ConvertError(Exception):
    """A one-line reason the conversion cannot be done."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("formats by extension: " + ", ".join(FORMATS) + " (.csv and .xlsx are "
                     "written only). Example: journeymap convert docs/journey.mmd "
                     "map.journey.json")
    parser.add_argument("input", metavar="IN", help="the journey to read")
    parser.add_argument("output", metavar="OUT", help="the file to write (replaced if it exists)")
    parser.add_argument("--score", choices=("emotion", "friction"), default="emotion",
                        help="Mermaid output: task scores from the designer's emotion (default) "
                             "or from measured friction (needs saved feedback sources)")
    parser.add_argument("--no-feedback", action="store_true",
                        help="do not analyse the journey's feedback sources: metric columns "
                             "stay empty")


def file_format(path: str, role: str) -> str:
    """The extension that decides the format of ``path`` (raises :class:`ConvertError`)."""
    name = Path(path).name.lower()
    for suffix in FORMATS:
        if name.endswith(suffix):
            if role == "input" and suffix not in READABLE:
                raise ConvertError(f"{path}: a {FORMATS[suffix]} is written, not read; "
                                   f"read one of {', '.join(READABLE)}")
            return suffix
    known = READABLE if role == "input" else tuple(FORMATS)
    got = Path(path).suffix or "no extension"
    raise ConvertError(f"{path}: unknown {role} format ({got}); use {', '.join(known)}")


def read(path: str) -> tuple[Journey, list[ImportNote]]:
    """A journey and the import's notes from a readable file."""
    suffix = file_format(path, "input")
    if not Path(path).is_file():
        raise ConvertError(f"{path}: no such file")
    try:
        if suffix in (".mmd", ".mermaid"):
            return read_mermaid(path)
        if suffix == ".graphml":
            return read_graphml(path)
        return load(path), []
    except InteropError as exc:
        raise ConvertError(str(exc)) from None
    except JourneyFileError as exc:
        lines = exc.lines()
        more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
        raise ConvertError(lines[0] + more) from None


def write(journey: Journey, path: str, analysis: Any = None, friction: bool = False) -> None:
    suffix = file_format(path, "output")
    writers: dict[str, Callable[[], None]] = {
        ".journey.json": lambda: save(journey, path),
        ".mmd": lambda: write_mermaid(journey, path, analysis if friction else None),
        ".mermaid": lambda: write_mermaid(journey, path, analysis if friction else None),
        ".graphml": lambda: write_graphml(journey, path, analysis),
        ".csv": lambda: write_touchpoint_table(journey, path, analysis),
        ".xlsx": lambda: write_touchpoint_table(journey, path, analysis),
    }
    try:
        writers[suffix]()
    except JourneyFileError as exc:
        raise ConvertError(exc.lines()[0]) from None
    except (InteropError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConvertError(f"{path}: cannot write: {reason}" if isinstance(exc, OSError)
                           else str(exc)) from None


def analyse_feedback(journey: Journey, base_dir: Path, required: bool) -> Any:
    """The analysis of the journey's saved feedback sources, or ``None`` when there are none
    (an error instead when ``required``)."""
    if not journey.sources:
        if required:
            raise ConvertError("--score friction needs feedback: the journey has no saved "
                               "feedback sources")
        return None
    from journeymap.analytics import analyse

    try:
        analysis = analyse(journey, base_dir=str(base_dir))
    except Exception as exc:  # any failure of the user's data: one line, no traceback
        raise ConvertError(f"feedback could not be analysed: {exc}") from None
    for source, reasons in analysis.rejected_counts.items():
        if reasons:
            total = sum(reasons.values())
            detail = ", ".join(f"{reason} {n}" for reason, n in reasons.items())
            print(f"journeymap convert: feedback source {source}: {total} rows rejected "
                  f"({detail})", file=sys.stderr)
    return analysis


def run(args: argparse.Namespace) -> int:
    try:
        out_suffix = file_format(args.output, "output")
        if Path(args.input).resolve() == Path(args.output).resolve():
            raise ConvertError(f"{args.output}: the output would replace the input")
        journey, notes = read(args.input)
        for note in notes:
            print(f"{args.input}: {note}", file=sys.stderr)
        friction = args.score == "friction"
        if friction and out_suffix not in (".mmd", ".mermaid"):
            raise ConvertError("--score applies to Mermaid output (.mmd) only")
        if friction and args.no_feedback:
            raise ConvertError("--score friction needs the feedback that --no-feedback skips")
        analysis = None
        if not args.no_feedback and (friction or out_suffix in WITH_METRICS):
            analysis = analyse_feedback(journey, Path(args.input).resolve().parent, friction)
        journey.rebase_sources(Path(args.input).parent, Path(args.output).parent)
        write(journey, args.output, analysis, friction)
    except ConvertError as exc:
        print(f"journeymap convert: {exc}", file=sys.stderr)
        return 1
    return 0
