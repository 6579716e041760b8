"""A file that is not a text table, given as a CSV (a workbook, an archive, random bytes):
the command line and the import dialog say in our words what is wrong and where, naming the
file, never quoting the CSV parser, and never with a traceback."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics import SourceError, read_table
from journeymap.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_journeys" / "online_order.journey.json"
PARSERS = ("Could not skip", "pyarrow", "ArrowInvalid", "new-line character", "Traceback",
           "block size")


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 50)
    return buffer.getvalue()


CASES = {
    "workbook.csv": (zipped(), "ZIP archive (an Excel .xlsx workbook is one)"),
    "old.csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel .xls workbook"),
    "packed.csv": (gzip.compress(b"touchpoint,nps\nbasket,9\n" * 40), "gzip-compressed"),
    "data.csv": (b"PAR1" + bytes(range(256)) * 3, "Parquet file"),
    "nul.csv": (b"touchpoint,nps\nbasket,9\ncheckout,\x00\x00\x007\n", "byte 0x00 at line 3"),
    "controls.csv": (b"a,b\n" + bytes(range(1, 9)) * 20 + b"\n", "byte 0x01 at line 2"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_table_says_what_the_file_is_and_where(tmp_path, name):
    data, said = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_table(path)
    message = str(caught.value)
    assert message.startswith(f"{path} does not look like a text table: ")
    assert said in message
    assert not any(word in message for word in PARSERS)


@pytest.mark.parametrize("command", ["metrics", "detect"])
def test_the_command_line_says_it_in_one_line(tmp_path, capsys, command):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    args = (["metrics", str(SAMPLE), "--feedback", str(path), "--touchpoint-column", "tp"]
            if command == "metrics" else ["detect", str(SAMPLE), str(path)])
    assert main(args) != 0
    err = capsys.readouterr().err
    assert f"{path} does not look like a text table: byte 0x00 at line 1" in err
    assert "spreadsheet or a compressed file" in err
    assert not any(word in err for word in PARSERS)


def test_text_with_a_few_odd_characters_is_still_read(tmp_path):
    path = tmp_path / "ok.csv"
    # a form feed and DOS's end-of-file mark are no reason to refuse a table
    path.write_bytes(b"touchpoint,comment\nbasket,fine\x0c\ncheckout,slow\n\x1a")
    assert list(read_table(path).frame["touchpoint"].astype(str)) == ["basket", "checkout"]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(min_size=1, max_size=3000),
                      st.lists(st.sampled_from([b"a", b",", b"\n", b"\r", b'"', b"\x00",
                                                b"\xff", b"\xfe", b"1", b";", b"\t",
                                                b"\xc3", b"\xa9"]),
                               min_size=1, max_size=200).map(b"".join)))
def test_arbitrary_bytes_never_escape_as_a_traceback(tmp_path, data):
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    try:
        read_table(path)
    except SourceError as exc:
        assert str(path) in str(exc)
        assert "Could not skip" not in str(exc) and "new-line character" not in str(exc)


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_the_import_dialog_says_it_too(qtbot, tmp_path):
    from test_app_feedback_import import WAIT
    from test_app_helpers import make_window

    from journeymap.model import load, save

    journey = load(SAMPLE)
    map_path = tmp_path / "map.journey.json"
    save(journey, map_path)
    data = tmp_path / "export.csv"
    data.write_bytes(zipped())
    window = make_window(qtbot, tmp_path, journey, str(map_path))
    dialog = window.feedback.import_file(str(data))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.error), timeout=WAIT)
    text = dialog.info.text()
    assert "Cannot read this file" in text and "does not look like a text table" in text
    assert "ZIP archive" in text and str(data) in text
    dialog.reject()
