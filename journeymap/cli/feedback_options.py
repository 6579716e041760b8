"""Command-line flags that describe feedback sources and event logs, shared by ``metrics``
and ``render``: ``add_feedback_arguments(parser)`` and ``analysis_from_args(...)``.

Without ``--feedback`` the sources saved in the journey are used; with it, each FILE becomes a
source described by the other flags. Where they leave its layout and mapping open, the import
dialog's proposal is applied and told on stderr (:mod:`journeymap.cli.assumed`); anything else
left out is recognised from the column names.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.model import METRIC_KINDS, FeedbackSource, Journey, MetricColumn, slug

if TYPE_CHECKING:
    from journeymap.analytics import Analysis


def metric_spec(text: str) -> tuple[str, float | None, float | None]:
    """``KIND[:MIN-MAX]`` -> (kind, min, max); argparse shows the ValueError's message."""
    match = re.fullmatch(r"\s*([a-z]+)\s*(?::\s*(-?[0-9.]+)\s*(?:-|\.\.|–)\s*(-?[0-9.]+)\s*)?",
                         text)
    if not match or match.group(1) not in METRIC_KINDS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected KIND[:MIN-MAX] with KIND one of {', '.join(METRIC_KINDS)}, "
            "e.g. rating:1-5")
    low = float(match.group(2)) if match.group(2) is not None else None
    high = float(match.group(3)) if match.group(3) is not None else None
    if low is not None and high is not None and not low < high:
        raise argparse.ArgumentTypeError(f"{text!r}: the scale's minimum must be below its "
                                         "maximum")
    return match.group(1), low, high


def column_pair(text: str) -> tuple[str, str] | None:
    """``COL=VALUE`` -> (COL, VALUE), stripped; None without "=". Split at the last "=": a
    survey's column may hold one ("Rating (1=poor, 5=great)=seat-comfort"), a touchpoint,
    kind or step name hardly ever does. One rule for every ``COL=…`` flag."""
    column, sep, value = text.rpartition("=")
    return (column.strip(), value.strip()) if sep else None


def column_metric(text: str) -> MetricColumn:
    """``COL=KIND[:MIN-MAX]`` -> a MetricColumn."""
    column, spec = column_pair(text) or ("", "")
    if not column:
        raise argparse.ArgumentTypeError(f"{text!r}: expected COL=KIND[:MIN-MAX], "
                                         "e.g. review_score=rating:1-5")
    kind, low, high = metric_spec(spec)
    return MetricColumn(column.strip(), kind, low, high)


def column_touchpoint(text: str) -> tuple[str, str]:
    """``COL=TOUCHPOINT`` -> (column, touchpoint id or label)."""
    column, touchpoint = column_pair(text) or ("", "")
    if not column or not touchpoint:
        raise argparse.ArgumentTypeError(f"{text!r}: expected COLUMN=TOUCHPOINT (its id or "
                                         "label), e.g. 'Seat comfort=seat-comfort'")
    return column, touchpoint


def by_spec(text: str) -> str:
    from journeymap.analytics.analysis import parse_by  # pandas only when the flag is used

    try:
        parse_by(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_feedback_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the flags that choose and describe feedback and event data."""
    group = parser.add_argument_group("feedback and events (default: the journey's saved "
                                      "sources)")
    group.add_argument("--feedback", metavar="FILE", nargs="+", action="extend", default=[],
                       help="feedback tables (CSV, XLSX, Parquet, JSON Lines) to use instead "
                            "of the saved sources")
    group.add_argument("--events", metavar="FILE", help="an event log (case, touchpoint, "
                       "timestamp) to use instead of the saved one")
    group.add_argument("--source-kind", choices=("feedback", "complaints"), default="feedback",
                       help="complaints: each row of the --feedback tables is one complaint "
                            "or ticket about the touchpoint in its touchpoint column")
    group.add_argument("--theme", metavar="COL", default="",
                       help="complaints: a column of themes (reasons, categories) counted "
                            "per touchpoint")
    group.add_argument("--encoding", default="",
                       help="the --feedback tables' encoding, e.g. cp1252 or latin-1 "
                            "(default: recognised from the file)")
    group.add_argument("--sheet", default="",
                       help="Excel: the sheet to read, by name or number (default: the first)")
    group.add_argument("--layout", choices=("long", "wide"), default="",
                       help="long: one row per response; wide: one column per touchpoint "
                            "(default: as `journeymap detect` proposes, told on stderr)")
    group.add_argument("--wide-column", metavar="COL=TOUCHPOINT", type=column_touchpoint,
                       action="append", default=[],
                       help="wide layout: the touchpoint (id or label) column COL rates "
                            "(repeatable; default: columns named near a touchpoint)")
    group.add_argument("--touchpoint-column", metavar="COL", default="",
                       help="the column naming the touchpoint, by id or label (long layout)")
    group.add_argument("--value-map", metavar="FILE",
                       help="two-column CSV: data value, touchpoint id or label (empty: the "
                            "value is known to be no touchpoint)")
    group.add_argument("--metric", metavar="COL=KIND[:MIN-MAX]", type=column_metric,
                       action="append", default=[],
                       help=f"a metric column (repeatable); KIND: {', '.join(METRIC_KINDS)}")
    group.add_argument("--metric-kind", metavar="KIND[:MIN-MAX]", type=metric_spec,
                       help="wide layout: the kind and scale of the touchpoint columns")
    group.add_argument("--segment", metavar="COL", action="append", default=[],
                       help="a segment column (repeatable)")
    group.add_argument("--comment", metavar="COL", default="", help="the comment column")
    group.add_argument("--timestamp", metavar="COL", default="",
                       help="the feedback's timestamp column")
    group.add_argument("--na", metavar="VALUE", action="append", default=[],
                       help="a value meaning 'not applicable', e.g. 0 (repeatable)")
    add_event_columns(group)
    group.add_argument("--by", metavar="stage|segment:COL|period:W|M|Q", type=by_spec,
                       help="break the numbers down by stage, a segment column or a period")
    big = parser.add_argument_group("big data: engines and databases")
    big.add_argument("--engine", choices=("pandas", "duckdb", "spark"), default="",
                     help="where rows are reduced to sums (default: each source's saved "
                          "engine, else pandas for small files and DuckDB for Parquet "
                          "folders, globs, databases and files over 512 MiB)")
    big.add_argument("--spark-master", metavar="URL", default="",
                     help="Spark's master for --engine spark: local[4], spark://HOST:7077, "
                          "yarn, … (default: $JOURNEYMAP_SPARK_MASTER, else local[*])")
    big.add_argument("--source-url", metavar="URL", default="",
                     help="a database source instead of the saved ones: sqlite:///FILE, "
                          "duckdb:///FILE or postgresql://USER@HOST:PORT/DB (the password "
                          "from PGPASSWORD or ~/.pgpass, never on the command line)")
    big.add_argument("--table", metavar="NAME", default="",
                     help="the database source's table (schema.table)")
    big.add_argument("--query", metavar="SQL", default="",
                     help="the database source's query, in the database's own SQL")
    big.add_argument("--source-role", choices=("feedback", "events"), default="feedback",
                     help="what --source-url holds (default: feedback)")


def add_event_columns(group) -> None:
    """The flags naming an event log's columns (shared with ``journeymap paths``)."""
    group.add_argument("--case-column", metavar="COL", default="",
                       help="event log: the case/customer column (default: case_id)")
    group.add_argument("--event-touchpoint-column", metavar="COL", default="",
                       help="event log: the touchpoint column (default: touchpoint)")
    group.add_argument("--time-column", metavar="COL", default="",
                       help="event log: the time column (default: timestamp)")
    group.add_argument("--step-column", metavar="COL=TOUCHPOINT", type=column_touchpoint,
                       action="append", default=[],
                       help="wide event log (one row per case): a timestamp column and the "
                            "touchpoint (id or label) it times (repeatable; default: "
                            "timestamp columns named near a touchpoint)")


def _na_value(text: str) -> str | int | float:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_value_map(path: str, journey: Journey,
                   notes: list[str] | None = None) -> dict[str, str | None]:
    """A two-column CSV (data value, touchpoint id or label) as a value map of ids.

    A header row is recognised and skipped; an empty second cell means "no touchpoint".
    A target finds its touchpoint as the analytics find one for a data value matched by
    label (:func:`journeymap.analytics.feedback.touchpoint_resolver`): its id, in any case,
    else its label, ignoring case, spaces and punctuation. A label several touchpoints share
    means the first of them in journey order; ``notes`` then gets a line saying so.
    Raises SourceError naming the file and line of a target that is no touchpoint, and of a
    value mapped again to another touchpoint (a repeat of the same mapping is harmless).
    """
    from journeymap.analytics.detect import label_key, shared_labels
    from journeymap.analytics.feedback import touchpoint_resolver
    from journeymap.analytics.reading import SourceError, sniff_delimiter, sniff_encoding

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the value map: {exc.strerror}") from None
    text = data.decode(sniff_encoding(data[:65536]), errors="replace").lstrip("\ufeff")
    ids = set(journey.touchpoint_ids())
    resolve = touchpoint_resolver(FeedbackSource("value-map", path, match="label"), journey)
    shared = shared_labels(journey)
    mapping: dict[str, str | None] = {}
    first_line: dict[str, int] = {}

    def put(value: str, key: str | None, line: int) -> None:
        # Last-wins would silently drop one of two contradicting lines: which one the user
        # meant cannot be known, so they are both named.
        if value in mapping and mapping[value] != key:
            raise SourceError(
                f"{path}, line {line}: {value!r} is mapped to {key or 'no touchpoint'} here "
                f"and to {mapping[value] or 'no touchpoint'} on line {first_line[value]}: "
                "a value finds one touchpoint")
        mapping[value] = key
        first_line.setdefault(value, line)

    for line, cells in enumerate(csv.reader(text.splitlines(), delimiter=sniff_delimiter(text)),
                                 1):
        if not cells or not any(c.strip() for c in cells):
            continue
        value = cells[0].strip()
        target = cells[1].strip() if len(cells) > 1 else ""
        if not target:
            put(value, None, line)
            continue
        key = resolve(target)
        if key not in ids:
            if line == 1:  # a header such as "value,touchpoint"
                continue
            raise SourceError(f"{path}, line {line}: {target!r} is no touchpoint id or label "
                              "of the journey")
        by_label = key.casefold() != target.casefold()  # an id is never ambiguous
        owners = shared.get(label_key(target), []) if by_label else []
        if owners and notes is not None:
            notes.append(f"{path}, line {line}: {target!r} is the label of "
                         f"{len(owners)} touchpoints ({', '.join(owners)}); {key} is used, "
                         "the first in the journey: write the id to choose another")
        put(value, key, line)
    return mapping


def resolve_pairs(pairs: list[tuple[str, str]], journey: Journey, flag: str
                  ) -> dict[str, str]:
    """``COL=TOUCHPOINT`` pairs as column -> touchpoint id (a label found as values are).
    Raises SourceError naming a touchpoint the journey lacks."""
    from journeymap.analytics.feedback import touchpoint_resolver
    from journeymap.analytics.reading import SourceError

    resolve = touchpoint_resolver(FeedbackSource(flag, "", match="label"), journey)
    ids = set(journey.touchpoint_ids())
    out: dict[str, str] = {}
    for column, target in pairs:
        key = resolve(target)
        if key not in ids:
            raise SourceError(f"{flag} {column}={target}: {target!r} is no touchpoint id or "
                              "label of the journey")
        out[column] = key
    return out


def sources_from_args(args: argparse.Namespace, journey: Journey) -> list[FeedbackSource]:
    """The sources the flags describe (the journey's saved ones where no file is given)."""
    saved_feedback = [s for s in journey.sources if s.role != "events"]  # and complaints
    saved_events = [s for s in journey.sources if s.role == "events"]
    sources: list[FeedbackSource] = []
    taken: set[str] = set()

    def new_id(path: str) -> str:
        base = slug(Path(path).stem) or "source"
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        return key

    url = getattr(args, "source_url", "")
    if url and not (args.table or args.query):
        from journeymap.analytics.reading import SourceError

        raise SourceError(f"--source-url {url}: name a --table or a --query")
    if url and args.source_role == "events":
        args.events = args.events or url
    elif url:
        args.feedback = [*args.feedback, url]
    if args.feedback:
        from .assumed import (feedback_mapping_given, fill_touchpoint_column,
                              proposal_can_read, proposed_feedback)

        args.layout = getattr(args, "layout", "") or ""
        notes: list[str] = []
        value_map = read_value_map(args.value_map, journey, notes) if args.value_map else {}
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        na = [_na_value(v) for v in args.na]
        metrics = [MetricColumn(m.column, m.kind, m.minimum, m.maximum, list(na))
                   for m in args.metric]
        if args.layout == "wide":  # first: the kind and scale of the touchpoint columns
            kind, low, high = args.metric_kind or ("rating", None, None)
            metrics.insert(0, MetricColumn("", kind, low, high, list(na)))
        wide = resolve_pairs(getattr(args, "wide_column", []), journey, "--wide-column")
        for path in args.feedback:
            key = new_id(args.table or "database" if path == url else path)
            readable = path != url and proposal_can_read(args, path)
            if readable and not feedback_mapping_given(args):
                sources.append(proposed_feedback(path, key, args, journey))
                continue
            sources.append(FeedbackSource(
                id=key, **_where(path, url, args),
                layout="wide" if wide else args.layout or "long", wide_columns=dict(wide),
                touchpoint_column=args.touchpoint_column,
                # values find touchpoints by id or by label, as the import dialog offers;
                # a value map, when given, comes first
                match="map" if value_map else "label", value_map=dict(value_map),
                metrics=[m.copy() for m in metrics], comment_column=args.comment,
                segment_columns=list(args.segment), timestamp_column=args.timestamp,
                role=getattr(args, "source_kind", "feedback"),
                options=_reader_options(args)))
            if (readable and not wide and args.layout != "wide" and not value_map
                    and not args.touchpoint_column):
                fill_touchpoint_column(sources[-1], path, args, journey)
    else:
        sources.extend(saved_feedback)
        taken.update(s.id for s in saved_feedback)
    if args.events:
        from .assumed import event_mapping_given, proposed_events, proposal_can_read

        key = new_id(args.table or "events" if args.events == url else args.events)
        steps = resolve_pairs(getattr(args, "step_column", []), journey, "--step-column")
        found = None
        if args.events != url and proposal_can_read(args, args.events) \
                and not event_mapping_given(args, args.events):
            found = proposed_events(args.events, key, args, journey)
        sources.append(found or FeedbackSource(
            id=key, **_where(args.events, url, args), role="events",
            layout="wide" if steps else "long", wide_columns=steps,
            touchpoint_column=args.event_touchpoint_column, case_column=args.case_column,
            timestamp_column=args.time_column))
    else:
        sources.extend(s for s in saved_events if s.id not in taken)
    return sources


def _where(path: str, url: str, args: argparse.Namespace) -> dict[str, str]:
    """The location fields of a source: a file's absolute path, or the database's."""
    if url and path == url:
        return {"url": url, "table": args.table, "query": args.query}
    return {"path": str(Path(path).resolve())}


def _reader_options(args: argparse.Namespace) -> dict[str, str | int]:
    """A source's ``options`` from the flags: encoding, sheet, theme column."""
    options: dict[str, str | int] = {}
    if getattr(args, "encoding", ""):
        options["encoding"] = args.encoding
    sheet = getattr(args, "sheet", "")
    if sheet:
        options["sheet"] = int(sheet) if sheet.isdigit() else sheet
    if getattr(args, "theme", ""):
        options["theme_column"] = args.theme
    return options


def report(analysis: "Analysis", stream=None) -> None:
    """Rows read, kept and rejected (by reason) per source, and what was recognised."""
    stream = stream if stream is not None else sys.stderr
    for note in analysis.notes:
        print(f"note: {note}", file=stream)
    for table in analysis.tables:
        key = table.source.id
        counts = analysis.rejected_counts.get(key, {})
        line = (f"{key}: {table.input_rows:,} rows, {table.kept_rows:,} kept, "
                f"{sum(counts.values()):,} rejected")
        if counts:
            line += " (" + ", ".join(f"{reason}: {n:,}" for reason, n in counts.items()) + ")"
        print(line, file=stream)


def analysis_from_args(args: argparse.Namespace, journey: Journey,
                       journey_path: str | Path) -> "Analysis":
    """Analyse ``journey`` with the sources the flags describe; rejected-row counts go to
    stderr. Raises :class:`journeymap.analytics.SourceError` when an input cannot be read."""
    from journeymap.analytics import analyse

    sources = sources_from_args(args, journey)
    analysis = analyse(journey, sources, base_dir=Path(journey_path).resolve().parent,
                       by=getattr(args, "by", None), engine=getattr(args, "engine", ""),
                       spark_master=getattr(args, "spark_master", ""))
    report(analysis)
    engines = {e for e in analysis.engines.values() if e != "pandas"}
    if engines:
        print(f"computed with {analysis.engine_summary}", file=sys.stderr)
    return analysis


def journey_and_analysis(args: argparse.Namespace, command: str
                         ) -> "tuple[Journey, Analysis] | None":
    """The journey of ``args.journey`` analysed with the sources the flags describe, or None
    once the problem went to stderr (``journeymap COMMAND: message``; exit with 1)."""
    from journeymap.analytics import SourceError

    from . import load_journey

    journey = load_journey(args.journey)
    if journey is None:
        return None
    try:
        return journey, analysis_from_args(args, journey, args.journey)
    except SourceError as exc:
        print(f"journeymap {command}: {exc}", file=sys.stderr)
        return None
