"""Feedback sources: how a table of survey rows, reviews or events attaches to a journey.

A source is saved in the journey file so a map can be reopened with its evidence. It describes
the table (path relative to the journey file, layout) and the meaning of its columns; reading
and analysing the table is the job of :mod:`journeymap.analytics`, which this module does not
import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .elements import Scalar, _Element

METRIC_KINDS = ("nps", "csat", "ces", "rating", "sentiment", "flag")
LAYOUTS = ("long", "wide")
ROLES = ("feedback", "events", "complaints")
ENGINES = ("pandas", "duckdb", "spark")
MATCHES = ("id", "label", "map")


@dataclass
class MetricColumn(_Element):
    """A column of scores and what they are.

    ``minimum``/``maximum`` declare the scale (NPS 0–10, CSAT 1–5, CES 1–7 unless stated;
    a generic rating must state its own). ``na`` lists values that mean "not applicable":
    such rows are neither scores nor errors.
    """

    column: str
    kind: str
    minimum: float | None = None
    maximum: float | None = None
    na: list[Scalar] = field(default_factory=list)


@dataclass
class FeedbackSource(_Element):
    """A table of feedback or events attached to a journey.

    - ``layout`` ``long``: one row per response, ``touchpoint_column`` names the touchpoint;
      ``match`` says how its values find touchpoints (``id``, ``label`` or an explicit
      ``value_map`` of data value → touchpoint id, where ``None`` marks a value known to be
      no touchpoint: such rows are reported as unmapped, never silently dropped).
    - ``layout`` ``wide``: one row per respondent, ``wide_columns`` maps a rating column to the
      touchpoint it rates; ``metrics`` then holds one entry describing the kind and scale.
    - ``role`` ``complaints``: a complaint or ticket log, long: each row is one complaint
      about the touchpoint in ``touchpoint_column`` (no scores); ``options["theme_column"]``
      may name a column of themes (reasons, categories) counted per touchpoint.
    - ``role`` ``events``: an event log of (``case_column``, touchpoint, ``timestamp_column``);
      with ``layout`` ``wide``, one row per case and ``wide_columns`` mapping a timestamp
      column to the touchpoint it marks (an orders export: placed, paid, delivered, ...).
    - ``path`` may name one file, a folder of Parquet files (Hive partitions ``key=value``
      become segment columns) or a glob. A database source has a ``url`` instead
      (``sqlite:///FILE``, ``duckdb:///FILE``, ``postgresql://USER@HOST:PORT/DB``, never with a
      password) and a ``table`` or a ``query``. ``engine`` (``pandas``, ``duckdb``, ``spark``;
      empty: chosen by size) says where the rows are reduced to sums.
    """

    id: str
    path: str = ""
    name: str = ""
    role: str = "feedback"
    layout: str = "long"
    format: str = ""
    touchpoint_column: str = ""
    match: str = "id"
    value_map: dict[str, str | None] = field(default_factory=dict)
    wide_columns: dict[str, str] = field(default_factory=dict)
    metrics: list[MetricColumn] = field(default_factory=list)
    comment_column: str = ""
    segment_columns: list[str] = field(default_factory=list)
    timestamp_column: str = ""
    case_column: str = ""
    options: dict[str, Scalar] = field(default_factory=dict)
    url: str = ""
    table: str = ""
    query: str = ""
    engine: str = ""

    @property
    def location(self) -> str:
        """Where the data is, for messages: the path, or the database URL and table."""
        if not self.url:
            return self.path
        return f"{self.url} ({self.table or 'query'})"

    def resolve(self, base_dir: str | os.PathLike[str] = ".") -> Path:
        """The source's file: its path (``~`` expanded), relative to ``base_dir`` (the journey
        file's folder) unless absolute."""
        path = Path(self.path).expanduser()
        return path if path.is_absolute() else Path(base_dir) / path

    def is_dataset(self, base_dir: str | os.PathLike[str] = ".") -> bool:
        """Whether the source's path names several files: a folder or a glob pattern."""
        return any(ch in self.path for ch in "*?[") or self.resolve(base_dir).is_dir()


def redact_url(url: str) -> str:
    """``url`` without its password, if it has one: a journey file never holds one (it
    comes from the environment, e.g. ``PGPASSWORD``, or the app asks)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{parts.username or ''}@{host}{port}", parts.path,
                       parts.query, parts.fragment))
