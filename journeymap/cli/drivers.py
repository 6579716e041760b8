"""``journeymap drivers JOURNEY --outcome COL``: which touchpoints drive an overall outcome
(Johnson's relative weights with bootstrap intervals), as a table or JSON, and with
``-o FILE`` the importance × performance quadrant as a figure."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from journeymap.plain import plain_value

from . import load_journey
from .feedback_options import add_feedback_arguments, sources_from_args
from .metrics import table_lines

FIELDS = ("touchpoint", "label", "column", "weight", "weight_low", "weight_high",
          "performance")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--outcome", metavar="COL", required=True,
                        help="the overall outcome column (satisfaction, likelihood to "
                             "recommend, renewal, ...)")
    parser.add_argument("--outcome-positive", metavar="VALUE",
                        help="for a two-valued outcome, the value that counts as positive "
                             "(e.g. satisfied, yes, renewed)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="also draw the importance × performance quadrant: .png, .svg, .pdf")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for the 95%% intervals (default 1000)")
    parser.add_argument("--seed", type=int, default=None,
                        help="the bootstrap's seed (default: a fixed one, so runs repeat)")
    add_feedback_arguments(parser)
    by = next(a for a in parser._actions if "--by" in a.option_strings)
    by.metavar = "segment:COL"
    by.help = "one model per value of a segment column"


def as_json(result) -> dict[str, Any]:
    """The object ``--format json`` prints for one model."""
    out = {"outcome": result.outcome, "r2": plain_value(result.r2), "n": result.n}
    if result.positive is not None:
        out["outcome_positive"] = result.positive
    if result.segment is not None:
        out["segment"] = result.segment
    out.update({"r2_low": plain_value(result.r2_low), "r2_high": plain_value(result.r2_high),
                "rows": result.rows, "excluded": dict(result.excluded),
                "left_out": dict(result.left_out)})
    out["touchpoints"] = [
        {**{f: plain_value(row[f]) for f in FIELDS},
         "share": plain_value(row["share"]), "quadrant": row["quadrant"],
         "answered": int(row["answered"])}
        for row in result.touchpoints.to_dict("records")]
    return out


def as_table(result) -> str:
    """One model for people: the outcome, R², rows used and left out, then the drivers."""
    title = f"Key drivers of {result.outcome}" + (
        f" = {result.positive}" if result.positive is not None else "")
    if result.segment is not None:
        title += f" ({result.segment})"
    lines = [title,
             f"R² {result.r2:.3f} [{result.r2_low:.3f}, {result.r2_high:.3f}]: the touchpoints "
             f"together explain {result.r2:.0%} of the outcome's variation",
             f"{result.n:,} of {result.rows:,} rows in the model"
             + ("; left out: " + ", ".join(f"{why} {n:,}" for why, n in result.excluded.items())
                if result.excluded else "")]
    header = ["#", "touchpoint", "weight [95%]", "share", "performance", "quadrant"]
    rows = [[str(r.rank), str(r.label),
             f"{r.weight:.3f} [{r.weight_low:.3f}, {r.weight_high:.3f}]", f"{r.share:.0%}",
             f"{r.performance:.2f}", r.quadrant] for r in result.touchpoints.itertuples()]
    return "\n".join(lines + table_lines(header, rows, {0, 2, 3, 4}))


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError
    from journeymap.analytics.drivers import SEED, drivers_for_journey

    journey = load_journey(args.journey)
    if journey is None:
        return 1
    if args.output and Path(args.output).suffix.lower() not in (".png", ".svg", ".pdf"):
        print(f"journeymap drivers: {args.output}: use .png, .svg or .pdf", file=sys.stderr)
        return 2
    try:
        results = drivers_for_journey(
            journey, sources_from_args(args, journey), args.outcome, args.outcome_positive,
            base_dir=Path(args.journey).resolve().parent, by=args.by,
            resamples=max(args.bootstrap, 10), seed=SEED if args.seed is None else args.seed)
    except (SourceError, ValueError) as exc:
        print(f"journeymap drivers: {exc}", file=sys.stderr)
        return 1
    for note in results[0].notes:
        print(f"note: {note}", file=sys.stderr)
    if args.format == "json":
        data: Any = as_json(results[0]) if args.by is None else {
            "by": args.by, "groups": [as_json(r) for r in results]}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(as_table(r) for r in results))
    if args.output:
        from journeymap.render.drivers import render_drivers

        try:
            render_drivers(results[0], journey.title).save(args.output)
        except OSError as exc:
            print(f"journeymap drivers: {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
