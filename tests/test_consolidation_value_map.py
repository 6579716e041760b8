"""A value map's targets find their touchpoints by the analytics' own rule: with two
touchpoints sharing a label, ``--value-map`` and matching data values by label pick the
same one (the first in the journey), and the user is told the label is ambiguous."""

from __future__ import annotations

import json

import pytest

from journeymap.cli import main
from journeymap.cli.feedback_options import read_value_map
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, save


def twin_journey() -> Journey:
    """Two checkouts labelled alike ("Pay"), on the web and in the app, and one "Basket"."""
    journey = Journey("Twins")
    journey.add_stage(Stage("buy", "Buy"))
    for key, label, channel in (("basket", "Basket", "web"), ("pay-web", "Pay", "web"),
                                ("pay-app", "pay!", "app")):
        journey.add_touchpoint(Touchpoint(key, label, stage="buy", channel=channel))
    return journey


@pytest.fixture
def files(tmp_path):
    journey_path = tmp_path / "twins.journey.json"
    save(twin_journey(), journey_path)
    (tmp_path / "survey.csv").write_text(
        "where,likelihood\n" + "".join(f"{w},{s}\n" for w, s in
                                       [("checkout", 2), ("checkout", 3), ("Pay", 9),
                                        ("basket", 10)]))
    (tmp_path / "map.csv").write_text("value,touchpoint\ncheckout,PAY\n")
    return tmp_path, journey_path


def test_a_shared_label_means_the_same_touchpoint_in_a_value_map_and_in_the_data(files):
    from journeymap.analytics import analyse
    from journeymap.analytics.feedback import touchpoint_resolver

    folder, _ = files
    journey = twin_journey()
    notes: list[str] = []
    mapped = read_value_map(str(folder / "map.csv"), journey, notes)
    by_label = touchpoint_resolver(FeedbackSource("s", "x", match="label"), journey)
    assert mapped == {"checkout": "pay-web"} and by_label("PAY") == "pay-web"
    # ... and the rows: "checkout" through the value map, "Pay" by label, both to pay-web
    source = FeedbackSource("survey", str(folder / "survey.csv"), touchpoint_column="where",
                            match="map", value_map=mapped,
                            metrics=[MetricColumn("likelihood", "nps")])
    touchpoints = analyse(journey, [source], base_dir=folder).touchpoints.set_index(
        "touchpoint")
    assert touchpoints.loc["pay-web", "n"] == 3 and touchpoints.loc["pay-app", "n"] == 0
    assert notes == [f"{folder / 'map.csv'}, line 2: 'PAY' is the label of 2 touchpoints "
                     "(pay-web, pay-app); pay-web is used, the first in the journey: write "
                     "the id to choose another"]


def test_an_id_is_never_ambiguous(files):
    folder, _ = files
    (folder / "ids.csv").write_text("checkout,Pay-App\nbasket,Basket\n")
    notes: list[str] = []
    assert read_value_map(str(folder / "ids.csv"), twin_journey(), notes) == {
        "checkout": "pay-app", "basket": "basket"}
    assert notes == []


def test_the_command_line_says_which_touchpoint_an_ambiguous_label_means(files, capsys):
    folder, journey_path = files
    code = main(["metrics", str(journey_path), "--feedback", str(folder / "survey.csv"),
                 "--touchpoint-column", "where", "--value-map", str(folder / "map.csv"),
                 "--metric", "likelihood=nps", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "note: " in err and "'PAY' is the label of 2 touchpoints (pay-web, pay-app)" in err
    rows = {r["touchpoint"]: r for r in json.loads(out)["touchpoints"]}
    assert rows["pay-web"]["n"] == 3 and rows["pay-app"]["n"] == 0


def test_errors_still_name_the_file_the_line_and_the_target(files):
    from journeymap.analytics import SourceError

    folder, _ = files
    (folder / "bad.csv").write_text("value;touchpoint\ncheckout;Pay\nlost;the moon\n")
    with pytest.raises(SourceError, match=r"bad\.csv, line 3: 'the moon' is no touchpoint id "
                                          r"or label of the journey"):
        read_value_map(str(folder / "bad.csv"), twin_journey())
    # punctuation alone is no label: it does not match a label that is punctuation alone
    journey = twin_journey()
    journey.add_touchpoint(Touchpoint("tbd", "???", stage="buy"))
    (folder / "dots.csv").write_text("value,touchpoint\nlater,...\n")
    with pytest.raises(SourceError, match=r"dots\.csv, line 2: '\.\.\.' is no touchpoint"):
        read_value_map(str(folder / "dots.csv"), journey)


def test_a_value_mapped_twice_to_different_touchpoints_names_both_lines(files):
    from journeymap.analytics import SourceError

    folder, _ = files
    # the same mapping twice (by label, then by id) is harmless; a contradiction is not
    (folder / "twice.csv").write_text("value,touchpoint\nКасса,pay-web\nお届け,Basket\n"
                                      "Касса,PAY\nКасса,basket\n")
    with pytest.raises(SourceError, match=r"twice\.csv, line 5: 'Касса' is mapped to basket "
                                          r"here and to pay-web on line 2"):
        read_value_map(str(folder / "twice.csv"), twin_journey())
    (folder / "gone.csv").write_text("checkout,basket\ncheckout,\n")
    with pytest.raises(SourceError, match=r"gone\.csv, line 2: 'checkout' is mapped to no "
                                          r"touchpoint here and to basket on line 1"):
        read_value_map(str(folder / "gone.csv"), twin_journey())
    (folder / "again.csv").write_text("Касса,pay-web\nКасса,Pay\nお届け,Basket\n")
    assert read_value_map(str(folder / "again.csv"), twin_journey()) == {
        "Касса": "pay-web", "お届け": "basket"}
