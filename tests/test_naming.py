"""Column and value names matched to touchpoints as people write them (analytics.naming)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.naming import Matcher, stem, token_set
from journeymap.model import Journey, Stage, Touchpoint

LABELS = ["Online check-in", "Wait at baggage reclaim", "Food and drink", "Seat comfort",
          "Inflight Wi-Fi", "On-board service", "Security check", "Customer service",
          "The flight", "Booking", "Cabin crew", "Information desk"]


def journey(labels=LABELS) -> Journey:
    j = Journey("Names")
    j.add_stage(Stage("all", "All"))
    for label in labels:
        j.add_touchpoint(Touchpoint(j.new_id(label), label, stage="all"))
    return j


def best(name: str, matcher: Matcher | None = None) -> str | None:
    return (matcher or Matcher(journey())).closest(name)


def test_case_punctuation_hyphens_and_compounds():
    assert best("ONLINE CHECK IN") == "online-check-in"
    assert best("online_checkin") == "online-check-in"
    assert best("Onboard service") == "on-board-service"
    assert best("inflight wifi") == "inflight-wi-fi"
    assert best("food & drink") == "food-and-drink"


def test_word_order_plurals_and_abbreviations():
    assert best("comfort of seats") == "seat-comfort"
    assert best("Foods and drinks") == "food-and-drink"
    assert best("Info desk") == "information-desk"
    assert best("Customer svc") == "customer-service"
    assert stem("deliveries") == "delivery" and stem("bags") == "bag"


def test_partial_names_are_ranked_suggestions():
    matcher = Matcher(journey())
    ranked = matcher.rank("Checkin service")
    assert ranked[0].touchpoint == "online-check-in" and ranked[0].score < 1
    assert matcher.rank("Baggage handling")[0].touchpoint == "wait-at-baggage-reclaim"
    assert matcher.rank("Late Flight")[0].touchpoint == "the-flight"
    assert matcher.rank("Cleanliness") == []
    assert matcher.rank("Food and drink")[0].score == 1.0     # an exact label


def test_assignment_is_one_column_per_touchpoint_best_pairs_first():
    matcher = Matcher(journey())
    found = matcher.assign(["Seat comfort", "Seat comfort rating", "Cleanliness"])
    assert found["Seat comfort"][0] == "seat-comfort"
    assert found["Seat comfort rating"][0] == ""              # taken: left to the user ...
    assert found["Seat comfort rating"][2][0].touchpoint == "seat-comfort"  # ... suggested
    assert found["Cleanliness"] == ("", 0.0, [])


def test_a_column_named_as_a_cards_id_wins_over_a_fuzzy_one():
    """The air trip's card seat-comfort is labelled "Seat and legroom": the survey's "Seat
    comfort" names its id exactly and is assigned first, ahead of "Leg room service"."""
    j = Journey("Cabin")
    j.add_stage(Stage("air", "Air"))
    for key, label in (("seat-comfort", "Seat and legroom"), ("seat-selection", "Pick seats"),
                       ("cabin-service", "Cabin crew service")):
        j.add_touchpoint(Touchpoint(key, label, stage="air"))
    found = Matcher(j).assign(["Leg room service", "Seat comfort", "Cleanliness"])
    assert found["Seat comfort"][:2] == ("seat-comfort", 1.0)
    assert found["Leg room service"][0] != "seat-comfort"
    assert found["Leg room service"][2][0].touchpoint == "seat-comfort"  # still suggested


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LABELS), st.sampled_from(["upper", "lower", "snake", "title"]))
def test_a_label_written_differently_still_finds_its_touchpoint(label, style):
    text = {"upper": label.upper(), "lower": label.lower(), "title": label.title(),
            "snake": label.replace(" ", "_").replace("-", "_")}[style]
    assert best(text) == journey().touchpoints()[LABELS.index(label)].id


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_any_name_scores_between_0_and_1(name):
    matcher = Matcher(journey(), [name])
    for suggestion in matcher.rank(name, 5):
        assert 0 < suggestion.score <= 1
    assert isinstance(token_set(name), frozenset)


def test_derived_words_count_partly_and_particle_compounds_are_one_word():
    """"boarding" is not "board" (nor "booking" "book"): a derived word counts partly, a
    plural fully; a hyphen joining a particle makes one word ("on-board" is "onboard",
    never the "board" of "board the plane"). Checked on several journeys' names."""
    matcher = Matcher(journey())
    ranked = matcher.rank("Online boarding")
    assert ranked[0].touchpoint == "online-check-in"
    assert all(s.touchpoint != "on-board-service" or s.score < ranked[0].score for s in ranked)
    assert stem("boarding") == "boarding" and stem("booked") == "booked"
    assert stem("bags") == "bag" and stem("deliveries") == "delivery"
    assert token_set("On-board service") == {"onboard", "service"}
    assert token_set("Wi-Fi") == {"wi", "fi"} and token_set("check-in") == {"checkin"}
    gates = Matcher(journey(["Board the plane", "On-board service", "Book a table",
                             "Booking changes", "Sign-up form", "Log-in page"]))
    assert gates.rank("Onboard service")[0].touchpoint == "on-board-service"
    assert gates.rank("On board service")[0].touchpoint == "on-board-service"
    assert gates.rank("Boarding")[0].touchpoint == "board-the-plane"
    assert gates.rank("booking changes")[0].score == 1.0
    assert gates.rank("Signup")[0].touchpoint == "sign-up-form"
    assert gates.rank("Login")[0].touchpoint == "log-in-page"
    # a plural matches fully, a derived word partly
    assert gates.score("Tables", "Book a table") > gates.score("Booked", "Book a table") > 0
