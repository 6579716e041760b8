"""Comment themes: deterministic, in English and Portuguese, with counts, negative shares and
quotes; on the airline tweets and the Olist reviews."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journeymap.analytics import analyse
from journeymap.analytics.theme_terms import (MIN_SUPPORT, NEGATIONS, Lexicon, keywords, learn,
                                              spellings)
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


def assert_no_stop_words(table) -> None:
    """No keyword is a function word; a negation only heads a phrase ("não recebi")."""
    stop = set(stop_words())
    for keywords in table["keywords"]:
        for term in keywords.split(", "):
            words = term.split()
            assert not (set(words[1:]) & NEGATIONS), term
            assert not (set(words) - NEGATIONS) & stop and not (
                len(words) == 1 and words[0] in NEGATIONS), term


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
    assert_no_stop_words(table)
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


# ------------------------------------------------------- informative labels (issue: noise)
def filler_corpus(seed: int = 2) -> dict[str, list[str]]:
    """Three touchpoints whose comments share filler ("honestly", "overall", "experience",
    said everywhere alike) around each touchpoint's own topics; one comment names a shop."""
    rng = np.random.default_rng(seed)
    topics = {"pay": [["card", "declined"], ["charged", "twice"], ["wallet", "pay"]],
              "ship": [["parcel", "late"], ["courier", "lost"], ["tracking", "stuck"]],
              "help": [["agent", "rude"], ["hold", "hours"], ["chat", "bot"]]}
    filler = ["honestly", "overall", "experience", "tbh"]
    out: dict[str, list[str]] = {}
    for tp, pairs in topics.items():
        out[tp] = []
        for i in range(90):
            a, b = pairs[i % 3]
            words = [a, b, str(rng.choice(filler)), str(rng.choice(filler))]
            rng.shuffle(words[2:])
            out[tp].append(" ".join(words[:2] + words[2:]))
        out[tp][0] += " lannister"
    return out


def test_generic_words_are_learnt_from_the_corpus_not_listed():
    groups = filler_corpus()
    lexicon = learn(list(groups.values()))
    assert {"honestly", "overall", "experience", "tbh"} <= lexicon.generic
    assert not {"card", "parcel", "agent", "declined", "lost"} & lexicon.generic
    # one group alone cannot tell generic from topical: nothing is learnt as generic
    assert learn([groups["pay"]]).generic == frozenset()


def test_labels_are_distinctive_supported_and_free_of_filler():
    groups = filler_corpus()
    lexicon = learn(list(groups.values()))
    found = themes_of(groups["pay"], max_themes=3, lexicon=lexicon)
    labels = [t["keywords"] for t in found]
    assert len(found) == 3
    said = " ".join(" ".join(k) for k in labels).split()
    assert not {"honestly", "overall", "experience", "tbh"} & set(said)
    assert "lannister" not in said            # one comment's name is no label
    assert {frozenset(" ".join(k[:2]).split()) for k in labels} == {
        frozenset({"card", "declined"}), frozenset({"charged", "twice"}),
        frozenset({"wallet", "pay"})}


def test_a_phrase_takes_its_words_place_and_plurals_fold():
    support = {"customer": 100, "service": 90, "customer service": 80, "poor": 40}
    assert keywords(["customer", "service", "customer service", "poor"], support) == [
        "customer service", "poor"]
    assert keywords(["late", "late flight"], {"late": 100, "late flight": 20}) == ["late"]
    folded = spellings(["bags lost", "my bag", "bag again", "apenas isso", "miss it", "mis",
                      "entrega rápida", "rapida", "rápida demais", "otimo", "ótimo"])
    assert folded == {"bags": "bag", "rapida": "rápida", "otimo": "ótimo"}
    assert Lexicon({"bags": "bag"}).analyser()("Lost bags!") == ["lost", "bag", "lost bag"]
    assert "não recebi" in Lexicon().analyser()("Não recebi o produto")
    # a phrase spans one stop word, not a clause: "no idea", never "idea charged"
    said = Lexicon().analyser()("No idea whether I'd been charged, antes do prazo")
    assert "no idea" in said and "antes prazo" in said and "idea charged" not in said


def used_by(terms: str, comments: list[str], analyser) -> int:
    return sum(terms in set(analyser(c)) for c in comments)


def label_quality(table, rows, journey_comments):
    """Every label term is said by enough of its touchpoint's comments (MIN_SUPPORT of its
    theme's count, at least 3) and is none of the corpus's generic terms; themes at one
    touchpoint lead with different terms."""
    lexicon = learn(list(journey_comments.values()))
    analyser = lexicon.analyser()
    for tp, part in table.groupby("touchpoint"):
        firsts = [k.split(", ")[0] for k in part["keywords"]]
        assert len(set(firsts)) == len(firsts), firsts
        for theme in part.itertuples():
            for term in theme.keywords.split(", ")[:3]:
                assert term not in lexicon.generic, (tp, term)
                assert used_by(term, journey_comments[tp], analyser) >= max(
                    3, MIN_SUPPORT * theme.count), (tp, term)
    return lexicon


def comments_by_touchpoint(analysis) -> dict[str, list[str]]:
    rows = analysis.rows[analysis.rows["comment"].notna()]
    return {tp: g["comment"].astype(str).tolist() for tp, g in rows.groupby("touchpoint")}


def test_tweet_labels_are_informative(realdata):
    """Airline complaints: "flight", "help", "need", "time" are said everywhere and name no
    theme (they did: "help · need · time", "book · flight · trying"); bags and luggage do."""
    from test_analytics_realdata import REASONS, TWEETS, tweets_journey

    source = FeedbackSource("tweets", str(realdata / TWEETS), touchpoint_column="negativereason",
                            match="map", value_map=REASONS,
                            metrics=[MetricColumn("airline_sentiment", "sentiment")],
                            comment_column="text")
    analysis = analyse(tweets_journey(), [source])
    table = analysis_themes(analysis, max_themes=3)
    lexicon = label_quality(table, analysis.rows, comments_by_touchpoint(analysis))
    assert {"flight", "help", "need", "time"} <= lexicon.generic
    labels = " ".join(table["theme"]).replace("·", " ").split()
    assert not {"flight", "help", "need", "time"} & set(labels)
    baggage = " ".join(table.loc[table["touchpoint"] == "baggage", "theme"])
    assert "bag" in baggage and "luggage" in baggage
    assert_no_stop_words(table)
    # one card's themes (as the app asks) are the same: learnt from every card's comments
    one = analysis_themes(analysis, max_themes=3, touchpoints=["baggage"])
    assert one.reset_index(drop=True).equals(
        table[table["touchpoint"] == "baggage"].reset_index(drop=True))


def test_review_labels_are_informative_in_portuguese(realdata):
    """Olist reviews: "produto" (product) is in every kind of review and names no theme (it
    did: "recebi · produto · comprei"); "não recebi" (not received) and "antes prazo" (before
    the deadline) do."""
    from test_analytics_realdata import OLIST, SUBCLASSES, olist_journey

    reviews = FeedbackSource("reviews", str(realdata / OLIST),
                             touchpoint_column="most_voted_subclass", match="map",
                             value_map=SUBCLASSES, metrics=[MetricColumn("review_score", "csat")],
                             comment_column="review_comment_message")
    analysis = analyse(olist_journey(), [reviews])
    table = analysis_themes(analysis, max_themes=5)
    lexicon = label_quality(table, analysis.rows, comments_by_touchpoint(analysis))
    assert "produto" in lexicon.generic and "antes prazo" not in lexicon.generic
    keywords_said = " | ".join(table["keywords"])
    terms = {t for theme in table["theme"] for t in theme.split(" · ")}
    assert "produto" not in terms       # alone; "recebi produto" (received the product) says more
    assert "não recebi" in keywords_said and "antes prazo" in keywords_said
