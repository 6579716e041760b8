"""``journeymap themes JOURNEY``: recurring themes in each touchpoint's comments (TF-IDF and
NMF, offline and deterministic), with counts, negative shares and two example quotes."""

from __future__ import annotations

import argparse
import json
import sys

from .feedback_options import add_feedback_arguments, journey_and_analysis
from .metrics import _records


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--touchpoint", metavar="ID", action="append", default=None,
                        help="only this touchpoint (repeatable)")
    parser.add_argument("--themes", type=int, default=5, metavar="N",
                        help="at most N themes per touchpoint (default 5)")
    add_feedback_arguments(parser)


def as_text(table) -> str:
    if not len(table):
        return ("no themes: no touchpoint has 20 or more comments (a comment column is needed: "
                "--comment COL)")
    lines = []
    for tp, part in table.groupby("touchpoint", sort=False):
        first = part.iloc[0]
        lines.append(f"{first['label']} ({first['comments']:,} comments)")
        for row in part.itertuples():
            negative = ("" if row.negative_share != row.negative_share
                        else f", {row.negative_share:.0%} negative")
            lines.append(f"  {row.rank}. {row.theme}: {row.count:,} ({row.share:.0%}{negative})")
            for quote in (row.quote_1, row.quote_2):
                if quote:
                    lines.append(f"       “{quote}”")
        lines.append("")
    return "\n".join(lines).rstrip()


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics.themes import analysis_themes

    found = journey_and_analysis(args, "themes")
    if found is None:
        return 1
    journey, analysis = found
    unknown = [t for t in args.touchpoint or [] if not journey.has_touchpoint(t)]
    if unknown:
        print(f"journeymap themes: no touchpoint {unknown[0]!r}", file=sys.stderr)
        return 2
    table = analysis_themes(analysis, max(1, args.themes), args.touchpoint)
    if args.format == "json":
        json.dump({"journey": journey.title, "themes": _records(table, tuple(table.columns))},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(as_text(table))
    return 0
