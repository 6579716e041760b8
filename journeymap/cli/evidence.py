"""``journeymap evidence JOURNEY``: how much each card rests on evidence (data-backed, thin,
assumed) and where the workshop and the data disagree."""

from __future__ import annotations

import argparse
import json
import sys

from journeymap.plain import plain_value

from . import load_journey
from .feedback_options import add_feedback_arguments, analysis_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_feedback_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError
    from journeymap.analytics.evidence_level import LEVELS, disagreements, evidence_levels

    journey = load_journey(args.journey)
    if journey is None:
        return 1
    try:
        analysis = analysis_from_args(args, journey, args.journey)
    except SourceError as exc:
        print(f"journeymap evidence: {exc}", file=sys.stderr)
        return 1
    levels, disagree = evidence_levels(analysis), disagreements(analysis)
    if args.format == "json":
        def records(frame):
            return [{k: plain_value(v) for k, v in r.items()} for r in frame.to_dict("records")]

        json.dump({"journey": journey.title, "touchpoints": records(levels),
                   "disagreements": records(disagree)}, sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
        return 0
    if args.format == "csv":
        levels.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    counts = levels["level"].value_counts()
    print(journey.title)
    print(" · ".join(f"{counts.get(level, 0)} {level}" for level in LEVELS))
    width = max([len(str(label)) for label in levels["label"]] + [10])
    for row in levels.itertuples():
        print(f"  {row.label:<{width}}  {row.level:<11}  {row.reason}")
    if len(disagree):
        print("\nWhere the workshop and the data disagree:")
        for row in disagree.itertuples():
            print(f"  {row.label} ({row.about}): the workshop says {row.workshop}; "
                  f"customers: {row.data}")
    return 0
