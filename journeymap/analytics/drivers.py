"""Key drivers: which touchpoints move an overall outcome, by Johnson's relative weights.

A survey asks for an overall outcome (satisfaction, likelihood to recommend, renewal) and for
a rating of each touchpoint. Regressing the outcome on the ratings gives R², the share of the
outcome's variance the ratings explain together; the ratings are correlated, so regression
coefficients do not say how much each one contributes. Johnson's relative weights (Johnson
2000) do: the ratings are replaced by their closest uncorrelated counterparts, the outcome is
regressed on those, and each counterpart's share is given back to the ratings in proportion to
how much of it each rating makes up. The weights are never negative and sum to R²; they agree
closely with the exact Shapley decomposition of R² (the average gain in R² from adding a rating,
over every order of adding them), at a cost that does not grow with 2^p.

Rows missing the outcome or any driver (or answering "not applicable") are left out of the model
(listwise deletion) and counted. When that would keep fewer than half the respondents (drivers
that apply to few, such as a lounge), the least answered drivers are left out of the model
instead, one at a time, with a note (:data:`MIN_COMPLETE`).
Intervals come from a seeded bootstrap over respondents, so two runs give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey

from .analysis import MISSING_GROUP, parse_by
from .detect import complete_source
from .feedback import parse_metric, text_column_tests
from .reading import SourceError, read_table

#: Bootstrap resamples for the intervals, and the seed that makes them repeatable.
BOOTSTRAPS = 1000
SEED = 20260
#: Listwise deletion keeps at least this share of the respondents with an outcome: while it
#: would keep fewer, the least answered driver is left out of the model (with a note).
MIN_COMPLETE = 0.5
#: Quadrant names, importance × performance.
FIX_FIRST = "fix first"
KEEP_UP = "keep it up"
LATER = "watch"
OVERSERVED = "don't overinvest"

#: Reasons a row is left out of the model (stable strings: printed and counted).
NO_OUTCOME = "outcome missing"
OTHER_OUTCOME = "outcome not a number"
NO_DRIVER = "a driver missing or not applicable"


# ------------------------------------------------------------------------ the numbers
def relative_weights_from_correlations(corr: np.ndarray) -> tuple[np.ndarray, float]:
    """Johnson's relative weights from the correlation matrix of drivers and outcome (the
    outcome last). Returns (weights per driver, R²); the weights sum to R².

    With R the drivers' correlations and r their correlations with the outcome:
    Λ = R^½ (symmetric square root), β = Λ⁻¹ r (the outcome on the orthogonal counterparts),
    weight_j = Σ_k Λ_jk² β_k².
    """
    corr = np.asarray(corr, dtype=float)
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    values, vectors = np.linalg.eigh(rxx)
    values = np.clip(values, 0.0, None)
    root = (vectors * np.sqrt(values)) @ vectors.T
    beta = np.linalg.pinv(root, rcond=1e-10) @ rxy
    weights = (root ** 2) @ (beta ** 2)
    return weights, float(weights.sum())


def _correlations(data: np.ndarray) -> np.ndarray:
    """Correlation matrix of the columns of ``data``."""
    return np.corrcoef(data, rowvar=False)


def relative_weights(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Relative weights of the columns of ``x`` for ``y`` (complete rows only)."""
    return relative_weights_from_correlations(_correlations(np.column_stack([x, y])))


def bootstrap_weights(x: np.ndarray, y: np.ndarray, resamples: int = BOOTSTRAPS,
                      seed: int = SEED, chunk: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Weights and R² of ``resamples`` bootstrap resamples of the rows: (weights[B, p],
    r2[B]), the same for the same ``seed``.

    A resample is how often each row was drawn (``numpy.random.default_rng(seed)``), so
    its moments are those counts times each row's values and pairwise products: one matrix
    product serves ``chunk`` resamples and no resampled table is ever built.
    """
    data = np.column_stack([x, y]).astype(float)
    n, k = data.shape
    data = data - data.mean(axis=0)  # centred: the sums of products stay well conditioned
    upper = np.triu_indices(k)
    moments = np.column_stack([data, data[:, upper[0]] * data[:, upper[1]]])
    rng = np.random.default_rng(seed)
    weights = np.full((resamples, k - 1), np.nan)
    r2 = np.full(resamples, np.nan)
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        counts = np.stack([np.bincount(rng.integers(0, n, n), minlength=n)
                           for _ in range(size)]).astype(float)
        sums = counts @ moments / n
        for i in range(size):
            mean = sums[i, :k]
            cov = np.zeros((k, k))
            cov[upper] = sums[i, k:]
            cov = cov + np.triu(cov, 1).T - np.outer(mean, mean)
            scale = np.sqrt(np.diag(cov))
            if not (scale > 0).all():  # a resample where something did not vary
                continue
            weights[start + i], r2[start + i] = relative_weights_from_correlations(
                cov / np.outer(scale, scale))
    return weights, r2


# --------------------------------------------------------------------- the result
@dataclass
class Drivers:
    """Key drivers of one outcome (in one segment, with ``--by``).

    ``touchpoints`` has one row per driver in the model, most important first: touchpoint,
    label, column, weight (its share of R²), weight_low/high (95% bootstrap interval),
    share (weight / R²), performance (mean answer on the column's declared scale),
    performance_share (the same as a share of the scale, 0 worst .. 1 best), answered
    (respondents who rated it) and quadrant.
    """

    outcome: str
    positive: str | None
    r2: float
    r2_low: float
    r2_high: float
    n: int
    rows: int
    excluded: dict[str, int]
    touchpoints: pd.DataFrame
    left_out: dict[str, str] = field(default_factory=dict)
    segment: str | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def weight_of(self, touchpoint: str) -> float | None:
        hit = self.touchpoints[self.touchpoints["touchpoint"] == touchpoint]
        return None if hit.empty else float(hit["weight"].iloc[0])


def quadrants(importance: np.ndarray, performance: np.ndarray) -> list[str]:
    """Importance × performance: importance is high at or above the average weight
    (R² / number of drivers), performance is low below the median of the drivers."""
    importance = np.asarray(importance, dtype=float)
    performance = np.asarray(performance, dtype=float)
    if not len(importance):
        return []
    high = importance >= np.nanmean(importance)
    low = performance < np.nanmedian(performance)
    return [FIX_FIRST if h and lo else KEEP_UP if h else LATER if lo else OVERSERVED
            for h, lo in zip(high, low)]


def outcome_values(series: pd.Series, positive: str | None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The outcome as numbers, and a mask of rows whose outcome is missing.

    With ``positive``, the outcome is two-valued: 1 where the value equals ``positive``
    (case and surrounding spaces ignored), else 0. Without it the values must be numbers;
    a text outcome raises ValueError naming its values.
    """
    missing = series.isna().to_numpy() | (series.astype(str).str.strip() == "").to_numpy()
    if positive is not None:
        text = series.astype(str).str.strip().str.casefold()
        wanted = str(positive).strip().casefold()
        if not (text[~missing] == wanted).any():
            seen = ", ".join(map(repr, series[~missing].astype(str).unique()[:6]))
            raise ValueError(f"no row has the positive value {positive!r} (values: {seen})")
        return np.where(text == wanted, 1.0, 0.0), missing
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    if np.isnan(numbers[~missing]).all() and (~missing).any():
        seen = series[~missing].astype(str).unique()
        shown = ", ".join(map(repr, seen[:6]))
        hint = ("; it has two values: declare the positive one (--outcome-positive VALUE)"
                if len(seen) == 2 else "")
        raise ValueError(f"the outcome is not numeric (values: {shown}){hint}")
    return numbers, missing


def key_drivers(frame: pd.DataFrame, columns: dict[str, str], metrics: dict[str, object],
                outcome: str, positive: str | None = None, journey: Journey | None = None,
                resamples: int = BOOTSTRAPS, seed: int = SEED,
                segment: str | None = None) -> Drivers:
    """Key drivers of ``frame[outcome]`` among the rating ``columns`` (column -> touchpoint
    id; ``metrics[column]`` the MetricColumn that parses it). See :class:`Drivers`."""
    if outcome not in frame.columns:
        raise ValueError(f"no outcome column {outcome!r} (columns: "
                         f"{', '.join(map(str, frame.columns))})")
    y, missing = outcome_values(frame[outcome], positive)
    labels = {tp.id: tp.label for tp in journey.touchpoints()} if journey else {}
    parsed, raw_scale = {}, {}
    for column in columns:
        metric = metrics[column]
        values = parse_metric(frame[column], metric).values
        parsed[column] = values
        raw_scale[column] = (float(metric.minimum), float(metric.maximum), metric.kind)
    has_outcome = ~missing & ~np.isnan(y)
    excluded: dict[str, int] = {}
    if missing.any():
        excluded[NO_OUTCOME] = int(missing.sum())
    if (~missing & np.isnan(y)).any():
        excluded[OTHER_OUTCOME] = int((~missing & np.isnan(y)).sum())
    left_out: dict[str, str] = {}
    used = list(columns)
    base = max(int(has_outcome.sum()), 1)
    answered_by = {c: int((~np.isnan(parsed[c]) & has_outcome).sum()) for c in columns}

    def complete_rows(chosen: list[str]) -> np.ndarray:
        rows = has_outcome.copy()
        for column in chosen:
            rows &= ~np.isnan(parsed[column])
        return rows

    complete = complete_rows(used)
    while complete.sum() < MIN_COMPLETE * base and len(used) > 1:
        # listwise deletion would keep too few rows: leave out the least answered driver
        column = min(used, key=lambda c: (answered_by[c], used.index(c)))
        used.remove(column)
        left_out[column] = f"answered by {answered_by[column] / base:.0%} of the respondents"
        complete = complete_rows(used)
    if (has_outcome & ~complete).any():
        excluded[NO_DRIVER] = int((has_outcome & ~complete).sum())
    x = np.column_stack([parsed[c][complete] for c in used]) if used else np.zeros((0, 0))
    target = y[complete]
    for i, column in reversed(list(enumerate(used))):
        if len(x) and np.nanstd(x[:, i]) == 0:
            left_out[column] = "the same answer in every row used"
            used.pop(i)
            x = np.delete(x, i, axis=1)
    notes = []
    n = int(complete.sum())
    if n < len(used) + 3 or not used or np.std(target) == 0:
        why = ("the outcome does not vary" if n and np.std(target) == 0
               else f"{n} complete rows for {len(used)} drivers")
        raise ValueError(f"too little data for key drivers: {why}")
    weights, r2 = relative_weights(x, target)
    boot_w, boot_r2 = bootstrap_weights(x, target, resamples, seed)
    low, high = np.nanpercentile(boot_w, [2.5, 97.5], axis=0)
    r2_low, r2_high = np.nanpercentile(boot_r2, [2.5, 97.5])
    perf, perf_share, answered = [], [], []
    for column in used:
        lo, hi, kind = raw_scale[column]
        values = parsed[column][~np.isnan(parsed[column])]
        mean = float(values.mean()) if len(values) else np.nan
        answered.append(len(values))
        # parse_metric puts ratings on 0..1 of their scale, CSAT on 1–5 and CES on 1–7
        if kind == "rating":
            perf.append(lo + mean * (hi - lo))
            perf_share.append(mean)
        elif kind in ("csat", "ces"):
            a, b = (1.0, 5.0) if kind == "csat" else (1.0, 7.0)
            perf.append(lo + (mean - a) / (b - a) * (hi - lo))
            share = (mean - a) / (b - a)
            perf_share.append(1 - share if kind == "ces" else share)  # low effort is good
        elif kind == "nps":
            perf.append(mean)
            perf_share.append(mean / 10)
        else:  # sentiment −1..1, complaint flags 0/1
            perf.append(mean)
            perf_share.append((mean + 1) / 2 if kind == "sentiment" else 1 - mean)
    table = pd.DataFrame({
        "touchpoint": [columns[c] for c in used],
        "label": [labels.get(columns[c], columns[c]) for c in used],
        "column": used, "weight": weights, "weight_low": low, "weight_high": high,
        "share": weights / r2 if r2 > 0 else np.nan, "performance": perf,
        "performance_share": perf_share, "answered": answered})
    table["quadrant"] = quadrants(table["weight"], table["performance_share"])
    table = table.sort_values("weight", ascending=False, kind="stable", ignore_index=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    if left_out:
        notes += [f"{c}: left out of the model ({why})" for c, why in left_out.items()]
    return Drivers(outcome=outcome, positive=positive, r2=r2, r2_low=float(r2_low),
                   r2_high=float(r2_high), n=n, rows=len(frame), excluded=excluded,
                   touchpoints=table, left_out=left_out, segment=segment, notes=notes)


# ----------------------------------------------------------------- from a journey
def drivers_for_journey(journey: Journey, sources: list[FeedbackSource], outcome: str,
                        positive: str | None = None, base_dir: str | Path = ".",
                        by: str | None = None, resamples: int = BOOTSTRAPS,
                        seed: int = SEED) -> list[Drivers]:
    """Key drivers of ``outcome`` from the first wide feedback source that has the column
    (one row per respondent, one rating column per touchpoint): one :class:`Drivers`, or one
    per group of ``by`` (``segment:COL``). Raises SourceError when no source can be used and
    ValueError for an unusable outcome."""
    kind, argument = parse_by(by)
    if kind not in ("", "segment"):
        raise ValueError("key drivers break down by segment:COLUMN only")
    wide = [s for s in sources if s.role == "feedback" and s.layout == "wide"]
    if not wide:
        raise SourceError("key drivers need a wide source: one row per respondent with the "
                          "outcome and one rating column per touchpoint (--layout wide)")
    checked = []
    for source in wide:
        path = source.resolve(base_dir)
        is_text, is_case = text_column_tests(source)
        raw = read_table(path, source.format, source.options,
                         lambda name: name in (outcome, argument) or is_text(name), is_case)
        checked.append(str(path))
        if outcome not in raw.frame.columns:
            continue
        try:
            used, notes = complete_source(source, raw.frame, journey)
        except KeyError as exc:
            raise SourceError(f"{path}: {exc.args[0]}") from None
        if not used.wide_columns:
            raise SourceError(f"{path}: no column is named after a touchpoint")
        default = next((m for m in used.metrics if not m.column), None)
        per_column = {m.column: m for m in used.metrics if m.column}
        metrics = {c: per_column.get(c, default) for c in used.wide_columns}
        frame = raw.frame
        if kind == "segment" and argument not in frame.columns:
            raise SourceError(f"{path}: --by segment:{argument}: no column {argument!r}")
        groups = [(None, frame)] if not kind else [
            (str(g), part) for g, part in frame.groupby(
                frame[argument].astype(object).where(frame[argument].notna(), MISSING_GROUP),
                sort=True)]
        out = []
        for group, part in groups:
            try:
                found = key_drivers(part.reset_index(drop=True), used.wide_columns, metrics,
                                    outcome, positive, journey, resamples, seed, group)
            except ValueError as exc:
                if group is None:
                    raise
                notes.append(f"{argument} = {group}: {exc}")
                continue
            found.source = used.id
            found.notes = [*notes, *found.notes]
            out.append(found)
        if not out:
            raise ValueError("too little data for key drivers in every group")
        return out
    raise SourceError(f"no wide source has an outcome column {outcome!r} "
                      f"(read: {', '.join(checked)})")


#: Column names that sound like an overall outcome, best first (for a default choice).
OUTCOME_WORDS = ("overall", "satisf", "recommend", "nps", "likel", "renew", "churn", "repurchase",
                 "loyal", "outcome")


def outcome_candidates(journey: Journey, sources: list[FeedbackSource],
                       base_dir: str | Path = ".") -> list[tuple[str, list[str]]]:
    """Columns of the wide feedback sources that could be an outcome (not a rating column,
    segment, comment or timestamp), each with its distinct values when it has at most ten
    (so a two-valued one can be given its positive value); likeliest outcomes first."""
    found: dict[str, list[str]] = {}
    for source in sources:
        if source.role != "feedback" or source.layout != "wide":
            continue
        try:
            raw = read_table(source.resolve(base_dir), source.format, source.options)
            used, _ = complete_source(source, raw.frame, journey)
        except (SourceError, KeyError, OSError, ValueError):
            continue
        skip = {*used.wide_columns, *used.segment_columns, used.comment_column,
                used.timestamp_column, used.case_column}
        for column in raw.frame.columns:
            if column in skip or column in found:
                continue
            values = raw.frame[column].dropna().astype(str).str.strip()
            values = values[values != ""]
            distinct = values.unique()
            numeric = pd.to_numeric(values, errors="coerce").notna().mean() > 0.95 \
                if len(values) else False
            if len(distinct) < 2 or (not numeric and len(distinct) > 10) or \
                    values.nunique() > 0.9 * len(values):  # ids and free text are no outcome
                continue
            found[column] = sorted(map(str, distinct)) if len(distinct) <= 10 else []

    def rank(column: str) -> tuple[int, str]:
        name = column.casefold()
        hits = [i for i, word in enumerate(OUTCOME_WORDS) if word in name]
        return (hits[0] if hits else len(OUTCOME_WORDS), "")

    return sorted(found.items(), key=lambda item: rank(item[0]))


def driver_weights(results: list[Drivers]) -> dict[str, tuple[float, float, float]]:
    """Touchpoint id -> (weight, low, high) of the first result (the overall model)."""
    if not results:
        return {}
    table = results[0].touchpoints
    return {row.touchpoint: (row.weight, row.weight_low, row.weight_high)
            for row in table.itertuples()}


__all__ = ["Drivers", "FIX_FIRST", "KEEP_UP", "LATER", "OVERSERVED", "bootstrap_weights",
           "driver_weights", "drivers_for_journey", "key_drivers", "outcome_candidates",
           "quadrants",
           "relative_weights", "relative_weights_from_correlations"]
