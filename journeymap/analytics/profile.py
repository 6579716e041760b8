"""What a column holds, judged by its content: numbers on a small scale, dates, short labels,
long text. And, for a column of scores, which scale it is on, said plainly when the data
cannot tell (a 0 on a 0–5 column: the bottom of the scale, or "not applicable"?).

Names can mislead ("Departure/Arrival time convenient" is a rating, not a time); content is
checked first, and the name only chooses among what the content allows.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .feedback import RATING_NEGATIVE_BELOW

#: Rows looked at to decide what a column is (the whole column is counted for scales).
SAMPLE_ROWS = 50_000
#: Share of a column's values that must parse as dates for it to be a timestamp.
DATE_SHARE = 0.8
#: Tops of the scales ratings are given on, and the largest number a rating takes.
SCALE_TOPS = (4, 5, 7, 10)
#: Largest share of a column's answers a stray value at either end may hold (see
#: :func:`core_range`).
STRAY_SHARE = 0.005


@dataclass
class Profile:
    """One column's content, from a sample of its rows."""

    name: str
    present: float                 # share of cells filled in
    numeric: bool = False          # (almost) every value is a number
    integer: bool = False          # ... and a whole one
    low: float = float("nan")      # the smallest and largest number
    high: float = float("nan")
    core_low: float = float("nan")  # the same without stray ends (:func:`core_range`)
    core_high: float = float("nan")
    distinct: int = 0
    date_share: float = 0.0        # share of text values that parse as dates
    text_length: float = 0.0       # mean length of the text values
    unique_share: float = 0.0      # distinct values / values present

    @property
    def small_scale(self) -> bool:
        """Whole numbers from 0 to at most 10 (stray ends aside) with at least three
        different values: what a rating looks like, whatever the column is called."""
        return (self.numeric and self.integer and self.distinct >= 3
                and self.core_low >= 0 and self.core_high <= max(SCALE_TOPS))

    @property
    def timestamp(self) -> bool:
        return self.date_share >= DATE_SHARE


def _date_share(values: pd.Series) -> float:
    """Share of ``values`` (text) that parse as dates: ISO 8601 first, then any common form."""
    sample = pd.Series(values.astype(str).unique()[:300])
    if sample.empty:
        return 0.0
    # Digits only ("2017", "12") are numbers, not dates, whatever a parser makes of them.
    sample = sample[~sample.str.fullmatch(r"\s*[+-]?\d+([.,]\d+)?\s*")]
    if sample.empty:
        return 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(sample, errors="coerce", format="ISO8601", utc=True)
        share = float(parsed.notna().mean())
        if share < DATE_SHARE:
            parsed = pd.to_datetime(sample, errors="coerce", format="mixed", utc=True)
            share = max(share, float(parsed.notna().mean()))
    return share * len(sample) / len(values.astype(str).unique()[:300])


def profile(series: pd.Series) -> Profile:
    """The :class:`Profile` of ``series`` (at most :data:`SAMPLE_ROWS` of its rows)."""
    head = series.head(SAMPLE_ROWS)
    values = head.dropna()
    out = Profile(str(series.name), float(head.notna().mean()) if len(head) else 0.0)
    if values.empty:
        return out
    out.distinct = int(values.nunique())
    out.unique_share = out.distinct / len(values)
    if pd.api.types.is_datetime64_any_dtype(values):
        out.date_share = 1.0
        return out
    if pd.api.types.is_bool_dtype(values):
        out.distinct = int(values.nunique())
        return out
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.to_numpy(dtype=float)
    else:
        numbers = pd.to_numeric(values.astype(str).str.strip().str.replace(",", ".", regex=False),
                                errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(numbers)
    if ok.mean() >= 0.95:
        out.numeric = True
        numbers = numbers[ok]
        out.integer = bool(np.all(numbers == np.floor(numbers)))
        out.low, out.high = float(numbers.min()), float(numbers.max())
        out.core_low, out.core_high = out.low, out.high
        if out.integer:
            values, counts = np.unique(numbers, return_counts=True)
            out.core_low, out.core_high = core_range(dict(zip(values.tolist(),
                                                              counts.tolist())))
        return out
    text = values.astype(str)
    out.text_length = float(text.str.len().mean())
    out.date_share = _date_share(text)
    return out


def core_range(counts: dict[float, int]) -> tuple[float, float]:
    """The range of a histogram of whole numbers without its stray ends, for guessing a
    scale. A value at either end is stray when it is rare (fewer than :data:`STRAY_SHARE`
    of the answers) and apart from the rest: past a gap (a 7 where no 6 occurs on a 1–5
    survey, a -1 typed for a 1), or the one value beyond 0–10 on its side (an 11 after a
    10). A rare value next to the others stays the end (a 5 few people give, the long tail
    of a count: 11, 12, 13, 14), and all that is trimmed together holds at most
    :data:`STRAY_SHARE` of the answers."""
    values = sorted(counts)
    if not values:
        return float("nan"), float("nan")
    total = sum(counts.values())
    stray = STRAY_SHARE * total
    low, high = 0, len(values) - 1
    trimmed = 0

    def is_stray(i: int, inward: int) -> bool:
        v, w = values[i], values[inward]
        outside = (v < 0 or v > max(SCALE_TOPS)) and 0 <= w <= max(SCALE_TOPS)
        return trimmed + counts[v] < stray and (abs(w - v) > 1 or outside)

    while high - low >= 2 and is_stray(high, high - 1):
        trimmed += counts[values[high]]
        high -= 1
    while high - low >= 2 and is_stray(low, low + 1):
        trimmed += counts[values[low]]
        low += 1
    return float(values[low]), float(values[high])


def histogram(series: pd.Series) -> dict[float, int]:
    """Rows per number in ``series`` (the whole column), smallest first; text that is no
    number is left out."""
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        series = pd.to_numeric(series.astype(str).str.strip().str.replace(",", ".", regex=False),
                               errors="coerce")
    counts = series.dropna().value_counts().sort_index()
    return {float(k): int(v) for k, v in counts.items()}


@dataclass
class ScaleChoice:
    """One reading of a column of scores, and what it does to the numbers."""

    scale: tuple[float, float]
    na: list[int]
    text: str                      # in the user's words: "1–5, 0 means not applicable"
    mean: float = float("nan")     # the mean score on this scale
    negative: float = float("nan")  # the share of answers counted as negative (friction)
    answers: int = 0               # answers that count (not applicable ones left out)

    def as_dict(self) -> dict[str, object]:
        return {"scale": list(self.scale), "na": list(self.na), "text": self.text,
                "mean": _round(self.mean), "negative_share": _round(self.negative),
                "answers": self.answers}


@dataclass
class ScaleGuess:
    """The scale proposed for a column of scores, and the readings it was chosen from."""

    scale: tuple[float, float]
    na: list[int] = field(default_factory=list)
    ambiguous: bool = False
    why: str = ""
    choices: list[ScaleChoice] = field(default_factory=list)


def _round(value: float) -> float | None:
    return None if value != value else round(float(value), 4)


def _g(value: float) -> str:
    return f"{value:g}"


def scale_effect(counts: dict[float, int], low: float, high: float, na: list[int],
                 text: str) -> ScaleChoice:
    """Mean and negative share of a rating histogram read on ``low``–``high`` with ``na``
    left out (negative: the bottom :data:`RATING_NEGATIVE_BELOW` of the scale, as friction
    counts it)."""
    kept = {v: c for v, c in counts.items() if v not in na and low <= v <= high}
    n = sum(kept.values())
    if not n or high <= low:
        return ScaleChoice((low, high), na, text, answers=n)
    mean = sum(v * c for v, c in kept.items()) / n
    negative = sum(c for v, c in kept.items()
                   if (v - low) / (high - low) < RATING_NEGATIVE_BELOW - 1e-12) / n
    return ScaleChoice((low, high), na, text, mean, negative, n)


def guess_scale(counts: dict[float, int]) -> ScaleGuess:
    """The scale of a rating histogram (whole numbers from 0 to 10), and whether the data
    leave it open.

    - Values from 1: the smallest usual scale (1–4, 1–5, 1–7, 1–10) holding them; open when
      the top is 10 (1–10 or 0–10?) or when the top of the scale is never used.
    - Values from 0: open always. 0 is proposed as "not applicable" on 1–top when it is rare
      next to 1 (fewer than half as many answers), as survey tools code skipped questions;
      otherwise as the bottom of 0–top.
    """
    low, high = core_range(counts)  # stray values are out of range, not the scale's ends
    top = next((t for t in SCALE_TOPS if high <= t), high)
    choices: list[ScaleChoice] = []
    if low >= 1:
        proposed = scale_effect(counts, 1, top, [], f"{_g(1)}–{_g(top)}")
        choices.append(proposed)
        if top == 10:
            choices.append(scale_effect(counts, 0, 10, [], "0–10"))
        if high < top:
            choices.append(scale_effect(counts, 1, high, [], f"1–{_g(high)}"))
        ambiguous = len(choices) > 1
        why = ("the data never use the top of the scale" if high < top else
               "0 never occurs: the scale may be 1–10 or 0–10" if top == 10 else "")
        return ScaleGuess((1, top), [], ambiguous, why, choices)
    zero, one = counts.get(0.0, 0), counts.get(1.0, 0)
    as_na = scale_effect(counts, 1, top, [0],
                         f"1–{_g(top)}, 0 means “not applicable”")
    as_bottom = scale_effect(counts, 0, top, [], f"0–{_g(top)}, 0 is the lowest score")
    if one and zero < one / 2:
        why = (f"0 occurs {zero:,} times, far less than 1 ({one:,}): probably "
               "“not applicable”")
        return ScaleGuess((1, top), [0], True, why, [as_na, as_bottom])
    why = f"0 occurs {zero:,} times: probably the lowest score"
    return ScaleGuess((0, top), [], True, why, [as_bottom, as_na])


__all__ = ["DATE_SHARE", "Profile", "ScaleChoice", "ScaleGuess", "guess_scale", "histogram",
           "core_range", "profile", "scale_effect"]


#: Timestamp layouts the SQL engines can be told (strftime codes), besides ISO 8601, in the
#: order the pandas reader prefers them: day first (as it reads 03/04/2026), then month first
#: (12/31/2026 cannot be day first).
TIMESTAMP_FORMATS = tuple(
    f"{date}{time}"
    for date in ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y", "%d-%m-%Y", "%d %B %Y",
                 "%d %b %Y", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%b %d %Y")
    for time in (" %H:%M:%S", " %H:%M", ""))


def timestamp_formats(values: pd.Series, limit: int = 2000) -> list[str]:
    """The layouts of :data:`TIMESTAMP_FORMATS` that the text timestamps in ``values`` (a
    sample) are written in, where ISO 8601 does not read them: for each distinct value the
    pandas reader reads (:func:`.feedback._timestamps`), the first layout that reads it to
    the same time. An SQL engine tries ISO 8601 and then these, in this order."""
    from datetime import datetime

    from .feedback import _timestamps

    text = pd.Series(pd.unique(values.dropna().astype(str)))[:limit]
    if text.empty:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        iso = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
        rest = text[iso.isna().to_numpy()].reset_index(drop=True)
        if rest.empty:
            return []
        read = _timestamps(rest)
    found: set[str] = set()
    for value, stamp in zip(rest, read):
        if stamp is pd.NaT or stamp != stamp:
            continue
        naive = stamp.tz_convert("UTC").tz_localize(None).to_pydatetime()
        for layout in TIMESTAMP_FORMATS:
            try:
                if datetime.strptime(value.strip(), layout) == naive:
                    found.add(layout)
                    break
            except ValueError:
                continue
    return [f for f in TIMESTAMP_FORMATS if f in found]
