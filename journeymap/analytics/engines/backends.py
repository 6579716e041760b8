"""Where a query runs: DuckDB (embedded), Spark, SQLite or PostgreSQL.

A :class:`Backend` knows one source's table by a relation (a ``read_parquet(…)`` call, a
table name, a parenthesised query) and runs SQL on it, returning pandas frames of the small
results. The heavy libraries are imported only when a backend is opened, so the pandas path
costs nothing more.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd

from journeymap.model import FeedbackSource
from journeymap.model.sources import redact_url

from ..reading import MISSING, SourceError, table_format
from .sql import quote

#: URL schemes of database sources and the engine that runs their queries.
URL_ENGINES = {"sqlite": "sqlite", "duckdb": "duckdb", "postgresql": "postgresql",
               "postgres": "postgresql"}
_HIVE = re.compile(r"([^/=]+)=([^/]*)")


def url_engine(url: str) -> str:
    scheme = urlsplit(url).scheme.split("+")[0].lower()
    if scheme not in URL_ENGINES:
        raise SourceError(f"{redact_url(url)}: unknown database (use sqlite:///FILE, "
                          "duckdb:///FILE or postgresql://USER@HOST/DB)")
    return URL_ENGINES[scheme]


def _url_path(url: str, base_dir: str | Path) -> Path:
    """The file of a ``sqlite:///…`` or ``duckdb:///…`` URL (relative to ``base_dir``;
    four slashes make it absolute, as in SQLAlchemy)."""
    path = unquote(url.split("://", 1)[1])
    if path.startswith("/"):
        path = path[1:]
    found = Path(path).expanduser()
    return found if found.is_absolute() else Path(base_dir) / found


def dataset_files(source: FeedbackSource, base_dir: str | Path) -> list[Path]:
    """The files of a file source: one file, every Parquet file under a folder, or a glob."""
    path = source.resolve(base_dir)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and table_format(p) ==
                       "parquet" and not p.name.startswith((".", "_")))
        if not files:
            raise SourceError(f"{path}: no Parquet files in this folder")
        return files
    if any(ch in str(path) for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
        if not files:
            raise SourceError(f"{path}: no file matches")
        return files
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    return [path]


def hive_columns(files: list[Path]) -> list[str]:
    """The ``key=value`` folder names common to every file (Hive partitions), in order."""
    keys: list[str] | None = None
    for file in files:
        found = [m.group(1) for part in file.parent.parts for m in [_HIVE.fullmatch(part)] if m]
        keys = found if keys is None else [k for k in keys if k in found]
    return keys or []


class Backend:
    """One source's table on one engine."""

    engine = ""
    relation = ""

    def query(self, sql: str) -> pd.DataFrame:
        raise NotImplementedError

    def sample(self, rows: int) -> pd.DataFrame:
        return self.query(f"SELECT * FROM {self.relation} LIMIT {int(rows)}")

    def interrupt(self) -> None:
        """Stop the running query (from another thread), if the engine can."""

    def close(self) -> None:
        pass


class DuckBackend(Backend):
    """DuckDB, embedded: Parquet files, folders and globs, CSV, JSON Lines, a DuckDB file or
    a pandas frame. Spills to a temporary folder when an aggregation outgrows memory."""

    engine = "duckdb"

    def __init__(self, relation: str = "", database: str = ":memory:",
                 frame: pd.DataFrame | None = None) -> None:
        import duckdb

        self.con = duckdb.connect(database, read_only=database != ":memory:")
        self.con.execute("SET TimeZone = 'UTC'")
        # Sums need no row order; without it DuckDB streams and spills more freely. Memory
        # is capped (default 2 GB, $JOURNEYMAP_DUCKDB_MEMORY) so that a big event log's sort
        # spills to the temporary folder and the whole process stays under 4 GB.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"SET memory_limit = '{os.environ.get('JOURNEYMAP_DUCKDB_MEMORY', '2GB')}'")
        self.con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/journeymap-duckdb'")
        threads = os.environ.get("JOURNEYMAP_DUCKDB_THREADS")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if frame is not None:
            self.con.register("jm_frame", frame)
            relation = "jm_frame"
        self.relation = relation

    def query(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()

    def interrupt(self) -> None:
        self.con.interrupt()

    def close(self) -> None:
        self.con.close()


def _sql_list(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


def duck_file_relation(source: FeedbackSource, files: list[Path]) -> str:
    """The DuckDB table function reading ``files`` in the source's format."""
    fmt = table_format(files[0], source.format)
    if fmt == "parquet":
        hive = "true" if hive_columns(files) else "false"
        return (f"read_parquet({_sql_list(files)}, hive_partitioning = {hive}, "
                "union_by_name = true)")
    if fmt == "csv":
        tokens = ", ".join("'" + t.replace("'", "''") + "'" for t in MISSING)
        options = ["header = true", f"nullstr = [{tokens}]"]
        if source.options.get("delimiter"):
            options.append(f"delim = '{source.options['delimiter']}'")
        return f"read_csv({_sql_list(files)}, {', '.join(options)})"
    if fmt == "jsonl":
        return f"read_json_auto({_sql_list(files)}, format = 'newline_delimited')"
    raise SourceError(f"{files[0]}: DuckDB reads Parquet, CSV and JSON Lines, not {fmt}")


class SqliteBackend(Backend):
    engine = "sqlite"

    def __init__(self, path: Path, relation: str) -> None:
        if not path.exists():
            raise SourceError(f"{path}: no such SQLite database")
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.relation = relation

    def query(self, sql: str) -> pd.DataFrame:
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=names)

    def interrupt(self) -> None:
        self.con.interrupt()

    def close(self) -> None:
        self.con.close()


class PostgresBackend(Backend):
    """PostgreSQL through psycopg. The password comes from libpq's usual places (the
    ``PGPASSWORD`` variable, ``~/.pgpass``) or ``password``, never from the journey file."""

    engine = "postgresql"

    def __init__(self, url: str, relation: str, password: str | None = None) -> None:
        import psycopg

        try:
            self.con = psycopg.connect(url, password=password, autocommit=True) \
                if password else psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise SourceError(f"{redact_url(url)}: {str(exc).strip()}") from None
        self.con.execute("SET TIME ZONE 'UTC'")
        self.relation = relation

    def query(self, sql: str) -> pd.DataFrame:
        with self.con.cursor() as cursor:
            cursor.execute(sql)
            names = [d.name for d in cursor.description]
            return pd.DataFrame.from_records(cursor.fetchall(), columns=names)

    def interrupt(self) -> None:
        self.con.cancel()

    def close(self) -> None:
        self.con.close()


_SPARK: dict[str, object] = {}
_SPARK_LOCK = threading.Lock()


def spark_session(master: str = ""):
    """One SparkSession per process (Spark allows one), started on first use: ``master``
    (``local[2]``, ``spark://host:7077``, ``yarn``, …), else $JOURNEYMAP_SPARK_MASTER, else
    ``local[*]``. Times are read and grouped in UTC, as the other engines do."""
    with _SPARK_LOCK:
        if "session" not in _SPARK:
            from pyspark.sql import SparkSession

            master = master or os.environ.get("JOURNEYMAP_SPARK_MASTER", "") or "local[*]"
            local = master.startswith("local")
            builder = (SparkSession.builder.master(master).appName("journeymap")
                       .config("spark.sql.session.timeZone", "UTC")
                       .config("spark.ui.showConsoleProgress", "false")
                       # the sums per touchpoint × group are small: few partitions suffice
                       .config("spark.sql.shuffle.partitions", "4" if local else "64"))
            if local:
                builder = builder.config("spark.ui.enabled", "false")
            _SPARK["session"] = builder.getOrCreate()
            _SPARK["session"].sparkContext.setLogLevel("ERROR")
        return _SPARK["session"]


class SparkBackend(Backend):
    engine = "spark"
    _views = 0

    def __init__(self, source: FeedbackSource, files: list[Path] | None, master: str = "",
                 frame: pd.DataFrame | None = None, base: Path | None = None) -> None:
        self.spark = spark_session(master)
        if frame is not None:
            data = self.spark.createDataFrame(frame)
        else:
            assert files is not None
            fmt = table_format(files[0], source.format)
            names = [str(f) for f in files]
            reader = self.spark.read
            if base is not None and base.is_dir():
                reader = reader.option("basePath", str(base))
            if fmt == "parquet":
                data = reader.parquet(*names)
            elif fmt == "csv":  # cells that pandas reads as missing, as Spark nulls
                data = reader.options(header=True, inferSchema=True).csv(names)
                strings = [f.name for f in data.schema.fields
                           if f.dataType.simpleString() == "string"]
                if strings:
                    data = data.replace(list(MISSING), None, subset=strings)
            elif fmt == "jsonl":
                data = reader.json(names)
            else:
                raise SourceError(f"{files[0]}: Spark reads Parquet, CSV and JSON Lines, "
                                  f"not {fmt}")
        SparkBackend._views += 1
        self.relation = f"jm_view_{SparkBackend._views}"
        data.createOrReplaceTempView(self.relation)
        self.group = f"journeymap-{self.relation}"

    def query(self, sql: str) -> pd.DataFrame:
        context = self.spark.sparkContext
        context.setJobGroup(self.group, "journeymap aggregation", interruptOnCancel=True)
        frame = self.spark.sql(sql)
        names = frame.columns
        return pd.DataFrame.from_records([tuple(r) for r in frame.collect()], columns=names)

    def interrupt(self) -> None:
        self.spark.sparkContext.cancelJobGroup(self.group)

    def close(self) -> None:
        self.spark.catalog.dropTempView(self.relation)


def _relation(source: FeedbackSource) -> str:
    if source.query:
        return f"({source.query.strip().rstrip(';')}) AS jm_query"
    if not source.table:
        raise SourceError(f"{redact_url(source.url)}: name a table or a query")
    return ".".join(quote(part) for part in source.table.split("."))


def open_backend(source: FeedbackSource, base_dir: str | Path, engine: str,
                 spark_master: str = "", password: str | None = None) -> Backend:
    """A backend reading ``source`` on ``engine`` (a database source always runs where its
    data is)."""
    if source.url:
        kind = url_engine(source.url)
        relation = _relation(source)
        if kind == "sqlite":
            return SqliteBackend(_url_path(source.url, base_dir), relation)
        if kind == "duckdb":
            path = _url_path(source.url, base_dir)
            if not path.exists():
                raise SourceError(f"{path}: no such DuckDB database")
            return DuckBackend(relation, database=str(path))
        return PostgresBackend(source.url, relation, password)
    files = dataset_files(source, base_dir)
    if engine == "spark":
        return SparkBackend(source, files, spark_master, base=source.resolve(base_dir))
    return DuckBackend(duck_file_relation(source, files))


def _parquet_footer(path: Path) -> str:
    """SHA-256 of a Parquet file's footer: its schema, row groups, row counts and column
    statistics, a few KiB read from the end whatever the file's size."""
    import hashlib

    with open(path, "rb") as handle:
        handle.seek(-8, os.SEEK_END)
        tail = handle.read(8)
        if tail[4:] != b"PAR1":
            raise ValueError("not a Parquet file")
        length = int.from_bytes(tail[:4], "little")
        handle.seek(-8 - length, os.SEEK_END)
        return hashlib.sha256(handle.read(length)).hexdigest()


def change_marker(source: FeedbackSource, base_dir: str | Path) -> list | None:
    """A cheap marker of a database or dataset source's content, to tell saved metrics
    that are stale (see README, "Big data"); None when it cannot be taken (the database
    is unreachable).

    - a database: its row count and the largest value of the source's timestamp column
      (one aggregate query, run where the data is);
    - a Parquet folder or glob: per file its path under the folder, size and a hash of its
      footer (row groups, row counts, column statistics), not its modification time, so a
      copy keeps the metrics fresh; other files of a glob are hashed whole."""
    from journeymap.metrics_cache import file_digest

    from . import sql

    try:
        if source.url:
            backend = open_backend(source, base_dir, url_engine(source.url))
            try:
                parts = ["COUNT(*) AS n"]
                if source.timestamp_column:
                    parts.append(f"CAST(MAX({quote(source.timestamp_column)}) AS VARCHAR) "
                                 "AS latest")
                found = backend.query(sql.translate(f"SELECT {', '.join(parts)} FROM "
                                                    f"{sql.SOURCE}", backend.engine,
                                                    backend.relation))
            finally:
                backend.close()
            row = found.iloc[0].tolist()
            return ["rows", int(row[0]), *[None if v is None else str(v) for v in row[1:]]]
        root = source.resolve(base_dir)
        files = dataset_files(source, base_dir)
        out = []
        for file in files:
            name = str(file.relative_to(root)) if root.is_dir() else str(file)
            if table_format(file, source.format) == "parquet":
                out.append([name, file.stat().st_size, _parquet_footer(file)])
            else:
                out.append([name, *(file_digest(file) or [None])])
        return out
    except Exception:  # unreachable, unreadable: no marker, the metrics are kept
        return None


__all__ = ["Backend", "change_marker", "DuckBackend", "PostgresBackend", "SparkBackend",
           "SqliteBackend",
           "URL_ENGINES", "dataset_files", "hive_columns", "open_backend", "redact_url",
           "spark_session", "url_engine"]
