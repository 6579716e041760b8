"""The feedback reduction as SQL, written once and translated for each engine.

:func:`feedback_query` writes one query, in DuckDB's SQL, that reads a long feedback table,
parses every metric column as :func:`journeymap.analytics.feedback.parse_metric` does (not
applicable codes, unparseable and out-of-range values, scales put on the common scale), gives
each row the first reason it is rejected for, and sums :data:`journeymap.analytics.reduction.SUMS`
per touchpoint value × group × reason. The few things SQL dialects spell differently (parsing a
number from text that may not be one, reading a timestamp, naming a week or a quarter) are
written as ``JM_*`` placeholder functions; :func:`translate` replaces them with the target
dialect's own spelling and lets sqlglot translate the rest (types, quoting, functions) to
DuckDB, Spark, SQLite or PostgreSQL.

Touchpoint values and segment values are grouped as they are in the data (as text) and
resolved to touchpoints and group labels afterwards, in Python, with the same functions the
pandas path uses: they are few, and a touchpoint-level rejection comes first anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap.model import FeedbackSource

from ..detect import FLAG_WORDS, SENTIMENT_WORDS
from ..feedback import (BAD_TIMESTAMP, MISSING_TOUCHPOINT, NO_SCORE, NO_TOUCHPOINT,
                        NOT_APPLICABLE, OUT_OF_RANGE, UNKNOWN_TOUCHPOINT,
                        SENTIMENT_NEGATIVE_BELOW,
                        SENTIMENT_POSITIVE_ABOVE, UNPARSEABLE, _COMMON, _text)
from ..reduction import NEGATIVE, SUMS, predicate_sql, weight_sql

if TYPE_CHECKING:
    from sqlglot import exp

#: The sqlglot dialect of each engine.
DIALECTS = {"duckdb": "duckdb", "spark": "spark", "sqlite": "sqlite", "postgresql": "postgres"}

_NUMBER = r"^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$"

#: Placeholder -> SQL in the target dialect ({0} is the argument). JM_NUM: a numeric column
#: as DOUBLE with NaN as NULL; JM_PARSE: a text column's number, NULL where it is none;
#: JM_TS: a timestamp (typed or ISO 8601 text) in UTC, NULL where unreadable; JM_STAMP: a
#: column typed as a timestamp, in UTC (nothing to parse: much cheaper); JM_MONTH,
#: JM_QUARTER, JM_WEEK: the period labels pandas gives (2026-05, 2026Q2, 2026-W07); for event
#: logs JM_MICROS (a timestamp in microseconds since 1970) and JM_MEDIAN, JM_P90 (exact,
#: linearly interpolated quantiles, as numpy's).
HOOKS: dict[str, dict[str, str]] = {
    "duckdb": {
        "JM_STAMP": "CAST({0} AS TIMESTAMP)",
        "JM_MICROS": "EPOCH_US({0})",
        "JM_MEDIAN": "QUANTILE_CONT({0}, 0.5)",
        "JM_P90": "QUANTILE_CONT({0}, 0.9)",
        "JM_NUM": "CASE WHEN ISNAN(CAST({0} AS DOUBLE)) THEN NULL ELSE CAST({0} AS DOUBLE) END",
        "JM_PARSE": "CASE WHEN ISNAN(TRY_CAST({0} AS DOUBLE)) THEN NULL "
                    "ELSE TRY_CAST({0} AS DOUBLE) END",
        "JM_TS": "CAST(TRY_CAST({0} AS TIMESTAMPTZ) AS TIMESTAMP)",
        "JM_STRP": "TRY_STRPTIME(TRIM(CAST({0} AS VARCHAR)), {1})",
        "JM_MONTH": "STRFTIME({0}, '%Y-%m')",
        "JM_QUARTER": "CAST(YEAR({0}) AS VARCHAR) || 'Q' || CAST(QUARTER({0}) AS VARCHAR)",
        "JM_WEEK": "CAST(ISOYEAR({0}) AS VARCHAR) || '-W' || LPAD(CAST(WEEK({0}) AS VARCHAR), 2, '0')",
    },
    "spark": {
        "JM_STAMP": "CAST({0} AS TIMESTAMP)",
        "JM_MICROS": "UNIX_MICROS({0})",
        "JM_MEDIAN": "PERCENTILE({0}, 0.5)",
        "JM_P90": "PERCENTILE({0}, 0.9)",
        "JM_NUM": "CASE WHEN ISNAN(CAST({0} AS DOUBLE)) THEN NULL ELSE CAST({0} AS DOUBLE) END",
        "JM_PARSE": "CASE WHEN ISNAN(TRY_CAST({0} AS DOUBLE)) THEN NULL "
                    "ELSE TRY_CAST({0} AS DOUBLE) END",
        "JM_TS": "TRY_TO_TIMESTAMP(CAST({0} AS STRING))",
        "JM_STRP": "TRY_TO_TIMESTAMP(TRIM(CAST({0} AS STRING)), {1})",
        "JM_MONTH": "DATE_FORMAT({0}, 'yyyy-MM')",
        "JM_QUARTER": "CONCAT(CAST(YEAR({0}) AS STRING), 'Q', CAST(QUARTER({0}) AS STRING))",
        "JM_WEEK": "CONCAT(CAST(EXTRACT(YEAROFWEEK FROM {0}) AS STRING), '-W', "
                   "LPAD(CAST(WEEKOFYEAR({0}) AS STRING), 2, '0'))",
    },
    "postgres": {
        "JM_STAMP": "CAST({0} AS TIMESTAMP)",
        "JM_MICROS": "CAST(EXTRACT(EPOCH FROM {0}) * 1000000 AS BIGINT)",
        "JM_MEDIAN": "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {0})",
        "JM_P90": "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY {0})",
        "JM_NUM": "CAST(NULLIF(CAST({0} AS DOUBLE PRECISION), 'NaN') AS DOUBLE PRECISION)",
        "JM_PARSE": f"CASE WHEN CAST({{0}} AS TEXT) ~ '{_NUMBER}' "
                    "THEN CAST(TRIM(CAST({0} AS TEXT)) AS DOUBLE PRECISION) END",
        "JM_TS": "CASE WHEN CAST({0} AS TEXT) ~ '^[[:space:]]*[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}' "
                 "THEN CAST(CAST({0} AS TEXT) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' END",
        "JM_STRP": "CAST(NULL AS TIMESTAMP)",  # ISO 8601 only (README)
        "JM_MONTH": "TO_CHAR({0}, 'YYYY-MM')",
        "JM_QUARTER": "TO_CHAR({0}, 'YYYY\"Q\"Q')",
        "JM_WEEK": "TO_CHAR({0}, 'IYYY-\"W\"IW')",
    },
    "sqlite": {
        "JM_STAMP": "DATETIME({0})",
        "JM_NUM": "CAST({0} AS REAL)",
        "JM_PARSE": "CASE WHEN TYPEOF({0}) IN ('integer', 'real') THEN CAST({0} AS REAL) "
                    "WHEN TYPEOF({0}) = 'text' AND TRIM({0}) <> '' "
                    "AND TRIM({0}) NOT GLOB '*[^0-9eE.+-]*' "
                    "AND TRIM({0}) GLOB '*[0-9]*' THEN CAST(TRIM({0}) AS REAL) END",
        "JM_TS": "DATETIME({0})",
        "JM_STRP": "NULL",  # ISO 8601 only (README)
        "JM_MONTH": "STRFTIME('%Y-%m', {0})",
        "JM_QUARTER": "STRFTIME('%Y', {0}) || 'Q' || ((CAST(STRFTIME('%m', {0}) AS INTEGER) + 2) / 3)",
        # the ISO week: that of the week's Thursday
        "JM_WEEK": "STRFTIME('%Y', DATE({0}, '-3 days', 'weekday 4')) || '-W' || "
                   "SUBSTR('0' || ((CAST(STRFTIME('%j', DATE({0}, '-3 days', 'weekday 4')) "
                   "AS INTEGER) - 1) / 7 + 1), -2)",
    },
}


@dataclass
class Columns:
    """What the reduction needs to know of the table: its columns and which are numbers."""

    names: list[str]
    numeric: set[str]
    stamps: set[str] = field(default_factory=set)
    #: text timestamp column -> layouts besides ISO 8601 (:func:`..profile.timestamp_formats`)
    formats: dict[str, list[str]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return bool(name) and name in self.names


def quote(name: str) -> str:
    """An identifier in DuckDB's SQL (sqlglot re-quotes it for the target)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(float(value))


def _words(words: dict[str, int], key: str) -> str:
    cases = " ".join(f"WHEN {literal(w)} THEN {float(v)!r}" for w, v in words.items())
    return f"CASE {key} {cases} END"


def _common(kind: str, value: str, low: float, high: float) -> str:
    """:func:`journeymap.analytics.feedback._to_common` in SQL."""
    if kind in ("nps", "sentiment", "flag"):
        return value
    if kind in _COMMON:
        a, b = _COMMON[kind]
        if (low, high) == (a, b) or not high > low:
            return value
        return f"({a!r} + ({value} - {low!r}) / {high - low!r} * {b - a!r})"
    return f"(({value} - {low!r}) / {high - low!r})" if high > low else "CAST(NULL AS DOUBLE)"


def _metric(i: int, metric, columns: Columns) -> tuple[list[str], list[str]]:
    """The parsed pieces of metric ``i`` (first CTE) and its status and value (second)."""
    raw = quote(metric.column)
    numeric = metric.column in columns.numeric
    low = float(metric.minimum if metric.minimum is not None else 0)
    high = float(metric.maximum if metric.maximum is not None else 1)
    first = [f"JM_{'NUM' if numeric else 'PARSE'}({raw}) AS num_{i}",
             f"{raw} IS NOT NULL AS raw_{i}"]
    words = SENTIMENT_WORDS if metric.kind == "sentiment" else FLAG_WORDS \
        if metric.kind == "flag" else None
    if not numeric and metric.na:
        first.append(f"LOWER(TRIM(CAST({raw} AS VARCHAR))) AS key_{i}")
    if numeric:
        present = f"num_{i} IS NOT NULL"
        numbers = [float(v) for v in metric.na if _is_number(v)]
        na = f"num_{i} IN ({', '.join(map(repr, numbers))})" if numbers else "FALSE"
    else:
        present = f"raw_{i}"
        texts = sorted({_text(v).casefold() for v in metric.na})
        na = f"key_{i} IN ({', '.join(map(literal, texts))})" if texts else "FALSE"
    number = f"num_{i}"
    check = number
    if words and not numeric:
        first.append(f"{_words(words, f'LOWER(TRIM(CAST({raw} AS VARCHAR)))')} AS word_{i}")
        word = f"word_{i}"
        if metric.kind == "sentiment":
            share = f"(({number} - {low!r}) / {high - low!r})" if high > low else "NULL"
            classed = (f"CASE WHEN {share} < {SENTIMENT_NEGATIVE_BELOW!r} THEN -1.0 "
                       f"WHEN {share} > {SENTIMENT_POSITIVE_ABOVE!r} THEN 1.0 "
                       f"WHEN {number} IS NOT NULL THEN 0.0 END")
        else:
            classed = number
        value = f"COALESCE({word}, {classed})"
        check = f"CASE WHEN {word} IS NULL THEN {number} END"
    else:
        value = number
    if metric.kind == "flag":
        in_scale = f"({value} IS NULL OR {value} IN (0.0, 1.0))"
    else:
        in_scale = f"({check} IS NULL OR ({check} >= {low!r} AND {check} <= {high!r}))"
    status = (f"CASE WHEN NOT ({present}) THEN 0 WHEN {na} THEN 1 WHEN {value} IS NULL THEN 2 "
              f"WHEN NOT {in_scale} THEN 3 ELSE 4 END AS st_{i}")
    common = _common(metric.kind, value, low, high)
    return first, [status, f"CASE WHEN NOT ({present}) OR {na} OR {value} IS NULL "
                           f"OR NOT {in_scale} THEN NULL ELSE {common} END AS val_{i}"]


def _is_number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def timestamp(column: str, columns: Columns) -> str:
    """``column`` as a UTC timestamp: cast when typed, parsed when text (ISO 8601, then
    the layouts found in a sample, in order; JM_STRP is NULL where it does not read)."""
    if column in columns.stamps:
        return f"JM_STAMP({quote(column)})"
    layouts = columns.formats.get(column, [])
    if not layouts:
        return f"JM_TS({quote(column)})"
    tries = ", ".join(f"JM_STRP({quote(column)}, {literal(f)})" for f in layouts)
    return f"COALESCE(JM_TS({quote(column)}), {tries})"


def group_expression(by_kind: str, argument: str, source: FeedbackSource,
                     columns: Columns) -> str:
    """The raw group key of a row (text; NULL where missing): a segment's value as text, or
    the period of the row's timestamp."""
    if by_kind == "segment" and columns.has(argument):
        return f"CAST({quote(argument)} AS VARCHAR)"
    if by_kind == "period" and columns.has(source.timestamp_column):
        hook = {"W": "JM_WEEK", "M": "JM_MONTH", "Q": "JM_QUARTER"}[argument]
        return f"{hook}({timestamp(source.timestamp_column, columns)})"
    return "CAST(NULL AS VARCHAR)"


#: The name the queries read their table by; :func:`translate` puts the real relation there
#: after translating, so a user's query in the database's own SQL is never rewritten.
SOURCE = "jm_source_relation"


def feedback_query(source: FeedbackSource, columns: Columns,
                   by_kind: str = "", argument: str = "", histogram: bool = False,
                   listing: tuple[str, str, int] | None = None) -> str:
    """The reduction of a long feedback table, in DuckDB's SQL with ``JM_*`` placeholders.

    Returns one row per (``tpk`` touchpoint value as text, ``grp`` group key, ``reason`` the
    first reason the row is rejected for, '' if kept) with ``n`` and every sum of
    :data:`~journeymap.analytics.reduction.SUMS`, ``negative`` and ``scored``.

    With ``histogram`` the rows are first counted per combination of touchpoint, group and
    raw answers (a plain GROUP BY, the cheapest thing an engine does), and the parsing and
    sums run on those counts: survey answers are small whole numbers, so 100M rows become
    a few hundred thousand combinations (:func:`few_values` says when).

    With ``listing`` = (touchpoint mapping query, reason, limit) the query lists instead
    the first ``limit`` rows rejected for ``reason``, each with all of the table's columns,
    as the pandas list.
    """
    metrics, kinds = [], []
    for metric in source.metrics:
        if metric.kind not in kinds:  # a second column of one kind is not used
            metrics.append(metric)
            kinds.append(metric.kind)
    keys = [f"CAST({quote(source.touchpoint_column)} AS VARCHAR) AS tpk",
            f"{group_expression(by_kind, argument, source, columns)} AS grp"]
    if source.timestamp_column in columns.stamps or not source.timestamp_column:
        keys.append("FALSE AS ts_bad")
    else:
        stamp = quote(source.timestamp_column)
        keys.append(f"{stamp} IS NOT NULL AND {timestamp(source.timestamp_column, columns)} "
                    "IS NULL AS ts_bad")
    comment = (f"{quote(source.comment_column)} IS NOT NULL" if source.comment_column
               else "FALSE")
    keys.append(f"{comment} AS has_comment")
    raw = list(dict.fromkeys(quote(m.column) for m in metrics))
    shown = list(columns.names) if listing else []  # a listed row shows all its columns
    carried = [f"jm_c{i}" for i in range(len(shown))]
    keys += [f"CAST({quote(c)} AS VARCHAR) AS {alias}" for c, alias in zip(shown, carried)]
    if listing:
        histogram = False
    if histogram:
        counted = ("hist AS (SELECT " + ", ".join(keys + raw) + ", COUNT(*) AS jm_w FROM src "
                   "GROUP BY " + ", ".join(["tpk", "grp", "ts_bad", "has_comment", *raw])
                   + "), ")
        first, origin = ["tpk", "grp", "ts_bad", "has_comment", "jm_w"], "hist"
    else:
        counted, first, origin = "", [*keys, "1 AS jm_w"], "src"
    second = ["tpk", "grp", "ts_bad", "has_comment", "jm_w", *carried]
    for i, metric in enumerate(metrics):
        parsed, judged = _metric(i, metric, columns)
        first += parsed
        second += judged
    reasons = []
    for i in range(len(metrics)):
        reasons += [f"WHEN st_{i} = 2 THEN {literal(UNPARSEABLE)}",
                    f"WHEN st_{i} = 3 THEN {literal(OUT_OF_RANGE)}"]
    reasons.append(f"WHEN ts_bad THEN {literal(BAD_TIMESTAMP)}")
    if metrics:
        no_score = " AND ".join(f"val_{i} IS NULL" for i in range(len(metrics)))
        any_na = " OR ".join(f"st_{i} = 1" for i in range(len(metrics)))
        reasons += [f"WHEN {no_score} AND NOT has_comment AND ({any_na}) "
                    f"THEN {literal(NOT_APPLICABLE)}",
                    f"WHEN {no_score} AND NOT has_comment THEN {literal(NO_SCORE)}"]
    third = ["tpk", "grp", "jm_w", f"CASE {' '.join(reasons)} ELSE '' END AS reason"]
    third += [f"val_{kinds.index(kind)} AS {kind}" for kind in kinds]
    if listing:
        third += carried + [f"st_{i}" for i in range(len(metrics))]
    negative = " OR ".join(f"COALESCE({predicate_sql(NEGATIVE[k], k)}, FALSE)"
                           for k in kinds) or "FALSE"
    scored = " OR ".join(f"{k} IS NOT NULL" for k in kinds) or "FALSE"

    def total(weight: str) -> str:
        return f"SUM(jm_w * ({weight}))" if histogram else f"SUM({weight})"

    sums = ["SUM(jm_w) AS n"]
    sums += [f"{total(weight_sql(weight, kind))} AS {name}" if kind in kinds else f"0 AS {name}"
             for name, (kind, weight) in SUMS.items()]
    sums += [f"{total(f'CASE WHEN {negative} THEN 1 ELSE 0 END')} AS negative",
             f"{total(f'CASE WHEN {scored} THEN 1 ELSE 0 END')} AS scored"]
    ctes = (f"WITH src AS (SELECT * FROM {SOURCE}), {counted}"
            f"parsed AS (SELECT {', '.join(first)} FROM {origin}), "
            f"judged AS (SELECT {', '.join(second)} FROM parsed), "
            f"answers AS (SELECT {', '.join(third)} FROM judged)")
    if listing:
        names = dict(zip(shown, carried))
        return ctes + _listing(source, metrics, names, *listing)
    return (ctes + f" SELECT tpk, grp, reason, {', '.join(sums)} FROM answers "
            "GROUP BY tpk, grp, reason")


def _listing(source: FeedbackSource, metrics: list, names: dict[str, str], mapping: str,
             reason: str, limit: int) -> str:
    """The final SELECT of a rejected-row listing: the row's reason, the column and value
    that caused it (as the pandas reader names them) and the carried columns."""
    tp = literal(source.touchpoint_column)
    column = [f"WHEN tpk IS NULL THEN {tp}", f"WHEN m.code = -2 OR m.code IS NULL THEN {tp}"]
    value = ["WHEN tpk IS NULL THEN NULL", "WHEN m.code = -2 OR m.code IS NULL THEN tpk"]
    carried = list(names.values())
    for i, metric in enumerate(metrics):
        raw = names.get(metric.column, "CAST(NULL AS VARCHAR)")
        column.append(f"WHEN st_{i} IN (2, 3) THEN {literal(metric.column)}")
        value.append(f"WHEN st_{i} IN (2, 3) THEN {raw}")
    stamp = names.get(source.timestamp_column, "CAST(NULL AS VARCHAR)")
    column.append(f"WHEN answers.reason = {literal(BAD_TIMESTAMP)} THEN "
                  f"{literal(source.timestamp_column)}")
    value.append(f"WHEN answers.reason = {literal(BAD_TIMESTAMP)} THEN {stamp}")
    column.append(f"WHEN answers.reason = {literal(NO_SCORE)} THEN "
                  f"{literal(', '.join(m.column for m in source.metrics))}")
    final = (f"CASE WHEN tpk IS NULL THEN {literal(MISSING_TOUCHPOINT)} "
             f"WHEN m.code = -2 THEN {literal(NO_TOUCHPOINT)} "
             f"WHEN m.code IS NULL THEN {literal(UNKNOWN_TOUCHPOINT)} ELSE answers.reason END")
    return (f", m(k, code, stage, extra) AS ({mapping}), "
            f"listed AS (SELECT {final} AS jm_reason, "
            f"CASE {' '.join(column)} ELSE '' END AS jm_column, "
            f"CASE {' '.join(value)} END AS jm_value, {', '.join(carried) or 'NULL AS jm_none'}"
            f" FROM answers LEFT JOIN m ON answers.tpk = m.k) "
            f"SELECT * FROM listed WHERE jm_reason = {literal(reason)} LIMIT {int(limit)}")


#: A metric column with at most this many distinct values in the sample is counted as a
#: histogram (see :func:`feedback_query`).
FEW_VALUES = 64


def few_values(sample, source: FeedbackSource) -> bool:
    """Whether every metric column of ``sample`` (a pandas frame) holds few distinct values,
    so that counting combinations first is cheap (and bounded)."""
    columns = {m.column for m in source.metrics if m.column in sample}
    return bool(columns) and all(sample[c].nunique(dropna=False) <= FEW_VALUES
                                 for c in columns)


def distinct_query(column: str) -> str:
    """The distinct values of ``column`` as text (to resolve touchpoints in Python)."""
    return f"SELECT DISTINCT CAST({quote(column)} AS VARCHAR) AS k FROM {SOURCE}"


_JAVA = {"%d": "d", "%m": "M", "%Y": "yyyy", "%y": "yy", "%H": "H", "%M": "m", "%S": "s",
         "%B": "MMMM", "%b": "MMM"}


def java_layout(layout: str) -> str:
    """A strftime layout as Spark's datetime pattern (one-letter fields read one or two
    digits, as strptime does)."""
    out = layout
    for code, java in _JAVA.items():
        out = out.replace(code, java)
    return out


def translate(sql: str, engine: str, relation: str) -> str:
    """``sql`` (DuckDB's SQL with ``JM_*`` placeholders) in the dialect of ``engine``,
    reading ``relation`` (a table name or a parenthesised query with an alias, in the
    engine's own SQL). sqlglot is imported here, on first use: the pandas path (a CSV read
    by pyarrow) never needs it, and it is a tenth of a second of ``journeymap metrics``."""
    import sqlglot
    from sqlglot import exp

    dialect = DIALECTS[engine]
    hooks = HOOKS[dialect]
    tree = sqlglot.parse_one(sql, read="duckdb")

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and str(node.this).upper() in hooks:
            args = [a.transform(replace).sql(dialect=dialect) for a in node.expressions]
            if str(node.this).upper() == "JM_STRP" and dialect == "spark":
                args[1] = literal(java_layout(node.expressions[1].name))
            return sqlglot.parse_one(hooks[str(node.this).upper()].format(*args), read=dialect)
        return node

    return tree.transform(replace).sql(dialect=dialect).replace(SOURCE, relation)


__all__ = ["Columns", "DIALECTS", "FEW_VALUES", "HOOKS", "SOURCE", "distinct_query",
           "feedback_query", "few_values", "quote", "translate"]
