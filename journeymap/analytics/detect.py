"""Recognising what a table's columns are, from their names and a look at their values.

Detection fills only what the user left empty; whatever a source states wins. Scales are
never guessed silently: when a rating's scale is not declared, the one assumed from the data
is returned together with a warning the user sees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from journeymap.model import FeedbackSource, Journey, MetricColumn

#: Column-name phrases per metric kind, most specific first.
KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "nps": ("nps", "net promoter score", "net promoter", "likelihood to recommend",
            "likely to recommend", "recommend", "ltr"),
    "csat": ("csat", "customer satisfaction", "satisfaction score", "satisfaction", "satisfied"),
    "ces": ("ces", "customer effort score", "customer effort", "effort score", "effort"),
    "rating": ("rating", "review score", "score", "stars", "star rating", "grade"),
    "sentiment": ("sentiment", "polarity", "tone"),
    "flag": ("complaint", "is complaint", "complained", "flag", "flagged", "escalated"),
}
COMMENT_PHRASES = ("comment", "comments", "verbatim", "feedback", "text", "message", "review",
                   "remarks", "free text", "open answer", "body")
TIMESTAMP_PHRASES = ("timestamp", "datetime", "date", "time", "created", "created at",
                     "submitted", "submitted at", "responded at", "event time")
CASE_PHRASES = ("case id", "case", "customer id", "customer", "session id", "session",
                "user id", "user", "order id", "journey id", "visitor id", "client id")
TOUCHPOINT_PHRASES = ("touchpoint", "touchpoint id", "touch point", "touchpoint label",
                      "journey step", "step", "activity", "event", "page", "moment")
#: Name tokens that mark a column as something else (a classifier's confidence, a gold label).
_NOT_A_MEASURE = {"confidence", "gold", "id", "date", "time", "timestamp", "count", "reason",
                  "comment", "text", "title", "name", "qty", "votes"}

DEFAULT_SCALES: dict[str, tuple[float, float]] = {
    "nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "sentiment": (-1, 1), "flag": (0, 1)}
#: Scales offered when a rating's scale must be assumed from the data, smallest first.
COMMON_SCALES = ((1, 5), (0, 5), (1, 7), (0, 7), (1, 10), (0, 10), (0, 100))

SENTIMENT_WORDS = {
    "negative": -1, "neg": -1, "bad": -1, "unhappy": -1, "angry": -1,
    "neutral": 0, "neu": 0, "mixed": 0, "none": 0,
    "positive": 1, "pos": 1, "good": 1, "happy": 1,
}
FLAG_WORDS = {"true": 1, "yes": 1, "y": 1, "t": 1, "x": 1, "complaint": 1, "1": 1,
              "false": 0, "no": 0, "n": 0, "f": 0, "0": 0}


_ASCII_WORD = re.compile(r"[0-9a-z]+")
#: The generic accents NFKD splits off Latin, Greek and Cyrillic letters (é, ñ, ö, ё, й): the
#: combining diacritical marks, their extensions and supplements, the marks for symbols and
#: the half marks. They are ignored, so "Café" is "cafe". A script's own marks (Devanagari
#: vowel signs, the kana voicing marks, Arabic and Hebrew vowel points, Thai tone marks) are
#: outside these blocks and stay part of their words: there they spell, they do not decorate,
#: and dropping them would make "दिन" and "दान" or "ガイド" and "カイド" one name.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
#: Latin letters whose stroke or ligature Unicode does not decompose, as they are written
#: where the keyboard lacks them ("Łódź" in an export is "Lodz", "København" "Kobenhavn").
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t",
                               "æ": "ae", "œ": "oe"})


def normalise_name(text: object) -> str:
    """A name as matching sees it: case, accents, punctuation and spacing ignored, letters
    and digits of every script kept, words separated by single spaces.

    ``Review_Score`` -> ``review score``; ``CAFÉ``, ``Cafe`` -> ``cafe``; ``Оплата`` ->
    ``оплата``; ``支払い`` -> ``支払い``; full-width ``ＮＰＳ`` -> ``nps``; ``Łódź`` ->
    ``lodz``. A name of only punctuation or symbols normalises to "" (see :func:`label_key`).
    """
    text = str(text)
    if text.isascii():  # column names, ids, most labels: the fast path, same result
        return " ".join(_ASCII_WORD.findall(text.lower()))
    # Compatibility caseless matching as Unicode defines it: decompose ("㎒" is "MHz"),
    # fold the case, decompose again (folding can leave what decomposes).
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    words: list[str] = []
    word: list[str] = []
    for char in _ACCENTS.sub("", folded).translate(_UNDECOMPOSED):
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return " ".join(words)


def phrase_rank(name: str, phrases: Iterable[str]) -> int | None:
    """How well ``name`` matches: 0 best (the whole name), larger worse, None no match."""
    norm = normalise_name(name)
    words = f" {norm} "
    for rank, phrase in enumerate(phrases):
        if norm == phrase:
            return rank
    for rank, phrase in enumerate(phrases):
        if f" {phrase} " in words:
            return 100 + rank
    return None


def _numeric_share(series: pd.Series) -> float:
    present = series.dropna()
    if present.empty:
        return 0.0
    if pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(present):
        return 1.0
    return float(pd.to_numeric(present.head(2000), errors="coerce").notna().mean())


def _word_share(series: pd.Series, words: dict[str, int]) -> float:
    present = series.dropna().head(2000)
    if present.empty:
        return 0.0
    return float(present.astype(str).str.strip().str.casefold().isin(words).mean())


def detect_metric_kind(name: str, series: pd.Series) -> tuple[str, int] | None:
    """The kind of metric column ``name`` holds and how sure the name is (lower is surer)."""
    tokens = set(normalise_name(name).split())
    if tokens & _NOT_A_MEASURE:
        return None
    best: tuple[str, int] | None = None
    for kind, phrases in KIND_PHRASES.items():
        rank = phrase_rank(name, phrases)
        if rank is None or (best is not None and rank >= best[1]):
            continue
        if kind == "sentiment":
            ok = _word_share(series, SENTIMENT_WORDS) > 0.9 or _numeric_share(series) > 0.9
        elif kind == "flag":
            ok = pd.api.types.is_bool_dtype(series) or _word_share(series, FLAG_WORDS) > 0.9
        else:
            # A column named exactly "nps" or "csat" is that measure even when many of its
            # values are broken (they are then rejected one by one); a name that only
            # contains the word must look numeric before it is believed.
            ok = _numeric_share(series) > (0.5 if rank < 100 else 0.9)
        if ok:
            best = (kind, rank)
    return best


def pick_column(frame: pd.DataFrame, phrases: Iterable[str], exclude: Iterable[str] = (),
                text: bool = False) -> str:
    """The column whose name best matches ``phrases`` ("" if none); ties go to longer text."""
    phrases = tuple(phrases)
    taken = set(exclude)
    scored = []
    for column in frame.columns:
        if column in taken:
            continue
        rank = phrase_rank(column, phrases)
        if rank is None:
            continue
        length = 0.0
        if text:
            sample = frame[column].dropna().head(500)
            if sample.empty or pd.api.types.is_numeric_dtype(sample):
                continue
            length = float(sample.astype(str).str.len().mean())
        scored.append((rank, -length, column))
    return min(scored)[2] if scored else ""


def label_key(label: object) -> str:
    """How a label (or a data value matched by label) is keyed: normalised, or case-folded
    when nothing of it survives normalising (a label of symbols, "→" or "🛒"). "" for a blank
    label: such a key names nothing and matches nothing."""
    return normalise_name(label) or str(label).strip().casefold()


def touchpoint_keys(journey: Journey) -> tuple[dict[str, str], dict[str, str]]:
    """Touchpoint ids and labels, normalised, each mapped to the touchpoint id (blank
    labels are left out: a touchpoint without a label is found by its id only)."""
    ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for tp in journey.touchpoints():
        ids.setdefault(tp.id.strip().casefold(), tp.id)
        key = label_key(tp.label)
        if key:
            labels.setdefault(key, tp.id)
    return ids, labels


def shared_labels(journey: Journey) -> dict[str, list[str]]:
    """Labels (keyed as :func:`touchpoint_keys` keys them) that several touchpoints carry,
    each with their ids in journey order: matching by label takes the first of them."""
    owners: dict[str, list[str]] = {}
    for tp in journey.touchpoints():
        key = label_key(tp.label)
        if key:
            owners.setdefault(key, []).append(tp.id)
    return {key: ids for key, ids in owners.items() if len(ids) > 1}


def shared_label_columns(columns: dict[str, str], journey: Journey) -> list[str]:
    """Notes for the columns of ``columns`` (column -> touchpoint id, as :func:`wide_columns`
    finds them) named by a label several touchpoints share: which touchpoints, which one
    gets the column (the first in the journey) and how to choose."""
    shared = shared_labels(journey)
    ids = {tp.id.strip().casefold() for tp in journey.touchpoints()}
    notes = []
    for column in columns:
        owners = shared.get(label_key(column), [])
        if owners and str(column).strip().casefold() not in ids:
            notes.append(f"column {column!r} is the label of {len(owners)} touchpoints "
                         f"({', '.join(owners)}); it counts for {owners[0]}, the first in "
                         "the journey. To choose, name the column by the touchpoint's id")
    return notes


def _match_shares(series: pd.Series, journey: Journey) -> tuple[float, float]:
    # distinct values first, then text: an event log's 5M rows hold a few hundred values
    distinct = pd.Series(series.unique()).dropna()
    values = pd.Series(distinct.astype(str).unique()[:5000])
    if values.empty:
        return 0.0, 0.0
    ids, labels = touchpoint_keys(journey)
    by_id = values.str.strip().str.casefold().isin(ids).mean()
    by_label = values.map(label_key).isin(labels).mean()
    return float(by_id), float(by_label)


def detect_touchpoint_column(frame: pd.DataFrame, journey: Journey,
                             exclude: Iterable[str] = ()) -> tuple[str, str]:
    """The column naming touchpoints and how it matches (``id`` or ``label``); ("", "") if none.

    A column named like a touchpoint column wins; otherwise the text column whose distinct
    values best match the journey's touchpoint ids or labels (at least half of them).
    """
    by_name = pick_column(frame, TOUCHPOINT_PHRASES, exclude)
    candidates = [by_name] if by_name else [
        c for c in frame.columns if c not in set(exclude)
        and not pd.api.types.is_numeric_dtype(frame[c])]
    best = ("", "", 0.0)
    for column in candidates:
        by_id, by_label = _match_shares(frame[column], journey)
        share, match = max((by_id, "id"), (by_label, "label"))
        if share > best[2]:
            best = (column, match, share)
    if by_name and not best[0]:
        return by_name, "id"
    if best[0] and (by_name or best[2] >= 0.5):
        return best[0], best[1]
    return "", ""


def wide_columns(frame: pd.DataFrame, journey: Journey) -> dict[str, str]:
    """Columns whose names are a touchpoint's id or label: column -> touchpoint id."""
    ids, labels = touchpoint_keys(journey)
    found: dict[str, str] = {}
    for column in frame.columns:
        key = ids.get(str(column).strip().casefold()) or labels.get(label_key(column))
        if key is not None:
            found[column] = key
    return found


def assumed_scale(values: pd.Series) -> tuple[float, float]:
    """The smallest common scale holding every value (for a rating whose scale is undeclared)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty:
        return 1.0, 5.0
    low, high = float(numbers.min()), float(numbers.max())
    for a, b in COMMON_SCALES:
        if a <= low and high <= b:
            return float(a), float(b)
    return low, high


def _listed_columns(frame: pd.DataFrame, most: int = 12) -> str:
    """The table's column names for a one-line message: the first ``most``, each cut to 40
    characters, line breaks shown as ``\\n`` (a quote left open in a header can make one
    name of the whole file)."""
    names = [str(c) for c in frame.columns[:most]]
    shown = [(n[:39] + "…" if len(n) > 40 else n).replace("\r", "\\r").replace("\n", "\\n")
             for n in names]
    more = f", … ({len(frame.columns)} in all)" if len(frame.columns) > most else ""
    return (", ".join(shown) or "none") + more


def complete_source(source: FeedbackSource, frame: pd.DataFrame,
                    journey: Journey) -> tuple[FeedbackSource, list[str]]:
    """``source`` with what it leaves empty filled from ``frame``, and notes for the user.

    Never overrides a stated column. Returns a copy; the journey's source is not changed.
    """
    notes: list[str] = []
    s = source.copy()
    columns = set(frame.columns)

    def missing(what: str, column: str) -> None:
        if column and column not in columns:
            raise KeyError(f"{what} column {column!r} is not in the table (columns: "
                           f"{_listed_columns(frame)})")

    def needed(what: str, column: str, how: str) -> None:
        """An event log cannot be read without this column: say so when none was found."""
        if not column:
            raise KeyError(f"no {what} column recognised among {_listed_columns(frame)}: "
                           f"name it ({how})")
        missing(what, column)

    if s.role == "events" and s.layout == "wide":
        # One row per case, one timestamp column per touchpoint (an orders table).
        if not s.case_column:
            s.case_column = pick_column(frame, CASE_PHRASES)
        if not s.wide_columns:
            s.wide_columns = wide_columns(frame, journey)
            notes.extend(shared_label_columns(s.wide_columns, journey))
        needed("case", s.case_column, "case_column, --case-column")
        for column in s.wide_columns:
            missing("timestamp", column)
        for column in s.segment_columns:
            missing("segment", column)
        if not s.wide_columns:
            raise KeyError("a wide event table needs timestamp columns named after "
                           "touchpoints (wide_columns)")
        return s, notes
    if s.role == "events":
        if not s.case_column:
            s.case_column = pick_column(frame, CASE_PHRASES)
        if not s.timestamp_column:
            s.timestamp_column = pick_column(frame, TIMESTAMP_PHRASES, [s.case_column])
        if not s.touchpoint_column:
            s.touchpoint_column, match = detect_touchpoint_column(
                frame, journey, [s.case_column, s.timestamp_column])
            if match and s.match == "id" and not s.value_map:
                s.match = match
        needed("case", s.case_column, "case_column, --case-column")
        needed("touchpoint", s.touchpoint_column,
               "touchpoint_column, --event-touchpoint-column")
        needed("timestamp", s.timestamp_column, "timestamp_column, --timestamp")
        return s, notes

    if s.layout == "wide":
        if not s.wide_columns:
            s.wide_columns = wide_columns(frame, journey)
            if s.wide_columns:
                notes.append(f"{len(s.wide_columns)} columns named after touchpoints: "
                             + ", ".join(s.wide_columns))
                notes.extend(shared_label_columns(s.wide_columns, journey))
        if not s.metrics:
            s.metrics = [MetricColumn("", "rating")]
        for column in s.wide_columns:
            missing("rating", column)
    else:
        used = {m.column for m in s.metrics}
        if not s.metrics and s.role != "complaints":  # a complaint log has no scores
            kinds: dict[str, tuple[int, str]] = {}
            for column in frame.columns:
                if column in (s.touchpoint_column, s.comment_column, s.timestamp_column):
                    continue
                found = detect_metric_kind(column, frame[column])
                if found and (found[0] not in kinds or found[1] < kinds[found[0]][0]):
                    kinds[found[0]] = (found[1], column)
            s.metrics = [MetricColumn(column, kind) for kind, (_, column) in kinds.items()]
            used = {m.column for m in s.metrics}
            if s.metrics:
                notes.append("metric columns recognised: " + ", ".join(
                    f"{m.column} ({m.kind})" for m in s.metrics))
        if not s.touchpoint_column:
            s.touchpoint_column, match = detect_touchpoint_column(
                frame, journey, used | {s.comment_column, s.timestamp_column})
            if match and s.match == "id" and not s.value_map:
                s.match = match
            if s.touchpoint_column:
                notes.append(f"touchpoint column recognised: {s.touchpoint_column} "
                             f"(matched by {s.match})")
        if not s.touchpoint_column:
            raise KeyError("no touchpoint column: name it (touchpoint_column / "
                           "--touchpoint-column); none of the columns holds touchpoint ids "
                           "or labels")
        missing("touchpoint", s.touchpoint_column)
        for m in s.metrics:
            missing("metric", m.column)
        kinds_seen: dict[str, str] = {}
        for m in s.metrics:
            if m.kind in kinds_seen:
                notes.append(f"{m.column} is a second {m.kind} column: only "
                             f"{kinds_seen[m.kind]} is used (one column per kind in a long "
                             "table)")
            kinds_seen.setdefault(m.kind, m.column)
        used |= {s.touchpoint_column}
        if not s.comment_column:
            s.comment_column = pick_column(frame, COMMENT_PHRASES, used, text=True)
    if not s.timestamp_column and s.layout == "long":
        s.timestamp_column = pick_column(
            frame, TIMESTAMP_PHRASES,
            {m.column for m in s.metrics} | {s.touchpoint_column, s.comment_column})
    missing("comment", s.comment_column)
    missing("timestamp", s.timestamp_column)
    for column in s.segment_columns:
        missing("segment", column)
    # Scales: defaults for the standard kinds, assumed-from-data (with a note) for ratings.
    for m in s.metrics:
        if m.minimum is not None and m.maximum is not None:
            continue
        if m.kind in DEFAULT_SCALES:
            low, high = DEFAULT_SCALES[m.kind]
        else:
            cells = (frame[m.column] if m.column else
                     pd.concat([frame[c] for c in s.wide_columns], ignore_index=True)
                     if s.wide_columns else pd.Series(dtype=float))
            cells = cells[~cells.isin(m.na)] if m.na else cells
            low, high = assumed_scale(cells)
            notes.append(f"the scale of {m.column or 'the rating columns'} is not declared; "
                         f"assumed {low:g}–{high:g} from the data (declare it with "
                         f"--metric/--metric-kind KIND:MIN-MAX)")
        m.minimum = low if m.minimum is None else m.minimum
        m.maximum = high if m.maximum is None else m.maximum
    return s, notes


__all__ = ["complete_source", "detect_metric_kind", "detect_touchpoint_column", "normalise_name",
           "touchpoint_keys", "wide_columns", "assumed_scale", "pick_column", "label_key",
           "shared_labels", "shared_label_columns"]
