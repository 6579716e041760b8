"""Reading tables of feedback and events: CSV (sniffed), Excel, Parquet and JSON Lines.

CSV files from survey tools and spreadsheets come with any of ``,`` ``;`` tab or ``|`` as the
delimiter, in UTF-8 (with or without a byte-order mark) or Latin-1, with CRLF line ends and
quoted line breaks inside comments. The delimiter and encoding are sniffed from the first
64 KiB; a source's ``options`` (``delimiter``, ``encoding``, ``sheet``) override the guess.
pyarrow reads the file (it is several times faster than the pure-pandas readers); lines with
the wrong number of fields are not fatal: they are returned as :class:`MalformedLine` so the
caller can count them as rejected rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
               ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".json": "jsonl"}
_SAMPLE_BYTES = 64 * 1024
#: The cells read as missing, exactly as written (case matters): empty ones and the markers
#: spreadsheets, R, pandas and databases write for "no value". Said here rather than left to
#: each library's own default (pyarrow, pandas and DuckDB each have a different list), so
#: CSV and Excel files read alike; any other text ("-", "none", "NA " with a space, "North
#: America" as "NA" aside) stays text, and a score column rejects it as unparseable unless
#: the source declares it not applicable. JSON Lines keep JSON's own null.
MISSING = ("", "NA", "N/A", "n/a", "#N/A", "#NA", "NULL", "null", "NaN", "nan", "-NaN",
           "-nan", "<NA>")
#: Below this size CSV files are always read in pyarrow's careful mode (quoted line breaks).
_CAREFUL_BELOW = 8 << 20


class SourceError(Exception):
    """A table that cannot be read at all (missing file, unknown format, garbage)."""


@dataclass
class MalformedLine:
    """A CSV line that could not be split into the header's columns."""

    line: int          # 1-based line number in the file (the header is line 1)
    text: str
    reason: str


@dataclass
class RawTable:
    """A table as read, before any meaning is given to its columns."""

    frame: pd.DataFrame
    path: Path
    format: str
    malformed: list[MalformedLine] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)   # Excel: every sheet, in order
    sheet: str = ""                                    # ... and the one read


def table_format(path: str | Path, declared: str = "") -> str:
    """The format of ``path``: the declared one, else from the extension (csv by default)."""
    if declared:
        if declared not in FORMATS:
            raise SourceError(f"{path}: unknown format {declared!r} (one of {', '.join(FORMATS)})")
        return declared
    suffixes = [s.lower() for s in Path(path).suffixes]
    for suffix in reversed(suffixes):
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
    return "csv"


def sniff_encoding(sample: bytes) -> str:
    """``utf-8-sig``, ``utf-32`` or ``utf-16`` by a byte-order mark; UTF-32 or UTF-16
    without a mark by where their NUL bytes fall; ``utf-8`` if the sample decodes, else
    Windows-1252 (``cp1252``, what Excel on Windows writes) or, where a byte is undefined
    there, ``latin-1``. (Excel saves "Unicode text" as UTF-16 with a mark: read as Latin-1,
    every other byte of it is a NUL.)"""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    unmarked = _wide_without_mark(sample)
    if unmarked:
        return unmarked
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is not evidence against UTF-8.
        if exc.start < len(sample) - 4:
            return legacy_encoding(sample)
    return "utf-8"


def legacy_encoding(sample: bytes) -> str:
    """``cp1252`` if ``sample`` decodes as Windows-1252 (curly quotes and € in 0x80–0x9F),
    else ``latin-1`` (which decodes anything)."""
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _wide_without_mark(sample: bytes) -> str:
    """UTF-32 or UTF-16 (little or big endian) told by NUL bytes in fixed places, as text
    that is mostly ASCII has them; "" when the sample is not such text."""
    head = sample[: len(sample) // 4 * 4][:4096]
    if len(head) < 8 or b"\x00" not in head:
        return ""

    def zeros(start: int, step: int) -> float:
        part = head[start::step]
        return part.count(0) / max(len(part), 1)

    if min(zeros(1, 4), zeros(2, 4), zeros(3, 4)) > 0.9 and zeros(0, 4) < 0.5:
        return "utf-32-le"
    if min(zeros(0, 4), zeros(1, 4), zeros(2, 4)) > 0.9 and zeros(3, 4) < 0.5:
        return "utf-32-be"
    if zeros(1, 2) > 0.7 and zeros(0, 2) < 0.3:
        return "utf-16-le"
    if zeros(0, 2) > 0.7 and zeros(1, 2) < 0.3:
        return "utf-16-be"
    return ""


#: The first bytes of files people save as .csv by mistake, and what to do about each.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)",
     "name it .xlsx to read it as a workbook, or unpack it"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook (or another Office "
     "file)", "save it from Excel as .xlsx or CSV"),
    (b"\x1f\x8b", "a gzip-compressed file", "unpack it first"),
    (b"BZh", "a bzip2-compressed file", "unpack it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"PAR1", "a Parquet file", "name it .parquet"),
    (b"SQLite format 3\x00", "an SQLite database",
     "read it as a database source (its url and a table)"),
    (b"%PDF", "a PDF document", "export the table from where the PDF was made"),
    (b"\x89PNG", "a PNG image", "a picture of a table cannot be read"),
    (b"\xff\xd8\xff", "a JPEG image", "a picture of a table cannot be read"),
)
#: Control characters text tables never hold (tab, line ends, form feed and DOS's end-of-
#: file mark aside), as one character class: the regex engine finds them in a 64 KiB sample
#: in well under a millisecond, where a Python loop over its characters took ~9 ms.
_CONTROL = re.compile("[" + re.escape("".join(
    sorted(set(map(chr, range(32))) - set("\t\n\r\x0c\x1a") | {"\x7f"}))) + "]")


def not_text(sample: bytes, text: str) -> str:
    """Why ``sample`` (a file's first bytes; ``text`` as decoded) is no text table, in our
    words ("byte 0x00 at line 1 — is it a spreadsheet or a compressed file?"), or "" when
    it looks like text. A known file signature is named; otherwise a NUL, or more than 1%
    of the characters being control characters, gives the first such one and its line."""
    for signature, what, advice in _SIGNATURES:
        if sample.startswith(signature):
            return f"it starts like {what}: {advice}"
    checked = text[:_SAMPLE_BYTES]
    nul = checked.find("\x00")
    if nul < 0:
        first = _CONTROL.search(checked)
        if first is None or len(_CONTROL.findall(checked)) <= len(checked) / 100:
            return ""
    at = nul if nul >= 0 else first.start()
    line = checked.count("\n", 0, at) + 1
    return (f"byte 0x{ord(checked[at]):02x} at line {line} — is it a spreadsheet or a "
            "compressed file? (Save it as CSV, or open a workbook as .xlsx.)")


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV sample: the one that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|").delimiter
    except csv.Error:
        pass
    # Quoted commas confuse the sniffer on messy files: fall back to the header line.
    header = lines[0]
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: str | Path, fmt: str = "", options: Mapping[str, Any] | None = None,
               text_columns: Iterable[str] | Callable[[str], bool] = (),
               id_columns: Iterable[str] | Callable[[str], bool] = ()) -> RawTable:
    """Read ``path`` into a :class:`RawTable`.

    ``text_columns`` are read as text whatever they look like (touchpoint ids such as ``007``
    and segment codes must not become numbers); from CSV they arrive as pandas categoricals,
    which keeps a million repeated labels cheap. ``id_columns`` (case ids: mostly distinct)
    are read as plain text. Either may also be a test on the column name (for columns that
    detection will probably pick).
    """
    path = Path(path)
    options = dict(options or {})
    fmt = table_format(path, fmt)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        if fmt == "csv":
            return _read_csv(path, options, _test(text_columns), _test(id_columns))
        if fmt == "xlsx":
            sheets = excel_sheets(path)
            sheet = options.get("sheet", 0)
            sheet = sheet if sheet != "" else 0
            if isinstance(sheet, str) and sheet not in sheets:
                raise SourceError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(sheets)})")
            frame = pd.read_excel(path, sheet_name=sheet, engine="openpyxl",
                                  keep_default_na=False, na_values=list(MISSING))
            # blank trailing columns a spreadsheet kept: no name, no values
            frame = frame.drop(columns=[c for c in frame.columns
                                        if (str(c).startswith("Unnamed: ")
                                            or not str(c).strip())
                                        and frame[c].isna().all()])
            frame.columns = [str(c) for c in frame.columns]
            name = sheets[sheet] if isinstance(sheet, int) and sheet < len(sheets) else sheet
            return RawTable(frame, path, fmt, sheets=sheets, sheet=str(name))
        elif fmt == "parquet":
            frame = pd.read_parquet(path)
        else:
            return _read_jsonl(path)
    except SourceError:
        raise
    except Exception as exc:  # the readers raise many kinds; the user needs the file and why
        raise SourceError(f"{path}: cannot read as {fmt}: {exc}") from exc
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(frame, path, fmt)


def excel_sheets(path: str | Path) -> list[str]:
    """The names of an Excel workbook's sheets, in order (read without loading the cells)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _test(columns: Iterable[str] | Callable[[str], bool]) -> Callable[[str], bool]:
    return columns if callable(columns) else set(columns).__contains__


def csv_columns(path: str | Path, options: Mapping[str, Any] | None = None) -> list[str]:
    """The column names of a CSV file from its header line alone, as :func:`read_table`
    names them, without reading its rows. Raises :class:`SourceError` as the reader does."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    return _unique_names(_csv_head(path, dict(options or {}))[4])


def table_columns(path: str | Path, options: Mapping[str, Any] | None = None
                  ) -> list[str] | None:
    """The column names of a CSV, Parquet or Excel file without reading its rows (the CSV
    header line, the Parquet schema, the sheet's first row); None for a format whose names
    need the rows (JSON lines). Raises :class:`SourceError` as the reader does."""
    path = Path(path)
    fmt = table_format(path)
    if fmt == "csv":
        return csv_columns(path, options)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return [str(n) for n in pq.read_schema(path).names]
        if fmt == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            try:
                sheet = (options or {}).get("sheet", 0)
                sheet = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
                row = next(sheet.iter_rows(max_row=1, values_only=True), ())
            finally:
                book.close()
            names = [str(v) for v in row if v is not None and str(v).strip()]
            return _unique_names(names)
    except (KeyError, IndexError) as exc:
        raise SourceError(f"{path}: no sheet {(options or {}).get('sheet')!r}") from exc
    except Exception as exc:  # the readers raise many kinds; the user needs the file and why
        raise SourceError(f"{path}: cannot read as {fmt}: {exc}") from exc
    return None


def _csv_head(path: Path, options: dict[str, Any]
              ) -> tuple[bytes, str, str, str, list[str]]:
    """The first bytes of a CSV file, its encoding, their text, the delimiter and the
    header line's cells."""
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if not sample.strip():
        raise SourceError(f"{path}: the file is empty")
    encoding = str(options.get("encoding") or sniff_encoding(sample))
    if encoding == "utf-8" and not options.get("encoding") and len(sample) < _SAMPLE_BYTES:
        # The whole file is in the sample: no character was cut at its end, so a byte that
        # is not UTF-8 there means another encoding (pyarrow would fail on it mid-row).
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError:
            encoding = legacy_encoding(sample)
    try:
        text = sample.decode(encoding, errors="replace")
    except LookupError:
        raise SourceError(f"{path}: unknown encoding {encoding!r} (for example utf-8, "
                          "cp1252, latin-1, utf-16)") from None
    problem = not_text(sample, text)
    if problem:
        raise SourceError(f"{path} does not look like a text table: {problem}")
    delimiter = str(options.get("delimiter") or sniff_delimiter(text))
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                                 delimiter=delimiter), [])
    except csv.Error as exc:  # e.g. a NUL or a stray quote in the header line
        raise SourceError(f"{path}: line 1 (the header) cannot be split into columns "
                          f"at {delimiter!r}: {exc}") from None
    return sample, encoding, text, delimiter, header


def _read_csv(path: Path, options: dict[str, Any], is_text: Callable[[str], bool],
              is_id: Callable[[str], bool]) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sample, encoding, text, delimiter, header = _csv_head(path, options)
    names = _unique_names(header)
    if (b"\n" not in sample and b"\r" not in sample and len(sample) < _SAMPLE_BYTES
            and names):  # a header line alone, without a line end: a table of no rows
        return RawTable(pd.DataFrame({name: pd.Series([], dtype=object) for name in names}),
                        path, "csv", [], encoding, delimiter)
    malformed: list[MalformedLine] = []

    def on_invalid(row: Any) -> str:
        number = row.number if row.number is not None else -1
        try:
            line = str(row.text)[:200]
        except UnicodeDecodeError:  # pyarrow decodes the line for us: not text here
            line = ""
        malformed.append(MalformedLine(number, line,
                                       f"expected {row.expected_columns} fields, "
                                       f"found {row.actual_columns}"))
        return "skip"

    types = {name: pa.string() for name in names if is_id(name)}
    types.update({name: pa.dictionary(pa.int32(), pa.string())
                  for name in names if is_text(name) and not is_id(name)})

    def parse(quoted_newlines: bool, hints: dict[str, Any] | None = None,
              source: Any = path) -> Any:
        malformed.clear()
        return pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                column_names=names, skip_rows=1,
                block_size=(16 << 20) if quoted_newlines else (1 << 20)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter,
                                             newlines_in_values=quoted_newlines,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={**(hints or {}), **types},
                                                 strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True,
                                                 null_values=list(MISSING)))

    # Line breaks inside quoted values (comments!) make pyarrow's parallel reader split
    # blocks more carefully and slowly. Big files are first read the fast way; a quoted line
    # break at a block boundary shows up as malformed rows, and then the careful way is used.
    careful = path.stat().st_size < _CAREFUL_BELOW
    try:
        try:
            table = None if careful else _read_with_sampled_types(sample, encoding, parse)
            table = table if table is not None else parse(careful)
        except pa.ArrowInvalid as exc:
            if "UTF8" in str(exc) and not options.get("encoding") and encoding != "latin-1":
                # The first 64 KiB were UTF-8 but a later byte is not: a Latin-1 file.
                encoding = "latin-1"
                table = parse(True)
            elif careful:
                raise
            else:
                careful = True
                table = parse(True)
        if malformed and not careful:
            table = parse(True)
        if (encoding.startswith("utf-8") and not options.get("encoding")
                and any(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
                        for f in table.schema)):
            # Text that is not UTF-8 past the sniffed sample comes back as bytes: Latin-1.
            encoding = "latin-1"
            table = parse(True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, LookupError) as exc:
        raise SourceError(f"{path}: cannot read as CSV ({encoding}, delimiter "
                          f"{delimiter!r}): {_arrow_words(exc)}") from exc
    if any(m.line < 0 for m in malformed):
        _locate(path, encoding, malformed)
    frame = table.to_pandas()
    del table
    # pyarrow's allocator keeps what the read freed (its parse buffers, the columns pandas
    # copied) for pyarrow alone; given back, numpy's arrays reuse those pages instead of
    # new ones (5M events: 120 MB fewer fresh pages, which cost this machine most).
    pa.default_memory_pool().release_unused()
    # Spreadsheets save trailing delimiters as blank, unnamed columns: not data.
    blank = [name for name, raw in zip(names, header) if not raw.lstrip("\ufeff").strip()
             and name in frame and frame[name].isna().all()]
    if blank:
        frame = frame.drop(columns=blank)
    if encoding == "utf-8-sig" and len(frame.columns) and frame.columns[0].startswith("\ufeff"):
        frame = frame.rename(columns={frame.columns[0]: frame.columns[0][1:]})
    return RawTable(frame, path, "csv", malformed, encoding, delimiter)


def _read_with_sampled_types(sample: bytes, encoding: str, parse: Callable[..., Any]) -> Any:
    """The fast read with the types pyarrow infers from the sample's whole lines declared
    for the columns it would infer; None if the sample says nothing or a later value does
    not fit (then the caller reads as before).

    While pyarrow infers a column's type it keeps every parsed block of the file, in case a
    later value changes its mind (a 194 MB event log: 320 MB of them, whose fresh pages
    cost more than the parse). Inference only moves forward (null, integer, ..., text) to
    the first type that takes every value; the sample's type takes the sample's values and
    no earlier one does, so when it also takes the rest of the file it is the type the
    whole file would have got, with the same values. Text, binary and all-null columns are
    left to inference, so bytes that are not UTF-8 still make their column binary.
    """
    import pyarrow as pa

    try:
        if "\n".encode(encoding).removeprefix(codecs.BOM_UTF8) != b"\n":
            return None  # UTF-16 and friends: a line end is not one b"\n" byte
    except LookupError:
        return None
    whole = sample[:sample.rfind(b"\n") + 1]
    if whole.count(b"\n") < 2:
        return None
    try:
        head = parse(True, source=pa.BufferReader(whole))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    hints = {f.name: f.type for f in head.schema
             if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                     or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
                     or pa.types.is_null(f.type) or pa.types.is_dictionary(f.type))}
    if not hints:
        return None
    try:
        return parse(False, hints)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _arrow_words(exc: Exception) -> str:
    """pyarrow's complaint said as a person would (its own words for the rare others)."""
    text = str(exc)
    if "Could not skip initial" in text or "header is larger than block size" in text:
        return ("no line end within the first 16 MiB: the header line never ends, so this "
                "is not a text table with one record per line")
    if "Empty CSV file or block" in text:
        return "no columns found: the header line is empty"
    if "UTF8" in text or isinstance(exc, UnicodeDecodeError):
        return "some bytes are not text in this encoding (name one with --encoding)"
    return text


def _locate(path: Path, encoding: str, malformed: list[MalformedLine]) -> None:
    """Line numbers of malformed rows, found by their text (pyarrow cannot count lines when
    quoted values may hold line breaks)."""
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        text = handle.read()
    start, line = 0, 1
    for item in malformed:
        at = text.find(item.text, start) if item.text else -1
        if at >= 0:
            line += text.count("\n", start, at)
            item.line = line
            line += item.text.count("\n")
            start = at + len(item.text)


def _read_jsonl(path: Path) -> RawTable:
    """JSON Lines; a line that is not a JSON object is a malformed line, not a failure."""
    import json

    records: list[dict[str, Any]] = []
    malformed: list[MalformedLine] = []
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    encoding = sniff_encoding(sample)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                malformed.append(MalformedLine(number, line[:200], f"not JSON: {exc.msg}"))
                continue
            if not isinstance(record, dict):
                malformed.append(MalformedLine(number, line[:200], "not a JSON object"))
                continue
            records.append(record)
    if not records and not malformed:
        raise SourceError(f"{path}: the file is empty")
    frame = pd.DataFrame.from_records(records)
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(frame, path, "jsonl", malformed, encoding)


def _unique_names(header: list[str]) -> list[str]:
    """Header names made unique and non-empty (an unnamed index column becomes ``column_1``)."""
    seen: dict[str, int] = {}
    names = []
    for i, raw in enumerate(header, 1):
        name = raw.lstrip("\ufeff").strip() or f"column_{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names
