"""What the command line assumes for a table given with ``--feedback`` or ``--events`` when
the flags leave its layout or mapping open: the proposal ``journeymap detect`` prints and the
import dialog offers (:func:`journeymap.analytics.proposal.propose`), applied as the dialog's
Import button would, and told on stderr with the flags that pin or change it.

Flags the user gave always win. A proposal that maps nothing to the journey is refused with one
message naming what to pass (:class:`journeymap.analytics.SourceError`), never guessed on.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from journeymap.analytics import SourceError, read_table
from journeymap.analytics.detect import (CASE_PHRASES, TIMESTAMP_PHRASES, TOUCHPOINT_PHRASES,
                                         phrase_rank, wide_columns)
from journeymap.analytics.naming import ACCEPT_MIN, SUGGEST_MIN, Matcher
from journeymap.analytics.proposal import Proposal, propose, wide_scale
from journeymap.analytics.reading import RawTable
from journeymap.measures import scale_text
from journeymap.model import FeedbackSource, Journey, MetricColumn
from journeymap.plain import plural

from .feedback_options import _na_value, _reader_options

#: Names listed in one line of the summary before "… N more".
LISTED = 8


def feedback_mapping_given(args: argparse.Namespace) -> bool:
    """Whether the flags describe how a feedback table maps to touchpoints: then they are
    read as before, and detection only fills what they leave empty."""
    return bool(args.layout == "long" or args.touchpoint_column or args.value_map
                or args.metric or getattr(args, "wide_column", []))


def proposal_can_read(args: argparse.Namespace, path: str) -> bool:
    """Whether the proposal can look at ``path``: one file the pandas engine reads whole
    (not :func:`journeymap.analytics.engines.read_whole`, which reads a source). Folders, globs, files over the DuckDB threshold and ``--engine duckdb``
    or ``spark`` are left to the engine's own recognition by column names."""
    from journeymap.analytics.engines import AUTO_BYTES

    file = Path(path)
    return (getattr(args, "engine", "") in ("", "pandas") and file.is_file()
            and file.stat().st_size <= AUTO_BYTES)


def event_mapping_given(args: argparse.Namespace, path: str) -> bool:
    """Whether an event log's reading is settled without reading its rows: columns named by
    the flags, or a header (a CSV's first line, a Parquet schema, a sheet's first row) whose
    case, step and time columns are named as such."""
    if args.case_column or args.event_touchpoint_column or args.time_column \
            or getattr(args, "step_column", []):
        return True
    from journeymap.analytics.reading import table_columns

    try:
        names = table_columns(path, _reader_options(args))
    except SourceError:
        return True  # the reader says what is wrong, in its words
    if names is None:
        return False
    return all(any(phrase_rank(n, phrases) is not None for n in names)
               for phrases in (CASE_PHRASES, TIMESTAMP_PHRASES, TOUCHPOINT_PHRASES))


#: Longest column name shown whole in a summary line (pin flags always name it whole).
NAME_CHARS = 60


def _short(name: str) -> str:
    """``name`` cut to :data:`NAME_CHARS` characters with "…", for a line that lists it."""
    name = str(name)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


def _listed(names: list[str], most: int = LISTED) -> str:
    shown = ", ".join(names[:most])
    return shown + (f", … {len(names) - most} more" if len(names) > most else "")


def _pair(column: str, touchpoint: str) -> str:
    return shlex.quote(f"{column}={touchpoint}")


def _value_text(value) -> str:
    """A value as the user would type it: numbers shortest (``0``, ``2.5``), text as is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


def _na_flags(na: list) -> list[str]:
    """``--na`` flags that give back ``na``, each quoted for a shell."""
    return [f"--na {shlex.quote(_value_text(v))}" for v in na]


def _scale_text(low: float, high: float, na: list) -> str:
    text = scale_text(low, high)
    if na:
        text += ", " + "/".join(_value_text(v) for v in na) + " = not applicable"
    return text


def _column_pairs(mapping: dict[str, str], matches: dict) -> str:
    scores = {c: s for c, (_, s, _) in matches.items()}
    pairs = [f"{c} → {tp}" + (f" ({scores[c]:.2f})" if c in scores else "")
             for c, tp in mapping.items()]
    return _listed(pairs, 20)


def _unmatched(matches: dict, chosen: dict[str, str]) -> list[str]:
    """Columns of a wide reading left without a touchpoint, each with its closest one."""
    out = []
    for column, (_, score, suggestions) in matches.items():
        if column in chosen:
            continue
        best = next((s for s in suggestions if s.touchpoint not in chosen.values()), None)
        if best is not None:
            out.append(f"{_short(column)} (closest {best.touchpoint} {best.score:.2f})")
        elif suggestions:
            out.append(f"{_short(column)} (its closest, {suggestions[0].touchpoint}, went to a "
                       "better-named column)")
        else:
            out.append(f"{_short(column)} (no touchpoint scores {SUGGEST_MIN:.2f} or more)")
    return out


def _pin_line(flags: list[str]) -> str:
    return ("to pin or change it: " + " ".join(flags) + "; or save it in the journey with "
            "`journeymap detect JOURNEY TABLE --save` or the app's import")


# --------------------------------------------------------------------------- feedback
def proposed_feedback(path: str, source_id: str, args: argparse.Namespace,
                      journey: Journey, stream=None, raw: RawTable | None = None,
                      proposal: Proposal | None = None) -> FeedbackSource:
    """The feedback source the proposal for ``path`` describes, the flags given applied over
    it; what was assumed goes to ``stream`` (stderr). Raises SourceError when the proposal
    maps nothing to the journey. ``raw`` and its ``proposal`` when already at hand."""
    stream = stream if stream is not None else sys.stderr
    raw = raw if raw is not None else read_table(path, options=_reader_options(args))
    proposal = proposal if proposal is not None else propose(raw, journey)
    role = getattr(args, "source_kind", "feedback")
    layout = "long" if role == "complaints" else (args.layout or proposal.layout)
    if not args.layout and proposal.role == "events" and role != "complaints":
        raise SourceError(
            f"{path}: holds an event log ({proposal.case or 'a case column'} with "
            "timestamps), not scores: give it with --events, or describe its scores with "
            "--touchpoint-column COL --metric COL=KIND")
    if layout == "wide":
        source, lines = _wide(path, source_id, proposal, raw.frame, args, journey)
    else:
        source, lines = _long(path, source_id, proposal, args, role)
    source.path = str(Path(path).resolve())
    source.comment_column = args.comment or source.comment_column
    source.segment_columns = list(args.segment) or source.segment_columns
    source.timestamp_column = args.timestamp or source.timestamp_column
    source.options.update(_reader_options(args))
    extras = []
    if source.comment_column:
        extras.append(f"comment {source.comment_column}")
    if source.timestamp_column:
        extras.append(f"timestamp {source.timestamp_column}")
    if source.segment_columns:
        extras.append("segments " + _listed([_short(c) for c in source.segment_columns]))
    used = {*source.wide_columns, source.touchpoint_column, source.comment_column,
            source.timestamp_column, *source.segment_columns,
            *(m.column for m in source.metrics)}
    unused = [_short(c.name) for c in proposal.columns if c.name not in used and c.name
              not in proposal.column_matches]
    head = "no --layout given" if not args.layout else "--layout wide without --wide-column"
    print(f"assumed for {path} ({head}; what `journeymap detect` and the app's import dialog "
          "propose):", file=stream)
    for line in lines[:-1]:
        print(f"  {line}", file=stream)
    if extras:
        print("  " + " · ".join(extras), file=stream)
    if unused:
        print("  not used (no score, touchpoint, comment, time or segment found in them): "
              + _listed(unused), file=stream)
    print(f"  {lines[-1]}", file=stream)  # how to pin it, last
    return source


def _wide(path: str, source_id: str, proposal: Proposal, frame, args: argparse.Namespace,
          journey: Journey) -> tuple[FeedbackSource, list[str]]:
    matches = proposal.column_matches
    if proposal.layout != "wide":
        # --layout wide on a table the proposal reads as long: its score columns and any
        # column named exactly as a touchpoint, matched one to one as the dialog does
        exact = [c for c in wide_columns(frame, journey)
                 if c not in matches]
        if exact:
            matches = Matcher(journey, frame.columns).assign(
                [*matches, *exact])
    chosen = {c: tp for c, (tp, _, _) in matches.items() if tp}
    question = wide_scale(frame, list(matches))  # all of them, as the dialog guesses
    wordy = [c for c in chosen if not question.per_column[c]]
    if wordy:
        one = len(wordy) == 1
        raise SourceError(f"{path}: {'column' if one else 'columns'} {_listed(wordy, 5)} "
                          f"{'holds' if one else 'hold'} no numbers: a wide table holds one "
                          "column of scores per touchpoint; give --touchpoint-column COL "
                          "for one row per response")
    if not chosen:
        raise SourceError(
            f"{path}: no column is named near enough a touchpoint of the journey to be "
            f"read as one column per touchpoint"
            + (f" (score columns: {_listed(list(matches), 5)})" if matches else
               " (no columns of scores on one scale)")
            + ": name them with --layout wide --wide-column 'COLUMN=TOUCHPOINT' "
            "(repeatable), or give --touchpoint-column COL for one row per response")
    kind, low, high = args.metric_kind or ("rating", None, None)
    na = list(question.guess.na) if low is None else []
    if low is None:
        low, high = question.guess.scale
    na += [v for v in _na(args) if v not in na]
    source = FeedbackSource(source_id, path, layout="wide", wide_columns=chosen,
                            metrics=[MetricColumn("", kind, low, high, na)],
                            segment_columns=[c for c in proposal.segments
                                             if c not in matches],
                            comment_column=proposal.comment)
    lines = [f"layout wide: one column per touchpoint, {kind} on {_scale_text(low, high, na)}"
             + (f" (the data also fit {question.guess.choices[1].text})"
                if not args.metric_kind and question.guess.ambiguous
                and len(question.guess.choices) > 1 else ""),
             f"columns → touchpoints ({len(chosen)} of {len(matches)} score columns, "
             f"score ≥ {ACCEPT_MIN:.2f}): " + _column_pairs(chosen, matches)]
    left = _unmatched(matches, chosen)
    if left:
        lines.append("left out, no touchpoint above the threshold: " + _listed(left))
    other = [_short(c.name) for c in proposal.columns if c.kind and c.name not in matches]
    if other:
        lines.append("left out, other scores (a wide table reads one kind): " + _listed(other))
    pin = ["--layout wide", *(f"--wide-column {_pair(c, tp)}" for c, tp in chosen.items()),
           f"--metric-kind {kind}:{low:g}-{high:g}", *_na_flags(na)]
    lines.append(_pin_line(pin))
    return source, lines


def _na(args: argparse.Namespace) -> list:
    return [_na_value(v) for v in args.na]


def _long(path: str, source_id: str, proposal: Proposal, args: argparse.Namespace,
          role: str) -> tuple[FeedbackSource, list[str]]:
    source = proposal.source(path, source_id, role=role)
    column = source.touchpoint_column
    if not column:
        raise SourceError(
            f"{path}: no column holds touchpoint ids or labels of the journey: name it with "
            "--touchpoint-column COL (and map its values with --value-map FILE), or give "
            "--layout wide --wide-column 'COLUMN=TOUCHPOINT' for one column per touchpoint")
    rows = sum(v.rows for v in proposal.values)
    if not any(v.rows for v in proposal.values if v.touchpoint):
        closest = [f"{v.value} (closest {v.suggestions[0].touchpoint} "
                   f"{v.suggestions[0].score:.2f})" for v in proposal.values if v.suggestions]
        raise SourceError(
            f"{path}: {column} looks like the touchpoint column but none of its values names "
            "a touchpoint of the journey" + (f" ({_listed(closest, 4)})" if closest else "")
            + f": map them with --touchpoint-column {shlex.quote(column)} --value-map FILE "
            "(lines of value,touchpoint)")
    aside = ""
    if source.match == "map" and not getattr(args, "partial_values", False):
        aside = _exact_only(source, path, column, proposal, args)
    named = _applied(proposal, exact_only=bool(aside))
    mapped = sum(v.rows for v in named)
    na = _na(args)
    for m in source.metrics:
        m.na = list(m.na) + [v for v in na if v not in m.na]
    lines = [f"layout long: one row per response; touchpoint column {column} (matched by "
             f"{source.match}): {len(named)} of "
             f"{len(proposal.values)} values, {mapped:,} of {rows:,} rows"]
    if source.metrics:
        lines.append("scores: " + ", ".join(
            f"{m.column} ({m.kind} {_scale_text(m.minimum, m.maximum, m.na)})"
            if m.minimum is not None else f"{m.column} ({m.kind})" for m in source.metrics))
    elif role != "complaints":
        lines.append("scores: none recognised (rows are counted)")
    left = [f"{v.value} ({plural(v.rows, 'row')}" + (f", closest {v.suggestions[0].touchpoint} "
                                             f"{v.suggestions[0].score:.2f}" if v.suggestions
                                             else "") + ")"
            for v in proposal.values if not v.touchpoint]
    if left:
        lines.append("values left out (no touchpoint): " + _listed(left, 6))
    if aside:
        lines.append(aside)
    if source.match == "map":  # reviewed: `journeymap detect --save` listed them all
        lines.append("values matched by partial names: " + _listed(
            [f"{k} → {t}" for k, t in source.value_map.items()], 6))
    pin = ["--layout long", f"--touchpoint-column {shlex.quote(column)}"]
    pin += [f"--metric {shlex.quote(f'{m.column}={m.kind}')}"
            + (f":{m.minimum:g}-{m.maximum:g}" if m.minimum is not None else "")
            for m in source.metrics]
    # --na applies to every --metric: the values every score leaves out ("0 = not
    # applicable" on a 1–5 rating), so the pinned flags read what was assumed
    pin += _na_flags([v for v in (source.metrics[0].na if source.metrics else [])
                      if all(v in m.na for m in source.metrics)])
    lines.append(_pin_line(pin) if source.match != "map" else
                 "to pin or change it: `journeymap detect JOURNEY TABLE --save` (which saves "
                 "its value map) or the app's import")
    return source, lines


def _applied(proposal: Proposal, exact_only: bool) -> list:
    """The values whose touchpoint the reading applies: all matched ones, or only those
    that name a card exactly when the partial ones are set aside."""
    return [v for v in proposal.values if v.touchpoint and (v.exact or not exact_only)]


def _partial(proposal: Proposal) -> list:
    """The values the proposal matched to a touchpoint only in part, the weakest first."""
    return sorted((v for v in proposal.values if v.touchpoint and not v.exact),
                  key=lambda v: v.confidence)


def _exact_only(source: FeedbackSource, path: str, column: str, proposal: Proposal,
                args: argparse.Namespace) -> str:
    """Read ``source`` by the values that name a touchpoint exactly (id or label) and set
    the partial matches aside: their rows are rejected as unknown touchpoints, counted and
    listed like any other, and the line returned says which and how to map them. With no
    exact value at all, nothing would be kept: refused (:func:`_refuse_partial`)."""
    if not any(v.touchpoint and v.exact for v in proposal.values):
        _refuse_partial(path, column, proposal, args)
    source.match, source.value_map = "label", {}  # ids and labels, as the reader finds them
    partial = _partial(proposal)
    journey = shlex.quote(str(getattr(args, "journey", "JOURNEY")))
    return ("values named only in part, set aside (their rows are rejected as unknown "
            "touchpoints): " + _listed([f"{v.value} → {v.touchpoint} ({v.confidence:.2f}, "
                                        f"{plural(v.rows, 'row')})" for v in partial], 4)
            + f"; to map them, review and save the mapping with `journeymap detect {journey} "
            f"{shlex.quote(path)} --save`")


def _refuse_partial(path: str, column: str, proposal: Proposal,
                    args: argparse.Namespace) -> None:
    """Raise the one line that stops a long reading whose values name touchpoints only in
    part ("delivered" for "bag-delivered"): a guess on a user's data is reviewed, not
    applied, on the command line."""
    partial = [f"{v.value} → {v.touchpoint} ({v.confidence:.2f})" for v in _partial(proposal)]
    journey = shlex.quote(str(getattr(args, "journey", "JOURNEY")))
    raise SourceError(
        f"{path}: the values of {column} name touchpoints only in part ("
        + _listed(partial, 4) + "): review and save the mapping with `journeymap detect "
        f"{journey} {shlex.quote(path)} --save` (or the app's import), or give "
        f"--touchpoint-column {shlex.quote(column)} --value-map FILE (lines of "
        "value,touchpoint)")


def fill_touchpoint_column(source: FeedbackSource, path: str, args: argparse.Namespace,
                           journey: Journey, stream=None) -> None:
    """A long ``source`` whose flags name its scores but not its touchpoint column gets the
    proposal's column and value matches (told on ``stream``); nothing changes when the
    proposal has none that names a touchpoint (the reader then says what is missing)."""
    stream = stream if stream is not None else sys.stderr
    proposal = propose(read_table(path, options=_reader_options(args)), journey)
    if not proposal.touchpoint_column or proposal.touchpoint_column in {
            m.column for m in source.metrics} or not any(v.touchpoint for v in proposal.values):
        return
    found = proposal.source(path, source.id)
    aside = (_exact_only(found, path, found.touchpoint_column, proposal, args)
             if found.match == "map" else "")
    source.touchpoint_column, source.match = found.touchpoint_column, found.match
    source.value_map = found.value_map
    mapped = sum(v.rows for v in _applied(proposal, exact_only=bool(aside)))
    print(f"assumed for {path}: touchpoint column {found.touchpoint_column} (matched by "
          f"{found.match}: {mapped:,} of {sum(v.rows for v in proposal.values):,} rows), as "
          "`journeymap detect` proposes; to change it: --touchpoint-column COL"
          + (f"\n  {aside}" if aside else ""), file=stream)


# --------------------------------------------------------------------------- events
def proposed_events(path: str, source_id: str, args: argparse.Namespace, journey: Journey,
                    stream=None, proposal: Proposal | None = None) -> FeedbackSource | None:
    """The wide event-log reading of ``path`` (one row per case, one timestamp column per
    step) the proposal finds, told on ``stream``; None when it finds none (the long reading
    then names what is missing)."""
    stream = stream if stream is not None else sys.stderr
    if proposal is None:
        proposal = propose(read_table(path, options=_reader_options(args)), journey)
    log = proposal.event_log
    if not log or log.get("layout") != "wide":
        return None
    source = proposal.source(path, source_id, role="events")
    source.path = str(Path(path).resolve())
    source.options.update(_reader_options(args))
    chosen = source.wide_columns
    if not chosen:
        raise SourceError(
            f"{path}: one row per {log['case_column']} with timestamp columns "
            f"({_listed(list(log['columns']), 6)}), but none is named near enough a "
            "touchpoint of the journey: name them with --step-column 'COLUMN=TOUCHPOINT' "
            "(repeatable)")
    print(f"assumed for {path} (no event columns given; what `journeymap detect` "
          "proposes):", file=stream)
    print(f"  event log, wide: one row per {source.case_column}, one timestamp column per "
          f"step: {_column_pairs(chosen, proposal.event_matches)}", file=stream)
    left = _unmatched(proposal.event_matches, chosen)
    if left:
        print("  left out, no touchpoint above the threshold: " + _listed(left), file=stream)
    if log.get("planned"):
        print("  left out, planned dates rather than events: "
              + _listed([_short(c) for c in log["planned"]]),
              file=stream)
    pin = [f"--case-column {shlex.quote(source.case_column)}",
           *(f"--step-column {_pair(c, tp)}" for c, tp in chosen.items())]
    print("  to pin or change it: " + " ".join(pin), file=stream)
    return source


__all__ = ["event_mapping_given", "feedback_mapping_given", "fill_touchpoint_column",
           "proposed_events", "proposed_feedback", "proposal_can_read"]
