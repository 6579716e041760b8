"""``journeymap discover EVENTS -o draft.journey.json``: a draft journey from an event log
(touchpoints from activities, stages from typical position, transitions from directly-follows
pairs), with the log attached as its event source. The file is written whole or not at all."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _step(text: str) -> tuple[str, str]:
    """``COL[=NAME]``: a timestamp column of a wide log and the step it times."""
    from .feedback_options import column_pair

    column, name = column_pair(text) or (text.strip(), text.strip())
    if not column or not name:
        raise argparse.ArgumentTypeError(f"{text!r}: expected COLUMN or COLUMN=NAME")
    return column, name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from journeymap.analytics.discover import DEFAULT_MIN_SHARE

    parser.add_argument("events", metavar="EVENTS",
                        help="an event log: CSV, XLSX, Parquet or JSON Lines with a case, an "
                             "activity and a time column, or one row per case with a "
                             "timestamp column per step (an orders table)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the journey file to write (*.journey.json)")
    parser.add_argument("--min-share", type=_share, default=DEFAULT_MIN_SHARE, metavar="X",
                        help="keep a transition a → b when at least X of the moves leaving a "
                             f"go to b (0..1, default {DEFAULT_MIN_SHARE})")
    parser.add_argument("--title", default="", help="the journey's title (default: from the "
                                                    "file name)")
    parser.add_argument("--case-column", metavar="COL", default="")
    parser.add_argument("--activity-column", metavar="COL", default="")
    parser.add_argument("--time-column", metavar="COL", default="")
    parser.add_argument("--step-column", metavar="COL[=NAME]", type=_step, action="append",
                        default=[], help="one row per case: a timestamp column that is a "
                        "step, and its name (repeatable; default: every timestamp column)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError
    from journeymap.analytics.discover import discover, event_source, read_activity_log
    from journeymap.model import save, validate

    output = Path(args.output)
    if output.exists() and not args.force:
        print(f"journeymap discover: {output} exists; use --force to overwrite it",
              file=sys.stderr)
        return 1
    try:
        found = read_activity_log(args.events, args.case_column, args.activity_column,
                                  args.time_column, dict(args.step_column))
    except SourceError as exc:
        print(f"journeymap discover: {exc}", file=sys.stderr)
        return 1
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    rejected = sum(found.rejected.values())
    line = (f"{args.events}: {found.input_rows:,} rows, {found.input_rows - rejected:,} kept, "
            f"{rejected:,} rejected")
    if found.rejected:
        line += " (" + ", ".join(f"{r}: {n:,}" for r, n in found.rejected.items()) + ")"
    print(line, file=sys.stderr)
    if not found.log.events:
        print(f"journeymap discover: {args.events}: no usable events", file=sys.stderr)
        return 1
    title = args.title or Path(args.events).stem.replace("_", " ").replace("-", " ").strip()
    journey, mapping = discover(found.log, args.min_share, title.capitalize() or "Journey")
    journey.add_source(event_source(found, mapping, output))
    problems = validate(journey)
    if problems:  # a bug, not bad input: never write a journey that would not open
        print("\n".join(f"journeymap discover: {p}" for p in problems), file=sys.stderr)
        return 1
    try:
        save(journey, output)
    except OSError as exc:
        print(f"journeymap discover: {output}: {exc.strerror}", file=sys.stderr)
        return 1
    columns = (f"case {found.case_column!r}, one timestamp column per step: "
               + ", ".join(f"{c} ({a})" for c, a in found.steps.items()) if found.steps else
               f"case {found.case_column!r}, activity {found.activity_column!r}, time "
               f"{found.time_column!r}")
    print(f"{output}: {len(journey.stages)} stages, {len(journey.touchpoint_ids())} "
          f"touchpoints, {len(journey.transitions())} transitions from "
          f"{found.log.cases:,} cases (columns: {columns})", file=sys.stderr)
    return 0
