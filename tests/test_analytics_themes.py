"""Comment themes: deterministic, in English and Portuguese, with counts, negative shares and
quotes; on the airline tweets and the Olist reviews."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journeymap.analytics import analyse
from journeymap.analytics.themes import MIN_COMMENTS, analysis_themes, stop_words, themes_of
from journeymap.model import FeedbackSource, MetricColumn


def corpus(seed: int = 1) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    late = ["the parcel arrived three days late", "delivery was late again",
            "late delivery and no update"]
    rude = ["the driver was rude at the door", "rude driver threw the box",
            "driver rude and in a hurry"]
    fast = ["fast delivery great service", "arrived fast and well packed",
            "very fast great"]
    texts, negative = [], []
    for group, bad in ((late, 1), (rude, 1), (fast, 0)):
        for _ in range(30):
            texts.append(str(rng.choice(group)) + rng.choice(["", ".", "!"]))
            negative.append(bad if rng.random() < 0.9 else 1 - bad)
    return texts, np.array(negative, dtype=float)


def test_themes_are_found_counted_and_quoted():
    texts, negative = corpus()
    found = themes_of(texts, negative, max_themes=3)
    assert sum(t["count"] for t in found) == len(texts)
    words = [set(" ".join(t["keywords"]).split()) for t in found]
    assert any("late" in w for w in words) and any("rude" in w for w in words)
    assert any("fast" in w for w in words)
    by_word = {w: t for t, ws in zip(found, words) for w in ws}
    assert by_word["fast"]["negative_share"] < 0.3 < by_word["late"]["negative_share"]
    for theme in found:
        assert len(theme["quotes"]) == 2 and theme["quotes"][0] != theme["quotes"][1]
        assert all(q in texts for q in theme["quotes"])


def test_themes_are_deterministic():
    texts, negative = corpus(3)
    assert themes_of(texts, negative) == themes_of(list(texts), negative.copy())


def test_too_few_comments_give_no_themes():
    texts, _ = corpus()
    assert themes_of(texts[:MIN_COMMENTS - 1]) == []
    assert themes_of(["the and of"] * 40) == []  # nothing but stop words


def test_portuguese_and_english_function_words_are_left_out():
    words = set(stop_words())
    assert {"não", "nao", "muito", "para", "the", "and", "você"} <= words


# ---------------------------------------------------------------------- real data
def test_olist_portuguese_reviews(realdata):
    from test_analytics_realdata import OLIST, SUBCLASSES, olist_journey

    reviews = FeedbackSource("reviews", str(realdata / OLIST),
                             touchpoint_column="most_voted_subclass", match="map",
                             value_map=SUBCLASSES, metrics=[MetricColumn("review_score", "csat")],
                             comment_column="review_comment_message")
    analysis = analyse(olist_journey(), [reviews])
    table = analysis_themes(analysis)
    raw = pd.read_csv(realdata / OLIST)
    delivered = table[table["touchpoint"] == "delivery"]
    expected = raw[raw["most_voted_subclass"].map(SUBCLASSES) == "delivery"]
    assert delivered["comments"].iloc[0] == expected["review_comment_message"].notna().sum()
    assert delivered["count"].sum() <= delivered["comments"].iloc[0]
    words = " ".join(delivered["keywords"])
    assert "prazo" in words and "recebi" in words
    assert not {"não", "nao", "que", "de"} & set(words.replace(",", " ").split())
    review = table[table["touchpoint"] == "review"]
    assert (review["negative_share"] < 0.05).all()  # the happy reviews
    assert table.equals(analysis_themes(analysis))


def test_airline_tweets(realdata):
    from test_analytics_realdata import REASONS, TWEETS, tweets_journey

    source = FeedbackSource("tweets", str(realdata / TWEETS), touchpoint_column="negativereason",
                            match="map", value_map=REASONS,
                            metrics=[MetricColumn("airline_sentiment", "sentiment")],
                            comment_column="text")
    table = analysis_themes(analyse(tweets_journey(), [source]), max_themes=3)
    baggage = " ".join(table.loc[table["touchpoint"] == "baggage", "keywords"])
    assert {"bag", "luggage"} & set(baggage.replace(",", " ").split())
    assert not table["keywords"].str.contains("http|@", regex=True).any()
    assert (table["negative_share"] == 1).all()  # every reason is a complaint
    assert (table["quote_1"] != "").all()
