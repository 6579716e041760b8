"""The reduction, defined once: which per-group sums every measure is computed from.

A feedback row carries, per measure kind, one answer on the common scale (see
:mod:`.feedback`). The analysis reduces rows to sums per touchpoint × group; each sum is the
total, over the answers of one kind, of a *weight* of the answer: 1 (how many), the answer,
its square, or 1 where it passes a threshold. :data:`SUMS` lists them and :data:`NEGATIVE`
says which answer is a negative experience (friction). The pandas path
(:func:`.metrics.group_sums`) evaluates the weights with numpy, the SQL engines
(:mod:`.engines.sql`) turn the same entries into ``SUM(CASE …)`` for DuckDB, Spark, SQLite and
PostgreSQL, so the engines cannot drift apart.
"""

from __future__ import annotations

import numpy as np

from .feedback import (CES_HIGH_EFFORT_MIN, CSAT_DISSATISFIED_MAX, CSAT_SATISFIED_MIN,
                       NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN, RATING_NEGATIVE_BELOW)

#: A weight: ("count",), ("value",), ("square",) or (operator, threshold) with an operator of
#: ``>= <= < > ==``.
Weight = tuple

#: Sum column -> (measure kind, weight). ``{kind}_n`` (("count",)) exists for every kind.
SUMS: dict[str, tuple[str, Weight]] = {
    "nps_n": ("nps", ("count",)),
    "nps_promoters": ("nps", (">=", NPS_PROMOTER_MIN)),
    "nps_detractors": ("nps", ("<=", NPS_DETRACTOR_MAX)),
    "csat_n": ("csat", ("count",)),
    "csat_satisfied": ("csat", (">=", CSAT_SATISFIED_MIN)),
    "ces_n": ("ces", ("count",)),
    "ces_sum": ("ces", ("value",)),
    "ces_squares": ("ces", ("square",)),
    "rating_n": ("rating", ("count",)),
    "rating_sum": ("rating", ("value",)),
    "rating_squares": ("rating", ("square",)),
    "sentiment_n": ("sentiment", ("count",)),
    "sentiment_negative": ("sentiment", ("<", 0)),
    "sentiment_neutral": ("sentiment", ("==", 0)),
    "sentiment_positive": ("sentiment", (">", 0)),
    "flag_n": ("flag", ("count",)),
    "complaints": ("flag", (">=", 1)),
}

#: Measure kind -> the weight that makes an answer a negative experience (friction).
NEGATIVE: dict[str, Weight] = {
    "nps": ("<=", NPS_DETRACTOR_MAX),
    "csat": ("<=", CSAT_DISSATISFIED_MAX),
    "ces": (">=", CES_HIGH_EFFORT_MIN),
    # the bottom 40% of the scale; the epsilon keeps 0.4 itself (2 on 0–5) out
    "rating": ("<", RATING_NEGATIVE_BELOW - 1e-12),
    "sentiment": ("<", 0),
    "flag": (">=", 1),
}

_NUMPY = {">=": np.greater_equal, "<=": np.less_equal, "<": np.less, ">": np.greater,
          "==": np.equal}


def weigh(weight: Weight, answers: np.ndarray) -> np.ndarray:
    """The weight of each answer (floats; comparisons of NaN are False)."""
    answers = np.asarray(answers, dtype=float)
    if weight[0] == "count":
        return np.ones(len(answers))
    if weight[0] == "value":
        return answers
    if weight[0] == "square":
        return answers * answers
    return holds(weight, answers).astype(float)


def holds(weight: Weight, answers: np.ndarray) -> np.ndarray:
    """Where a threshold weight is met, as booleans (False where the answer is NaN): what
    :func:`weigh` gives as 1.0, without a float array between."""
    with np.errstate(invalid="ignore"):
        return _NUMPY[weight[0]](np.asarray(answers, dtype=float), weight[1])


def predicate_sql(weight: Weight, column: str) -> str:
    """A threshold weight as an SQL condition on ``column`` (NULL where it is NULL)."""
    operator = "=" if weight[0] == "==" else weight[0]
    return f"{column} {operator} {float(weight[1])!r}"


def weight_sql(weight: Weight, column: str) -> str:
    """The weight of ``column`` as SQL (0 where the answer is NULL, for the comparisons)."""
    if weight[0] == "count":
        return f"CASE WHEN {column} IS NOT NULL THEN 1 ELSE 0 END"
    if weight[0] == "value":
        return column
    if weight[0] == "square":
        return f"{column} * {column}"
    return f"CASE WHEN {predicate_sql(weight, column)} THEN 1 ELSE 0 END"


def sums_of(kind: str) -> dict[str, Weight]:
    """The sums of one measure kind (sum column -> weight)."""
    return {name: weight for name, (k, weight) in SUMS.items() if k == kind}


__all__ = ["NEGATIVE", "SUMS", "holds", "predicate_sql", "sums_of", "weigh", "weight_sql"]
