"""``journeymap detect JOURNEY TABLE``: what the import would propose for a table.

The same proposal the import dialog shows (:func:`journeymap.analytics.proposal.propose`):
encoding, delimiter, layout, each column's role, metric kind, scale and "not applicable"
values, column or value → touchpoint matches with their confidence, segments, timestamps, an
event-log reading, and the scales the data leave open with what each reading does.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import load_journey


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("table", metavar="TABLE",
                        help="a feedback table or event log (CSV, XLSX, Parquet, JSON Lines)")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="table: for people (default); json: for scripts")
    parser.add_argument("--encoding", default="", help="the CSV's encoding, e.g. cp1252 "
                        "(default: recognised from the file)")
    parser.add_argument("--delimiter", default="", help="the CSV's delimiter (default: "
                        "recognised from the file)")
    parser.add_argument("--sheet", default="", help="Excel: the sheet's name or number "
                        "(default: the first)")
    parser.add_argument("--save", action="store_true",
                        help="add the proposal to JOURNEY as a source, as the app's import "
                             "does, so metrics, render, paths, … read it with no flags "
                             "(refused when it maps nothing to the journey)")


def _scale(c) -> str:
    if not c.scale:
        return ""
    text = f"{c.scale[0]:g}–{c.scale[1]:g}"
    if c.na:
        text += " n/a " + ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in c.na)
    return text + (" ?" if c.ambiguous else "")


def lines(proposal, journey) -> list[str]:
    """The proposal for people: a column table, the value map, open scales, notes."""
    from journeymap.cli.info import plural

    p = proposal
    head = [f"{p.rows:,} rows", f"{p.role}, {p.layout} layout"]
    if p.encoding:
        head.append(f"encoding {p.encoding}")
    if p.delimiter:
        head.append("delimiter " + {"\t": "tab", ",": "comma", ";": "semicolon"}.get(
            p.delimiter, repr(p.delimiter)))
    out = [" · ".join(head), ""]
    rows = [("column", "role", "kind", "scale", "touchpoint", "conf.", "why")]
    for c in p.columns:
        tp = c.touchpoint or (f"({c.suggestions[0].touchpoint}?)" if c.suggestions else "")
        rows.append((c.name, c.role, c.kind, _scale(c), tp,
                     f"{c.confidence:.2f}" if c.confidence else "", c.why))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for r in rows:
        out.append("  ".join(f"{v:<{w}}" for v, w in zip(r, widths)) + "  " + r[6])
    if p.values:
        out += ["", f"values of {p.touchpoint_column} ({plural(len(p.values), 'value')}, "
                f"matched by {p.match}):"]
        width = max(len(v.value) for v in p.values[:50])
        for v in p.values[:50]:
            target = v.touchpoint or "—"
            hint = "" if v.touchpoint or not v.suggestions else \
                f"  (closest: {v.suggestions[0].label}, {v.suggestions[0].score:.2f})"
            out.append(f"  {v.value:<{width}}  {v.rows:>8,}  → {target}"
                       f"  {v.confidence:.2f}{hint}")
        if len(p.values) > 50:
            out.append(f"  … {len(p.values) - 50:,} more (--format json lists them all)")
    for q in p.scales:
        if not q.guess.ambiguous:
            continue
        out += ["", f"open scale of {', '.join(q.columns)}: {q.guess.why}",
                "  answers: " + " · ".join(f"{k:g}: {v:,}" for k, v in q.counts.items())]
        for i, choice in enumerate(q.guess.choices):
            mark = "proposed" if i == 0 else "or      "
            out.append(f"  {mark} {choice.text}: mean {choice.mean:.2f}, "
                       f"{choice.negative:.0%} negative, {choice.answers:,} answers")
    if p.event_log:
        log = p.event_log
        out += ["", f"event log ({log['layout']}): case column {log['case_column']}"]
        for column, tp in log.get("columns", {}).items():
            out.append(f"  {column} → {tp or '—'}")
    if p.notes:
        out += [""] + [f"note: {n}" for n in p.notes]
    return out


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError, read_table
    from journeymap.analytics.proposal import propose

    journey = load_journey(args.journey)
    if journey is None:
        return 1
    sheet = int(args.sheet) if args.sheet.isdigit() else args.sheet
    options = {k: v for k, v in (("encoding", args.encoding), ("delimiter", args.delimiter),
                                  ("sheet", sheet)) if v != ""}
    try:
        raw = read_table(args.table, options=options)
    except SourceError as exc:
        print(f"journeymap detect: {exc}", file=sys.stderr)
        return 1
    proposal = propose(raw, journey)
    if args.format == "json":
        print(json.dumps(proposal.as_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(lines(proposal, journey)))
    if args.save:
        try:
            return _save(args, journey, raw, proposal)
        except SourceError as exc:
            print(f"journeymap detect: {exc}", file=sys.stderr)
            return 1
    return 0


def _save(args: argparse.Namespace, journey, raw, proposal) -> int:
    """Add the proposal's source to the journey file (written whole or not at all); what it
    assumed goes to stderr as the other commands say it."""
    from pathlib import Path

    from journeymap.analytics import SourceError
    from journeymap.metrics_cache import relative_path
    from journeymap.model import JourneyFileError, save, slug

    from .assumed import proposed_events, proposed_feedback
    from .feedback_options import add_feedback_arguments

    flags = argparse.ArgumentParser(add_help=False)
    add_feedback_arguments(flags)
    defaults = flags.parse_args([])  # the feedback options as a command with none given
    defaults.encoding, defaults.sheet = args.encoding, args.sheet
    defaults.partial_values = True  # listed above for review: saved, not refused
    key = journey.new_id(slug(Path(args.table).stem) or "source")
    if proposal.role == "events":
        source = proposed_events(args.table, key, defaults, journey, proposal=proposal)
        if source is None:
            source = proposal.source(args.table, key, role="events")
            if not (source.case_column and source.touchpoint_column
                    and source.timestamp_column):
                raise SourceError(f"{args.table}: an event log without a recognised case, "
                                  "touchpoint and time column: import it in the app to "
                                  "name them")
            print(f"event log, long: case {source.case_column}, touchpoint "
                  f"{source.touchpoint_column} (matched by {source.match}), time "
                  f"{source.timestamp_column}", file=sys.stderr)
    else:
        source = proposed_feedback(args.table, key, defaults, journey, raw=raw,
                                   proposal=proposal)
    source.path = relative_path(args.table, args.journey)
    source.name = Path(args.table).name
    if raw.format:
        source.format = raw.format
    if args.delimiter:
        source.options["delimiter"] = args.delimiter
    journey.add_source(source)
    try:
        save(journey, args.journey)
    except JourneyFileError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return 1
    print(f"{args.journey}: source {source.id} added ({source.role}, {source.layout} "
          "layout); the commands now read it with no flags", file=sys.stderr)
    return 0
