"""One rule for turning a number out of pandas or numpy into a plain Python value.

Used wherever analysis results leave pandas: ``journeymap metrics --format json``, the
metrics cache kept in the journey file, and the evidence the map, the heatmaps and the app's
overlay draw from. Because the rule is shared, a map reopened from its cache shows exactly
the numbers the live analysis showed, and both equal what the command line prints.

Imports neither numpy nor pandas (the app reads its cache at start-up, before pandas has
loaded, and a figure without feedback never loads it).
"""

from __future__ import annotations

import datetime
import math
import sys
from typing import Any

#: Decimals a float keeps (at least; small numbers keep six significant digits instead).
DIGITS = 6


def plain_value(value: Any) -> Any:
    """``value`` as a plain, JSON-ready Python value.

    - missing (``None``, NaN, ``pandas.NA``, ``NaT``) and infinite numbers are ``None``
      (JSON has no NaN or infinity, and no measure is infinite: it is undefined);
    - numpy scalars become Python ones; ``bool`` stays ``bool``, ``int`` stays ``int``;
    - a float with an integral value becomes an ``int`` (``n``, ``volume``: ``12`` not
      ``12.0``); other floats are rounded to six decimals, or to six significant digits
      when smaller (a p-value of ``3e-9`` stays ``3e-09``, not ``0``), so the numbers are
      the same on every machine and the journey file diffs cleanly;
    - dates and times become ISO 8601 text, durations seconds;
    - anything else (text, lists) is returned as it is.
    """
    if value is None:
        return None
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # a numpy scalar
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind in ("M", "m"):  # datetime64/timedelta64: item() of nanoseconds is an int
            value = value.astype(f"{kind}8[us]")
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _plain_float(value)
    if _is_pandas_missing(value):
        return None
    if isinstance(value, datetime.timedelta):
        return _plain_float(value.total_seconds())
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _plain_float(value: float) -> int | float | None:
    if not math.isfinite(value):
        return None
    if value.is_integer():
        return int(value)
    digits = max(DIGITS, DIGITS - 1 - math.floor(math.log10(abs(value))))
    value = round(value, digits)
    return int(value) if value.is_integer() else value


def _is_pandas_missing(value: Any) -> bool:
    # Only a program that loaded pandas can hold its NA or NaT: never import it for this.
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)


__all__ = ["DIGITS", "plain_value"]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and ``word`` in agreement: "1 column", "3 columns" (``words`` for an irregular
    plural). One rule for every count a user reads, in the app and on the command line."""
    return f"{n:,} {word if n == 1 else words or word + 's'}"
