"""``journeymap evidence JOURNEY``: how much each card rests on evidence (data-backed, thin,
assumed) and where the workshop and the data disagree."""

from __future__ import annotations

import argparse
import json
import sys

from .feedback_options import add_feedback_arguments, journey_and_analysis
from .metrics import _records


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_feedback_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics.evidence_level import LEVELS, disagreements, evidence_levels

    found = journey_and_analysis(args, "evidence")
    if found is None:
        return 1
    journey, analysis = found
    levels, disagree = evidence_levels(analysis), disagreements(analysis)
    if args.format == "json":
        json.dump({"journey": journey.title,
                   "touchpoints": _records(levels, tuple(levels.columns)),
                   "disagreements": _records(disagree, tuple(disagree.columns))},
                  sys.stdout, ensure_ascii=False, indent=2)
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
