"""What a table holds, proposed before anything is imported: one engine for the import
dialog and ``journeymap detect``.

From a table and a journey, :func:`propose` decides, with the evidence it used:

- each column's role by its content first and its name second: a column of whole numbers on
  one small scale is a score whatever its name says; a timestamp is a column whose values
  parse as dates; a touchpoint column holds short labels that match the journey's
  touchpoints (or is named like one: "touchpoint", "step", "reason", "category");
- the layout from that evidence: several score columns on one scale whose names match
  touchpoints make a wide table (one column per touchpoint), a touchpoint column a long one;
- the scale of every score column, and ``ambiguous`` where the data leave it open
  (:func:`journeymap.analytics.profile.guess_scale`), with what each reading does;
- column ↔ touchpoint and value ↔ touchpoint matches with a confidence and ranked
  suggestions (:mod:`journeymap.analytics.naming`);
- segments, a comment column, the timestamp, and an event-log reading where the table has
  one (a case column with timestamps).

:meth:`Proposal.source` turns it into a :class:`FeedbackSource`; :meth:`Proposal.as_dict` is
the JSON ``journeymap detect`` prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey, MetricColumn

from .detect import (CASE_PHRASES, COMMENT_PHRASES, DEFAULT_SCALES, TIMESTAMP_PHRASES,
                     TOUCHPOINT_PHRASES, detect_metric_kind, normalise_name, phrase_rank)
from .naming import ACCEPT_MIN, Matcher, Suggestion
from .profile import (SAMPLE_ROWS, Profile, ScaleChoice, ScaleGuess, core_range, guess_scale,
                      histogram, profile, scale_effect)
from .reading import RawTable

#: Words in a column name that mark counts and quantities, not scores, however small.
COUNT_WORDS = frozenset("count qty quantity votes vote number num age id index delay delays "
                        "minutes minute distance length lenght size year month week day hour "
                        "zip code prefix confidence retweet items photos sellers".split())
#: Last words of a column name that make it an identifier.
ID_WORDS = frozenset(("id", "key", "ref", "reference", "number", "no", "uuid", "guid"))
#: Words of a timestamp column's name that say when, not what.
TIME_WORDS = frozenset(("date", "time", "timestamp", "datetime", "at", "on", "ts", "when"))
#: A word of a column name as written: letters, digits and marks of any script.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
#: Words that make a timestamp column a plan, not an event ("order_estimated_delivery_date",
#: "due date", "fecha límite", "Liefertermin geplant"): never a step of a wide event log.
PLAN_WORDS = frozenset((
    "estimated", "estimate", "expected", "planned", "scheduled",
    "due", "limit", "deadline", "target", "forecast", "promised", "eta", "projected",
    "prevista", "previsto", "previsao", "estimada", "estimado", "limite", "prazo",
    "vencimiento", "prevu", "prevue", "echeance", "geplant", "voraussichtlich", "fallig",
    "frist", "gepland", "verwacht", "scadenza", "termine"))
#: Words that make a text column a likely touchpoint column when its values do not say.
TOUCHPOINT_HINTS = ("reason", "category", "topic", "issue", "subject", "subclass", "theme",
                    "queue", "department", "area", "type", "class")
#: Fewest score columns on one scale that suggest a wide table.
WIDE_MIN_COLUMNS = 3
#: Distinct values of a touchpoint column at most (more: identifiers or free text).
TOUCHPOINT_MAX_VALUES = 2000
#: Distinct values listed in the value map.
VALUE_MAP_MAX = 2000
#: Value × touchpoint comparisons at most for closest-label suggestions.
FUZZY_BUDGET = 250_000


@dataclass
class ColumnProposal:
    """What one column is taken to be."""

    name: str
    role: str = ""            # touchpoint, measure, comment, segment, timestamp, case or ""
    kind: str = ""            # the metric kind of a measure
    scale: tuple[float, float] | None = None
    na: list[Any] = field(default_factory=list)
    ambiguous: bool = False
    touchpoint: str | None = None     # wide: the touchpoint the column rates
    confidence: float = 0.0
    suggestions: list[Suggestion] = field(default_factory=list)
    why: str = ""
    example: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role or None, "kind": self.kind or None,
                "scale": list(self.scale) if self.scale else None, "na": list(self.na),
                "ambiguous": self.ambiguous, "touchpoint": self.touchpoint,
                "confidence": round(self.confidence, 3),
                "suggestions": [s.as_dict() for s in self.suggestions], "why": self.why}


@dataclass
class ValueMatch:
    """A value of the touchpoint column, its rows and the touchpoint proposed for it."""

    value: str
    rows: int
    touchpoint: str | None
    confidence: float
    suggestions: list[Suggestion] = field(default_factory=list)
    #: the value is a touchpoint's id or label (no partial name match)
    exact: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"touchpoint": self.touchpoint, "confidence": round(self.confidence, 3),
                "rows": self.rows, "suggestions": [s.as_dict() for s in self.suggestions]}


@dataclass
class ScaleQuestion:
    """A scale the data leave open, for the columns that share it."""

    columns: list[str]
    guess: ScaleGuess
    counts: dict[float, int]
    #: each column's own answers (for what each reading does to each touchpoint)
    per_column: dict[str, dict[float, int]] = field(default_factory=dict)

    def effects(self) -> dict[str, list[ScaleChoice]]:
        """Each column's numbers under each of the guess's readings, in the same order."""
        return {column: [scale_effect(counts, *c.scale, c.na, c.text)
                         for c in self.guess.choices]
                for column, counts in (self.per_column or {self.columns[0]: self.counts}
                                       ).items()}


@dataclass
class Proposal:
    """See the module docstring."""

    role: str
    layout: str
    columns: list[ColumnProposal]
    touchpoint_column: str = ""
    match: str = "id"
    values: list[ValueMatch] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    comment: str = ""
    timestamp: str = ""
    case: str = ""
    event_log: dict[str, Any] | None = None
    scales: list[ScaleQuestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    counts: dict[str, pd.Series] = field(default_factory=dict)
    #: score columns on the table's main scale -> (touchpoint or "", score, suggestions),
    #: whatever the layout (the dialog offers them when the user switches to wide)
    column_matches: dict[str, tuple[str, float, list[Suggestion]]] = field(
        default_factory=dict)
    #: the same for the timestamp columns of a wide event log
    event_matches: dict[str, tuple[str, float, list[Suggestion]]] = field(
        default_factory=dict)

    def column(self, name: str) -> ColumnProposal:
        return next(c for c in self.columns if c.name == name)

    def measures(self) -> list[ColumnProposal]:
        return [c for c in self.columns if c.role == "measure"]

    def source(self, path: str, source_id: str = "new", role: str = "") -> FeedbackSource:
        """The feedback source (or event log) this proposal describes; ``role`` "events"
        asks for its event-log reading, "feedback" for its feedback one."""
        role = role or self.role
        if role == "events":
            log = self.event_log or {}
            s = FeedbackSource(source_id, path, role="events",
                               layout=log.get("layout", "long"))
            s.case_column = log.get("case_column", "")
            if s.layout == "wide":
                s.wide_columns = {c: tp for c, tp in log.get("columns", {}).items() if tp}
            else:
                s.touchpoint_column = log.get("touchpoint_column", "")
                s.timestamp_column = log.get("timestamp_column", "")
                s.match = self.match
            return s
        s = FeedbackSource(source_id, path, layout=self.layout if role == "feedback"
                           else "long")
        s.segment_columns = list(self.segments)
        s.comment_column = self.comment
        s.timestamp_column = self.timestamp if s.layout == "long" else ""
        measures = self.measures()
        if s.layout == "wide":
            rated = [c for c in measures if c.kind == "rating"]
            s.wide_columns = {c.name: c.touchpoint for c in rated if c.touchpoint}
            first = rated[0] if rated else None
            s.metrics = [MetricColumn("", "rating", *(first.scale if first and first.scale
                                                      else (None, None)),
                                      na=list(first.na) if first else [])]
            return s
        s.touchpoint_column = self.touchpoint_column
        s.match = self.match
        if self.match == "map":
            s.value_map = {v.value: v.touchpoint for v in self.values if v.touchpoint}
        s.metrics = [MetricColumn(c.name, c.kind, *(c.scale or (None, None)), na=list(c.na))
                     for c in measures]
        if role == "complaints":  # each row one complaint: no scores to read
            s.role, s.metrics = "complaints", []
        return s

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``journeymap detect``."""
        return {
            "role": self.role, "layout": self.layout, "rows": self.rows,
            "encoding": self.encoding or None, "delimiter": self.delimiter or None,
            "columns": [c.as_dict() for c in self.columns],
            "touchpoint_column": self.touchpoint_column or None, "match": self.match,
            "value_map": {v.value: v.as_dict() for v in self.values},
            "segments": self.segments, "comment": self.comment or None,
            "timestamp": self.timestamp or None, "case": self.case or None,
            "event_log": self.event_log,
            "scales": [{"columns": q.columns, "ambiguous": q.guess.ambiguous,
                        "why": q.guess.why, "histogram": {f"{k:g}": v for k, v in
                                                         q.counts.items()},
                        "choices": [c.as_dict() for c in q.guess.choices]}
                       for q in self.scales],
            "notes": self.notes}


def value_counts(series: pd.Series) -> pd.Series:
    """Rows per value, most frequent first, missing values included (a categorical's unused
    categories left out)."""
    counts = series.value_counts(dropna=False)
    return counts[counts > 0]


# --------------------------------------------------------------------------- roles
def _words(name: str) -> set[str]:
    return set(normalise_name(name).split())


def _is_index(name: str, p: Profile) -> bool:
    norm = normalise_name(name)
    generated = not norm or norm.startswith("unnamed") or re.fullmatch(r"column \d+", norm)
    return bool(generated) and p.unique_share > 0.99


def _score_candidate(name: str, p: Profile) -> bool:
    """A column of scores by content: whole numbers on a small scale, not a count."""
    return p.small_scale and not (_words(name) & COUNT_WORDS) and not _is_index(name, p)


def _timestamp_rank(name: str) -> int:
    rank = phrase_rank(name, TIMESTAMP_PHRASES)
    words = _words(name)
    if rank is None and words & {"at", "on", "created", "date", "timestamp"}:
        rank = 150
    return 999 if rank is None else rank


def _case_column(frame: pd.DataFrame, profiles: dict[str, Profile], taken: set[str]) -> str:
    """A column identifying customers or orders: named so, or ``id`` with distinct values."""
    best: tuple[int, str] | None = None
    for name, p in profiles.items():
        if name in taken or _is_index(name, p) or p.timestamp or p.present < 0.9:
            continue
        rank = phrase_rank(name, CASE_PHRASES)
        words = normalise_name(name).split()
        if rank is not None and rank >= 100:  # "customer_city" is no customer id
            rank = None
        if rank is None and words and words[-1] in ID_WORDS and p.unique_share > 0.2:
            rank = 300 - int(100 * p.unique_share)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, name)
    return best[1] if best else ""


def _touchpoint_score(name: str, series: pd.Series, p: Profile, matcher: Matcher
                      ) -> tuple[float, str]:
    """How likely ``series`` names touchpoints (0..~2) and why."""
    if p.numeric or p.timestamp or not p.distinct or p.distinct > TOUCHPOINT_MAX_VALUES \
            or p.text_length > 60:
        return 0.0, ""
    counts = series.head(SAMPLE_ROWS).dropna().astype(str).value_counts().head(300)
    if counts.empty:
        return 0.0, ""
    rows = counts.to_numpy(dtype=float) / counts.sum()  # shares weighed by rows
    exact = float(rows @ pd.notna(np.array([matcher.exact(v) for v in counts.index],
                                            dtype=object)).astype(float))
    fuzzy = 0.0
    if len(counts) * max(len(matcher.targets), 1) <= FUZZY_BUDGET:
        fuzzy = float(rows @ np.array([bool(matcher.rank(v, 1)) for v in counts.index],
                                      dtype=float))
    share = max(exact, 0.7 * fuzzy)
    rank = phrase_rank(name, TOUCHPOINT_PHRASES)
    hint = 0.6 if rank is not None else 0.35 if _words(name) & set(TOUCHPOINT_HINTS) else 0.0
    hint *= min(1.0, 20 / p.distinct)  # sixty product categories are no journey steps
    score = share + hint + 0.3 * p.present if share or hint else 0.0
    why = []
    if share:
        why.append(f"{share:.0%} of its values match touchpoints")
    if hint:
        why.append("named like a touchpoint column")
    return score, "; ".join(why)


def _segments(frame: pd.DataFrame, profiles: dict[str, Profile], taken: set[str]) -> list[str]:
    """Text columns with 2–12 values, mostly filled in: groups to compare."""
    return [name for name, p in profiles.items()
            if name not in taken and not p.numeric and not p.timestamp and p.present >= 0.5
            and 2 <= p.distinct <= 12]


def _comment(profiles: dict[str, Profile], taken: set[str]) -> str:
    """The free-text column: named like one, else the longest text, if long enough."""
    scored = []
    for name, p in profiles.items():
        if name in taken or p.numeric or p.timestamp or p.text_length < 15 \
                or p.unique_share < 0.3:
            continue
        rank = phrase_rank(name, COMMENT_PHRASES)
        scored.append((999 if rank is None else rank, -p.text_length, name))
    return min(scored)[2] if scored else ""


# --------------------------------------------------------------------------- engine
def propose(table: RawTable | pd.DataFrame, journey: Journey,
            case_column: str = "") -> Proposal:
    """See the module docstring. ``table`` as read (:func:`read_table`) or a data frame;
    ``case_column`` when the user named it (else one is looked for)."""
    frame = table.frame if isinstance(table, RawTable) else table
    columns = [str(c) for c in frame.columns]
    profiles = {name: profile(frame[name]) for name in columns}
    proposals = {name: ColumnProposal(name) for name in columns}
    head = frame.head(5000)
    for name in columns:
        proposals[name].example = ", ".join(str(v)[:30] for v in head[name].dropna().unique()[:5])
    notes: list[str] = []
    matcher = Matcher(journey, columns)

    # Scores: by name (NPS, CSAT, ...) where the content allows it, else by content.
    kinds: dict[str, str] = {}
    for name in columns:
        p = profiles[name]
        if _is_index(name, p):
            continue
        found = detect_metric_kind(name, frame[name].head(2000))
        if found is not None and not p.timestamp:
            kinds[name] = found[0]
        elif _score_candidate(name, p):
            kinds[name] = "rating"
    for name, p in profiles.items():
        if p.timestamp and name not in kinds:
            proposals[name].role = "timestamp"
            proposals[name].why = f"{p.date_share:.0%} of its values are dates"
            proposals[name].confidence = p.date_share

    # Wide: several rating columns on one scale, matched to touchpoints by their names.
    by_top: dict[float, list[str]] = {}
    for name, kind in kinds.items():
        if kind == "rating" and profiles[name].small_scale:
            top = next((t for t in (4, 5, 7, 10) if profiles[name].core_high <= t), 10)
            by_top.setdefault(top, []).append(name)
    group = max(by_top.values(), key=len, default=[])
    assigned = matcher.assign(group) if group else {}
    matched = [c for c, (tp, _, _) in assigned.items() if tp]

    # Long: the column whose values (or name) say touchpoint.
    taken = set(kinds) | {n for n, p in proposals.items() if p.role}
    candidates = []
    for name in columns:
        if name in taken or _is_index(name, profiles[name]):
            continue
        score, why = _touchpoint_score(name, frame[name], profiles[name], matcher)
        if score >= 0.3:
            candidates.append((score, name, why))
    candidates.sort(key=lambda c: -c[0])
    long_column = candidates[0] if candidates else None

    wide = len(group) >= WIDE_MIN_COLUMNS and (
        len(matched) >= 2 or long_column is None or long_column[0] < 1.0)
    layout = "wide" if wide else "long"
    out = Proposal("feedback", layout, [proposals[n] for n in columns], rows=len(frame),
                   column_matches=assigned)
    if isinstance(table, RawTable):
        out.encoding, out.delimiter = table.encoding, table.delimiter

    if wide:
        question = wide_scale(frame, group)
        guess = question.guess
        for name in group:
            tp, score, suggestions = assigned[name]
            c = proposals[name]
            c.role, c.kind, c.scale, c.na = "measure", "rating", guess.scale, list(guess.na)
            c.ambiguous = guess.ambiguous
            c.touchpoint, c.confidence, c.suggestions = tp or None, score, suggestions
            c.why = (f"whole numbers {profiles[name].low:g}–{profiles[name].high:g}, one of "
                     f"{len(group)} columns on one scale")
        out.scales.append(question)
        notes.append(f"{len(group)} columns hold scores on one scale: one column per "
                     f"touchpoint (wide); {len(matched)} of them match a touchpoint by name")
        unmatched = [n for n in group if not assigned[n][0]]
        if unmatched:
            notes.append("no touchpoint found for: " + ", ".join(unmatched))
        others = [n for n in kinds if n not in group]
    else:
        others = list(kinds)
        if long_column is not None:
            _touchpoint_column(out, frame, long_column, matcher, notes)
    for name in others:  # measures besides the wide group (long: all of them)
        if layout == "wide":
            continue
        _measure(proposals[name], kinds[name], frame[name], out)
    if wide and others:
        notes.append("left out (a wide table reads one kind of score): " + ", ".join(others))

    used = {c.name for c in out.columns if c.role}
    stamps = sorted((n for n, c in proposals.items() if c.role == "timestamp"),
                    key=lambda n: (_timestamp_rank(n), columns.index(n)))
    out.timestamp = stamps[0] if stamps and layout == "long" else ""
    out.comment = _comment(profiles, used)
    if out.comment:
        proposals[out.comment].role = "comment"
        proposals[out.comment].why = "long free text"
    used = {c.name for c in out.columns if c.role}
    case = case_column if case_column in proposals else _case_column(frame, profiles, used)
    out.segments = _segments(frame, profiles, used | {case})
    for name in out.segments:
        proposals[name].role = "segment"
        proposals[name].why = f"{profiles[name].distinct} groups"
    _event_log(out, frame, profiles, case, stamps, matcher, notes)
    if out.timestamp:
        for name in stamps:
            if name != out.timestamp and proposals[name].role == "timestamp":
                proposals[name].role = ""  # one timestamp per response; the rest is shown
    if not out.measures() and out.event_log and out.event_log.get("primary"):
        out.role, out.layout = "events", out.event_log["layout"]
    if out.role == "feedback" and layout == "long" and not out.touchpoint_column:
        notes.append("No column holds touchpoint ids or labels: choose the column that names "
                     "the touchpoint and map its values.")
    for q in out.scales:
        if q.guess.ambiguous:
            what = (f"{len(q.columns)} score columns" if len(q.columns) > 1
                    else q.columns[0])
            notes.append(f"the scale of {what} is open: {q.guess.why}; proposed "
                         f"{q.guess.choices[0].text}")
    out.notes = notes
    return out


def wide_scale(frame: pd.DataFrame, columns: list[str]) -> ScaleQuestion:
    """The one scale of a wide table's score ``columns``, guessed from all their answers
    together (the import dialog's and the command line's reading of a wide table)."""
    counts: dict[float, int] = {}
    per_column = {name: histogram(frame[name]) for name in columns}
    for column_counts in per_column.values():
        for value, count in column_counts.items():
            counts[value] = counts.get(value, 0) + count
    return ScaleQuestion(list(columns), guess_scale(counts), dict(sorted(counts.items())),
                         per_column)


def _measure(c: ColumnProposal, kind: str, series: pd.Series, out: Proposal) -> None:
    """Role, kind and scale of a long table's score column."""
    c.role, c.kind = "measure", kind
    c.why = "named like a " + kind.upper() if kind != "rating" else "whole numbers on a scale"
    if kind in ("sentiment", "flag"):
        c.scale = DEFAULT_SCALES[kind]
        return
    counts = histogram(series)
    core = core_range(counts)  # stray values are rejected later, not the scale's ends
    fits = counts and all(float(v).is_integer() for v in counts) and core[0] >= 0 \
        and core[1] <= 10
    if kind in DEFAULT_SCALES:
        # A named measure keeps its standard scale unless the data are plainly on another:
        # a few values outside it are errors to report, not a reason to stretch the scale.
        low, high = DEFAULT_SCALES[kind]
        inside = sum(n for v, n in counts.items() if low <= v <= high)
        if not counts or inside >= 0.99 * sum(counts.values()) or not fits:
            # nor do values no scale of whole numbers up to 10 holds ("11", "-3", "7.5")
            c.scale = (low, high)
            return
    if fits:
        guess = guess_scale(counts)
        c.scale, c.na, c.ambiguous = guess.scale, list(guess.na), guess.ambiguous
        out.scales.append(ScaleQuestion([c.name], guess, counts))
    elif counts:
        low, high = min(counts), max(counts)
        c.scale, c.ambiguous = (low, high), True
        guess = ScaleGuess((low, high), [], True, "the scale is taken from the data",
                           [scale_effect(counts, low, high, [], f"{low:g}–{high:g}")])
        out.scales.append(ScaleQuestion([c.name], guess, counts))


def _touchpoint_column(out: Proposal, frame: pd.DataFrame, candidate: tuple[float, str, str],
                       matcher: Matcher, notes: list[str]) -> None:
    """The long table's touchpoint column and its value map."""
    score, name, why = candidate
    c = out.column(name)
    c.role, c.confidence, c.why = "touchpoint", min(score, 1.0), why
    out.touchpoint_column = name
    counts = value_counts(frame[name])
    out.counts[name] = counts
    listed = [(v, int(n)) for v, n in list(counts.items())[:VALUE_MAP_MAX]
              if v is not None and v == v]
    values = Matcher(matcher.journey, [str(v) for v, _ in listed])
    exact = {str(v): values.exact(v) for v, _ in listed}
    fuzzy = sum(t is None for t in exact.values()) * len(matcher.targets) <= FUZZY_BUDGET
    mostly_exact = sum(t is not None for t in exact.values()) >= len(exact) / 2
    for value, rows in listed:
        text = str(value)
        ranked = [] if exact[text] is not None or not fuzzy else values.rank(text, 3)
        if exact[text] is not None:
            target, confidence = exact[text], 1.0
            ranked = values.rank(text, 1)
        elif ranked and ranked[0].score >= ACCEPT_MIN and not mostly_exact:
            target, confidence = ranked[0].touchpoint, ranked[0].score
        else:
            target, confidence = None, ranked[0].score if ranked else 0.0
        out.values.append(ValueMatch(text, rows, target, confidence, ranked,
                                     exact=exact[text] is not None))
    # Values that find no touchpoint are reported as such whatever the match: the value map
    # is needed only where a partial name match was chosen.
    chosen_fuzzy = any(v.touchpoint and exact[v.value] is None for v in out.values)
    matched = [str(v) for v, _ in listed if exact[str(v)] is not None]
    by_id = bool(matched) and all(v.strip().casefold() in matcher.ids for v in matched)
    out.match = "map" if chosen_fuzzy else "id" if by_id else "label"
    mapped = sum(v.rows for v in out.values if v.touchpoint)
    notes.append(f"touchpoint column: {name} ({why}); {len(listed):,} values, "
                 f"{mapped:,} rows matched to touchpoints")


def step_name(column: str) -> str:
    """The step a wide event log's timestamp column times, as matching and discovery name
    it: "order_delivered_customer_date" is "order delivered customer", "créé le" stays
    "créé le". Time words are found among the normalised words; the name keeps the
    column's own spelling (accents, script) of the others."""
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", str(column)))
             if normalise_name(w)]
    return " ".join(w for w in words
                    if not set(normalise_name(w).split()) <= TIME_WORDS) or str(column)


def _event_log(out: Proposal, frame: pd.DataFrame, profiles: dict[str, Profile], case: str,
               stamps: list[str], matcher: Matcher, notes: list[str]) -> None:
    """An event-log reading of the table, where it has a case column and timestamps."""
    if not case or not stamps:
        return
    out.case = case
    repeats = profiles[case].unique_share < 0.9
    planned = [s for s in profiles if s in stamps
               and set(normalise_name(s).split()) & PLAN_WORDS]  # in file order
    if len(stamps) - len(planned) >= 2 and not repeats:
        stamps = sorted((s for s in stamps if s not in planned),
                        key=list(profiles).index)  # file order: the steps in turn
        bare = {s: step_name(s) for s in stamps}
        assigned = Matcher(matcher.journey, bare.values()).assign(bare.values())
        out.event_matches = {s: assigned[bare[s]] for s in stamps}
        out.event_log = {
            "layout": "wide", "case_column": case, "primary": False,
            "columns": {s: assigned[bare[s]][0] or None for s in stamps},
            "suggestions": {s: [x.as_dict() for x in assigned[bare[s]][2]] for s in stamps},
            "planned": planned}
        notes.append(f"event log: one row per {case} with {len(stamps)} timestamp columns "
                     f"({', '.join(stamps)})")
        if planned:
            notes.append("left out of the event log as planned dates, not events: "
                         + ", ".join(planned))
    elif repeats:
        touchpoint = out.touchpoint_column
        out.event_log = {"layout": "long", "case_column": case, "primary": True,
                         "touchpoint_column": touchpoint, "timestamp_column": stamps[0]}
        notes.append(f"event log: {case} repeats over rows with a timestamp ({stamps[0]})")
    if out.event_log is not None:
        out.column(case).role = "case"
        out.column(case).why = "identifies customers or orders"


__all__ = ["ColumnProposal", "FUZZY_BUDGET", "Proposal", "ScaleQuestion", "ValueMatch",
           "propose", "step_name", "value_counts", "wide_scale"]
