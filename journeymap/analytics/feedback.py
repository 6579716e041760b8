"""From a feedback source to normalised rows: one row per response at one touchpoint.

Every input row ends up either in ``rows`` (kept) or in ``rejected`` with the reason, the
column and the value that made it unusable, so ``kept + rejected == input rows`` always holds.
Scores are put on common scales here, once: NPS stays 0–10, CSAT becomes 1–5, CES 1–7, a
generic rating the share of its declared scale (0..1), sentiment −1/0/+1 and a complaint flag
0/1. Each row also says whether it is *negative* (see :data:`journeymap.measures.FRICTION`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey, MetricColumn

from . import warm
from .detect import (CASE_PHRASES, FLAG_WORDS, SENTIMENT_WORDS, TOUCHPOINT_PHRASES,
                     complete_source, label_key, phrase_rank, shared_labels,
                     touchpoint_keys)
from .reading import RawTable, SourceError, read_table

KINDS = ("nps", "csat", "ces", "rating", "sentiment", "flag")

# Reasons a row is rejected (stable strings: shown to users, counted, tested).
MALFORMED = "malformed line"
MISSING_TOUCHPOINT = "missing touchpoint"
UNKNOWN_TOUCHPOINT = "unknown touchpoint"
NO_TOUCHPOINT = "maps to no touchpoint"
UNPARSEABLE = "unparseable value"
OUT_OF_RANGE = "out of range"
NO_SCORE = "no score or comment"
NOT_APPLICABLE = "not applicable"
BAD_TIMESTAMP = "unparseable timestamp"
MISSING_TIMESTAMP = "missing timestamp"
#: Timestamps that must be ISO 8601 (year first) or are not timestamps at all (a time without
#: a date): the lenient day-first reading is not tried on them.
YEAR_FIRST = r"\s*[+-]?\d{4}"
TIME_ONLY = r"\s*\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?\s*"
MISSING_CASE = "missing case id"

# Thresholds of a negative answer, on the common scales above (one place, used by friction).
NPS_DETRACTOR_MAX = 6        # 0–6
NPS_PROMOTER_MIN = 9         # 9–10
CSAT_SATISFIED_MIN = 4       # 4–5 on 1–5
CSAT_DISSATISFIED_MAX = 2    # 1–2 on 1–5
CES_HIGH_EFFORT_MIN = 5      # 5–7 on 1–7
RATING_NEGATIVE_BELOW = 0.4  # bottom 40% of the declared scale
SENTIMENT_NEGATIVE_BELOW = 0.4  # numeric sentiment: bottom 40% of its scale is negative ...
SENTIMENT_POSITIVE_ABOVE = 0.6  # ... and top 40% positive

_COMMON = {"csat": (1.0, 5.0), "ces": (1.0, 7.0)}


@dataclass
class FeedbackTable:
    """One source, read: the kept rows, the rejected ones, and what detection decided.

    ``source`` is the source as used, with detected columns and assumed scales filled in
    (save it to keep the choices). ``notes`` tell the user what was recognised or assumed.
    """

    source: FeedbackSource
    rows: pd.DataFrame
    rejected: pd.DataFrame
    input_rows: int
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)   # every column of the table as read

    @property
    def rejected_counts(self) -> dict[str, int]:
        """Reason -> number of rejected input rows, most frequent first."""
        return dict(Counter(self.rejected["reason"]).most_common()) if len(self.rejected) else {}

    @property
    def kept_rows(self) -> int:
        """Input rows kept (a wide respondent row counts once however many ratings it has)."""
        return self.input_rows - len(self.rejected)

    @property
    def is_events(self) -> bool:
        return self.source.role == "events"


class _Rejections:
    """The first reason each input row is rejected for, filled in check by check.

    Kept as a boolean mask plus sparse details, so that checking a million good rows costs a
    few vectorised operations and no Python objects.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.mask = np.zeros(len(frame), dtype=bool)
        self._parts: list[tuple[np.ndarray, str, str, np.ndarray | None]] = []

    def add(self, mask: np.ndarray, reason: str, column: str = "",
            values: pd.Series | None = None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():  # the usual case (a clean column): no pass over every row
            return
        fresh = mask & ~self.mask
        if not fresh.any():
            return
        idx = np.flatnonzero(fresh)
        self.mask[idx] = True
        cells = values.iloc[idx].to_numpy(dtype=object) if values is not None else None
        self._parts.append((idx, reason, column, cells))

    def table(self, source_id: str, malformed: list) -> pd.DataFrame:
        """Every rejected row in file order: source, row, line, reason, column, value and
        the row's original columns."""
        if not self._parts and not malformed:
            return pd.DataFrame({
                "source": pd.Series(dtype=object), "row": pd.Series(dtype="Int64"),
                "line": pd.Series(dtype="Int64"), "reason": pd.Series(dtype=object),
                "column": pd.Series(dtype=object), "value": pd.Series(dtype=object),
                **{c: pd.Series(dtype=object) for c in self.frame.columns
                   if c not in ("source", "row", "line", "reason", "column", "value")}})
        if self._parts:
            idx = np.concatenate([p[0] for p in self._parts])
            reason = np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in self._parts])
            column = np.concatenate([np.full(len(p[0]), p[2], dtype=object)
                                     for p in self._parts])
            value = np.concatenate([p[3] if p[3] is not None else
                                    np.full(len(p[0]), None, dtype=object) for p in self._parts])
            order = np.argsort(idx, kind="stable")
            idx, reason, column, value = idx[order], reason[order], column[order], value[order]
        else:
            idx = np.zeros(0, dtype=np.int64)
            reason = column = value = np.zeros(0, dtype=object)
        info = pd.DataFrame({
            "source": source_id, "row": idx + 1, "line": pd.array([pd.NA] * len(idx), "Int64"),
            "reason": reason, "column": column,
            "value": [None if v is None or v != v else str(v) for v in value]})
        original = self.frame.iloc[idx].reset_index(drop=True)
        original = original.loc[:, [c not in info.columns for c in original.columns]]
        if not original.columns.is_unique:  # a header with repeated or empty names
            original.columns = _unique_names(original.columns)
        table = pd.concat([info, original.astype(object)], axis=1)
        if malformed:
            lines = pd.DataFrame({
                "source": source_id, "row": pd.array([pd.NA] * len(malformed), "Int64"),
                "line": [m.line for m in malformed], "reason": MALFORMED,
                "column": [m.reason for m in malformed], "value": [m.text for m in malformed]})
            table = pd.concat([table.astype({"row": "Int64"}), lines], ignore_index=True)
        return table.astype({"row": "Int64", "line": "Int64"})


def _unique_names(names: pd.Index) -> list[str]:
    """``names`` with repeats told apart as people would: ``x``, ``x (2)``, ``x (3)``."""
    seen: dict[str, int] = {}
    out = []
    for name in map(str, names):
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


# --------------------------------------------------------------------- touchpoints
_UNKNOWN = "\x00unknown"
_NOWHERE = "\x00nowhere"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def touchpoint_resolver(source: FeedbackSource, journey: Journey) -> Callable[[object], str]:
    """A function from a data value to a touchpoint id (or an internal unknown/nowhere mark).

    ``id``: the value is a touchpoint id (case and surrounding spaces ignored). ``label``: a
    label (case, accents, spaces and punctuation ignored: :func:`~.detect.label_key`) or an
    id. ``map``: the explicit value map first (a value mapped to null is known to be no
    touchpoint), then ids and labels. A value with nothing to key it by (blank) matches no
    label and no map entry.
    """
    exact = set(journey.touchpoint_ids())
    ids, labels = touchpoint_keys(journey)
    value_map = {_text(k): v for k, v in source.value_map.items()}
    folded_map = {key: v for key, v in ((label_key(k), v) for k, v in value_map.items()) if key}
    use_map = source.match == "map" or bool(value_map)

    def resolve(value: object) -> str:
        text = _text(value)
        if use_map:
            hit = value_map.get(text, folded_map.get(label_key(text), _UNKNOWN))
            if hit is None:
                return _NOWHERE
            if hit != _UNKNOWN:
                return hit if hit in exact else _UNKNOWN
        if text in exact:
            return text
        if text.casefold() in ids:
            return ids[text.casefold()]
        if source.match in ("label", "map"):
            return labels.get(label_key(text), _UNKNOWN)
        return _UNKNOWN

    return resolve


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def shared_label_notes(categories: pd.Index, resolved: list[str], codes: np.ndarray,
                       source: FeedbackSource, journey: Journey, column: str) -> list[str]:
    """One note per label several touchpoints share (:func:`~.detect.shared_labels`) that
    rows of ``column`` were matched by: which values, which touchpoints, which one got the
    rows (the first in the journey) and how to choose. ``resolved[i]`` is where category
    ``i`` went; ``codes`` are the rows' category codes."""
    shared = shared_labels(journey)
    if not shared:
        return []
    # A value found by the value map or by an id chose its touchpoint: only label matches
    # are ambiguous.
    chosen = touchpoint_resolver(source.copy(match="id"), journey)
    by_label: dict[str, list[int]] = {}
    for i, value in enumerate(categories):
        key = label_key(_text(value))
        if key in shared and resolved[i] == shared[key][0] and chosen(value) == _UNKNOWN:
            by_label.setdefault(key, []).append(i)
    if not by_label:
        return []
    counts = np.bincount(codes[codes >= 0], minlength=len(categories))
    notes = []
    for key, owners in shared.items():
        found = [i for i in by_label.get(key, ()) if counts[i]]
        if not found:
            continue
        rows = int(counts[found].sum())
        values = " / ".join(repr(_text(categories[i])) for i in found[:3])
        values += " / …" if len(found) > 3 else ""
        notes.append(
            f"{values} ({_plural(rows, 'row')} of column {column}) is the label of "
            f"{len(owners)} touchpoints ({', '.join(owners)}); such rows count for "
            f"{owners[0]}, the first in the journey. To choose, write touchpoint ids in the "
            "data or map the value in a value map")
    return notes


def map_touchpoints(series: pd.Series, source: FeedbackSource, journey: Journey,
                    rejections: _Rejections, column: str,
                    notes: list[str] | None = None) -> pd.Categorical:
    """Touchpoint ids for ``series`` as a categorical over the journey's ids in journey order
    (cheap to group and sort); rows that find no touchpoint are rejected with the reason.
    ``notes`` gets a line per shared label rows were matched by (:func:`shared_label_notes`).
    """
    values = series if isinstance(series.dtype, pd.CategoricalDtype) else series.astype("category")
    codes = values.cat.codes.to_numpy()
    resolve = touchpoint_resolver(source, journey)
    order = journey.touchpoint_ids()
    lookup = {key: i for i, key in enumerate(order)}
    resolved = [resolve(v) for v in values.cat.categories]
    if notes is not None and source.match in ("label", "map"):
        notes.extend(shared_label_notes(values.cat.categories, resolved, codes, source,
                                        journey, column))
    # Per category: the touchpoint's position, or −1 unknown, −2 known to be no touchpoint;
    # the extra last slot serves code −1 (a missing value), rejected first.
    # Made in the code type pandas keeps for the journey's ids, so no copy converts them.
    per_category = np.array([lookup.get(r, -2 if r == _NOWHERE else -1) for r in resolved]
                            + [-1], dtype=code_dtype(len(order)))
    mapped = per_category[codes]
    rejections.add(codes == -1, MISSING_TOUCHPOINT, column)
    if (mapped < 0).any():
        rejections.add(mapped == -2, NO_TOUCHPOINT, column, series)
        rejections.add(mapped == -1, UNKNOWN_TOUCHPOINT, column, series)
        mapped = np.maximum(mapped, -1)
    if not order:
        return pd.Categorical([None] * len(series))
    # The codes are in range by construction: skip pandas' check of a million of them.
    return pd.Categorical.from_codes(mapped, categories=order, validate=False)


def code_dtype(categories: int) -> type[np.signedinteger]:
    """The integer type pandas keeps a categorical's codes in for ``categories`` values
    (the smallest that holds them: ``pandas.core.dtypes.cast.coerce_indexer_dtype``); codes
    built in it go into ``Categorical.from_codes`` without a conversion of every row."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64


# --------------------------------------------------------------------------- scores
@dataclass
class ParsedMetric:
    """A metric column parsed: common-scale values and which cells were what."""

    values: np.ndarray        # float, NaN where no score
    present: np.ndarray       # the cell holds something
    na: np.ndarray            # ... that means "not applicable"
    unparseable: np.ndarray
    out_of_range: np.ndarray


def _na_mask(series: pd.Series, na: list, present: np.ndarray) -> np.ndarray:
    if not na:
        return np.zeros(len(series), dtype=bool)
    numbers = []
    for item in na:
        try:
            numbers.append(float(item))
        except (TypeError, ValueError):
            pass
    words = {_text(item).casefold() for item in na}
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.isin(numbers).to_numpy() & present
    text = series.astype(object).map(lambda v: _text(v).casefold(), na_action="ignore")
    return text.isin(words).to_numpy() & present


def _to_common(kind: str, values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Values of ``kind`` on their declared scale put on the common scale."""
    if kind in ("sentiment", "flag") or kind == "nps":
        return values
    if kind in _COMMON:
        a, b = _COMMON[kind]
        if (low, high) == (a, b):
            return values
        return a + (values - low) / (high - low) * (b - a) if high > low else values
    return (values - low) / (high - low) if high > low else values * np.nan  # rating: share


def parse_metric(series: pd.Series, metric: MetricColumn,
                 decimal_comma: bool = False) -> ParsedMetric:
    """Parse one column of ``metric.kind`` on its declared scale to the common scale."""
    low = float(metric.minimum if metric.minimum is not None else 0)
    high = float(metric.maximum if metric.maximum is not None else 1)
    if (pd.api.types.is_integer_dtype(series) and not isinstance(series.dtype, pd.ArrowDtype)
            and not metric.na and metric.kind not in ("sentiment", "flag")):
        # The common case of a clean survey export: whole numbers, nothing missing.
        values = warm.as_float(series.to_numpy())
        outside = (values < low) | (values > high)
        none = np.zeros(len(values), dtype=bool)
        if not outside.any():
            return ParsedMetric(_to_common(metric.kind, values, low, high),
                                ~none, none, none, none)
    present = series.notna().to_numpy()
    na = _na_mask(series, list(metric.na), present)
    kind = metric.kind
    numeric_dtype = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if kind == "flag" and pd.api.types.is_bool_dtype(series):
        values = series.astype(float).to_numpy()
        numeric = None
    elif kind in ("sentiment", "flag") and not numeric_dtype:
        words = SENTIMENT_WORDS if kind == "sentiment" else FLAG_WORDS
        folded = series.astype(object).map(lambda v: _text(v).casefold(), na_action="ignore")
        values = folded.map(words).astype(float).to_numpy()
        numeric = pd.to_numeric(series.where(np.isnan(values)), errors="coerce").to_numpy(float)
        use_numbers = np.isnan(values) & ~np.isnan(numeric)
        if kind == "sentiment":
            values = np.where(use_numbers, _sentiment_class(numeric, low, high), values)
        else:
            values = np.where(use_numbers, numeric, values)
            numeric = np.where(use_numbers, numeric, np.nan)
    else:
        numeric = (series.to_numpy(dtype=float, na_value=np.nan) if numeric_dtype
                   else _numbers(series, decimal_comma and kind == "rating"))
        values = numeric
    unparseable = present & ~na & np.isnan(values)
    in_scale = np.ones(len(series), dtype=bool)
    check = numeric if numeric is not None and kind != "flag" else values
    if kind == "flag":
        in_scale = np.isnan(values) | np.isin(values, (0.0, 1.0))
    elif check is not None:
        with np.errstate(invalid="ignore"):
            in_scale = np.isnan(check) | ((check >= low) & (check <= high))
    out_of_range = present & ~na & ~unparseable & ~in_scale
    good = present & ~na & ~unparseable & ~out_of_range
    common = _to_common(kind, values, low, high)
    return ParsedMetric(np.where(good, common, np.nan), present, na, unparseable, out_of_range)


def _decimal_comma(source: FeedbackSource) -> bool:
    return source.options.get("decimal") == ","


_DECIMAL_COMMA = r"\s*[+-]?\d+,\d+\s*"


def _numbers(series: pd.Series, decimal_comma: bool = False) -> np.ndarray:
    """Text to numbers; with ``decimal_comma`` (a rating in a semicolon-delimited export, as
    European spreadsheets write them) "4,5" is 4.5. Elsewhere "4,5" stays an error, and so
    does an NPS of "8,5" anywhere: NPS, CSAT and CES answers are whole numbers."""
    numbers = pd.to_numeric(series.astype(object), errors="coerce").to_numpy(float, copy=True)
    missing = np.isnan(numbers) & series.notna().to_numpy()
    if missing.any() and decimal_comma:
        text = series[missing].astype(str)
        comma = text.str.fullmatch(_DECIMAL_COMMA).fillna(False).to_numpy(dtype=bool)
        if comma.any():
            fixed = pd.to_numeric(text[comma].str.replace(",", ".", regex=False),
                                  errors="coerce").to_numpy(float)
            where = np.flatnonzero(missing)[comma]
            numbers[where] = fixed
    return numbers


def _sentiment_class(numeric: np.ndarray, low: float, high: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        share = (numeric - low) / (high - low) if high > low else numeric * np.nan
        return np.where(share < SENTIMENT_NEGATIVE_BELOW, -1.0,
                        np.where(share > SENTIMENT_POSITIVE_ABOVE, 1.0, 0.0)) + numeric * 0


def negative_answer(kind: str, values: np.ndarray) -> np.ndarray:
    """Which common-scale values of ``kind`` are negative experiences (False where NaN):
    :data:`.reduction.NEGATIVE`, the definition every engine reads."""
    from .reduction import NEGATIVE, holds  # reduction reads this module's thresholds

    return holds(NEGATIVE[kind], values)


def _reject_metric(parsed: ParsedMetric, rejections: _Rejections, column: str,
                   series: pd.Series) -> None:
    rejections.add(parsed.unparseable, UNPARSEABLE, column, series)
    rejections.add(parsed.out_of_range, OUT_OF_RANGE, column, series)


#: The longest cell read as a date written some other way than ISO 8601 ("Wednesday,
#: 24 September 2025, 10:00:00 Central European Summer Time" is 70 characters).
MAX_TIMESTAMP_CHARS = 100


def _timestamps(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.tz_localize("UTC")
    text = series.astype(object) if isinstance(series.dtype, pd.CategoricalDtype) else series
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    failed = parsed.isna() & series.notna()
    if failed.any():  # 24/02/2015 and friends
        # Only for what ISO cannot be: a year-first value that failed ISO is impossible
        # (2026-13-01 would be read as 13 January), and a bare time would become today.
        rest = text[failed].astype(str)
        # dateutil's guessing is quadratic in a cell's length (a 1 MB cell took 27 s): no
        # date is longer than MAX_TIMESTAMP_CHARS, so longer cells are not tried.
        retry = rest[(rest.str.len() <= MAX_TIMESTAMP_CHARS) & ~rest.str.match(YEAR_FIRST)
                     & ~rest.str.fullmatch(TIME_ONLY)]
        if len(retry):
            again = pd.to_datetime(retry, utc=True, errors="coerce", format="mixed",
                                   dayfirst=True)
            if parsed.dt.tz is None:  # a column where ISO read nothing comes back naive
                parsed = parsed.dt.tz_localize("UTC")
            try:
                parsed[retry.index] = again
            except (TypeError, ValueError):  # another resolution: combine as objects
                merged = parsed.astype(object)
                merged[retry.index] = again.astype(object)
                parsed = pd.to_datetime(merged, utc=True, errors="coerce")
    return parsed


def _constant(value: str, length: int) -> pd.Categorical:
    """``value`` repeated ``length`` times, as a categorical (a million copies cost 1 MB)."""
    return pd.Categorical.from_codes(np.zeros(length, dtype=np.int8), categories=[value],
                                     validate=False)


def _segment(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series
    return series.astype(object).map(_text, na_action="ignore").astype("category")


# --------------------------------------------------------------------------- readers
def text_column_tests(source: FeedbackSource
                      ) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Which columns of ``source`` to read as text: (the touchpoint and segment columns, the
    case column), each the named one or, where left to detection, those named like it."""
    named = {c for c in (source.touchpoint_column, *source.segment_columns) if c}
    guess_touchpoint = not source.touchpoint_column and not source.wide_columns
    guess_case = source.role == "events" and not source.case_column

    def is_text(name: str) -> bool:
        return name in named or (
            guess_touchpoint and phrase_rank(name, TOUCHPOINT_PHRASES) is not None)

    def is_case(name: str) -> bool:
        return name == source.case_column or (
            guess_case and phrase_rank(name, CASE_PHRASES) is not None)

    return is_text, is_case


def read_source(source: FeedbackSource, journey: Journey, base_dir: str | Path = ".",
                raw: RawTable | None = None) -> FeedbackTable:
    """Read ``source`` (feedback or events) for ``journey``; see :class:`FeedbackTable`.

    Raises :class:`SourceError` when the file cannot be read at all or a named column is
    missing; bad rows never raise.
    """
    path = source.resolve(base_dir)
    if raw is None:
        raw = read_table(path, source.format, source.options, *text_column_tests(source))
    frame = raw.frame
    try:
        used, notes = complete_source(source, frame, journey)
    except KeyError as exc:
        raise SourceError(f"{path}: {exc.args[0]}") from None
    rejections = _Rejections(frame)
    if raw.delimiter in (";", "\t") and "decimal" not in used.options:
        used.options["decimal"] = ","  # "4,5" in a semicolon export is 4.5
    if used.role == "events" and used.layout == "wide":
        rows = _wide_event_rows(used, frame, journey, rejections, notes)
    elif used.role == "events":
        rows = _event_rows(used, frame, journey, rejections, notes)
    elif used.layout == "wide":
        rows = _wide_rows(used, frame, rejections)
    else:
        rows = _long_rows(used, frame, journey, rejections, notes)
    notes = [f"{used.id}: {note}" for note in notes]
    rejected = rejections.table(used.id, raw.malformed)
    return FeedbackTable(used, rows, rejected, len(frame) + len(raw.malformed), notes,
                         [str(c) for c in frame.columns])


def _extras(source: FeedbackSource, frame: pd.DataFrame,
            rejections: _Rejections) -> dict[str, pd.Series]:
    """Comment, timestamp and segment columns of the kept rows (timestamps checked first)."""
    out: dict[str, pd.Series] = {}
    if source.timestamp_column:
        raw = frame[source.timestamp_column]
        stamps = _timestamps(raw)
        rejections.add(stamps.isna().to_numpy() & raw.notna().to_numpy(), BAD_TIMESTAMP,
                       source.timestamp_column, raw)
        out["timestamp"] = stamps
    if source.comment_column:
        out["comment"] = frame[source.comment_column]
    for column in source.segment_columns:
        out[column] = _segment(frame[column])
    # A complaint log's themes: its theme column, else the values naming the touchpoint
    # (the tweets' reasons, several to one touchpoint).
    theme = str(source.options.get("theme_column") or (
        source.touchpoint_column if source.role == "complaints" else ""))
    if theme:
        if theme not in frame:
            raise SourceError(f"theme column {theme!r} is not in the table (columns: "
                              f"{', '.join(map(str, frame.columns))})")
        out["theme"] = frame[theme]
    return out


def _long_rows(source: FeedbackSource, frame: pd.DataFrame, journey: Journey,
               rejections: _Rejections, notes: list[str]) -> pd.DataFrame:
    column = source.touchpoint_column
    touchpoints = map_touchpoints(frame[column], source, journey, rejections, column, notes)
    scores: dict[str, np.ndarray] = {}
    any_score = np.zeros(len(frame), dtype=bool)
    any_na = np.zeros(len(frame), dtype=bool)
    for metric in source.metrics:
        if metric.kind in scores:  # a second column of one kind: complete_source said so
            continue
        series = frame[metric.column]
        parsed = parse_metric(series, metric, _decimal_comma(source))
        _reject_metric(parsed, rejections, metric.column, series)
        scores[metric.kind] = parsed.values
        any_score |= ~np.isnan(parsed.values)
        any_na |= parsed.na
    extras = _extras(source, frame, rejections)
    if source.metrics and not any_score.all():  # every row scored: no comment to look at
        has_comment = (frame[source.comment_column].notna().to_numpy()
                       if source.comment_column else np.zeros(len(frame), dtype=bool))
        rejections.add(~any_score & ~has_comment & any_na, NOT_APPLICABLE)
        rejections.add(~any_score & ~has_comment, NO_SCORE,
                       ", ".join(m.column for m in source.metrics))
    keep = ~rejections.mask
    everything = bool(keep.all())  # the usual case: no copies at all
    data: dict[str, object] = {
        "source": _constant(source.id, int(keep.sum())),
        "row": warm.row_numbers(len(keep)) if everything else np.flatnonzero(keep) + 1,
        "touchpoint": touchpoints if everything else touchpoints[keep]}
    data.update(_scored(scores, None if everything else keep, len(frame)))
    for key, series in extras.items():
        data[key] = series.reset_index(drop=True) if everything else \
            series[keep].reset_index(drop=True)
    return pd.DataFrame(data, copy=False)


def _scored(scores: dict[str, np.ndarray], keep: np.ndarray | None,
            total: int) -> dict[str, np.ndarray]:
    """Metric columns of the kept rows (``keep`` None: all ``total``), plus ``negative`` and
    ``scored`` per row."""
    out: dict[str, np.ndarray] = {}
    negative: np.ndarray | None = None
    scored: np.ndarray | None = None
    for kind in KINDS:
        if kind not in scores:
            continue
        values = scores[kind] if keep is None else scores[kind][keep]
        out[kind] = values
        bad = negative_answer(kind, values)
        present = ~np.isnan(values)
        negative = bad if negative is None else negative | bad
        scored = present if scored is None else scored | present
    n = total if keep is None else int(keep.sum())
    out["negative"] = negative if negative is not None else np.zeros(n, dtype=bool)
    out["scored"] = scored if scored is not None else np.zeros(n, dtype=bool)
    return out


def _wide_rows(source: FeedbackSource, frame: pd.DataFrame,
               rejections: _Rejections) -> pd.DataFrame:
    """One row per answered rating cell; a respondent with a bad cell is rejected whole."""
    default = next((m for m in source.metrics if not m.column), source.metrics[0]
                   if source.metrics else MetricColumn("", "rating", 1, 5))
    per_column = {m.column: m for m in source.metrics if m.column}
    parsed: dict[str, ParsedMetric] = {}
    answered = np.zeros(len(frame), dtype=bool)
    any_na = np.zeros(len(frame), dtype=bool)
    for column in source.wide_columns:
        metric = per_column.get(column, default)
        series = frame[column]
        p = parse_metric(series, metric, _decimal_comma(source))
        _reject_metric(p, rejections, column, series)
        parsed[column] = p
        answered |= ~np.isnan(p.values)
        any_na |= p.na
    extras = _extras(source, frame, rejections)
    rejections.add(~answered & any_na, NOT_APPLICABLE)
    rejections.add(~answered, NO_SCORE, "all rating columns")
    keep = ~rejections.mask
    chunks = []
    for column, key in source.wide_columns.items():
        metric = per_column.get(column, default)
        cell = keep & ~np.isnan(parsed[column].values)
        idx = np.flatnonzero(cell)
        chunk: dict[str, object] = {"source": _constant(source.id, len(idx)), "row": idx + 1,
                                    "touchpoint": key}
        chunk.update(_scored({metric.kind: parsed[column].values}, cell, len(frame)))
        for name, series in extras.items():
            chunk[name] = series.iloc[idx].reset_index(drop=True)
        chunks.append(pd.DataFrame(chunk))
    if not chunks:
        return pd.DataFrame({"source": pd.Series(dtype=str), "row": pd.Series(dtype=int),
                             "touchpoint": pd.Series(dtype=str)})
    rows = pd.concat(chunks, ignore_index=True)
    for name, series in extras.items():
        if isinstance(series.dtype, pd.CategoricalDtype):
            rows[name] = rows[name].astype(series.dtype)
    return rows.sort_values("row", kind="stable", ignore_index=True)


def _date_only(stamps: pd.Series) -> bool:
    """Whether the column holds dates, not times: (nearly) every value at midnight.

    Nearly: on a daylight-saving day without a midnight (Brazil, 2017-10-15) exports write
    01:00 instead.
    """
    present = stamps.dropna()
    return bool(len(present)) and float((present == present.dt.normalize()).mean()) >= 0.99


def _wide_event_rows(source: FeedbackSource, frame: pd.DataFrame, journey: Journey,
                     rejections: _Rejections, notes: list[str]) -> pd.DataFrame:
    """Events from a table with one row per case and one timestamp column per touchpoint.

    An empty cell is a step the case did not take (not an error). A column holding only
    dates, next to columns with times, is placed after the same day's timed steps that come
    earlier in the journey: a review dated the day of a delivery at 20:35 was written after
    it, not at midnight before it.
    """
    cases = frame[source.case_column]
    rejections.add(cases.isna().to_numpy(), MISSING_CASE, source.case_column)
    stamps: dict[str, pd.Series] = {}
    for column in source.wide_columns:
        raw = frame[column]
        parsed = _timestamps(raw)
        rejections.add(parsed.isna().to_numpy() & raw.notna().to_numpy(), BAD_TIMESTAMP,
                       column, raw)
        stamps[column] = parsed
    dated = [c for c, v in stamps.items() if _date_only(v)]
    if dated and len(dated) < len(stamps):
        rank = {key: i for i, key in enumerate(journey.touchpoint_ids())}
        for column in dated:
            day = stamps[column]
            placed = day
            for other, series in stamps.items():
                if other in dated or rank[source.wide_columns[other]] >= \
                        rank[source.wide_columns[column]]:
                    continue
                same_day = (series.dt.normalize() == day).fillna(False)
                after = (series + pd.Timedelta(seconds=1)).where(same_day)
                placed = placed.where(~(after > placed).fillna(False), after)
            stamps[column] = placed
        notes.append("dates without a time (" + ", ".join(dated) + ") are placed after the "
                     "same day's earlier steps of the journey")
    reached = np.zeros(len(frame), dtype=bool)
    for series in stamps.values():
        reached |= series.notna().to_numpy()
    rejections.add(~reached, MISSING_TIMESTAMP, "all timestamp columns")
    keep = ~rejections.mask
    order = journey.touchpoint_ids()
    chunks = []
    for column, key in source.wide_columns.items():
        cell = keep & stamps[column].notna().to_numpy()
        idx = np.flatnonzero(cell)
        chunk = {
            "source": _constant(source.id, len(idx)), "row": idx + 1,
            "case": cases.iloc[idx].to_numpy(dtype=object),
            "touchpoint": pd.Categorical.from_codes(np.full(len(idx), order.index(key)),
                                                    categories=order),
            "timestamp": stamps[column].iloc[idx].reset_index(drop=True)}
        for segment in source.segment_columns:
            chunk[segment] = frame[segment].iloc[idx].to_numpy(dtype=object)
        chunks.append(pd.DataFrame(chunk))
    return pd.concat(chunks, ignore_index=True)


def _event_rows(source: FeedbackSource, frame: pd.DataFrame, journey: Journey,
                rejections: _Rejections, notes: list[str]) -> pd.DataFrame:
    cases = frame[source.case_column]
    rejections.add(cases.isna().to_numpy(), MISSING_CASE, source.case_column)
    touchpoints = map_touchpoints(frame[source.touchpoint_column], source, journey, rejections,
                                  source.touchpoint_column, notes)
    raw = frame[source.timestamp_column]
    rejections.add(raw.isna().to_numpy(), MISSING_TIMESTAMP, source.timestamp_column)
    stamps = _timestamps(raw)
    rejections.add(stamps.isna().to_numpy(), BAD_TIMESTAMP, source.timestamp_column, raw)
    keep = ~rejections.mask
    rows = np.flatnonzero(keep)
    rows += 1  # 1-based, in place: no second array of every row number
    if len(rows) == len(frame):  # the usual case: the columns as they are, no copies
        keep = slice(None)
    data: dict[str, object] = {
        "source": _constant(source.id, len(rows)), "row": rows,
        "case": cases[keep].reset_index(drop=True), "touchpoint": touchpoints[keep],
        "timestamp": stamps[keep].reset_index(drop=True)}
    for column in source.segment_columns:
        data[column] = _segment(frame[column])[keep].reset_index(drop=True)
    return pd.DataFrame(data, copy=False)
