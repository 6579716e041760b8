"""Detection on the three real datasets with no hints at all (read from ../shared/realdata):
what the import dialog and ``journeymap detect`` propose must be right the first time."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from journeymap.analytics import analyse, read_table
from journeymap.analytics.proposal import propose
from journeymap.cli import main
from journeymap.model import save

from test_analytics_realdata import (OLIST, SERVICES, SURVEY, TWEETS, olist_journey,
                                     survey_journey, tweets_journey)


def test_passenger_survey_is_wide_with_every_rating_matched_and_zero_as_not_applicable(
        realdata):
    raw = read_table(realdata / SURVEY)
    journey = survey_journey()
    proposal = propose(raw, journey)
    assert (proposal.role, proposal.layout) == ("feedback", "wide")
    ratings = [c for c in proposal.columns if c.role == "measure"]
    labels = sum(SERVICES.values(), [])
    assert sorted(c.name for c in ratings) == sorted(labels) and len(ratings) == 14
    for c in ratings:
        assert journey.touchpoint(c.touchpoint).label == c.name
        assert c.kind == "rating" and c.confidence == 1.0
    # "Departure/Arrival time convenient" holds scores: never a timestamp
    assert not [c.name for c in proposal.columns if c.role == "timestamp"]
    assert proposal.column("Departure/Arrival time convenient").role == "measure"
    # 0 is rare next to 1: proposed as "not applicable" on 1–5, and said to be open
    assert all((c.scale, c.na, c.ambiguous) == ((1, 5), [0], True) for c in ratings)
    (question,) = proposal.scales
    assert question.counts[0] == sum(int((raw.frame[name] == 0).sum()) for name in labels)
    assert [c.scale for c in question.guess.choices] == [(1, 5), (0, 5)]
    # the proposal as a source reads the whole file, nothing lost
    source = proposal.source(str(realdata / SURVEY), "survey")
    analysis = analyse(journey, [source])
    assert analysis.kept_counts["survey"] == len(raw.frame) == 25976
    assert analysis.rejected_counts["survey"] == {}
    assert {"Gender", "Class", "Type of Travel"} <= set(proposal.segments)


def test_tweets_are_long_with_the_complaint_reason_as_touchpoint_column(realdata):
    raw = read_table(realdata / TWEETS)
    proposal = propose(raw, tweets_journey())
    assert (proposal.role, proposal.layout) == ("feedback", "long")
    assert proposal.touchpoint_column == "negativereason"
    assert proposal.column("airline_sentiment").kind == "sentiment"
    assert proposal.comment == "text" and proposal.timestamp == "tweet_created"
    assert "airline" in proposal.segments
    values = {v.value: v for v in proposal.values}
    assert values["Customer Service Issue"].touchpoint == "service"
    assert values["Late Flight"].touchpoint == "flight"
    assert values["Flight Booking Problems"].suggestions[0].touchpoint == "booking"
    assert values["Can't Tell"].touchpoint is None
    counts = pd.read_csv(realdata / TWEETS)["negativereason"].value_counts()
    assert {k: v.rows for k, v in values.items()} == counts.to_dict()


def test_olist_orders_offer_an_event_log_of_their_timestamps(realdata):
    raw = read_table(realdata / OLIST)
    proposal = propose(raw, olist_journey())
    log = proposal.event_log
    assert log is not None and log["layout"] == "wide" and log["case_column"] == "id"
    stamps = ["order_purchase_timestamp", "order_aproved_at",
              "order_delivered_customer_date", "review_creation_date",
              "review_answer_timestamp"]
    assert list(log["columns"]) == stamps
    assert log["planned"] == ["order_estimated_delivery_date"]  # a plan, not an event
    assert log["columns"]["review_answer_timestamp"] == "answer"
    # counts of votes are small whole numbers, but no scores
    assert all(proposal.column(c).role != "measure" for c in raw.frame.columns
               if c.startswith("votes_"))
    assert proposal.column("review_score").kind == "rating"
    assert proposal.column("review_score").scale == (1, 5)


def test_journeymap_detect_prints_the_proposal_as_json(realdata, tmp_path, capsys):
    journey = tmp_path / "survey.journey.json"
    save(survey_journey(), journey)
    assert main(["detect", str(journey), str(realdata / SURVEY), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["layout"] == "wide" and printed["encoding"] == "utf-8"
    assert printed["delimiter"] == ","
    columns = {c["name"]: c for c in printed["columns"]}
    wifi = columns["Inflight wifi service"]
    assert (wifi["role"], wifi["kind"], wifi["scale"], wifi["na"], wifi["ambiguous"]) == \
        ("measure", "rating", [1, 5], [0], True)
    assert wifi["touchpoint"] == "inflight-wifi-service" and wifi["confidence"] == 1.0
    assert columns["Age"]["role"] is None
    assert printed["scales"][0]["choices"][0]["text"].startswith("1–5")
    assert main(["detect", str(journey), str(realdata / SURVEY)]) == 0
    table = capsys.readouterr().out
    assert "wide layout" in table and "1–5 n/a 0 ?" in table


@pytest.mark.parametrize("name", [SURVEY, TWEETS, OLIST])
def test_detect_never_fails_on_real_data(realdata, name, tmp_path, capsys):
    journey = tmp_path / "j.journey.json"
    save(tweets_journey(), journey)
    assert main(["detect", str(journey), str(realdata / name)]) == 0
    assert capsys.readouterr().err == ""
