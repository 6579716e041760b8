"""``journeymap metrics JOURNEY``: per-touchpoint measures and friction, as a table, CSV or
JSON. Rejected-row counts go to stderr; the exit code is 0 unless an input cannot be read."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any

from journeymap.analytics.complaints import NO_TRAFFIC
from journeymap.measures import reading
from journeymap.plain import plain_value

from . import load_journey
from .feedback_options import add_feedback_arguments, analysis_from_args

#: Columns of ``--format csv`` and of each JSON touchpoint object, in order.
TOUCHPOINT_FIELDS = (
    "touchpoint", "label", "stage", "stage_name", "channel", "lane", "segment", "n", "volume",
    "nps", "nps_low", "nps_high", "csat", "csat_low", "csat_high", "ces", "ces_low",
    "ces_high", "ces_mean", "ces_mean_low", "ces_mean_high", "ces_scale", "rating",
    "rating_low", "rating_high", "rating_mean", "rating_mean_low", "rating_mean_high",
    "rating_scale", "sentiment", "sentiment_negative",
    "sentiment_neutral", "sentiment_positive", "complaints", "negative_share", "friction",
    "friction_low", "friction_high", "friction_basis", "complaint_count", "complaint_share",
    "complaints_per_1000", "complaints_per_1000_low", "complaints_per_1000_high",
    "complaint_themes", "sources", "small_sample", "emotion", "measured_emotion",
    "typical_friction", "emotion_disagrees")
EVENT_FIELDS = ("reached", "drop_off")
STAGE_FIELDS = ("stage", "stage_name", "segment", "n", "volume", "nps", "nps_low", "nps_high",
                "csat", "csat_low", "csat_high", "ces", "ces_low", "ces_high", "ces_mean",
                "ces_scale", "rating", "rating_mean", "rating_scale", "sentiment", "complaints", "negative_share", "friction", "friction_low",
                "friction_high", "small_sample", "emotion")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="how to print (default: a table for people)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="with --by segment:COL or period:X, compare group A with group B "
                             "at every touchpoint: the difference (B − A) and whether it is "
                             "significant")
    parser.add_argument("--compare-measure", default="friction",
                        choices=("friction", "csat", "nps", "ces", "rating", "sentiment",
                                 "complaints"), help="the measure --compare compares")
    parser.add_argument("--rejected", metavar="FILE",
                        help="also write the rejected input rows (reason, column, value and "
                             "the original columns) to FILE as CSV")
    add_feedback_arguments(parser)


def _rows(frame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")`` for a table of a few hundred rows, built from each
    column's ``tolist()``: the same Python values (numbers unboxed from numpy, missing text
    NaN) at a tenth of the cost (~1 ms against ~10–20 ms for 500 touchpoints × 60 columns)."""
    names = list(frame.columns)
    return [dict(zip(names, values))
            for values in zip(*(frame[name].tolist() for name in names))]


def _records(frame, fields) -> list[dict[str, Any]]:
    columns = [f for f in fields if f in frame.columns]
    return [{f: plain_value(v) for f, v in zip(columns, row)}
            for row in frame[columns].itertuples(index=False, name=None)]


def _fields(analysis, stages: bool = False) -> tuple[str, ...]:
    """The columns printed per touchpoint (or per stage): reach and drop-off too when there
    is an event log."""
    return ((STAGE_FIELDS if stages else TOUCHPOINT_FIELDS)
            + (EVENT_FIELDS if analysis.has_events else ()))


def as_json(analysis) -> dict[str, Any]:
    """The object ``--format json`` prints."""
    out: dict[str, Any] = {
        "journey": analysis.journey.title, "by": analysis.by,
        "small_sample": analysis.small_sample,
        "touchpoints": _records(analysis.touchpoints, _fields(analysis)),
        "stages": _records(analysis.stages, _fields(analysis, stages=True)),
        "friction_ranking": _records(analysis.friction_ranking, tuple(
            analysis.friction_ranking.columns)),
        "sources": [{"id": t.source.id, "role": t.source.role, "path": t.source.path,
                     "rows": t.input_rows, "kept": t.kept_rows,
                     "rejected": analysis.rejected_counts.get(t.source.id, {})}
                    for t in analysis.tables]}
    if analysis.has_events:
        from journeymap.analytics.events import TRANSITION_COLUMNS

        out["transitions"] = _records(analysis.transitions, TRANSITION_COLUMNS)
    return out


def _number(value: Any, digits: int = 0, sign: bool = False) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _interval(value, low, high, digits=0, sign=False) -> str:
    if value is None or value != value:
        return "–"
    return (f"{_number(value, digits, sign)} [{_number(low, digits, sign)}, "
            f"{_number(high, digits, sign)}]")


def _complaint_share(row: dict) -> str:
    count = row.get("complaint_count")
    if count is None or count != count or not count:
        return "–"
    return f"{count:,.0f} ({100 * row['complaint_share']:.0f}%)"


def _own_scale(row: dict, kind: str) -> str:
    """A rating or CES on the scale its source declared ("2.89 [2.87, 2.91] on 1–5"); on
    the common scale (a rating's share of its scale, CES on 1–7) where sources mix scales:
    :class:`journeymap.measures.Reading`, as the figures and the app write it."""
    return reading(kind, row).full()


def _width(text: str) -> int:
    """Terminal columns ``text`` takes: a wide character (Chinese, Japanese, Korean, full
    width) two, a combining mark or an invisible format character none, others one."""
    if text.isascii():  # every ASCII character takes one column: most cells, at once
        return len(text)
    # Only the others are looked up (in "2.89 [2.87, 2.91] on 1–5", the dash alone).
    others = text.translate(_DROP_ASCII)
    return len(text) - len(others) + sum(
        0 if unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in others)


#: ``str.translate`` table that deletes every ASCII character.
_DROP_ASCII = dict.fromkeys(range(128))


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (:func:`_width`), so a
    label in any script keeps the columns after it in line."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def table_lines(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A header, a rule and the rows in columns as wide as their widest cell (in terminal
    columns, :func:`_width`); the columns in ``right`` aligned right."""
    widths = [max(_width(c) for c in column) for column in zip(header, *rows)]
    return ["  ".join(_pad(c, w, right=i in right) for i, (c, w) in
                      enumerate(zip(cells, widths))).rstrip()
            for cells in [header, ["-" * w for w in widths], *rows]]


def as_table(analysis) -> str:
    """A fixed-width table for people: one line per touchpoint (or stage with ``--by stage``)."""
    by_stage = analysis.by == "stage"
    frame = analysis.stages if by_stage else analysis.touchpoints
    segmented = "segment" in frame and frame["segment"].notna().any()
    events = analysis.has_events
    header = (["stage"] if by_stage else ["touchpoint", "stage"]) + (
        ["segment"] if segmented else []) + ["n", "NPS [95%]", "CSAT% [95%]", "CES [95%]",
                                             "rating [95%]", "sentiment", "complaints",
                                             "complaint log (share)",
                                             "per 1,000 reached [95%]", "friction [95%]"]
    if events:
        header += ["reached", "drop-off"]
    header += ["note"]
    lines = []
    for row in _rows(frame):
        cells = ([row["stage_name"] or row["stage"]] if by_stage
                 else [row["label"] or row["touchpoint"], row["stage_name"]])
        if segmented:
            cells.append(str(row["segment"]))
        notes = []
        if row["small_sample"]:
            notes.append("small sample")
        elif row["n"] == 0 and analysis.has_feedback and not row.get("complaint_count"):
            notes.append("no feedback")
        if row.get("emotion_disagrees"):
            notes.append("emotion disagrees")
        if "," in str(row.get("sources") or ""):
            notes.append(f"from {row['sources']}")
        cells += [f"{row['n']:,}",
                  _interval(row["nps"], row["nps_low"], row["nps_high"], sign=True),
                  _interval(row["csat"], row["csat_low"], row["csat_high"]),
                  _own_scale(row, "ces"),
                  _own_scale(row, "rating"), _number(row["sentiment"], 2, sign=True),
                  _number(row["complaints"]), _complaint_share(row),
                  _interval(row.get("complaints_per_1000"), row.get("complaints_per_1000_low"),
                            row.get("complaints_per_1000_high"), 1),
                  _interval(row["friction"], row["friction_low"], row["friction_high"], 2)
                  if row.get("friction_basis") != NO_TRAFFIC else "unknown (no traffic)"]
        if events:
            cells += [_number(row["reached"]), "–" if row["drop_off"] != row["drop_off"]
                      else f"{100 * row['drop_off']:.0f}%"]
        cells.append(", ".join(notes))
        lines.append(cells)
    # Measures no source provides would be a column of dashes: leave them out.
    keep = [i for i, h in enumerate(header)
            if h in ("touchpoint", "stage", "segment", "n", "friction [95%]", "note")
            or any(cells[i] != "–" for cells in lines)]
    if lines and not any(cells[-1] for cells in lines):
        keep.remove(len(header) - 1)
    header = [header[i] for i in keep]
    lines = [[cells[i] for i in keep] for cells in lines]
    widths = [max(_width(str(c)) for c in column) for column in zip(header, *lines)]
    numeric = {i for i, h in enumerate(header) if h not in ("touchpoint", "stage", "segment",
                                                            "note")}

    def fmt(cells) -> str:
        return "  ".join(_pad(str(c), w, right=i in numeric)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [analysis.journey.title, fmt(header), fmt(["-" * w for w in widths])]
    out += [fmt(cells) for cells in lines]
    if events and len(analysis.transitions):
        off_map = analysis.transitions[~analysis.transitions["in_map"]]
        if len(off_map):
            out += ["", "Transitions customers take that the map lacks:"]
            labels = {tp.id: tp.label for tp in analysis.journey.touchpoints()}
            for t in off_map.head(20).itertuples():
                out.append(f"  {labels[t.source]} → {labels[t.target]}: {t.volume:,} "
                           f"(median {_duration(t.median_seconds)})")
    return "\n".join(out)


def _duration(seconds: float) -> str:
    if seconds != seconds:
        return "–"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def run(args: argparse.Namespace) -> int:
    from journeymap.analytics import SourceError

    journey = load_journey(args.journey)
    if journey is None:
        return 1
    try:
        analysis = analysis_from_args(args, journey, args.journey)
    except SourceError as exc:
        print(f"journeymap metrics: {exc}", file=sys.stderr)
        return 1
    comparison = None
    if args.compare:
        try:
            comparison = analysis.compare(*args.compare, args.compare_measure)
        except ValueError as exc:
            print(f"journeymap metrics: --compare: {exc}", file=sys.stderr)
            return 2
    if args.rejected:
        try:
            count = analysis.export_rejected(args.rejected)
        except OSError as exc:
            print(f"journeymap metrics: {args.rejected}: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"{count:,} rejected rows written to {args.rejected}", file=sys.stderr)
        from journeymap.analytics.engines import REJECTED_LISTED

        for key, engine in analysis.engines.items():  # counted where the data is
            counts = analysis.rejected_counts.get(key, {})
            if engine != "pandas" and any(n > REJECTED_LISTED for n in counts.values()):
                print(f"note: {key}: {engine} lists the first {REJECTED_LISTED:,} rejected "
                      f"rows of each reason (all {sum(counts.values()):,} are counted); "
                      "--engine pandas lists every one", file=sys.stderr)
    if args.format == "json":
        data = as_json(analysis)
        if comparison is not None:
            data["comparison"] = _records(comparison, tuple(comparison.columns))
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        by_stage = analysis.by == "stage"
        frame = analysis.stages if by_stage else analysis.touchpoints
        frame = frame[[f for f in _fields(analysis, by_stage) if f in frame]]
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(as_table(analysis))
        if comparison is not None:
            print("\n" + comparison_table(comparison))
    return 0


def _p_value(p: float) -> str:
    if p != p:
        return "p=–"
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def comparison_table(comparison) -> str:
    """``--compare`` for people: one line per touchpoint with data in both groups."""
    first = comparison.iloc[0]
    scale = 100 if first["measure"] in ("csat", "nps") else 1
    digits = 0 if scale == 100 else 2
    # a rating or CES on its declared scale; on the common one where a card has none
    answered = comparison[(comparison["n_a"] > 0) & (comparison["n_b"] > 0)]
    scales = set(answered["scale"]) if "scale" in answered and len(answered) else {""}
    unit = ""
    if first["measure"] in ("rating", "ces"):
        unit = (f" (mean on {scales.pop()})" if len(scales) == 1 and "" not in scales
                else " (mean on each card's declared scale; a share of the scale, or CES on "
                     "1–7, where a card has none)" if scales - {""}
                else " (as a share of its scale, 0–1)" if first["measure"] == "rating"
                else " (on the common 1–7)")
    lines = [f"{first['measure']}{unit}: {first['b']} compared with {first['a']} "
             "(difference B − A, "
             "95% interval; * significant at p < 0.05; q: p adjusted for testing every "
             "touchpoint, Benjamini–Hochberg)"]
    shown = answered
    width = max([_width(str(label)) for label in shown["label"]] + [10])
    for row in shown.itertuples():
        mark = "*" if row.significant else " "
        lines.append(f"  {_pad(str(row.label), width)}  {_number(row.value_a, digits):>6} → "
                     f"{_number(row.value_b, digits):<6} "
                     f"{_interval(row.difference, row.difference_low, row.difference_high, digits, sign=True)}"
                     f"  {_p_value(row.p_value)} {_p_value(row.q_value).replace('p', 'q')} {mark}"
                     + ("  small sample" if row.small_sample else ""))
    if not len(shown):
        lines.append("  no touchpoint has data in both groups")
    return "\n".join(lines)
