"""An event log reduced by SQL: transitions with exact delay quantiles, reach and drop-off.

The same reduction as :func:`journeymap.analytics.events.analyse_events`, as one query in
DuckDB's SQL translated by :func:`.sql.translate`: events are ordered within each case by
time (ties by the touchpoint's place in the journey, where pandas keeps file order), each
event's predecessor gives the transitions, and their delays' median and 90th percentile are
interpolated linearly between the two nearest values (``QUANTILE_CONT``, PostgreSQL's
``PERCENTILE_CONT``, Spark's exact ``PERCENTILE``), as numpy does. Touchpoint values are
resolved in Python and handed to the query as a small table.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from journeymap.model import FeedbackSource, Journey

from ..events import EventSums
from ..feedback import (BAD_TIMESTAMP, MISSING_CASE, MISSING_TIMESTAMP, MISSING_TOUCHPOINT,
                        NO_TOUCHPOINT, UNKNOWN_TOUCHPOINT, _NOWHERE, touchpoint_resolver)
from . import sql

#: The engines that can run :func:`events_query` (SQLite has no percentile).
ENGINES = ("duckdb", "spark", "postgresql")


def _mapping(keys: list[str], source: FeedbackSource, journey: Journey
             ) -> tuple[str, list[str]]:
    """A VALUES list (the CTE ``m(k, code, stage, extra)``) of touchpoint value ->
    (touchpoint code, stage code, extra); −2 marks
    a value known to be no touchpoint; a value that is no touchpoint of the map has no code
    but, in ``extra``, its activity code after the touchpoints (for the paths, which keep it
    as an unmapped step: values stripped, in name order, as :mod:`..caselog` numbers them).
    Returns the query and the unmapped names."""
    resolve = touchpoint_resolver(source, journey)
    ids = journey.touchpoint_ids()
    stages = [s.id for s in journey.stages]
    rows = []
    unknown: dict[str, str] = {}
    for key in keys:
        found = resolve(key)
        if found == _NOWHERE:
            rows.append(f"({sql.literal(key)}, -2, -2, NULL)")
        elif found in ids:
            stage = stages.index(journey.touchpoint(found).stage)
            rows.append(f"({sql.literal(key)}, {ids.index(found)}, {stage}, NULL)")
        else:
            unknown[key] = str(key).strip()
    names = sorted(set(unknown.values()), key=str)
    place = {name: len(ids) + i for i, name in enumerate(names)}
    rows += [f"({sql.literal(k)}, NULL, NULL, {place[v]})" for k, v in unknown.items()]
    rows.append("(NULL, -3, -3, NULL)")  # never matches: keeps the table's types when empty
    return f"VALUES {', '.join(rows)}", names


def judged_ctes(source: FeedbackSource, mapping: str, columns: sql.Columns,
                carry: dict[str, str] | None = None) -> str:
    """The CTEs ``src``, ``m``, ``parsed`` and ``judged`` (every row with ``cid``, ``tpk``,
    its time ``t``, the touchpoint ``code`` and ``stage`` of ``mapping`` and the first
    ``reason`` it is rejected for, '' if kept), in DuckDB's SQL with ``JM_*`` hooks;
    ``carry`` (column -> alias) keeps those columns as text for a listing."""
    kept = "".join(f"CAST({sql.quote(c)} AS VARCHAR) AS {a}, "
                   for c, a in (carry or {}).items())
    case = sql.quote(source.case_column)
    stamp = sql.quote(source.timestamp_column)
    return f"""WITH src AS (SELECT * FROM {sql.SOURCE}),
    m(k, code, stage, extra) AS ({mapping}),
    parsed AS (SELECT {kept}CAST({case} AS VARCHAR) AS cid,
                      CAST({sql.quote(source.touchpoint_column)} AS VARCHAR) AS tpk,
                      {stamp} IS NULL AS no_ts,
                      {sql.timestamp(source.timestamp_column, columns)} AS t FROM src),
    judged AS (SELECT parsed.*, m.code, m.stage, m.extra, CASE
                 WHEN cid IS NULL THEN {sql.literal(MISSING_CASE)}
                 WHEN tpk IS NULL THEN {sql.literal(MISSING_TOUCHPOINT)}
                 WHEN m.code = -2 THEN {sql.literal(NO_TOUCHPOINT)}
                 WHEN m.code IS NULL THEN {sql.literal(UNKNOWN_TOUCHPOINT)}
                 WHEN no_ts THEN {sql.literal(MISSING_TIMESTAMP)}
                 WHEN t IS NULL THEN {sql.literal(BAD_TIMESTAMP)}
                 ELSE '' END AS reason
               FROM parsed LEFT JOIN m ON parsed.tpk = m.k)"""


def events_query(source: FeedbackSource, mapping: str, columns: sql.Columns) -> str:
    """One query giving, in rows tagged by ``part``: rejected counts by reason, transitions,
    per-touchpoint and per-stage counts, and the number of cases. Reach counts the distinct
    (case, touchpoint) pairs with a GROUP BY, which engines spill to disk, rather than
    COUNT(DISTINCT …), which DuckDB holds in memory."""
    order = "PARTITION BY cid ORDER BY t, code"
    return judged_ctes(source, mapping, columns) + f""",
    seq AS (SELECT cid, code, stage, JM_MICROS(t) AS us,
                   LAG(code) OVER ({order}) AS prev,
                   LAG(JM_MICROS(t)) OVER ({order}) AS prev_us,
                   ROW_NUMBER() OVER ({order}) AS i,
                   COUNT(*) OVER (PARTITION BY cid) AS len
            FROM judged WHERE reason = ''),
    parts AS (
      SELECT 'rejected' AS part, reason AS name, -1 AS a, -1 AS b, COUNT(*) AS x,
             0 AS y, 0 AS z, 0 AS w, CAST(NULL AS DOUBLE) AS q50, CAST(NULL AS DOUBLE) AS q90
        FROM judged GROUP BY reason
      UNION ALL
      SELECT 'transition', '', prev, code, COUNT(*), 0, 0, 0,
             JM_MEDIAN((us - prev_us) / 1000000.0), JM_P90((us - prev_us) / 1000000.0)
        FROM seq WHERE prev IS NOT NULL GROUP BY prev, code
      UNION ALL
      SELECT 'touchpoint', '', code, -1, 0,
             SUM(CASE WHEN i = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN i = len THEN 1 ELSE 0 END),
             COUNT(*), NULL, NULL FROM seq GROUP BY code
      UNION ALL
      SELECT 'reach', '', code, -1, COUNT(*), 0, 0, 0, NULL, NULL
        FROM (SELECT cid, code FROM seq GROUP BY cid, code) AS pairs GROUP BY code
      UNION ALL
      SELECT 'stage', '', stage, -1, 0, 0,
             SUM(CASE WHEN i = len THEN 1 ELSE 0 END), 0, NULL, NULL FROM seq GROUP BY stage
      UNION ALL
      SELECT 'stage reach', '', stage, -1, COUNT(*), 0, 0, 0, NULL, NULL
        FROM (SELECT cid, stage FROM seq GROUP BY cid, stage) AS pairs GROUP BY stage
      UNION ALL
      SELECT 'cases', '', -1, -1, SUM(CASE WHEN i = 1 THEN 1 ELSE 0 END), 0, 0, 0, NULL, NULL
        FROM seq)
    SELECT * FROM parts"""


def rejected_query(source: FeedbackSource, mapping: str, columns: sql.Columns, reason: str,
                   limit: int) -> str:
    """The first ``limit`` rows of the event log rejected for ``reason``: the column and
    value that caused it, as the pandas reader names them, and the columns it reads."""
    names = {c: f"jm_c{i}" for i, c in enumerate(columns.names)}
    stamp = names.get(source.timestamp_column, "CAST(NULL AS VARCHAR)")
    column = {MISSING_CASE: source.case_column, MISSING_TOUCHPOINT: source.touchpoint_column,
              NO_TOUCHPOINT: source.touchpoint_column,
              UNKNOWN_TOUCHPOINT: source.touchpoint_column,
              MISSING_TIMESTAMP: source.timestamp_column,
              BAD_TIMESTAMP: source.timestamp_column}.get(reason, "")
    value = {NO_TOUCHPOINT: "tpk", UNKNOWN_TOUCHPOINT: "tpk", BAD_TIMESTAMP: stamp}.get(
        reason, "CAST(NULL AS VARCHAR)")
    carried = ", ".join(names.values()) or "NULL AS jm_none"
    return judged_ctes(source, mapping, columns, names) + f"""
    SELECT reason AS jm_reason, {sql.literal(column)} AS jm_column, {value} AS jm_value,
           {carried} FROM judged WHERE reason = {sql.literal(reason)} LIMIT {int(limit)}"""


def reduce_events(source: FeedbackSource, journey: Journey, backend, columns: sql.Columns
                  ) -> tuple[EventSums, dict[str, int], int, list]:
    """(the sums, rejected rows by reason, input rows, distinct touchpoint values) of the
    event log ``source`` (the values let the rejected rows be listed without a second
    query for them).

    On DuckDB the log is walked case by case in bounded memory (:mod:`.streamed`): DuckDB's
    window over cases does not spill, its sort does. Spark and PostgreSQL run the window
    query of :func:`events_query`, which they spill themselves."""
    if backend.engine == "duckdb":
        from .streamed import reduce_case_log

        found = reduce_case_log(source, journey, backend, columns, paths=False)
        return found.sums, found.counts, found.input_rows, found.keys
    keys = backend.query(sql.translate(sql.distinct_query(source.touchpoint_column),
                                       backend.engine, backend.relation))["k"]
    mapping, _ = _mapping([k for k in keys if k is not None and k == k], source, journey)
    found = backend.query(sql.translate(events_query(source, mapping, columns), backend.engine,
                                        backend.relation))
    for column in ("a", "b", "x", "y", "z", "w"):
        found[column] = pd.to_numeric(found[column]).fillna(0).astype(np.int64)
    for column in ("q50", "q90"):
        found[column] = pd.to_numeric(found[column]).astype(float)
    part = found["part"].to_numpy()
    rejected = found[part == "rejected"]
    counts = Counter({r: int(x) for r, x in zip(rejected["name"], rejected["x"]) if r})
    count, stages = len(journey.touchpoint_ids()), len(journey.stages)

    def per(kind: str, size: int, column: str) -> np.ndarray:
        rows = found[part == kind]
        out = np.zeros(size, dtype=np.int64)
        out[rows["a"].to_numpy()] = rows[column].to_numpy()
        return out

    moves = found[part == "transition"]
    cases = found.loc[part == "cases", "x"]
    sums = EventSums(
        moves["a"].to_numpy(), moves["b"].to_numpy(), moves["x"].to_numpy(),
        moves["q50"].to_numpy(), moves["q90"].to_numpy(), per("reach", count, "x"),
        per("touchpoint", count, "y"), per("touchpoint", count, "z"),
        per("touchpoint", count, "w"), per("stage reach", stages, "x"),
        per("stage", stages, "z"),
        int(cases.iloc[0]) if len(cases) else 0)
    return sums, dict(counts), int(rejected["x"].sum()), list(keys)


__all__ = ["ENGINES", "events_query", "reduce_events"]
