"""``journeymap validate FILE...``: exit 0 when every file is a valid journey, 1 otherwise."""

from __future__ import annotations

import argparse
import sys

from journeymap.model import validate_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="journey files (*.journey.json)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no summary line")


def run(args: argparse.Namespace) -> int:
    bad = 0
    problems = 0
    for path in args.files:
        lines = validate_file(path)
        for line in lines:
            print(line)
        bad += bool(lines)
        problems += len(lines)
    if not args.quiet:
        good = len(args.files) - bad
        print(f"{len(args.files)} file{'s' * (len(args.files) != 1)} checked: {good} valid"
              + (f", {bad} with {problems} problem{'s' * (problems != 1)}" if bad else ""),
              file=sys.stderr)
    return 1 if bad else 0
