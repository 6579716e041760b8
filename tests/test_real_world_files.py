"""Files as real exports come: semicolons with decimal commas, Windows-1252 and Latin-1,
UTF-16 and UTF-32 without a byte-order mark, Excel with several sheets, blank trailing
columns. Every one is read whole, detected, and analysed with nothing lost."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from journeymap.analytics import analyse, read_table
from journeymap.analytics.proposal import propose
from journeymap.analytics.reading import sniff_encoding
from journeymap.cli import main
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, save

ROWS = pd.DataFrame({"Étape": ["Café", "Caisse", "Café", "Livraison"] * 25,
                     "Note": [4.5, 2.0, 3.5, 1.0] * 25,
                     "Commentaire": [f"{text}, réponse n° {i}" for i, text in enumerate(
                         ["très bon €", "trop cher – vraiment", "ça va", "lent"] * 25)]})


def journey() -> Journey:
    j = Journey("Boutique")
    j.add_stage(Stage("s", "S"))
    for key, label in (("cafe", "Café"), ("caisse", "Caisse"), ("livraison", "Livraison")):
        j.add_touchpoint(Touchpoint(key, label, stage="s"))
    return j


def source(path, **options) -> FeedbackSource:
    return FeedbackSource("f", str(path), touchpoint_column="Étape", match="label",
                          metrics=[MetricColumn("Note", "rating", 1, 5)],
                          comment_column="Commentaire", options=options)


def check(path, **options) -> None:
    analysis = analyse(journey(), [source(path, **options)])
    assert analysis.kept_counts["f"] == len(ROWS), analysis.rejected_counts
    tps = analysis.touchpoints.set_index("touchpoint")
    assert tps.loc["cafe", "rating_mean"] == pytest.approx(4.0)   # 4,5 and 3,5
    assert tps.loc["caisse", "rating_mean"] == pytest.approx(2.0)


def test_semicolons_decimal_commas_and_windows_1252(tmp_path):
    path = tmp_path / "export.csv"
    ROWS.to_csv(path, sep=";", decimal=",", index=False, encoding="cp1252")
    assert b"4,5" in path.read_bytes() and b"\x80" in path.read_bytes()   # € in cp1252
    raw = read_table(path)
    assert (raw.encoding, raw.delimiter) == ("cp1252", ";")
    assert raw.frame["Commentaire"].iloc[0] == "très bon €, réponse n° 0"
    check(path)
    proposal = propose(raw, journey())
    assert proposal.touchpoint_column == "Étape" and proposal.comment == "Commentaire"


def test_latin_1_named_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    ROWS.assign(Commentaire="déçu").to_csv(path, sep=";", decimal=",", index=False,
                                          encoding="latin-1")
    check(path, encoding="latin-1")
    journey_path = tmp_path / "j.journey.json"
    save(journey(), journey_path)
    assert main(["detect", str(journey_path), str(path), "--encoding", "latin-1",
                 "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["encoding"] == "latin-1" and printed["touchpoint_column"] == "Étape"
    assert main(["metrics", str(journey_path), "--feedback", str(path), "--encoding",
                 "latin-1", "--metric", "Note=rating:1-5", "--touchpoint-column", "Étape",
                 "--format", "json"]) == 0
    rows = {r["touchpoint"]: r for r in json.loads(capsys.readouterr().out)["touchpoints"]}
    assert rows["cafe"]["rating_mean"] == pytest.approx(4.0)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32"])
def test_utf16_and_utf32_with_or_without_a_mark(tmp_path, encoding):
    path = tmp_path / "wide.csv"
    path.write_bytes(ROWS.to_csv(index=False).encode(encoding))
    assert sniff_encoding(path.read_bytes()[:65536]).replace("-", "").startswith(
        encoding.replace("-", "")[:5])
    raw = read_table(path)
    assert list(raw.frame.columns) == list(ROWS.columns)
    check(path)


def test_excel_with_several_sheets_and_blank_trailing_columns(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"notes": ["read me first"]}).to_excel(writer, sheet_name="About", index=False)
        ROWS.assign(**{" ": None}).to_excel(writer, sheet_name="Answers", index=False)
    first = read_table(path)
    assert first.sheets == ["About", "Answers"] and first.sheet == "About"
    answers = read_table(path, options={"sheet": "Answers"})
    assert list(answers.frame.columns) == list(ROWS.columns)
    check(path, sheet="Answers")
    with pytest.raises(Exception, match="no sheet 'Nope'"):
        read_table(path, options={"sheet": "Nope"})


def test_blank_trailing_columns_in_a_csv(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("Étape;Note;Commentaire;;\n" + "".join(
        f"{r['Étape']};{str(r['Note']).replace('.', ',')};{r['Commentaire']};;\n"
        for r in ROWS.to_dict("records")), encoding="utf-8")
    raw = read_table(path)
    assert list(raw.frame.columns) == list(ROWS.columns)
    check(path)
