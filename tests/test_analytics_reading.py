"""Reading feedback tables: formats, sniffing, layouts, value maps and rejected rows."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics import SourceError, read_source, read_table
from journeymap.analytics.feedback import (MALFORMED, MISSING_TOUCHPOINT, NO_SCORE,
                                           NO_TOUCHPOINT, NOT_APPLICABLE, OUT_OF_RANGE,
                                           UNKNOWN_TOUCHPOINT, UNPARSEABLE)
from journeymap.analytics.reading import sniff_delimiter, sniff_encoding
from journeymap.model import FeedbackSource, MetricColumn

from analytics_helpers import shop_journey

ROWS = [("browse", 9, 5, "Lovely, fast, clear: très bien", "web"),
        ("basket", 3, 2, "Totally confusing; gave up", "app"),
        ("pay", 10, 4, 'Quoted "fine", with a\nline break', "web"),
        ("delivery", 6, 1, "Café closed, parcel lost", "app")]


def write_csv(path, delimiter=",", encoding="utf-8", newline="\n"):
    lines = [delimiter.join(["touchpoint", "nps", "csat", "comment", "channel"])]
    for tp, nps, csat, comment, channel in ROWS:
        quoted = '"' + comment.replace('"', '""') + '"'
        lines.append(delimiter.join([tp, str(nps), str(csat), quoted, channel]))
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def long_source(path, **changes) -> FeedbackSource:
    return FeedbackSource("s", str(path), **changes)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_dialects_read_the_same(tmp_path, delimiter, encoding, newline):
    path = write_csv(tmp_path / "f.csv", delimiter, encoding, newline)
    table = read_source(long_source(path), shop_journey())
    assert table.rejected_counts == {}
    rows = table.rows
    assert list(rows["touchpoint"].astype(str)) == [r[0] for r in ROWS]
    assert list(rows["nps"]) == [9, 3, 10, 6]
    assert list(rows["comment"]) == [r[3] for r in ROWS]  # accents, quotes, line breaks


def test_sniffing_helpers():
    assert sniff_encoding(b"\xef\xbb\xbfa,b") == "utf-8-sig"
    # Windows-1252 reads Latin-1 letters the same and knows € and curly quotes besides;
    # a byte it leaves undefined (0x81) means Latin-1
    assert sniff_encoding("café".encode("latin-1") + b",x\n" * 10) == "cp1252"
    assert sniff_encoding("café".encode("latin-1") + b"\x81,x\n" * 10) == "latin-1"
    assert sniff_encoding("café,x".encode()) == "utf-8"
    # A multi-byte character cut at the end of the sample is still UTF-8.
    assert sniff_encoding("abc,é".encode()[:-1]) == "utf-8"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"


def test_other_formats_give_the_same_rows(tmp_path):
    frame = pd.DataFrame(ROWS, columns=["touchpoint", "nps", "csat", "comment", "channel"])
    frame.to_excel(tmp_path / "f.xlsx", index=False)
    frame.to_parquet(tmp_path / "f.parquet")
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(r) for r in
                                                frame.to_dict("records")) + "\n")
    expected = read_source(long_source(write_csv(tmp_path / "f.csv")), shop_journey()).rows
    for name in ("f.xlsx", "f.parquet", "f.jsonl"):
        rows = read_source(long_source(tmp_path / name), shop_journey()).rows
        assert list(rows["touchpoint"].astype(str)) == list(expected["touchpoint"].astype(str))
        assert list(rows["nps"]) == list(expected["nps"]), name
        assert list(rows["csat"]) == list(expected["csat"]), name


def test_unreadable_inputs_raise_source_error_naming_the_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_table(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty.csv"):
        read_table(empty)
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    with pytest.raises(SourceError, match="bad.parquet"):
        read_table(bad)
    path = write_csv(tmp_path / "f.csv")
    with pytest.raises(SourceError, match="'nope' is not in the table"):
        read_source(long_source(path, touchpoint_column="nope"), shop_journey())


def test_malformed_lines_are_rejected_not_fatal(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("touchpoint,nps\nbrowse,9\nbasket,3,extra,fields\npay,10\n")
    table = read_source(long_source(path), shop_journey())
    assert len(table.rows) == 2
    assert table.rejected_counts == {MALFORMED: 1}
    assert table.rejected.loc[0, "line"] == 3
    assert table.input_rows == 3 and table.kept_rows == 2


def test_touchpoints_by_id_label_and_value_map(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("where,score\n BROWSE ,9\nBasket,8\npay at checkout,7\nPay-At-Checkout!,7\n"
                    "payment,2\nsomething else,5\nunsure,5\n,4\n")
    journey = shop_journey()
    metrics = [MetricColumn("score", "nps")]
    by_id = read_source(long_source(path, touchpoint_column="where", metrics=metrics), journey)
    assert list(by_id.rows["touchpoint"].astype(str)) == ["browse", "basket"]
    assert by_id.rejected_counts == {UNKNOWN_TOUCHPOINT: 5, MISSING_TOUCHPOINT: 1}
    by_label = read_source(long_source(path, touchpoint_column="where", match="label",
                                       metrics=metrics), journey)
    assert list(by_label.rows["touchpoint"].astype(str)) == ["browse", "basket", "pay", "pay"]
    mapped = read_source(long_source(path, touchpoint_column="where", match="map",
                                     value_map={"payment": "pay", "unsure": None},
                                     metrics=metrics), journey)
    assert list(mapped.rows["touchpoint"].astype(str)) == ["browse", "basket", "pay", "pay",
                                                          "pay"]
    assert mapped.rejected_counts == {UNKNOWN_TOUCHPOINT: 1, NO_TOUCHPOINT: 1,
                                      MISSING_TOUCHPOINT: 1}
    unknown = mapped.rejected[mapped.rejected["reason"] == UNKNOWN_TOUCHPOINT]
    assert list(unknown["value"]) == ["something else"]
    assert list(unknown["row"]) == [6]
    assert list(unknown["where"]) == ["something else"]  # the original columns come along


def test_scores_out_of_range_unparseable_and_not_applicable(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("touchpoint,nps,rating,comment\n"
                    "browse,9,3,\n"
                    "browse,11,3,\n"          # NPS out of range
                    "basket,nine,2,\n"        # unparseable
                    "basket,,0,\n"            # rating not applicable, no other score
                    "pay,,,just a comment\n"  # kept: a comment is evidence
                    "pay,,,\n"                # nothing at all
                    "pay,7,0,\n")             # NPS kept, rating n/a
    source = long_source(path, metrics=[MetricColumn("nps", "nps"),
                                        MetricColumn("rating", "rating", 1, 5, [0])])
    table = read_source(source, shop_journey())
    assert table.rejected_counts == {OUT_OF_RANGE: 1, UNPARSEABLE: 1, NOT_APPLICABLE: 1,
                                     NO_SCORE: 1}
    assert table.kept_rows + len(table.rejected) == table.input_rows == 7
    rows = table.rows
    assert list(rows["row"]) == [1, 5, 7]
    assert rows["rating"].iloc[0] == pytest.approx(0.5)  # 3 on 1..5
    assert np.isnan(rows["rating"].iloc[2])
    bad = table.rejected.set_index("row")
    assert bad.loc[2, "column"] == "nps" and bad.loc[2, "value"] == "11"
    assert bad.loc[3, "value"] == "nine"


def test_detection_of_common_column_names(tmp_path):
    frame = pd.DataFrame({
        "Touchpoint": ["browse", "pay"], "Likelihood to recommend": [9, 2],
        "Satisfaction": [5, 1], "Customer effort": [2, 7], "review_score": [4, 1],
        "Sentiment": ["positive", "negative"], "sentiment_confidence": [0.9, 0.8],
        "Complaint": ["no", "yes"], "Comments": ["fine", "awful"],
        "created_at": ["2024-01-02", "2024-02-03"]})
    frame.to_csv(tmp_path / "f.csv", index=False)
    table = read_source(long_source(tmp_path / "f.csv"), shop_journey())
    kinds = {m.kind: m.column for m in table.source.metrics}
    assert kinds == {"nps": "Likelihood to recommend", "csat": "Satisfaction",
                     "ces": "Customer effort", "rating": "review_score",
                     "sentiment": "Sentiment", "flag": "Complaint"}
    assert table.source.touchpoint_column == "Touchpoint"
    assert table.source.comment_column == "Comments"
    assert table.source.timestamp_column == "created_at"
    # The rating's scale was not declared: assumed from the data, and the user is told.
    rating = next(m for m in table.source.metrics if m.kind == "rating")
    assert (rating.minimum, rating.maximum) == (1, 5)
    assert any("not declared" in note for note in table.notes)
    row = table.rows.iloc[1]
    assert (row["nps"], row["csat"], row["ces"], row["sentiment"], row["flag"]) == \
        (2, 1, 7, -1, 1)
    assert bool(row["negative"]) and not bool(table.rows.iloc[0]["negative"])


def test_touchpoint_column_found_by_its_values(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("step_name,nps\nBasket,9\nHome delivery,3\n")
    table = read_source(long_source(path), shop_journey())
    assert table.source.touchpoint_column == "step_name"
    assert table.source.match == "label"
    assert list(table.rows["touchpoint"].astype(str)) == ["basket", "delivery"]


def test_wide_layout_with_not_applicable(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("id,Browse the shop,Basket,Pay at checkout,segment\n"
                    "1,5,0,4,a\n"     # basket n/a
                    "2,0,0,0,b\n"     # all n/a
                    "3,6,2,1,a\n"     # 6 out of range: the respondent is rejected whole
                    "4,1,x,3,b\n"     # unparseable
                    "5,2,,3,b\n")     # empty cell = not answered
    source = FeedbackSource("w", str(path), layout="wide", segment_columns=["segment"],
                            metrics=[MetricColumn("", "rating", 1, 5, [0])])
    table = read_source(source, shop_journey())
    assert table.source.wide_columns == {"Browse the shop": "browse", "Basket": "basket",
                                         "Pay at checkout": "pay"}
    assert table.rejected_counts == {NOT_APPLICABLE: 1, OUT_OF_RANGE: 1, UNPARSEABLE: 1}
    assert table.kept_rows == 2 and table.input_rows == 5
    rows = table.rows
    assert list(zip(rows["row"], rows["touchpoint"].astype(str))) == [
        (1, "browse"), (1, "pay"), (5, "browse"), (5, "pay")]
    assert list(rows["rating"]) == [1.0, 0.75, 0.25, 0.5]
    assert list(rows["segment"].astype(str)) == ["a", "a", "b", "b"]


def test_timestamps_parsed_to_utc_and_bad_ones_rejected(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("touchpoint,nps,when\nbrowse,9,2015-02-24 11:35:52 -0800\n"
                    "pay,3,24/02/2015\nbasket,5,yesterday\nbasket,5,\n")
    table = read_source(long_source(path, timestamp_column="when"), shop_journey())
    stamps = table.rows["timestamp"]
    assert str(stamps.iloc[0]) == "2015-02-24 19:35:52+00:00"
    assert str(stamps.iloc[1].date()) == "2015-02-24"
    assert pd.isna(stamps.iloc[2])  # no timestamp is not an error for feedback
    assert table.rejected_counts == {"unparseable timestamp": 1}


def test_impossible_timestamps_are_rejected_not_read_another_way(tmp_path):
    # A day-first reading would turn month 13 into 13 January and a bare time into today.
    path = tmp_path / "f.csv"
    path.write_text("touchpoint,nps,when\nbrowse,9,2026-13-01T10:00:00\n"
                    "pay,3,2026-06-31T10:00:00\nbasket,5,2026/13/01\nbasket,6,10:00\n"
                    "pay,7,2026-06-30T10:00:00\nbrowse,8,13/06/2026\n")
    table = read_source(long_source(path, timestamp_column="when"), shop_journey())
    assert table.rejected_counts == {"unparseable timestamp": 4}
    rejected = table.rejected
    assert list(rejected["column"]) == ["when"] * 4
    assert list(rejected["value"]) == ["2026-13-01T10:00:00", "2026-06-31T10:00:00",
                                       "2026/13/01", "10:00"]
    assert [str(t.date()) for t in table.rows["timestamp"]] == ["2026-06-30", "2026-06-13"]
    assert table.input_rows == table.kept_rows + len(rejected)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(
    st.sampled_from(["browse", "basket", "pay", "Basket", "nowhere", "", "skip"]),
    st.one_of(st.integers(-3, 13), st.sampled_from(["", "n/a", "abc", "7.5"])),
    st.sampled_from(["", "ok", "bad"])), min_size=1, max_size=40))
def test_kept_plus_rejected_is_always_the_input(tmp_path, cells):
    path = tmp_path / "h.csv"
    frame = pd.DataFrame(cells, columns=["touchpoint", "nps", "comment"])
    frame.to_csv(path, index=False)
    source = long_source(path, match="map", value_map={"skip": None},
                         metrics=[MetricColumn("nps", "nps", na=["n/a"])],
                         comment_column="comment")
    table = read_source(source, shop_journey())
    assert table.kept_rows + sum(table.rejected_counts.values()) == len(cells)
    assert table.kept_rows == len(table.rows)
    assert set(table.rows["row"]).isdisjoint(set(table.rejected["row"]))
    assert table.rows["nps"].dropna().between(0, 10).all()


def test_big_csv_with_quoted_line_breaks_across_blocks(tmp_path, monkeypatch):
    # Read "the fast way" first (as files above 8 MB are); line breaks inside quoted
    # comments that straddle pyarrow's 1 MB blocks must still come out whole.
    from journeymap.analytics import reading

    monkeypatch.setattr(reading, "_CAREFUL_BELOW", 0)
    comment = "first line\nsecond line, with a comma\nthird"
    lines = ["touchpoint,nps,comment"] + [f'browse,{i % 11},"{comment} {i}"'
                                          for i in range(60000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size > 2 << 20
    table = read_source(long_source(path), shop_journey())
    assert table.rejected_counts == {}
    assert len(table.rows) == 60000
    assert table.rows["comment"].iloc[-1] == f"{comment} 59999"


def test_latin1_byte_after_the_sniffed_sample(tmp_path):
    path = tmp_path / "late.csv"
    body = "touchpoint,nps,comment\n" + "browse,9,fine\n" * 6000 + "pay,3,caf\xe9 ferm\xe9\n"
    path.write_bytes(body.encode("latin-1"))
    assert path.stat().st_size > 64 * 1024
    table = read_source(long_source(path), shop_journey())
    assert table.rows["comment"].iloc[-1] == "café fermé"
    assert len(table.rows) == 6001


def test_a_table_with_a_header_only(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("touchpoint,nps\n")
    table = read_source(long_source(path), shop_journey())
    assert table.input_rows == 0 and len(table.rows) == 0 and table.rejected_counts == {}


@pytest.mark.parametrize("late, fits", [("", True), ("2024-03-01 10:00:00.5", False),
                                        ("soon", False), ("7", False), ("n/a", True)])
def test_big_csv_read_with_the_samples_types_is_read_as_inferred(tmp_path, monkeypatch, late,
                                                                  fits):
    """Big files are read with the column types pyarrow infers from the first 64 KiB
    declared (so it need not keep every parsed block while it infers); a later value that
    does not fit (a fraction of a second, text, a number in a time column) makes the file
    be read as before. Either way the table is the one full inference gives."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from journeymap.analytics import reading

    stamps = pd.date_range("2024-03-01", periods=20000, freq="min").strftime("%Y-%m-%d %H:%M:%S")
    lines = ["case_id,touchpoint,timestamp,score"] + [
        f"c{i % 997},browse,{t},{i % 11}" for i, t in enumerate(stamps)]
    if late:
        lines[-3] = f"c1,browse,{late},{late}"
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n")
    expected = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={"case_id": pa.string(), "touchpoint": pa.string()},
        strings_can_be_null=True, quoted_strings_can_be_null=True,
        null_values=list(reading.MISSING))).to_pandas()
    monkeypatch.setattr(reading, "_CAREFUL_BELOW", 0)  # the way files above 8 MB are read
    real, hinted = reading._read_with_sampled_types, []
    monkeypatch.setattr(reading, "_read_with_sampled_types",
                        lambda *args: hinted.append(real(*args)) or hinted[-1])
    frame = read_table(path, text_columns=["touchpoint"], id_columns=["case_id"]).frame
    pd.testing.assert_frame_equal(frame.astype({"touchpoint": str}), expected)
    assert (hinted[0] is not None) == fits


def test_a_big_csv_with_a_byte_order_mark_is_read_with_the_samples_types(tmp_path, monkeypatch):
    """A UTF-8 byte order mark does not make a line end more than one byte: the file still
    gets the declared-types read (no full inference holding every parsed block)."""
    from journeymap.analytics import reading

    lines = ["case_id,touchpoint,score"] + [f"c{i % 97},browse,{i % 11}" for i in range(5000)]
    path = tmp_path / "bom.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    monkeypatch.setattr(reading, "_CAREFUL_BELOW", 0)  # the way files above 8 MB are read
    real, hinted = reading._read_with_sampled_types, []
    monkeypatch.setattr(reading, "_read_with_sampled_types",
                        lambda *args: hinted.append(real(*args)) or hinted[-1])
    frame = read_table(path, text_columns=["touchpoint"], id_columns=["case_id"]).frame
    assert list(frame.columns) == ["case_id", "touchpoint", "score"]
    assert frame["score"].tolist() == [i % 11 for i in range(5000)]
    assert hinted and hinted[0] is not None
