"""``journeymap opportunities JOURNEY``: the journey's opportunities ranked by priority, with
the evidence of their touchpoints, as a table, CSV or JSON; ``-o FILE.csv|.xlsx`` writes a
file a backlog tool (Jira, Azure DevOps, Trello, a spreadsheet) imports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from . import load_journey
from .feedback_options import add_feedback_arguments, analysis_from_args, sources_from_args
from .metrics import _records, _width, table_lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the ranked backlog to FILE: .csv (UTF-8 with BOM) or .xlsx")
    parser.add_argument("--outcome", metavar="COL",
                        help="add each opportunity's key-driver weight for this outcome "
                             "column (see journeymap drivers)")
    parser.add_argument("--outcome-positive", metavar="VALUE",
                        help="for a two-valued outcome, the positive value")
    add_feedback_arguments(parser)


def _error(message: str) -> int:
    print(f"journeymap opportunities: {message}", file=sys.stderr)
    return 1


def as_table(table) -> str:
    header = ["#", "priority", "opportunity", "status", "owner", "touchpoints", "evidence"]
    rows = []
    for r in table.to_dict("records"):
        priority = "–" if r["priority"] != r["priority"] else f"{r['priority']:.1f}"
        rows.append([str(r["rank"]), priority, str(r["title"]), r["status"], r["owner"] or "–",
                     r["touchpoints"], r["evidence"]])
    rows = [[c if _width(c) <= 60 else c[:57] + "…" for c in cells] for cells in rows]
    return "\n".join(["priority = (customer value + business value) × confidence ÷ effort "
                      "(0–10)", *table_lines(header, rows, {0, 1})])


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError
    from journeymap.analytics.opportunities import opportunity_table

    journey = load_journey(args.journey)
    if journey is None:
        return 1
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if args.output and suffix not in (".csv", ".xlsx"):
        print(f"journeymap opportunities: {args.output}: use .csv or .xlsx", file=sys.stderr)
        return 2
    analysis, weights = None, None
    try:
        if journey.sources or args.feedback:
            analysis = analysis_from_args(args, journey, args.journey)
        if args.outcome:
            from journeymap.analytics.drivers import drivers_for_journey

            found = drivers_for_journey(journey, sources_from_args(args, journey),
                                        args.outcome, args.outcome_positive,
                                        base_dir=Path(args.journey).resolve().parent,
                                        resamples=200)
            weights = {r.touchpoint: r.weight for r in found[0].touchpoints.itertuples()}
    except (SourceError, ValueError) as exc:
        return _error(str(exc))
    table = opportunity_table(journey, analysis, weights)
    if args.output:
        from journeymap.io.backlog import write_backlog

        try:
            write_backlog(table, journey.title, args.output)
        except OSError as exc:
            return _error(f"{args.output}: {exc.strerror or exc}")
        print(f"{len(table)} opportunities written to {args.output}", file=sys.stderr)
    if args.format == "json":
        records = _records(table, tuple(table.columns))
        for record, o in zip(records, table["id"]):
            record["touchpoint_ids"] = journey.opportunity(o).touchpoints
            record["pain_points"] = journey.opportunity(o).pain_points
        json.dump({"journey": journey.title, "opportunities": records}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(as_table(table) if len(table) else "no opportunities in this journey")
    return 0
