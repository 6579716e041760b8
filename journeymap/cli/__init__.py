"""The command line: ``journeymap [FILE]`` opens the app; ``journeymap COMMAND ...`` works
headless with the same core (model, analytics, io, render), never importing Qt.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``;
only the module of the command asked for is imported, so ``journeymap validate`` does not pay
for pandas or matplotlib.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeymap.model import Journey

#: name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("journeymap.cli.validate", "check journey files; one line per problem"),
    "info": ("journeymap.cli.info", "summarise a journey: stages, touchpoints, personas"),
    "convert": ("journeymap.cli.convert", "convert: .journey.json .mmd .graphml -> those, .csv, .xlsx"),
    "metrics": ("journeymap.cli.metrics", "per-touchpoint metrics and friction from feedback"),
    "render": ("journeymap.cli.render", "draw the map, a heatmap, the emotion curve or the slides"),
    "drivers": ("journeymap.cli.drivers", "key drivers of an outcome, importance × performance"),
    "opportunities": ("journeymap.cli.opportunities",
                      "opportunities ranked by priority with their evidence: table/CSV/XLSX"),
    "themes": ("journeymap.cli.themes", "recurring themes in each touchpoint's comments"),
    "evidence": ("journeymap.cli.evidence", "evidence level per card; workshop vs data"),
    "paths": ("journeymap.cli.paths", "variants and conformance to the design from an event log"),
    "discover": ("journeymap.cli.discover", "draft a journey from an event log"),
    "detect": ("journeymap.cli.detect", "what the import would propose for a table: layout, roles, scales, matches"),
}


def load_journey(path: str) -> "Journey | None":
    """The journey in ``path``, or ``None`` once its problems went to stderr, one per line
    (a command then exits with 1)."""
    from journeymap.model import JourneyFileError, load

    try:
        journey = load(path)
    except JourneyFileError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return None
    for note in journey.load_notes:
        print(f"note: {note}", file=sys.stderr)
    return journey


def _usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: journeymap [FILE] [--screenshot PNG]   open the app (on FILE)",
             "       journeymap COMMAND [ARGS]             work without a screen", "",
             "commands:"]
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", "'journeymap COMMAND --help' explains a command."]
    return "\n".join(lines)


def _open_app(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="journeymap", usage=_usage())
    parser.add_argument("file", nargs="?", help="a journey file to open")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="open, save a picture of the window to PNG, and quit")
    args = parser.parse_args(argv)
    if args.file is not None and not Path(args.file).exists():
        print(f"journeymap: {args.file}: no such file", file=sys.stderr)
        return 2
    from journeymap.app import run  # Qt is imported only when the app is wanted

    return run(args.file, screenshot=args.screenshot)


#: Commands that, as a process of their own, run without the cycle collector: they make a few
#: hundred thousand objects (matplotlib's among them) and keep nearly all of them to the end,
#: so collecting only walks them again and again: while importing, and once more in the
#: collection the interpreter makes at exit, which ``gc.freeze`` spares. Together that is
#: ~0.1 s, a fifth of a small ``journeymap render``. Reference counting still frees what is
#: dropped. ``metrics`` is the same: pandas' and pyarrow's modules are most of its objects
#: (its rows are a few arrays, not objects), and on a million rows the collector made 176
#: passes over them, ~85 ms of CPU, a tenth of the run, for nothing: peak memory is the same
#: without it (438 against 445 MB; 5M events 996 against 998 MB).
WITHOUT_CYCLE_COLLECTOR = {"render", "metrics"}


def _is_source_error(exc: Exception) -> bool:
    reading = sys.modules.get("journeymap.analytics.reading")  # raised only once imported
    return reading is not None and isinstance(exc, reading.SourceError)


def _report(command: str, exc: Exception) -> int:
    """A failure no command caught, as one line instead of a traceback (exit 1): a file
    that cannot be read or written names itself; anything else is called what it is, a
    bug, and ``JOURNEYMAP_TRACEBACK=1`` shows where."""
    import os

    from journeymap.model import JourneyFileError

    if os.environ.get("JOURNEYMAP_TRACEBACK"):
        raise exc
    if isinstance(exc, JourneyFileError):
        lines = exc.lines()
    elif _is_source_error(exc):  # a table that cannot be read as asked: its own words
        lines = [f"journeymap {command}: {exc}"]
    elif isinstance(exc, OSError):
        lines = [f"journeymap {command}: {exc.filename or ''}{': ' if exc.filename else ''}"
                 f"{exc.strerror or exc}"]
    else:
        lines = [f"journeymap {command}: unexpected error ({type(exc).__name__}: "
                 f"{str(exc)[:200]}); please report it (JOURNEYMAP_TRACEBACK=1 shows where)"]
    print("\n".join(line.replace("\n", " ") for line in lines), file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    whole_process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    collector_off = whole_process and bool(argv) and argv[0] in WITHOUT_CYCLE_COLLECTOR
    if collector_off:
        gc.disable()
    if argv and argv[0] in ("-h", "--help", "help"):
        print(_usage())
        return 0
    if argv and argv[0] == "--version":
        from journeymap import __version__

        print(f"journeymap {__version__}")
        return 0
    if argv and argv[0] in COMMANDS:
        module_name, text = COMMANDS[argv[0]]
        module = importlib.import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"journeymap {argv[0]}", description=text)
        module.add_arguments(parser)
        args = parser.parse_args(argv[1:])
        try:
            return module.run(args)
        except BrokenPipeError:  # `journeymap info x | head`
            return 0
        except Exception as exc:  # noqa: BLE001 - the last line of defence: words, exit 1
            return _report(argv[0], exc)
        finally:
            if collector_off:
                gc.freeze()
    if argv and not argv[0].startswith("-") and not Path(argv[0]).exists() \
            and "." not in Path(argv[0]).name:
        print(f"journeymap: unknown command {argv[0]!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    return _open_app(argv)
