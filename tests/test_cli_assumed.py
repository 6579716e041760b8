"""The command line applies the import dialog's proposal to a table given without a layout or
mapping (``journeymap.cli.assumed``), says on stderr what it assumed and how to pin it, lets
flags win, and refuses in one line when the proposal maps nothing."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics import read_table
from journeymap.analytics.proposal import propose
from journeymap.cli import main
from journeymap.model import load, save

from analytics_helpers import shop_journey
from test_analytics_realdata import OLIST, SURVEY, TWEETS, olist_journey, tweets_journey

AIR_TRIP = Path(__file__).resolve().parents[1] / "sample_journeys" / "air_trip.journey.json"


def run(capsys, *argv):
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def touchpoints(out: str) -> dict[str, dict]:
    return {t["touchpoint"]: t for t in json.loads(out)["touchpoints"]}


def pinned(err: str) -> list[str]:
    """The flags of the "to pin or change it" line, as a shell would split them."""
    line = next(x for x in err.splitlines() if "to pin or change it:" in x)
    return shlex.split(line.split("to pin or change it:", 1)[1].split(";")[0])


def test_the_real_survey_without_flags_is_read_as_the_dialog_proposes(realdata, capsys):
    survey = realdata / SURVEY
    proposal = propose(read_table(survey), load(AIR_TRIP))
    proposed = {c: tp for c, (tp, _, _) in proposal.column_matches.items() if tp}
    assert proposal.layout == "wide" and len(proposed) >= 5
    code, out, err = run(capsys, "metrics", AIR_TRIP, "--feedback", survey, "--format", "json")
    assert code == 0, err
    assert "no touchpoint column" not in err
    assert "layout wide: one column per touchpoint, rating on 1–5, 0 = not applicable" in err
    for column, tp in proposed.items():
        assert f"{column} → {tp}" in err
    assert "left out, no touchpoint above the threshold: " in err and "Gate location" in err
    assert "Seat comfort → seat-comfort (1.00)" in err  # its slug is the card's id
    assert "not used (" in err and "Flight Distance" in err
    tps = touchpoints(out)
    for tp in proposed.values():
        assert tps[tp]["n"] > 0
    # --layout wide alone uses the same fuzzy proposal, not exact names only
    code, wide_out, wide_err = run(capsys, "metrics", AIR_TRIP, "--feedback", survey,
                                   "--layout", "wide", "--format", "json")
    assert code == 0 and touchpoints(wide_out) == tps
    # the flags it prints pin the same reading, and with them nothing is assumed
    flags = pinned(err)
    assert flags[:2] == ["--layout", "wide"] and "--metric-kind" in flags
    code, pinned_out, pinned_err = run(capsys, "metrics", AIR_TRIP, "--feedback", survey,
                                       *flags, "--format", "json")
    assert code == 0 and "assumed for" not in pinned_err
    assert touchpoints(pinned_out) == tps


def test_explicit_flags_win_over_the_proposal(realdata, capsys):
    code, out, err = run(capsys, "metrics", AIR_TRIP, "--feedback", realdata / SURVEY,
                         "--layout", "wide", "--wide-column", "Seat comfort=Seat and legroom",
                         "--metric-kind", "rating:0-5", "--format", "json")
    assert code == 0 and "assumed for" not in err
    rated = {k: t for k, t in touchpoints(out).items() if t["n"]}
    assert list(rated) == ["seat-comfort"] and rated["seat-comfort"]["n"] == 25976
    code, _, err = run(capsys, "metrics", AIR_TRIP, "--feedback", realdata / SURVEY,
                       "--wide-column", "Seat comfort=the wing")
    assert code == 1 and err.count("\n") == 1
    assert "--wide-column Seat comfort=the wing: 'the wing' is no touchpoint" in err


def reasons(folder: Path) -> Path:
    from test_analytics_realdata import REASONS

    path = folder / "reasons.csv"
    path.write_text("".join(f"{k},{v or ''}\n" for k, v in REASONS.items()), encoding="utf-8")
    return path


def test_tweets_read_as_a_long_table_or_refused_with_what_to_pass(realdata, tmp_path, capsys):
    journey = tmp_path / "tweets.journey.json"
    save(tweets_journey(), journey)
    # the reasons name the cards only in part ("Customer Service Issue" → service): a guess
    # to review, not to apply, on the command line
    code, out, err = run(capsys, "metrics", journey, "--feedback", realdata / TWEETS,
                         "--format", "json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "the values of negativereason name touchpoints only in part (" in err
    assert "Flight Attendant Complaints → flight (0.66)" in err  # weakest first; wrong
    assert f"`journeymap detect {journey} {realdata / TWEETS} --save`" in err
    code, _, err = run(capsys, "detect", journey, realdata / TWEETS, "--save")
    assert code == 0, err
    # saved after review: the partial matches listed, the pin line names no placeholder
    assert "values matched by partial names: " in err
    assert "value,touchpoint lines" not in err
    assert "to pin or change it: `journeymap detect JOURNEY TABLE --save`" in err
    code, out, err = run(capsys, "metrics", journey, "--format", "json")
    assert code == 0 and "assumed for" not in err
    assert touchpoints(out)["service"]["n"] > 0
    code, out, err = run(capsys, "metrics", journey, "--feedback", realdata / TWEETS,
                         "--source-kind", "complaints", "--touchpoint-column", "negativereason",
                         "--value-map", reasons(tmp_path), "--format", "json")
    assert code == 0 and touchpoints(out)["service"]["complaint_count"] == 2910
    # the air trip's cards name none of the reasons: one line, naming the flags to pass
    code, out, err = run(capsys, "metrics", AIR_TRIP, "--feedback", realdata / TWEETS)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "negativereason looks like the touchpoint column" in err
    assert "--touchpoint-column negativereason --value-map FILE" in err


def test_olist_orders_as_feedback_and_as_a_wide_event_log(realdata, tmp_path, capsys):
    journey = tmp_path / "olist.journey.json"
    save(olist_journey(), journey)
    code, out, err = run(capsys, "metrics", journey, "--feedback", realdata / OLIST,
                         "--format", "json")
    assert code == 0, err
    assert "scores: review_score (rating 1–5)" in err
    assert touchpoints(out)["delivery"]["n"] > 3000
    code, out, err = run(capsys, "paths", journey, "--events", realdata / OLIST,
                         "--format", "json")
    assert code == 0, err
    assert "event log, wide: one row per id" in err
    assert "review_answer_timestamp → answer" in err and "--step-column" in err
    assert json.loads(out)["cases"] == 3584
    # pinned by hand: one step column
    code, out, err = run(capsys, "paths", journey, "--events", realdata / OLIST,
                         "--case-column", "id", "--step-column",
                         "order_purchase_timestamp=Order placed", "--step-column",
                         "order_delivered_customer_date=delivery", "--format", "json")
    assert code == 0 and "assumed for" not in err
    reached = {t["touchpoint"]: t["reached"] for t in json.loads(out)["touchpoints"]}
    assert reached["purchase"] == 3584 and reached["approval"] == 0
    # a journey none of whose cards the columns name: refused in one line
    code, _, err = run(capsys, "paths", Path(AIR_TRIP).with_name("online_order.journey.json"),
                       "--events", realdata / OLIST)
    assert code == 1 and err.count("\n") == 1 and "--step-column 'COLUMN=TOUCHPOINT'" in err


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.journey.json"
    save(shop_journey(), path)
    return path


def test_odd_names_and_a_seven_point_scale_in_a_semicolon_export(shop, tmp_path, capsys):
    labels = [tp.label for tp in shop_journey().touchpoints()]
    table = tmp_path / "export.csv"
    header = ["Resp. #", "Segment"] + [f"Q{i} – {label.upper()} (1-7)"
                                       for i, label in enumerate(labels[:3], 1)]
    rows = [[str(n), "ab"[n % 2]] + [str(1 + (n * (i + 2)) % 7) for i in range(3)]
            for n in range(40)]
    table.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--format", "json")
    assert code == 0, err
    assert "layout wide" in err and "rating on 1–7" in err
    rated = [t for t in touchpoints(out).values() if t["n"]]
    assert len(rated) == 3 and all(t["n"] == 40 for t in rated)


def test_text_not_applicable_values_are_written_back_as_flags_a_shell_reads(shop, tmp_path,
                                                                           capsys):
    """``--na N/A`` (text, not a number) on a wide table: the summary and the pin line give
    it back as typed, quoted for a shell, and the pinned flags read the same numbers."""
    labels = [tp.label for tp in shop_journey().touchpoints()]
    table = tmp_path / "wide.csv"
    rows = [",".join(labels[:3])] + [",".join(["N/A" if n % 20 == 0 else str(1 + n % 5),
                                               str(1 + (n * 2) % 5), "no answer" if n % 21 == 0
                                               else str(1 + (n * 3) % 5)]) for n in range(40)]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    na = ["--na", "N/A", "--na", "no answer"]
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, *na, "--format", "json")
    assert code == 0, err
    assert "unexpected error" not in err and "N/A/no answer = not applicable" in err
    flags = pinned(err)
    assert flags[flags.index("--na") + 1] == "N/A" and "no answer" in flags
    code, again, err = run(capsys, "metrics", shop, "--feedback", table, *flags,
                           "--format", "json")
    assert code == 0, err
    assert touchpoints(again) == touchpoints(out)


def test_a_long_tables_pin_line_keeps_its_not_applicable_value(shop, tmp_path, capsys):
    labels = [tp.label for tp in shop_journey().touchpoints()][:3]
    table = tmp_path / "long.csv"
    table.write_text("where,score\n" + "".join(
        f"{labels[n % 3]},{0 if n % 40 == 0 else 1 + n % 5}\n" for n in range(300)),
        encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--format", "json")
    assert code == 0 and "score (rating 1–5, 0 = not applicable)" in err, err
    flags = pinned(err)
    assert flags[-2:] == ["--na", "0"]
    code, again, err = run(capsys, "metrics", shop, "--feedback", table, *flags,
                           "--format", "json")
    assert code == 0 and "not applicable: 8" in err, err
    assert again == out


def test_text_not_applicable_on_the_real_survey(realdata, capsys):
    code, _, err = run(capsys, "metrics", AIR_TRIP, "--feedback", realdata / SURVEY,
                       "--na", "N/A", "--format", "json")
    assert code == 0, err
    assert "N/A" in pinned(err)


def test_wide_columns_of_words_are_refused_not_read_on_a_scale_of_nan(shop, tmp_path,
                                                                      capsys):
    table = tmp_path / "words.csv"
    table.write_text("Basket,Pay at checkout,who\nx,y,a\nz,w,b\nx,y,a\n", encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--layout", "wide")
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert f"{table}: columns Basket, Pay at checkout hold no numbers" in err
    assert "nan" not in err
    # a chosen score column is never a segment too
    table.write_text("Basket,Pay at checkout,who\n" + "".join(
        f"{1 + n % 5},{1 + n % 3},{'ab'[n % 2]}\n" for n in range(20)), encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--layout", "wide")
    assert code == 0, err
    segments = next(x for x in err.splitlines() if "segments" in x)
    assert "who" in segments and "Basket" not in segments


def test_long_column_names_are_shortened_in_the_summary_not_in_the_flags(shop, tmp_path,
                                                                         capsys):
    rated = "How would you rate " + "the overall experience of our shop " * 4  # no card
    unused = "Internal reference number assigned by the survey platform " * 3
    labels = [tp.label for tp in shop_journey().touchpoints()][:3]
    long_pay = labels[2] + " — " + ("please think of your last visit " * 3).strip()
    table = tmp_path / "long.csv"
    header = [*labels[:2], long_pay, rated, unused]
    rows = [[str(1 + (n * k) % 5) for k in (1, 2, 3, 4)] + [str(100000 + n * 7919)]
            for n in range(40)]
    import csv

    with table.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([header, *rows])
    code, _, err = run(capsys, "metrics", shop, "--feedback", table, "--format", "json")
    assert code == 0, err
    listed = [x for x in err.splitlines() if x.startswith(("  left out", "  not used"))]
    assert len(listed) >= 2
    for line in listed:
        assert rated not in line and unused not in line and len(line) < 300, line
    assert any(rated[:59] + "…" in x for x in listed)
    assert any(unused[:59] + "…" in x for x in listed)
    assert f"{long_pay}=pay" in pinned(err)  # the flags name it whole


def test_nothing_to_read_is_refused_in_one_line(shop, tmp_path, capsys):
    table = tmp_path / "nothing.csv"
    table.write_text("colour,size\nred,3\nblue,4\n", encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no column holds touchpoint ids or labels" in err and "--touchpoint-column" in err
    for command in (["render", shop, "--view", "heatmap", "-o", tmp_path / "x.png"],
                    ["drivers", shop, "--outcome", "size"], ["opportunities", shop],
                    ["themes", shop], ["evidence", shop]):
        code, _, err = run(capsys, *command, "--feedback", table)
        assert code == 1 and "no column holds touchpoint ids or labels" in err, command
        assert "unexpected error" not in err and not (tmp_path / "x.png").exists()


HEADER = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"),
                 max_size=12)
CELL = st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["", "x", "Basket", "browse",
                                                                "2024-01-05", "n/a"]))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headers=st.lists(HEADER, min_size=1, max_size=6),
       rows=st.lists(st.lists(CELL, min_size=6, max_size=6), max_size=8),
       layout=st.sampled_from([[], ["--layout", "wide"], ["--layout", "long"]]))
def test_any_header_gives_a_result_or_one_line_never_a_traceback(shop, tmp_path, capsys,
                                                                  headers, rows, layout):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(r[:len(headers)] for r in rows)
    table = tmp_path / "any.csv"
    table.write_text(buffer.getvalue(), encoding="utf-8")
    code, _, err = run(capsys, "metrics", shop, "--feedback", table, *layout)
    assert code in (0, 1)
    assert "unexpected error" not in err and "Traceback" not in err
    if code == 1:
        assert err.strip().splitlines()[-1].startswith("journeymap metrics: ")


# --------------------------------------------------------------------------- discover
def test_discover_drafts_a_journey_from_a_wide_event_log(realdata, tmp_path, capsys):
    """Olist's orders: one row per order, a timestamp column per step. discover reads them
    with the reader paths uses, and the draft's saved source reads back the same events."""
    draft = tmp_path / "orders.journey.json"
    code, _, err = run(capsys, "discover", realdata / OLIST, "-o", draft)
    assert code == 0, err
    assert "3,584 rows, 3,584 kept, 0 rejected" in err
    assert "one timestamp column per step: order_purchase_timestamp (Order purchase)" in err
    assert "note: events: dates without a time" in err  # the shared reader's own note
    journey = load(draft)
    (source,) = journey.sources
    assert source.layout == "wide" and source.case_column == "id"
    # the estimated delivery date is a plan, not an event: no step, and said so
    assert "order_estimated_delivery_date" not in source.wide_columns
    assert "note: left out as planned dates, not events: order_estimated_delivery_date" in err
    assert len(source.wide_columns) == 5 and set(source.wide_columns.values()) == set(
        journey.touchpoint_ids())
    labels = {tp.label for tp in journey.touchpoints()}
    assert {"Order purchase", "Order delivered customer", "Review answer"} <= labels
    code, out, err = run(capsys, "paths", draft, "--format", "json")
    assert code == 0, err
    walked = json.loads(out)
    assert walked["cases"] == 3584 and walked["fitness"] > 0.9
    cells = read_table(realdata / OLIST).frame[list(source.wide_columns)].notna().sum().sum()
    assert walked["events"] == cells
    # the steps chosen and named by hand
    code, _, err = run(capsys, "discover", realdata / OLIST, "-o", tmp_path / "two.journey.json",
                       "--step-column", "order_purchase_timestamp=Ordered",
                       "--step-column", "order_delivered_customer_date=Delivered")
    assert code == 0, err
    assert [tp.label for tp in load(tmp_path / "two.journey.json").touchpoints()] == [
        "Ordered", "Delivered"]


def test_discover_reads_a_wide_log_by_the_case_column_given(tmp_path, capsys):
    log = tmp_path / "visits.csv"
    rows = [f"Guest {n},2024-01-{n:02d} 10:00,2024-01-{n:02d} 11:00" for n in range(1, 21)]
    log.write_text("\n".join(["who,browse_at,pay_at", *rows]) + "\n", encoding="utf-8")
    draft = tmp_path / "draft.journey.json"
    code, _, err = run(capsys, "discover", log, "-o", draft, "--case-column", "who")
    assert code == 0, err
    (source,) = load(draft).sources
    assert source.case_column == "who" and list(source.wide_columns) == ["browse_at", "pay_at"]


@pytest.mark.parametrize("suffix", ["parquet", "xlsx", "csv"])
def test_a_named_parquet_or_excel_log_is_not_read_whole_to_propose(shop, tmp_path, capsys,
                                                                   monkeypatch, suffix):
    """Its header names the case, step and time columns: read by the engine as it is, no
    proposal (reading a million events twice) in between."""
    import pandas as pd

    import journeymap.cli.assumed as assumed

    frame = pd.DataFrame({"case_id": ["a", "a", "b"], "touchpoint": ["browse", "pay", "browse"],
                          "timestamp": ["2024-01-01 10:00", "2024-01-01 10:05",
                                        "2024-01-02 09:00"]})
    log = tmp_path / f"log.{suffix}"
    {"parquet": frame.to_parquet, "xlsx": frame.to_excel, "csv": frame.to_csv}[suffix](
        log, index=False)

    def no_proposal(*args, **kwargs):
        raise AssertionError("proposed")

    monkeypatch.setattr(assumed, "propose", no_proposal)
    code, out, err = run(capsys, "paths", shop, "--events", log, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["cases"] == 2 and "assumed for" not in err


def test_the_proposal_reads_only_one_file_the_pandas_engine_reads(tmp_path):
    import argparse

    from journeymap.cli.assumed import proposal_can_read

    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    assert proposal_can_read(argparse.Namespace(engine=""), str(table))
    assert not proposal_can_read(argparse.Namespace(engine="duckdb"), str(table))
    assert not proposal_can_read(argparse.Namespace(engine=""), str(tmp_path))
    assert not proposal_can_read(argparse.Namespace(engine=""), str(tmp_path / "*.csv"))


def test_every_col_equals_flag_splits_at_the_last_equals_sign(tmp_path, capsys):
    from journeymap.cli.discover import _step
    from journeymap.cli.feedback_options import column_metric, column_touchpoint

    name = "Rating (1=poor, 5=great)"
    assert column_touchpoint(f"{name}=seat-comfort") == (name, "seat-comfort")
    assert column_metric(f"{name}=rating:1-5").column == name
    assert _step(f"{name}=Rated") == (name, "Rated")
    assert _step("browse_at") == ("browse_at", "browse_at")
    log = tmp_path / "orders.csv"
    rows = [f"o{n},2024-01-{n:02d} 10:00,2024-01-{n:02d} 11:00" for n in range(1, 21)]
    log.write_text("\n".join(["order_id,paid (1=card),shipped_at", *rows]) + "\n",
                   encoding="utf-8")
    draft = tmp_path / "d.journey.json"
    code, _, err = run(capsys, "discover", log, "-o", draft, "--step-column",
                       "paid (1=card)=Paid", "--step-column", "shipped_at=Shipped")
    assert code == 0, err
    assert [tp.label for tp in load(draft).touchpoints()] == ["Paid", "Shipped"]


def test_planned_dates_in_any_of_several_languages_are_no_steps(shop, tmp_path, capsys):
    from journeymap.analytics.proposal import propose

    log = tmp_path / "orders.csv"
    header = ["order_id", "browse_at", "Basket date", "pay_at", "Delivery due date",
              "fecha_limite_pago", "Liefertermin geplant", "support_scheduled_at"]
    rows = [[f"o{n}"] + [f"2024-01-{n:02d} 1{k}:00" for k in range(7)] for n in range(1, 21)]
    log.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    proposal = propose(read_table(log), shop_journey())
    assert list(proposal.event_log["columns"]) == ["browse_at", "Basket date", "pay_at"]
    assert proposal.event_log["planned"] == header[4:]
    assert any(n.startswith("left out of the event log as planned dates") for n in
               proposal.notes)
    code, _, err = run(capsys, "paths", shop, "--events", log)
    assert code == 0, err
    assert "left out, planned dates rather than events: Delivery due date" in err
    assert "Delivery due date → " not in err


def test_discovered_steps_keep_the_accents_of_their_columns(tmp_path, capsys):
    from journeymap.analytics.proposal import step_name

    assert step_name("créé le") == "créé le"
    assert step_name("Livrée_date") == "Livrée"  # the time word dropped, the accent kept
    assert step_name("order_delivered_customer_date") == "order delivered customer"
    log = tmp_path / "commandes.csv"
    rows = [f"c{n},2024-01-{n:02d} 10:00,2024-01-{n:02d} 11:00,2024-01-{n + 1:02d} 09:00"
            for n in range(1, 21)]
    log.write_text("\n".join(["commande_id,créé le,payée_date,expédiée à", *rows]) + "\n",
                   encoding="utf-8")
    draft = tmp_path / "draft.journey.json"
    code, _, err = run(capsys, "discover", log, "-o", draft)
    assert code == 0, err
    assert [tp.label for tp in load(draft).touchpoints()] == ["Créé le", "Payée", "Expédiée à"]


def test_discover_and_paths_read_a_wide_log_alike_and_say_the_same(shop, tmp_path, capsys):
    log = tmp_path / "orders.csv"
    rows = [f"o{n},2024-01-{n:02d} 10:00,2024-01-{n:02d} 10:05," + (
        f"2024-01-{n:02d} 10:09" if n % 3 else "") for n in range(1, 21)]
    rows[1] = "o2,2024-01-02 11:00,not a time,"
    rows[2] = ",2024-01-03 09:00,2024-01-03 09:01,"
    log.write_text("\n".join(["order_id,browse_at,basket_at,pay_at", *rows]) + "\n",
                   encoding="utf-8")
    code, _, discovered = run(capsys, "discover", log, "-o", tmp_path / "d.journey.json")
    assert code == 0, discovered
    code, _, walked = run(capsys, "paths", shop, "--events", log)
    assert code == 0, walked
    for said in ("20 rows, 18 kept, 2 rejected", "missing case id: 1",
                 "unparseable timestamp: 1"):
        assert said in discovered and said in walked
    # no case column: the same words from both
    log.write_text("browse_at,basket_at\n2024-01-01 10:00,2024-01-01 10:05\n")
    code, _, discovered = run(capsys, "discover", log, "-o", tmp_path / "e.journey.json",
                              "--step-column", "browse_at", "--step-column", "basket_at")
    code2, _, walked = run(capsys, "paths", shop, "--events", log, "--step-column",
                           "browse_at=browse", "--step-column", "basket_at=basket")
    assert code == code2 == 1
    assert "no case column recognised among browse_at, basket_at" in discovered
    assert "no case column recognised among browse_at, basket_at" in walked


def test_flags_naming_the_scores_only_get_the_proposed_touchpoint_column(shop, tmp_path,
                                                                         capsys):
    table = tmp_path / "fuzzy.csv"
    table.write_text("where,score\nPay checkout,3\nbasket,9\nHome deliveries,10\n"
                     "Browse shop,7\nNowhere,5\n", encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--metric",
                         "score=nps", "--format", "json")
    # "basket" names a card; the others only in part ("Pay checkout"): those rows are set
    # aside as unknown touchpoints, listed, with the way to review and map them
    assert code == 0, err
    assert "touchpoint column where (matched by label: 1 of 5 rows)" in err
    assert "values named only in part, set aside" in err and "--save`" in err
    assert "unknown touchpoint: 4" in err
    assert [row["n"] for row in json.loads(out)["touchpoints"] if row["n"]] == [1]
    # none names a card exactly: refused, pointing to a review
    table.write_text("where,score\nPay checkout,3\nHome deliveries,10\nBrowse shop,7\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--metric",
                         "score=nps", "--format", "json")
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "the values of where name touchpoints only in part" in err and "--save`" in err
    table.write_text("where,score\nPay checkout,3\nbasket,9\nHome deliveries,10\n"
                     "Browse shop,7\nNowhere,5\n", encoding="utf-8")
    # a touchpoint column named by the flag is taken as it is: exact ids and labels only
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--metric",
                         "score=nps", "--touchpoint-column", "where", "--format", "json")
    assert code == 0 and "assumed" not in err and "unknown touchpoint: 4" in err
    # by labels: applied
    table.write_text("where,score\nPay at checkout,3\nbasket,9\nHome delivery,10\n"
                     "Browse the shop,7\nNowhere,5\n", encoding="utf-8")
    code, out, err = run(capsys, "metrics", shop, "--feedback", table, "--metric",
                         "score=nps", "--format", "json")
    assert code == 0, err
    assert "touchpoint column where (matched by label: 4 of 5 rows)" in err
    tps = touchpoints(out)
    assert [tps[k]["n"] for k in ("browse", "basket", "pay", "delivery")] == [1, 1, 1, 1]
    assert tps["pay"]["nps"] == -100


def test_detect_save_adds_the_proposal_as_a_source_the_commands_read(shop, tmp_path,
                                                                    capsys):
    table = tmp_path / "data" / "wide.csv"
    table.parent.mkdir()
    rows = [f"r{n},{1 + n % 5},{1 + (n * 3) % 5},{1 + (n * 2) % 5}" for n in range(30)]
    table.write_text("\n".join(["respondent,Browse the shop,Basket,Pay at checkout", *rows])
                     + "\n", encoding="utf-8")
    code, flagged, err = run(capsys, "metrics", shop, "--feedback", table, "--format", "json")
    assert code == 0 and "assumed for" in err
    code, _, err = run(capsys, "detect", shop, table, "--save")
    assert code == 0 and "source wide added (feedback, wide layout)" in err
    assert "to pin or change it:" in err  # what was assumed, said as the commands say it
    (source,) = load(shop).sources
    assert source.path == "data/wide.csv" and len(source.wide_columns) == 3
    code, saved, err = run(capsys, "metrics", shop, "--format", "json")
    assert code == 0 and "assumed for" not in err
    assert touchpoints(saved) == touchpoints(flagged)
    # nothing to map: refused, the journey file untouched
    before = shop.read_bytes()
    (tmp_path / "nothing.csv").write_text("colour,size\nred,3\nblue,4\n", encoding="utf-8")
    code, _, err = run(capsys, "detect", shop, tmp_path / "nothing.csv", "--save")
    assert code == 1 and "journeymap detect: " in err and shop.read_bytes() == before
