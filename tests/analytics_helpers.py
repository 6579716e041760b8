"""Small journeys and tables shared by the analytics tests."""

from __future__ import annotations

from journeymap.model import Journey, Stage, Touchpoint, Transition


def shop_journey() -> Journey:
    """Browse → Basket → Pay (stage Buy), Delivery → Support (stage Receive)."""
    journey = Journey("Shop")
    journey.add_stage(Stage("buy", "Buy"))
    journey.add_stage(Stage("receive", "Receive"))
    for key, label, stage, emotion in (("browse", "Browse the shop", "buy", 1),
                                       ("basket", "Basket", "buy", 0),
                                       ("pay", "Pay at checkout", "buy", -1),
                                       ("delivery", "Home delivery", "receive", 2),
                                       ("support", "Call support", "receive", None)):
        journey.add_touchpoint(Touchpoint(key, label, stage=stage, emotion=emotion))
    for a, b in (("browse", "basket"), ("basket", "pay"), ("pay", "delivery"),
                 ("delivery", "support")):
        journey.connect(Transition(a, b))
    return journey
