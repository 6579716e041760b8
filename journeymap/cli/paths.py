"""``journeymap paths JOURNEY``: the paths customers took (variants) and how they conform to
the designed journey, from its event log; ``--by`` splits by segment or period and
``--compare A B`` says in words where two groups walk differently."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from journeymap.analytics.flow import duration
from journeymap.plain import plain_value

from . import load_journey
from .feedback_options import add_event_columns, by_spec
from .metrics import _pad, _width

VARIANT_FIELDS = ("variant", "path", "steps", "cases", "share", "coverage", "median_seconds")
TOUCHPOINT_FIELDS = ("touchpoint", "label", "stage", "reached", "skipped", "out_of_order",
                     "repeated", "reached_share", "skipped_share", "out_of_order_share",
                     "repeated_share")
TRANSITION_FIELDS = ("source", "target", "volume", "cases", "share", "in_map", "kind",
                     "mapped", "median_seconds", "p90_seconds")
DELTA_FIELDS = ("what", "subject", "cases_a", "cases_b", "share_a", "share_b", "difference",
                "ratio", "p_value", "q_value", "significant", "sentence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--events", metavar="FILE",
                        help="an event log (case, touchpoint, timestamp) to use instead of "
                             "the journey's saved one")
    add_event_columns(parser)
    parser.add_argument("--by", metavar="segment:COL|period:W|M|Q", type=by_spec,
                        help="also give every segment's or period's numbers")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="with --by: where groups A and B walk differently, in words")
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="variants listed; the rest are one '(other)' row (default 10)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--engine", choices=("pandas", "duckdb"), default="",
                        help="duckdb walks the log case by case in bounded memory (chosen "
                             "by itself for Parquet folders and files over 512 MiB); "
                             "pandas reads it whole (needed for --by)")


def _records(frame, fields) -> list[dict[str, Any]]:
    columns = [f for f in fields if f in frame.columns]
    out = []
    for row in frame[columns].itertuples(index=False, name=None):
        record = {}
        for f, v in zip(columns, row):
            record[f] = list(v) if isinstance(v, tuple) else plain_value(v)
        out.append(record)
    return out


def as_json(result) -> dict[str, Any]:
    """The object ``--format json`` prints (see README, "Paths and conformance")."""
    cf = result.conformance
    out: dict[str, Any] = {
        "journey": cf.journey.title, "cases": cf.cases, "events": cf.log.events,
        "fitness": plain_value(cf.overall_fitness()),
        "variant_count": int(result.variants.attrs.get("variants", len(result.variants))),
        "variants": _records(result.variants, VARIANT_FIELDS),
        "touchpoints": _records(cf.touchpoint_table(), TOUCHPOINT_FIELDS),
        "transitions": _records(cf.transition_table(), TRANSITION_FIELDS),
        "unmapped": _records(cf.unmapped(), ("value", "events", "cases"))}
    if result.by:
        out["by"] = result.by
        out["groups"] = [{"group": g, "cases": int(cf.group_cases[i]),
                          "fitness": plain_value(cf.overall_fitness(g)),
                          "touchpoints": _records(cf.touchpoint_table(g), TOUCHPOINT_FIELDS),
                          "transitions": _records(cf.transition_table(g), TRANSITION_FIELDS)}
                         for i, g in enumerate(cf.log.group_names)]
    if result.deltas is not None:
        out["comparison"] = {"a": result.compare[0], "b": result.compare[1],
                             "differences": _records(result.deltas, DELTA_FIELDS)}
    return out


def _columns(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    widths = [max(_width(str(c)) for c in col) for col in zip(header, *rows)]

    def fmt(cells) -> str:
        return "  ".join(_pad(str(c), w, right=i in numeric)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


def as_table(result) -> str:
    cf = result.conformance
    labels = {tp.id: tp.label for tp in cf.journey.touchpoints()}
    variants = result.variants
    out = [f"{cf.journey.title}: {cf.cases:,} cases, {cf.log.events:,} events, "
           f"{variants.attrs.get('variants', len(variants)):,} variants, "
           f"fitness {cf.overall_fitness():.3f}", ""]
    rows = []
    for v in variants.itertuples():
        name = "other" if v.variant == 0 else str(v.variant)
        path = " → ".join(labels.get(k, k) for k in v.path) if v.variant else "(the rest)"
        if len(path) > 90:
            path = path[:89] + "…"
        rows.append([name, f"{v.cases:,}", f"{100 * v.share:.1f}%",
                     f"{100 * v.coverage:.1f}%", duration(v.median_seconds), path])
    out += _columns(["variant", "cases", "share", "coverage", "median time", "path"], rows,
                    {1, 2, 3, 4})
    tps = cf.touchpoint_table()
    rows = [[labels[t.touchpoint], f"{t.reached:,}", f"{t.skipped:,}", f"{t.out_of_order:,}",
             f"{t.repeated:,}"] for t in tps.itertuples()]
    out += ["", "Touchpoints (cases):"] + _columns(
        ["touchpoint", "reached", "skipped", "out of order", "repeated"], rows, {1, 2, 3, 4})
    trans = cf.transition_table()
    off = trans[~trans["in_map"] & (trans["volume"] > 0)]
    if len(off):
        out += ["", "Walked but not designed:"]
        out += [f"  {labels.get(t.source, t.source)} → {labels.get(t.target, t.target)}: "
                f"{t.volume:,} moves by {t.cases:,} cases (median {duration(t.median_seconds)})"
                + ("" if t.mapped else "  [unmapped step]") for t in off.head(20).itertuples()]
    never = trans[trans["in_map"] & (trans["volume"] == 0)]
    if len(never):
        out += ["", "Designed but never walked:"]
        out += [f"  {labels[t.source]} → {labels[t.target]}" for t in never.itertuples()]
    unmapped = cf.unmapped()
    if len(unmapped):
        out += ["", "Steps of the log that are no touchpoint of the map:"]
        out += [f"  {u.value}: {u.events:,} events, {u.cases:,} cases"
                for u in unmapped.head(20).itertuples()]
    if result.by:
        out += ["", f"By {result.by}:"]
        out += [f"  {g}: {cf.group_cases[i]:,} cases, fitness {cf.overall_fitness(g):.3f}"
                for i, g in enumerate(cf.log.group_names)]
    if result.deltas is not None:
        a, b = result.compare
        shown = result.deltas[result.deltas["significant"]].head(result.top)
        out += ["", f"{b} compared with {a} (q: p adjusted for {len(result.deltas):,} "
                    "comparisons, Benjamini–Hochberg):"]
        out += [f"  {s}" for s in shown["sentence"]] or ["  no significant difference"]
    return "\n".join(out)


class PathsResult:
    """What the command computed, for the two printers."""

    def __init__(self, conformance, variants, by, compare, deltas, top) -> None:
        self.conformance = conformance
        self.variants = variants
        self.by = by
        self.compare = compare
        self.deltas = deltas
        self.top = top


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from journeymap.analytics import SourceError
    from journeymap.analytics.deltas import TooManyGroups, compare_paths
    from journeymap.analytics.paths import analyse_paths

    from .feedback_options import sources_from_args

    if args.compare and not args.by:
        print("journeymap paths: --compare needs --by segment:COL or period:W|M|Q",
              file=sys.stderr)
        return 2
    if args.top < 1:
        print("journeymap paths: --top must be at least 1", file=sys.stderr)
        return 2
    journey = load_journey(args.journey)
    if journey is None:
        return 1
    flags = argparse.Namespace(feedback=[], events=args.events, case_column=args.case_column,
                               event_touchpoint_column=args.event_touchpoint_column,
                               time_column=args.time_column, step_column=args.step_column)
    sources = [s for s in sources_from_args(flags, journey) if s.role == "events"]
    if args.by and args.engine == "duckdb":
        print("note: --by reads the event log whole with pandas", file=sys.stderr)
    try:
        table, cf = analyse_paths(journey, sources or None, Path(args.journey).resolve().parent,
                                  args.top, engine=args.engine, by=args.by or "",
                                  read=_say_read)
    except TooManyGroups as exc:
        print(f"journeymap paths: --by {args.by}: {exc}", file=sys.stderr)
        return 1
    except (SourceError, ValueError) as exc:
        print(f"journeymap paths: {exc}", file=sys.stderr)
        return 1
    if table.attrs["engine"] == "duckdb":
        print("computed with duckdb", file=sys.stderr)
    deltas = None
    if args.compare:
        try:
            found = compare_paths(journey, args.by, *args.compare, conformance=cf,
                                  min_cases=0, strict=True)
            if found.problem:
                raise ValueError(found.problem)
        except ValueError as exc:
            print(f"journeymap paths: --compare: {exc}", file=sys.stderr)
            return 2
        deltas = found.deltas
    return _print(PathsResult(cf, table, args.by, args.compare, deltas, args.top), args)


def _say_read(tables) -> None:
    """Each event log's rows read, kept and rejected (and why), on stderr."""
    for table in tables:
        counts = table.rejected_counts
        line = (f"{table.source.id}: {table.input_rows:,} rows, {table.kept_rows:,} kept, "
                f"{sum(counts.values()):,} rejected")
        if counts:
            line += " (" + ", ".join(f"{r}: {n:,}" for r, n in counts.items()) + ")"
        print(line, file=sys.stderr)
        if counts.get("unknown touchpoint"):
            print(f"note: {table.source.id}: rows naming no touchpoint of the map are kept in "
                  "the paths as unmapped steps", file=sys.stderr)


def _print(result: PathsResult, args: argparse.Namespace) -> int:
    if args.format == "json":
        json.dump(as_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(as_table(result))
    return 0
