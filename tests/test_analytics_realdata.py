"""The analytics on three real public datasets (read from ../shared/realdata, never copied).

Each test builds the small journey a consultant would draw for the data and checks the
numbers against a plain pandas computation on the same file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from journeymap.analytics import analyse
from journeymap.model import FeedbackSource, Journey, MetricColumn, Stage, Touchpoint, Transition

TWEETS = "airline_tweets_Tweets.csv"
SURVEY = "airline_passenger_satisfaction_test.csv"
OLIST = "olist_classified_public_dataset.csv"


def build(title, stages, edges=()) -> Journey:
    journey = Journey(title)
    for stage, touchpoints in stages.items():
        journey.add_stage(Stage(stage, stage.title()))
        for key, label in touchpoints:
            journey.add_touchpoint(Touchpoint(key, label, stage=stage, emotion=0))
    for a, b in edges:
        journey.connect(Transition(a, b))
    return journey


# ------------------------------------------------------------------ airline tweets (long)
REASONS = {"Flight Booking Problems": "booking", "Customer Service Issue": "service",
           "longlines": "check-in", "Late Flight": "flight", "Cancelled Flight": "flight",
           "Bad Flight": "flight", "Flight Attendant Complaints": "crew",
           "Lost Luggage": "baggage", "Damaged Luggage": "baggage", "Can't Tell": None}


def tweets_journey() -> Journey:
    return build("Flying", {
        "plan": [("booking", "Booking"), ("service", "Customer service")],
        "airport": [("check-in", "Check-in")],
        "air": [("flight", "The flight"), ("crew", "Cabin crew")],
        "arrive": [("baggage", "Baggage claim")]})


@pytest.fixture
def tweets_source(realdata):
    return FeedbackSource("tweets", str(realdata / TWEETS), touchpoint_column="negativereason",
                          match="map", value_map=REASONS,
                          metrics=[MetricColumn("airline_sentiment", "sentiment")],
                          comment_column="text", segment_columns=["airline"],
                          timestamp_column="tweet_created")


def test_tweets_with_a_value_map(realdata, tweets_source):
    raw = pd.read_csv(realdata / TWEETS)
    analysis = analyse(tweets_journey(), [tweets_source])
    counts = analysis.rejected_counts["tweets"]
    # Positive and neutral tweets name no reason; "Can't Tell" is known to be no touchpoint.
    assert counts == {"missing touchpoint": int(raw["negativereason"].isna().sum()),
                      "maps to no touchpoint": int((raw["negativereason"] == "Can't Tell").sum())}
    assert analysis.kept_counts["tweets"] + sum(counts.values()) == len(raw) == 14640
    expected = raw["negativereason"].map(REASONS).value_counts()
    tps = analysis.touchpoints.set_index("touchpoint")
    assert tps["n"].to_dict() == expected.to_dict()
    assert (tps["sentiment_negative"] == 1).all()          # every reason is a complaint
    assert analysis.friction_ranking["touchpoint"].iloc[0] == "flight"  # the biggest pile
    rejected = analysis.rejected
    assert set(rejected.loc[rejected["reason"] == "maps to no touchpoint", "value"]) == \
        {"Can't Tell"}
    assert len(analysis.rows) == analysis.kept_counts["tweets"]
    assert str(analysis.rows["timestamp"].dt.tz) == "UTC"   # -0800 offsets normalised


def test_tweets_by_airline_and_week(realdata, tweets_source):
    raw = pd.read_csv(realdata / TWEETS)
    by_airline = analyse(tweets_journey(), [tweets_source], by="segment:airline")
    assert set(by_airline.touchpoints["segment"]) == set(raw["airline"])
    table = by_airline.touchpoints.set_index(["touchpoint", "segment"])
    mapped = raw.assign(tp=raw["negativereason"].map(REASONS)).dropna(subset=["tp"])
    expected = mapped.groupby(["tp", "airline"]).size()
    for (tp, airline), n in expected.items():
        assert table.loc[(tp, airline), "n"] == n
    weeks = analyse(tweets_journey(), [tweets_source], by="period:W")
    assert set(weeks.touchpoints["segment"]) <= {"2015-W07", "2015-W08", "2015-W09"}


# ------------------------------------------------------- passenger survey (wide, 0 = n/a)
SERVICES = {"book": ["Ease of Online booking", "Departure/Arrival time convenient"],
            "airport": ["Checkin service", "Gate location", "Online boarding",
                        "Baggage handling"],
            "air": ["Inflight wifi service", "Food and drink", "Seat comfort",
                    "Inflight entertainment", "On-board service", "Leg room service",
                    "Inflight service", "Cleanliness"]}


def survey_journey() -> Journey:
    journey = Journey("Passenger survey")
    for stage, labels in SERVICES.items():
        journey.add_stage(Stage(stage, stage.title()))
        for label in labels:
            journey.add_touchpoint(Touchpoint(journey.new_id(label), label, stage=stage))
    return journey


@pytest.fixture
def survey_source(realdata):
    return FeedbackSource("survey", str(realdata / SURVEY), layout="wide",
                          metrics=[MetricColumn("", "rating", 1, 5, na=[0])],
                          segment_columns=["Class", "Type of Travel"])


def test_survey_wide_layout_with_not_applicable(realdata, survey_source):
    raw = pd.read_csv(realdata / SURVEY)
    journey = survey_journey()
    analysis = analyse(journey, [survey_source])
    assert len(analysis.tables[0].source.wide_columns) == 14  # found by the column names
    assert analysis.rejected_counts["survey"] == {}
    assert analysis.kept_counts["survey"] == len(raw) == 25976
    tps = analysis.touchpoints.set_index("label")
    for label in sum(SERVICES.values(), []):
        answered = raw.loc[raw[label] != 0, label]
        assert tps.loc[label, "n"] == len(answered)                 # zeros are n/a, not 0
        assert tps.loc[label, "rating"] == pytest.approx((answered.mean() - 1) / 4)
        assert tps.loc[label, "friction"] == pytest.approx((answered <= 2).mean())
    wifi = tps.loc["Inflight wifi service"]
    assert wifi["rating_low"] < wifi["rating"] < wifi["rating_high"]


def test_survey_segments_compared(realdata, survey_source):
    raw = pd.read_csv(realdata / SURVEY)
    analysis = analyse(survey_journey(), [survey_source], by="segment:Class")
    assert set(analysis.groups()) == set(raw["Class"])
    comparison = analysis.compare("Eco", "Business", "rating").set_index("label")
    boarding = comparison.loc["Online boarding"]
    answered = raw[raw["Online boarding"] != 0]
    means = answered.groupby("Class")["Online boarding"].mean()
    # on the declared 1–5 scale, as every other number of a rating
    assert boarding["scale"] == "1–5"
    assert boarding["value_a"] == pytest.approx(means["Eco"])
    assert boarding["difference"] == pytest.approx(means["Business"] - means["Eco"])
    assert boarding["significant"] and boarding["p_value"] < 1e-6
    travel = analyse(survey_journey(), [survey_source], by="segment:Type of Travel")
    assert set(travel.groups()) == {"Business travel", "Personal Travel"}


# ------------------------------------------------------------ Olist orders (events + reviews)
ORDER_STEPS = {"order_purchase_timestamp": "purchase", "order_aproved_at": "approval",
               "order_delivered_customer_date": "delivery", "review_creation_date": "review",
               "review_answer_timestamp": "answer"}
SUBCLASSES = {"antes_prazo": "delivery", "atrasado": "delivery", "entrega_parcial": "delivery",
              "outro_entrega": "delivery", "baixa_qualidade": "product",
              "diferente_do_anunciado": "product", "devolucao": "returns",
              "satisfeito": "review", "outro_pedido": None}


def olist_journey() -> Journey:
    return build("Online order", {
        "buy": [("purchase", "Order placed"), ("approval", "Payment approved")],
        "receive": [("delivery", "Delivered"), ("product", "Product as expected"),
                    ("returns", "Return")],
        "after": [("review", "Review requested"), ("answer", "Review answered")]},
        [("purchase", "approval"), ("approval", "delivery"), ("delivery", "review"),
         ("review", "answer"), ("delivery", "product"), ("product", "returns")])


@pytest.fixture
def olist_sources(realdata):
    path = str(realdata / OLIST)
    events = FeedbackSource("orders", path, role="events", layout="wide", case_column="id",
                            wide_columns=ORDER_STEPS)
    reviews = FeedbackSource("reviews", path, touchpoint_column="most_voted_subclass",
                             match="map", value_map=SUBCLASSES,
                             metrics=[MetricColumn("review_score", "csat")],
                             comment_column="review_comment_message",
                             timestamp_column="review_creation_date",
                             segment_columns=["customer_state"])
    return events, reviews


def test_olist_orders_as_an_event_log(realdata, olist_sources):
    raw = pd.read_csv(realdata / OLIST)
    analysis = analyse(olist_journey(), list(olist_sources))
    assert analysis.rejected_counts["orders"] == {}
    edges = analysis.transitions.set_index(["source", "target"])
    delivered = pd.to_datetime(raw["order_delivered_customer_date"], format="ISO8601")
    review_day = pd.to_datetime(raw["review_creation_date"], format="ISO8601").dt.normalize()
    # Reviews requested before the parcel arrived (on an earlier day), or for parcels that
    # never arrived, are a step the designed map lacks: reported, not hidden.
    early = (review_day < delivered.dt.normalize()) | delivered.isna()
    assert edges.loc[("approval", "review"), "volume"] == early.sum() == 427
    assert not edges.loc[("approval", "review"), "in_map"]
    # A review dated the day of delivery is not counted as written before it.
    same_day = (review_day == delivered.dt.normalize()).sum()
    assert same_day > 0
    assert edges.loc[("delivery", "review"), "volume"] >= same_day
    tps = analysis.touchpoints.set_index("touchpoint")
    assert tps.loc["purchase", "reached"] == len(raw)
    assert tps.loc["delivery", "reached"] == delivered.notna().sum()
    approval_to_delivery = (delivered - pd.to_datetime(raw["order_aproved_at"],
                                                       format="ISO8601")).dt.total_seconds()
    median = edges.loc[("approval", "delivery"), "median_seconds"]
    assert median == pytest.approx(approval_to_delivery[~early].median(), rel=0.02)


def test_olist_reviews_mapped_to_touchpoints(realdata, olist_sources):
    raw = pd.read_csv(realdata / OLIST)
    analysis = analyse(olist_journey(), list(olist_sources))
    counts = analysis.rejected_counts["reviews"]
    assert counts == {"missing touchpoint": int(raw["most_voted_subclass"].isna().sum()),
                      "maps to no touchpoint": int((raw["most_voted_subclass"]
                                                    == "outro_pedido").sum())}
    tps = analysis.touchpoints.set_index("touchpoint")
    mapped = raw.assign(tp=raw["most_voted_subclass"].map(SUBCLASSES)).dropna(subset=["tp"])
    for tp, group in mapped.groupby("tp"):
        assert tps.loc[tp, "n"] == len(group)
        assert tps.loc[tp, "csat"] == pytest.approx(100 * (group["review_score"] >= 4).mean())
    # Complaints hurt: delivery and product friction far above the satisfied reviews'.
    assert tps.loc["delivery", "friction_low"] > tps.loc["review", "friction_high"]
    assert tps.loc["returns", "friction"] > 0.5
    # Reviews written before delivery are kept and land on the delivery touchpoint mostly.
    delivered = pd.to_datetime(raw["order_delivered_customer_date"], format="ISO8601")
    written = pd.to_datetime(raw["review_creation_date"], format="ISO8601")
    is_early = written.dt.normalize() < delivered.dt.normalize()
    early_rows = set(raw.index[is_early] + 1)
    rows = analysis.rows[analysis.rows["source"] == "reviews"]
    early = rows[rows["row"].isin(early_rows)]
    assert len(early) == (is_early & raw["most_voted_subclass"].map(SUBCLASSES).notna()).sum()
    assert (early["touchpoint"] == "delivery").mean() > 0.5
    assert early["negative"].mean() > rows["negative"].mean()
