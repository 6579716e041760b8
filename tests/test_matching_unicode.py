"""Feedback values find their touchpoints by label in every script: case and accents are
ignored ("Café" is "CAFE"), letters of every script are kept ("Оплата", "支払い"), and a
label or value with nothing to match by (blank) matches nothing."""

from __future__ import annotations

import csv
import re
import string

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analytics import analyse, read_source
from journeymap.analytics.detect import (detect_touchpoint_column, normalise_name,
                                         shared_labels, touchpoint_keys, wide_columns)
from journeymap.analytics.feedback import UNKNOWN_TOUCHPOINT, touchpoint_resolver
from journeymap.analytics.naming import Matcher
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint


def journey_of(*touchpoints: tuple[str, str]) -> Journey:
    journey = Journey("Labels")
    journey.add_stage(Stage("all", "All"))
    for key, label in touchpoints:
        journey.add_touchpoint(Touchpoint(key, label, stage="all"))
    return journey


def by_label(journey: Journey, **options) -> object:
    return touchpoint_resolver(FeedbackSource("s", "x", match="label", **options), journey)


def test_case_and_accents_are_ignored_and_every_script_is_kept():
    assert {normalise_name(v) for v in ("Café", "cafe", "CAFÉ", "Cafe\u0301")} == {"cafe"}
    assert normalise_name("Оплата — картой") == normalise_name("ОПЛАТА: КАРТОЙ")
    assert normalise_name("Оплата — картой").startswith("оплата ")
    assert normalise_name("支払い") == "支払い"
    assert normalise_name("ＮＰＳ (0–10)") == "nps 0 10"           # full-width, en dash
    assert normalise_name("Straße") == normalise_name("STRASSE") == "strasse"
    assert normalise_name("Łódź") == normalise_name("LODZ") == "lodz"
    assert normalise_name("Ёлка") == normalise_name("елка")
    assert normalise_name("🛒") == normalise_name("—") == ""


def test_a_scripts_own_marks_spell_its_words():
    # Dropping them as accents would make "day" and "donation", "guide" and "kaido" one word.
    assert normalise_name("दिन") != normalise_name("दान")
    assert normalise_name("ガイド") != normalise_name("カイド")
    assert normalise_name("हिंदी सेवा").split() == [normalise_name("हिंदी"), normalise_name("सेवा")]


@given(st.text(alphabet=string.printable, max_size=40))
def test_plain_ascii_names_normalise_as_they_always_did(name):
    # Column-role detection (phrase_rank and friends) keys English phrases by this rule.
    assert normalise_name(name) == " ".join(re.findall(r"[0-9a-z]+", name.casefold()))


def test_labels_in_other_scripts_find_their_touchpoints_and_no_other():
    journey = journey_of(("pay", "Оплата"), ("ship", "Доставка"), ("shop", "支払い"),
                         ("cafe", "Café"))
    resolve = by_label(journey)
    assert [resolve(v) for v in ("оплата", " ДОСТАВКА ", "支払い", "CAFE", "café")] == \
        ["pay", "ship", "shop", "cafe", "cafe"]
    assert resolve("Возврат") == resolve("返品") == resolve("🛒") == "\x00unknown"
    assert shared_labels(journey) == {}


def test_a_touchpoint_without_a_label_matches_no_value():
    journey = journey_of(("blank", ""), ("spaces", "   "), ("cart", "🛒"), ("pay", "Оплата"))
    resolve = by_label(journey)
    assert [resolve(v) for v in ("Возврат", "", "  ", "—", "🛒", "Оплата", "BLANK")] == \
        ["\x00unknown"] * 4 + ["cart", "pay", "blank"]     # an id still finds it
    assert "" not in touchpoint_keys(journey)[1] and shared_labels(journey) == {}
    assert Matcher(journey).exact("Возврат") is None
    assert Matcher(journey).exact("🛒") == "cart"          # as the analytics match it


def test_a_value_map_in_another_script_maps_only_its_own_values():
    journey = journey_of(("pay", "Оплата"), ("ship", "Доставка"))
    resolve = by_label(journey, value_map={"Оплачено": "pay", "Отправлено": "ship"})
    assert [resolve(v) for v in ("оплачено", "ОТПРАВЛЕНО", "Оплата", "Возврат")] == \
        ["pay", "ship", "pay", "\x00unknown"]


def test_a_column_of_cyrillic_labels_is_recognised_and_its_rows_counted(tmp_path):
    journey = journey_of(("pay", "Оплата"), ("ship", "Доставка"), ("back", "Возврат"))
    frame = pd.DataFrame({"этап": ["оплата", "ДОСТАВКА", "Доставка", "возврат", "Отзыв"],
                          "nps": [9, 3, 4, 10, 7]})
    assert detect_touchpoint_column(frame, journey) == ("этап", "label")
    frame.to_csv(tmp_path / "survey.csv", index=False)
    table = read_source(FeedbackSource("survey", str(tmp_path / "survey.csv")), journey)
    assert table.source.touchpoint_column == "этап" and table.source.match == "label"
    assert table.rows["touchpoint"].value_counts().to_dict() == {"ship": 2, "pay": 1, "back": 1}
    assert table.rejected_counts == {UNKNOWN_TOUCHPOINT: 1}
    assert table.rejected.loc[0, "value"] == "Отзыв"


def test_a_utf16_table_and_value_map_as_excel_saves_unicode_text_are_read(tmp_path):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and tabs: its labels in any
    script match as those of a UTF-8 file do (read as Latin-1, they were NUL-riddled)."""
    from journeymap.cli.feedback_options import read_value_map

    journey = journey_of(("pay", "Оплата"), ("ship", "配送"), ("back", "Возврат"))
    for codec in ("utf-16-le", "utf-16-be"):
        bom = "\ufeff".encode(codec)
        (tmp_path / "survey.txt").write_bytes(bom + "этап\tnps\r\nоплата\t9\r\n配送\t3\r\n"
                                              "Касса\t4\r\n".encode(codec))
        table = read_source(FeedbackSource("survey", str(tmp_path / "survey.txt"),
                                           format="csv"), journey)
        assert table.source.touchpoint_column == "этап"
        counts = table.rows["touchpoint"].value_counts()
        assert counts[counts > 0].to_dict() == {"pay": 1, "ship": 1}
        assert table.rejected.loc[0, "value"] == "Касса"
        (tmp_path / "map.txt").write_bytes(bom + "Касса\tОплата\r\nお届け\tship\r\n"
                                           .encode(codec))
        assert read_value_map(str(tmp_path / "map.txt"), journey) == {"Касса": "pay",
                                                                      "お届け": "ship"}


def test_wide_columns_named_in_another_script_are_found():
    journey = journey_of(("pay", "Оплата"), ("ship", "Доставка"), ("shop", "支払い"))
    frame = pd.DataFrame({"ОПЛАТА": [5], "доставка ": [4], "支払い": [3], "Возраст": [40]})
    assert wide_columns(frame, journey) == {"ОПЛАТА": "pay", "доставка ": "ship",
                                            "支払い": "shop"}


def test_olist_cities_written_without_accents_find_their_accented_labels(realdata):
    """Olist writes São Paulo as "Sao Paulo" and "SAO PAULO" next to "Barra do Garças" and
    "Ji-Paraná": delivery regions labelled as a Brazilian would label them get them all."""
    path = realdata / "olist_classified_public_dataset.csv"
    regions = {"sp": "São Paulo", "garcas": "Barra do Garças", "parana": "Ji-Paraná",
               "buzios": "Armação dos Búzios", "avila": "Dias d’Ávila"}
    journey = journey_of(*regions.items())
    source = FeedbackSource("olist", str(path), touchpoint_column="customer_city",
                            match="label", metrics=[MetricColumn("review_score", "csat")])
    analysis = analyse(journey, [source])
    counts = analysis.touchpoints.set_index("touchpoint")["n"].to_dict()
    # The same count by hand: the spellings of these cities the file holds.
    with path.open(encoding="utf-8", newline="") as handle:
        cities = [row["customer_city"] for row in csv.DictReader(handle)]
    spellings = {"sp": {"Sao Paulo", "SAO PAULO"}, "garcas": {"Barra do Garças"},
                 "parana": {"Ji-Paraná"}, "buzios": {"Armação dos Búzios"},
                 "avila": {"Dias D'Ávila"}}
    expected = {key: sum(city in names for city in cities) for key, names in spellings.items()}
    assert expected["sp"] > 400 and all(expected.values())
    assert counts == expected
    assert analysis.rejected_counts["olist"][UNKNOWN_TOUCHPOINT] == \
        len(cities) - sum(expected.values())


@given(st.text(max_size=30))
def test_a_normalised_name_is_its_own_normal_form(name):
    # So a label and its key match alike, and keys are words separated by single spaces.
    key = normalise_name(name)
    assert normalise_name(key) == key
    assert key == " ".join(key.split())
